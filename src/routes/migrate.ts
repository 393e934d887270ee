/** POST /api/storefront/v1/customers/migrate, the emulated endpoint. */
import { STATUS_CODES } from 'node:http'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { migrateRequestSchema, MigrateAccepted, type MigrateRequest } from '../../schemas/migrate.js'
import { ErrorBody } from '../../schemas/error.js'
import { checkBatchRules } from '../batch-rules.js'
import { ERR_BODY_FORBIDDEN_KEY, ViolationsError } from '../errors.js'
import { forbiddenKeyFinder } from '../forbidden-keys.js'
import { registerJsonBody, requireJson } from '../json-body.js'
import { compileStrict, openUnknownFields } from '../schema-validator.js'
import { sortByCustomer } from '../violations.js'
import { journalEntryOf } from '../request-record.js'
import type { MockState } from '../state.js'

export const MIGRATE_PATH = '/api/storefront/v1/customers/migrate'

const ACCEPTED_MESSAGE = 'Customers batch enqueued successfully'

/** Schema and batch rules in one pass, so a 400 lists every violation of both. */
const batchValidator = (maxBatchSize: number, allowUnknownFields: boolean) => {
  const strict = migrateRequestSchema(maxBatchSize)
  const schema = allowUnknownFields ? openUnknownFields(strict) : strict
  const validate = compileStrict(schema)
  const findForbiddenKey = forbiddenKeyFinder(schema)
  return (body: unknown) => {
    const schemaViolations = validate(body)
    const forbidden = findForbiddenKey(body, schemaViolations)
    if (forbidden !== undefined) return { error: new ERR_BODY_FORBIDDEN_KEY(forbidden.key, forbidden.path) }
    const violations = schemaViolations.concat(checkBatchRules(body))
    return violations.length === 0 ? true : { error: new ViolationsError(sortByCustomer(violations)) }
  }
}

export const migrateRoute: FastifyPluginAsync<{ state: MockState }> = async (fastify, { state }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { config, authenticator, store, faults, journal, waiters, lifecycle, rateLimiter } = state

  const authenticate = async (request: FastifyRequest) => {
    request.outcome.account = authenticator.authenticate(request.headers.authorization)
  }

  /** A queued fault answers instead of the mock (preValidation: the body has been read by then). */
  const injectFault = async (request: FastifyRequest, reply: FastifyReply) => {
    const fault = faults.take(request.outcome.account!)
    if (fault === undefined) return
    request.outcome.fault = fault.kind
    await lifecycle.pause(fault.delay_ms)
    if (fault.kind !== 'respond') {
      request.outcome.journaled = true
      journal.add(journalEntryOf(request, null))
      waiters.notify()
      reply.hijack()
      if (fault.kind === 'reset') request.raw.socket.destroy()
      else lifecycle.hold(request.raw.socket)
      return reply
    }
    reply.code(fault.status).headers(fault.headers ?? {})
    if (fault.body !== undefined) {
      // sent as given, not through the error shape's serializer
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(fault.body))
    }
    const body: ErrorBody = {
      error: STATUS_CODES[fault.status] ?? 'Error',
      details: `Fault injected by POST /__admin/faults (status ${fault.status}).`
    }
    request.outcome.error = body
    return reply.send(body)
  }

  registerJsonBody(app)
  const onRequest = [authenticate, ...(rateLimiter.enabled ? [rateLimiter.hook] : []), requireJson]
  const delay = config.RESPONSE_DELAY_MS
  const validateBatch = batchValidator(config.MAX_BATCH_SIZE, config.ALLOW_UNKNOWN_FIELDS)

  app.post(MIGRATE_PATH, {
    schema: {
      summary: 'Migrate a customer from an old system to Masivo',
      tags: ['Masivo API'],
      body: migrateRequestSchema(config.MAX_BATCH_SIZE),
      response: { 202: MigrateAccepted, '4xx': ErrorBody, '5xx': ErrorBody }
    },
    bodyLimit: config.BODY_LIMIT_BYTES,
    validatorCompiler: () => validateBatch,
    onRequest,
    preValidation: injectFault,
    ...(delay > 0 ? { onSend: async () => lifecycle.pause(delay) } : {})
  }, async (request, reply) => {
    const { customers } = request.body as MigrateRequest
    const batch = store.accept(request.outcome.account!, customers, request.bodyText!, request.outcome.receivedAt)
    request.outcome.batchId = batch.id
    waiters.notify()
    return reply.code(202).send({ message: ACCEPTED_MESSAGE, batch_id: batch.id, count: customers.length })
  })
}
