/**
 * POST /api/storefront/v1/customers/migrate, the emulated endpoint. A request goes through, in order:
 * authentication (401), the rate limit (429), the media type (415), the body read and parsed (413, 400),
 * a queued fault, validation of the schema and batch rules (400), and then the batch is accepted (202).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { ErrorBody } from '../../schemas/error.js'
import { ACCEPTED_MESSAGE, migrateRequestSchema, MigrateAccepted, type MigrateRequest } from '../../schemas/migrate.js'
import { authenticateBearer } from '../access/authentication.js'
import { injectFault } from '../http/fault-answer.js'
import { requireJson } from '../http/json-body.js'
import { errorResponses, SECURITY } from '../openapi.js'
import { MIGRATE_PATH } from '../paths.js'
import { batchValidator } from '../validation/batch-validator.js'
import { routes } from './plugin.js'

export const migrateRoute = routes('migrateRoute', async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const state = app.mock
  const { config, rateLimiter, shutdown } = state
  const schema = migrateRequestSchema(config.MAX_BATCH_SIZE)
  const delay = config.RESPONSE_DELAY_MS

  app.post(MIGRATE_PATH, {
    schema: {
      operationId: 'migrateCustomers',
      summary: 'Migrate a customer from an old system to Masivo',
      tags: ['Masivo API'],
      security: SECURITY.bearer,
      body: schema,
      response: {
        202: MigrateAccepted,
        ...errorResponses(400, 401, 413, 415, 429),
        '5XX': { ...ErrorBody, description: 'A fault queued with POST /__admin/faults answered (it may name any status and body)' }
      }
    },
    bodyLimit: config.BODY_LIMIT_BYTES,
    onRequest: [authenticateBearer, ...(rateLimiter.enabled ? [rateLimiter.hook] : []), requireJson],
    preValidation: injectFault,
    validatorCompiler: () => batchValidator(schema, config.ALLOW_UNKNOWN_FIELDS),
    ...(delay > 0 ? { onSend: async () => shutdown.pause(delay) } : {})
  }, async (request, reply) => {
    const { customers } = request.body as MigrateRequest
    const batch = state.acceptBatch(request.record.account!, customers, request.rawBody!, request.record.receivedAt)
    request.record.batchId = batch.id
    return reply.code(202).send({ message: ACCEPTED_MESSAGE, batch_id: batch.id, count: customers.length })
  })
})
