/**
 * The three migrate endpoints' requests and success responses: customers, then their transactions, then
 * their events (Masivo's order of a migration). Each body is `{ customers: [...] }` of 1 to MAX_BATCH_SIZE entries.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { Customer } from './customer.js'
import { CustomerWithEvents } from './events.js'
import { CustomerTransactions } from './transactions.js'

/** Masivo's documented batch limit ("ensure your migration payload does not exceed 1000 users"; 1000 events in total). */
export const MASIVO_MAX_BATCH_SIZE = 1000

/** What a batch carries, one kind per migrate endpoint. */
export const BATCH_KINDS = ['customers', 'transactions', 'events'] as const
export type BatchKind = (typeof BATCH_KINDS)[number]

const bodyOf = <T extends TSchema>(title: string, entry: T, description: (max: number) => string) => (maxBatchSize: number) =>
  Type.Object({
    customers: Type.Array(entry, { minItems: 1, maxItems: maxBatchSize, description: description(maxBatchSize) })
  }, { title, additionalProperties: false })

const buildCustomers = bodyOf('MigrateRequest', Customer, (max) => `The customers to migrate, 1 to ${max} per batch`)
const buildTransactions = bodyOf('MigrateTransactionsRequest', CustomerTransactions,
  (max) => `The customers whose transactions to migrate, 1 to ${max} per batch`)
const buildEvents = bodyOf('MigrateEventsRequest', CustomerWithEvents,
  (max) => `The customers whose events to migrate: at most ${max} events in the batch, at least one per customer`)

/** One schema object per kind and limit, so what is compiled from it (src/validation/batch-validator.ts) is found again by identity. */
const memoized = <S>(build: (max: number) => S) => {
  const built = new Map<number, S>()
  return (maxBatchSize: number = MASIVO_MAX_BATCH_SIZE): S => {
    let schema = built.get(maxBatchSize)
    if (schema === undefined) built.set(maxBatchSize, schema = build(maxBatchSize))
    return schema
  }
}

/** The customers/migrate body; `maxBatchSize` comes from MAX_BATCH_SIZE. */
export const migrateRequestSchema = memoized(buildCustomers)
/** The customers/migrate/transactions body. */
export const migrateTransactionsRequestSchema = memoized(buildTransactions)
/** The customers/migrate/events body (the limit on events in total is a batch rule: src/validation/batch-rules.ts). */
export const migrateEventsRequestSchema = memoized(buildEvents)

/** The bodies' types (their batch limit aside); no schema is built for them at start-up. */
export type MigrateRequest = Static<ReturnType<typeof buildCustomers>>
export type MigrateTransactionsRequest = Static<ReturnType<typeof buildTransactions>>
export type MigrateEventsRequest = Static<ReturnType<typeof buildEvents>>

/** Masivo's messages on success. */
export const ACCEPTED_MESSAGE = 'Customers batch enqueued successfully'
export const TRANSACTIONS_ACCEPTED_MESSAGE = 'Customer transactions enqueued successfully'
export const EVENTS_ACCEPTED_MESSAGE = 'Customer events enqueued successfully'

const accepted = <M extends string>(message: M, title: string) => Type.Object({
  message: Type.Literal(message),
  batch_id: Type.String({ format: 'uuid', description: 'Id of the stored batch, for GET /__admin/batches/{id}' }),
  count: Type.Integer({ description: 'How many customer entries the batch carried' })
}, { title })

export const MigrateAccepted = accepted(ACCEPTED_MESSAGE, 'MigrateAccepted')
export type MigrateAccepted = Static<typeof MigrateAccepted>
export const MigrateTransactionsAccepted = accepted(TRANSACTIONS_ACCEPTED_MESSAGE, 'MigrateTransactionsAccepted')
export type MigrateTransactionsAccepted = Static<typeof MigrateTransactionsAccepted>
export const MigrateEventsAccepted = accepted(EVENTS_ACCEPTED_MESSAGE, 'MigrateEventsAccepted')
export type MigrateEventsAccepted = Static<typeof MigrateEventsAccepted>
