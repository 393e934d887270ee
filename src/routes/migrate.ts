/**
 * The three migrate endpoints, one table: customers, their transactions, their events (Masivo's order of a
 * migration). A request to any of them goes through, in order: authentication (401), the rate limit
 * Masivo's migration limiter shares between them (429), the media type (415), the body read and parsed
 * (413, 400), a queued fault, validation of the schema and the kind's batch rules (400; 422 for events),
 * and then the batch is accepted, queued (202; 201 for events). The queue processes it later
 * (src/state/store.ts).
 */
import type { TSchema } from '@sinclair/typebox'
import { ErrorBody } from '../../schemas/error.js'
import {
  ACCEPTED_MESSAGE, EVENTS_ACCEPTED_MESSAGE, MigrateAccepted, MigrateEventsAccepted, MigrateTransactionsAccepted,
  TRANSACTIONS_ACCEPTED_MESSAGE, type BatchKind
} from '../../schemas/migrate.js'
import { authenticateBearer } from '../access/authentication.js'
import { answerWithFault, injectFault } from '../http/fault-answer.js'
import { requireJson } from '../http/json-body.js'
import { errorResponses, SECURITY } from '../openapi.js'
import { MIGRATE_PATHS } from '../paths.js'
import { batchSchema, batchValidator } from '../validation/batch-validator.js'
import { routes } from './plugin.js'

interface Endpoint {
  operationId: string
  summary: string
  /** The success status and message Masivo documents (202 and 201 on its pages; transactions' status is the mock's choice). */
  status: 201 | 202
  message: string
  accepted: TSchema
  /** The status of a body's violations. */
  refused: 400 | 422
}

const ENDPOINTS: Record<BatchKind, Endpoint> = {
  customers: {
    operationId: 'migrateCustomers',
    summary: 'Migrate a customer from an old system to Masivo',
    status: 202,
    message: ACCEPTED_MESSAGE,
    accepted: MigrateAccepted,
    refused: 400
  },
  transactions: {
    operationId: 'migrateTransactions',
    summary: 'Migrate transactions from an old system to Masivo',
    status: 202,
    message: TRANSACTIONS_ACCEPTED_MESSAGE,
    accepted: MigrateTransactionsAccepted,
    refused: 400
  },
  events: {
    operationId: 'migrateEvents',
    summary: 'Migrate events from an old system to Masivo',
    status: 201,
    message: EVENTS_ACCEPTED_MESSAGE,
    accepted: MigrateEventsAccepted,
    refused: 422
  }
}

export const migrateRoutes = routes('migrateRoutes', async (app) => {
  const state = app.mock
  const { config, rateLimiter, shutdown } = state
  const delay = config.RESPONSE_DELAY_MS

  for (const [kind, endpoint] of Object.entries(ENDPOINTS) as [BatchKind, Endpoint][]) {
    const validator = batchValidator(kind, config.MAX_BATCH_SIZE, config.ALLOW_UNKNOWN_FIELDS)
    app.post(MIGRATE_PATHS[kind], {
      schema: {
        operationId: endpoint.operationId,
        summary: endpoint.summary,
        tags: ['Masivo API'],
        security: SECURITY.bearer,
        body: batchSchema(kind, config.MAX_BATCH_SIZE),
        response: {
          [endpoint.status]: endpoint.accepted,
          ...errorResponses(400, 401, 413, 415, 429, ...(endpoint.refused === 422 ? [422] : [])),
          '5XX': { ...ErrorBody, description: 'A fault queued with POST /__admin/faults answered (it may name any status and body)' }
        }
      },
      bodyLimit: config.BODY_LIMIT_BYTES,
      onRequest: [authenticateBearer, ...rateLimiter.hooksFor('migrate'), requireJson],
      preValidation: injectFault,
      validatorCompiler: () => validator,
      ...(delay > 0 ? { onSend: async () => shutdown.pause(delay) } : {})
    }, async (request, reply) => {
      const { customers } = request.body as { customers: { id: string }[] }
      const batch = state.acceptBatch(kind, request.record.account!, customers, request.rawBody!, request.record.receivedAt)
      request.record.batchId = batch.id
      // a fault after the accept: the batch is kept (and processed, when it is due), the client gets the fault's answer (the journal shows both)
      const fault = state.faults.take(request.record.account!, kind, true)
      if (fault !== undefined) return answerWithFault(request, reply, fault)
      return reply.code(endpoint.status).send({ message: endpoint.message, batch_id: batch.id, count: customers.length })
    })
  }
})
