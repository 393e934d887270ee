/** The inspection API under /__admin: what the mock received, accepted and rejected. */
import { Type, type Static } from '@sinclair/typebox'
import type { Customer } from './customer.js'
import { Violation } from './error.js'
import type { CustomerWithEvents, MigratedEvent } from './events.js'
import { FAULT_KINDS, type FaultKind } from './fault.js'
import { BATCH_KINDS, type BatchKind } from './migrate.js'
import type { CustomerTransactions, MigratedTransaction } from './transactions.js'

const Timestamp = Type.String({ format: 'date-time', description: 'When the mock received it (UTC)' })
const Account = Type.String({
  description: 'First 12 hex characters of the SHA-256 of the credential: which token sent it, never the token'
})

/** What one entry of each kind of batch is: the schema the migrate endpoint accepted it by. */
export interface BatchEntries {
  customers: Customer
  transactions: CustomerTransactions
  events: CustomerWithEvents
}

type EveryMember = keyof Customer | keyof CustomerTransactions | keyof CustomerWithEvents
/** An entry of one kind, the other kinds' members declared absent: so `entry.email` of any batch's entry reads as `string | undefined`. */
type Exclusive<K extends BatchKind> = BatchEntries[K] & { [M in Exclude<EveryMember, keyof BatchEntries[K]>]?: never }
/** An entry of a batch of any kind; a batch's `kind` narrows it to that kind's entry. */
export type BatchEntry<K extends BatchKind = BatchKind> = { [Kind in K]: Exclusive<Kind> }[K]

/**
 * A customer object as the client sent it. Typed as the schema that accepted it; under
 * ALLOW_UNKNOWN_FIELDS it also carries the members the schema does not name (read them with a cast).
 */
const Sent = <T>(description: string) => Type.Unsafe<T>({ type: 'object', additionalProperties: true, description })

/** A migrate request body exactly as sent (with unknown fields too, under ALLOW_UNKNOWN_FIELDS). */
export const SentBody = Type.Unsafe<Record<string, unknown>>({
  type: 'object',
  additionalProperties: true,
  description: 'The migrate request body, byte for byte as sent'
})

/** Optional with a default: the validator fills it in, so a route's handler always sees it. */
export const Paging = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 100, description: 'At most this many items' })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0, description: 'Skip this many items first' }))
})
export type Paging = Static<typeof Paging>

/** wait_ms turns a list into a long poll: answered once `total` reaches min_count, or when wait_ms pass. */
export const Waiting = Type.Object({
  min_count: Type.Optional(Type.Integer({ minimum: 0, description: 'With wait_ms: wait until total is at least this (default 1)' })),
  wait_ms: Type.Optional(Type.Integer({ minimum: 0, maximum: 30_000, description: 'Wait at most this long for min_count' }))
})

/** `?account=`: without a credential, narrows an admin request to one account (a credential wins over it). */
const AccountParameter = Type.Object({
  account: Type.Optional(Type.String({ description: 'Only this account (a fingerprint); ignored when the request carries a credential' }))
})

/** The query of an admin request that takes no parameter but `account`. */
export const AccountQuery = Type.Composite([AccountParameter], { additionalProperties: false })
export type AccountQuery = Static<typeof AccountQuery>

export const BATCH_STATUSES = ['queued', 'processed'] as const
export type BatchStatus = (typeof BATCH_STATUSES)[number]

const KindEnum = (description: string) => Type.Unsafe<BatchKind>({ type: 'string', enum: [...BATCH_KINDS], description })
const StatusEnum = (description: string) => Type.Unsafe<BatchStatus>({ type: 'string', enum: [...BATCH_STATUSES], description })

export const BatchesQuery = Type.Composite([Paging, Waiting, AccountParameter, Type.Object({
  customer_id: Type.Optional(Type.String({ description: 'Only batches that carried this customer id' })),
  kind: Type.Optional(KindEnum('Only batches of this kind (which migrate endpoint took them)')),
  status: Type.Optional(StatusEnum('Only queued batches, or only processed ones')),
  has_rejected: Type.Optional(Type.Boolean({ description: 'true: only processed batches with at least one rejected entry; false: only processed batches with none' }))
})], { additionalProperties: false })
export type BatchesQuery = Static<typeof BatchesQuery>

export const CustomersQuery = Type.Composite([Paging, Waiting, AccountParameter], { additionalProperties: false })
export type CustomersQuery = Static<typeof CustomersQuery>

export const RequestsQuery = Type.Composite([Paging, Waiting, AccountParameter, Type.Object({
  status: Type.Optional(Type.Integer({ minimum: 100, maximum: 599, description: 'Only requests answered with this status' }))
})], { additionalProperties: false })
export type RequestsQuery = Static<typeof RequestsQuery>

export const IdParams = Type.Object({ id: Type.String({ minLength: 1 }) })
export type IdParams = Static<typeof IdParams>

export const CustomerOutcomes = Type.Object({
  created: Type.Integer({ description: 'Customers created' }),
  updated: Type.Integer({ description: 'Customers updated (their id was migrated before)' }),
  rejected: Type.Integer({ description: 'Customers rejected (GET /__admin/rejections says why)' })
}, { title: 'CustomerOutcomes' })
export const EntryOutcomes = Type.Object({
  applied: Type.Integer({ description: 'Entries applied to their customer' }),
  rejected: Type.Integer({ description: 'Entries rejected (GET /__admin/rejections says why)' })
}, { title: 'EntryOutcomes' })
/** A processed batch's entries counted by outcome; null while it is queued. */
export const BatchOutcomes = Type.Union([CustomerOutcomes, EntryOutcomes, Type.Null()], {
  description: 'Its entries counted by outcome once processed: created, updated and rejected customers (a customers batch), applied and rejected entries (transactions, events); null while queued'
})
export type BatchOutcomes = Static<typeof BatchOutcomes>

export const BatchSummary = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: KindEnum('Which migrate endpoint took it: customers (/customers/migrate), transactions or events (/customers/migrate/...)'),
  status: StatusEnum('queued from its answer until the queue processes it (QUEUE_DELAY_MS later, or at POST /__admin/queue/flush)'),
  received_at: Timestamp,
  processed_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'When the queue processed it; null while queued' }),
  account: Account,
  count: Type.Integer({ description: 'How many customer entries the batch carried' }),
  outcomes: BatchOutcomes,
  customer_ids: Type.Array(Type.String(), { description: 'Their ids, in the order sent' })
}, { title: 'BatchSummary' })
export type BatchSummary = Static<typeof BatchSummary>

/** created and updated: customers batches; applied: transactions and events batches; queued: any, until processed. */
export const OUTCOMES = ['created', 'updated', 'rejected', 'applied', 'queued'] as const
export type Outcome = (typeof OUTCOMES)[number]

export const CustomerResult = Type.Object({
  customer_id: Type.String(),
  outcome: Type.Unsafe<Outcome>({ type: 'string', enum: [...OUTCOMES] }),
  reason: Type.Optional(Type.String({ description: 'Why it was rejected' }))
}, { title: 'CustomerResult' })
export type CustomerResult = Static<typeof CustomerResult>

export const BatchDetail = Type.Composite([BatchSummary, Type.Object({
  customers: Type.Array(Sent<BatchEntry>('An entry exactly as sent: a customer, or a customer id with its transactions or events')),
  results: Type.Array(CustomerResult, {
    description: "What Masivo's queue did with each entry, in the order sent (every outcome queued until it ran)"
  })
})], { title: 'BatchDetail' })
/** A batch of one kind: its `customers` are that kind's entries. */
export type BatchDetailOf<K extends BatchKind> = Omit<Static<typeof BatchDetail>, 'kind' | 'customers'> & { kind: K, customers: BatchEntry<K>[] }
/** A batch of any kind, narrowed by `kind` (`if (batch.kind === 'customers')`); its entries' members read without narrowing too. */
export type BatchDetail = { [K in BatchKind]: BatchDetailOf<K> }[BatchKind]

/** What became of a customer's entry in a processed transactions or events batch. */
const migratedEntry = () => ({
  batch_id: Type.String(),
  received_at: Timestamp,
  outcome: Type.Unsafe<'applied' | 'rejected'>({ type: 'string', enum: ['applied', 'rejected'] }),
  reason: Type.Optional(Type.String({ description: 'Why it was rejected' }))
})

export const MigratedTransactions = Type.Object({
  ...migratedEntry(),
  transactions: Type.Array(Sent<MigratedTransaction>('A transaction exactly as sent'), { description: 'The transactions exactly as sent' })
})
export type MigratedTransactions = Static<typeof MigratedTransactions>

export const MigratedEvents = Type.Object({
  ...migratedEntry(),
  events: Type.Array(Sent<MigratedEvent>('An event exactly as sent'), { description: 'The events exactly as sent' })
})
export type MigratedEvents = Static<typeof MigratedEvents>

export const CustomerView = Type.Object({
  id: Type.String(),
  account: Account,
  batch_id: Type.String({ description: 'The batch that carried the latest processed version' }),
  received_at: Timestamp,
  migrations: Type.Integer({ description: 'How many processed batches created or updated this customer' }),
  customer: Sent<Customer>('The customer exactly as sent'),
  transactions: Type.Array(MigratedTransactions, { description: 'Its entries in processed transactions batches, oldest first' }),
  events: Type.Array(MigratedEvents, { description: 'Its entries in processed events batches, oldest first' })
}, { title: 'CustomerRecord', description: 'The latest processed version of a customer, where it came from, and its transactions and events' })
export type CustomerView = Static<typeof CustomerView>

export const RequestView = Type.Object({
  id: Type.String({ description: 'The request id, also sent back as the x-request-id header' }),
  received_at: Timestamp,
  method: Type.String(),
  path: Type.String(),
  status: Type.Union([Type.Integer(), Type.Null()], {
    description: 'The status answered; null when an injected fault reset the connection or never answered'
  }),
  account: Type.Union([Account, Type.Null()], { description: 'null when the request carried no valid credential' }),
  batch_id: Type.Optional(Type.String({ description: 'An accepted request: the batch it made' })),
  batch_outcomes: Type.Optional(Type.Union([CustomerOutcomes, EntryOutcomes, Type.Null()], {
    description: "With batch_id: the batch's entries counted by outcome once processed; null while queued, or once the batch is evicted"
  })),
  error: Type.Optional(Type.String()),
  details: Type.Optional(Type.String()),
  code: Type.Optional(Type.String({ description: 'The error code answered (docs/errors.md lists them)' })),
  violations: Type.Optional(Type.Array(Violation, {
    description: 'The violations answered: in a list, the first 3; at GET /__admin/requests/{id}, all (at most 1000)'
  })),
  violation_count: Type.Optional(Type.Integer({ description: 'How many violations the answer listed (with violations)' })),
  body_bytes: Type.Optional(Type.Integer({ description: 'A refused request whose body was read: its size; GET /__admin/requests/{id}/body gives it' })),
  fault: Type.Optional(Type.Unsafe<FaultKind>({
    type: 'string',
    enum: [...FAULT_KINDS],
    description: 'Set when an injected fault (POST /__admin/faults) answered this request'
  }))
}, { title: 'JournalEntry', description: 'A request to the emulated API, as the journal keeps it' })
export type RequestView = Static<typeof RequestView>

export const Stats = Type.Object({
  batches: Type.Integer({ description: 'Batches stored now (queued ones included)' }),
  queued_batches: Type.Integer({ description: 'Batches accepted and not processed yet' }),
  customers: Type.Integer({ description: 'Distinct customers in the customer view now' }),
  requests: Type.Integer({ description: 'Journal entries held now' }),
  evicted_batches: Type.Integer({ description: 'Batches dropped to stay under MAX_STORED_CUSTOMERS' }),
  evicted_requests: Type.Integer({ description: 'Journal entries dropped to stay under MAX_JOURNAL_ENTRIES' }),
  rejected_entries: Type.Object({
    customers: Type.Integer(),
    transactions: Type.Integer(),
    events: Type.Integer()
  }, { description: 'Entries the queue rejected, by kind, in the batches stored now (GET /__admin/rejections lists them)' })
}, { title: 'Stats' })
export type Stats = Static<typeof Stats>

const TimedOut = Type.Optional(Type.Boolean({
  description: 'Only with wait_ms: true when wait_ms passed before min_count was reached (a reset or shutdown answers false)'
}))
const Total = Type.Integer({ description: 'How many match, before paging' })

export const RejectionsQuery = Type.Composite([Paging, AccountParameter, Type.Object({
  kind: Type.Optional(KindEnum('Only entries of batches of this kind')),
  customer_id: Type.Optional(Type.String({ description: 'Only entries of this customer id' }))
})], { additionalProperties: false })
export type RejectionsQuery = Static<typeof RejectionsQuery>

export const Rejection = Type.Object({
  batch_id: Type.String(),
  kind: KindEnum('Which migrate endpoint took its batch'),
  account: Account,
  received_at: Timestamp,
  processed_at: Type.String({ format: 'date-time', description: 'When the queue processed its batch, and rejected it' }),
  index: Type.Integer({ description: "The entry's index in its batch's customers" }),
  customer_id: Type.String(),
  reason: Type.String({ description: 'Why the queue rejected it' }),
  sent: Sent<BatchEntry>('The entry exactly as sent')
}, { title: 'Rejection', description: 'An entry of an accepted batch that the queue rejected' })
export type Rejection = Static<typeof Rejection>

export const BatchList = Type.Object({ batches: Type.Array(BatchSummary), total: Total, timed_out: TimedOut }, { title: 'BatchList' })
export const RejectionList = Type.Object({ rejections: Type.Array(Rejection), total: Total }, { title: 'RejectionList' })
export type RejectionList = Static<typeof RejectionList>
export type BatchList = Static<typeof BatchList>
export const CustomerList = Type.Object({ customers: Type.Array(CustomerView), total: Total, timed_out: TimedOut }, { title: 'CustomerList' })
export type CustomerList = Static<typeof CustomerList>
export const RequestList = Type.Object({ requests: Type.Array(RequestView), total: Total, timed_out: TimedOut }, { title: 'RequestList' })
export type RequestList = Static<typeof RequestList>

export const QueueFlushed = Type.Object({
  processed: Type.Integer({ description: 'How many queued batches were processed' })
}, { title: 'QueueFlushed' })
export type QueueFlushed = Static<typeof QueueFlushed>
