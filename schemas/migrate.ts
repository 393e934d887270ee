/** The migrate endpoint's request and success response. */
import { Type, type Static } from '@sinclair/typebox'
import { Customer } from './customer.js'

/** Masivo's documented batch limit ("ensure your migration payload does not exceed 1000 users"). */
export const MASIVO_MAX_BATCH_SIZE = 1000

const buildMigrateRequestSchema = (maxBatchSize: number) =>
  Type.Object({
    customers: Type.Array(Customer, {
      minItems: 1,
      maxItems: maxBatchSize,
      description: `The customers to migrate, 1 to ${maxBatchSize} per batch`
    })
  }, { title: 'MigrateRequest', additionalProperties: false })

const built = new Map<number, ReturnType<typeof buildMigrateRequestSchema>>()

/**
 * The request body; `maxBatchSize` comes from MAX_BATCH_SIZE. One schema object per limit, so what is
 * compiled from it (src/validation/batch-validator.ts) is found again by identity.
 */
export const migrateRequestSchema = (maxBatchSize: number = MASIVO_MAX_BATCH_SIZE) => {
  let schema = built.get(maxBatchSize)
  if (schema === undefined) built.set(maxBatchSize, schema = buildMigrateRequestSchema(maxBatchSize))
  return schema
}

/** The body's type (its batch limit aside); no schema is built for it at start-up. */
export type MigrateRequest = Static<ReturnType<typeof migrateRequestSchema>>

/** Masivo's message on success. */
export const ACCEPTED_MESSAGE = 'Customers batch enqueued successfully'

export const MigrateAccepted = Type.Object({
  message: Type.Literal(ACCEPTED_MESSAGE),
  batch_id: Type.String({ format: 'uuid', description: 'Id of the stored batch, for GET /__admin/batches/{id}' }),
  count: Type.Integer({ description: 'How many customers the batch carried' })
}, { title: 'MigrateAccepted' })
export type MigrateAccepted = Static<typeof MigrateAccepted>
