/** POST /api/storefront/v1/customers/migrate, the emulated endpoint. */
import { STATUS_CODES } from 'node:http'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { TSchema } from '@sinclair/typebox'
import { migrateRequestSchema, MigrateAccepted, type MigrateRequest } from '../../schemas/migrate.js'
import { ErrorBody } from '../../schemas/error.js'
import { checkBatchRules } from '../batch-rules.js'
import { ERR_BODY_FORBIDDEN_KEY, ViolationsError } from '../errors.js'
import { forbiddenKeyFinder } from '../forbidden-keys.js'
import { registerJsonBody, requireJson } from '../json-body.js'
import { compileStrict, openUnknownFields } from '../schema-validator.js'
import { sortByCustomer } from '../violations.js'
import type { Fault } from '../faults.js'
import type { FinishRecord } from '../request-record.js'
import type { MockState } from '../state.js'

export const MIGRATE_PATH = '/api/storefront/v1/customers/migrate'

const ACCEPTED_MESSAGE = 'Customers batch enqueued successfully'

/** Schema and batch rules in one pass, so a 400 lists every violation of both. */
const batchValidator = (documented: TSchema, allowUnknownFields: boolean) => {
  const schema = allowUnknownFields ? openUnknownFields(documented) : documented
  const validate = compileStrict(schema)
  const findForbiddenKey = forbiddenKeyFinder(schema)
  return (body: unknown) => {
    const schemaViolations = validate(body)
    const forbidden = findForbiddenKey(body, schemaViolations)
    if (forbidden !== undefined) return { error: new ERR_BODY_FORBIDDEN_KEY(forbidden.key, forbidden.path) }
    const ruleViolations = checkBatchRules(body)
    if (schemaViolations.length === 0 && ruleViolations.length === 0) return true
    return { error: new ViolationsError(sortByCustomer(schemaViolations.concat(ruleViolations))) }
  }
}

export const migrateRoute: FastifyPluginAsync<{ state: MockState, finishRecord: FinishRecord }> = async (fastify, { state, finishRecord }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { config, authenticator, store, faults, waiters, lifecycle, rateLimiter } = state

  // Hooks in callback style where they need not wait: no promise per request for the common case.
  const authenticate = (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
    try {
      request.record.account = authenticator.authenticate(request.headers.authorization)
    } catch (err) {
      done(err as Error)
      return
    }
    done()
  }

  /** A queued fault answers instead of the mock (preValidation: the body has been read by then). */
  const injectFault = (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    const fault = faults.take(request.record.account!)
    if (fault === undefined) done()
    else answerWithFault(request, reply, fault).catch(done)
  }

  const answerWithFault = async (request: FastifyRequest, reply: FastifyReply, fault: Fault) => {
    request.record.fault = fault.kind
    await lifecycle.pause(fault.delay_ms)
    if (fault.kind !== 'respond') {
      reply.hijack() // no hooks run from here on: the request is logged and journaled now, with no status
      finishRecord(request, null, reply.elapsedTime)
      if (fault.kind === 'reset') request.raw.socket.destroy()
      else lifecycle.hold(request.raw.socket)
      return
    }
    reply.code(fault.status).headers(fault.headers ?? {})
    if (fault.body !== undefined) {
      // sent as given, not through the error shape's serializer
      reply.type('application/json; charset=utf-8').send(JSON.stringify(fault.body))
      return
    }
    const body: ErrorBody = {
      error: STATUS_CODES[fault.status] ?? 'Error',
      details: `Fault injected by POST /__admin/faults (status ${fault.status}).`
    }
    request.record.error = body
    reply.send(body)
  }

  registerJsonBody(app)
  const onRequest = [authenticate, ...(rateLimiter.enabled ? [rateLimiter.hook] : []), requireJson]
  const delay = config.RESPONSE_DELAY_MS
  const schema = migrateRequestSchema(config.MAX_BATCH_SIZE)
  const validateBatch = batchValidator(schema, config.ALLOW_UNKNOWN_FIELDS)

  app.post(MIGRATE_PATH, {
    schema: {
      summary: 'Migrate a customer from an old system to Masivo',
      tags: ['Masivo API'],
      body: schema,
      response: { 202: MigrateAccepted, '4xx': ErrorBody, '5xx': ErrorBody }
    },
    bodyLimit: config.BODY_LIMIT_BYTES,
    validatorCompiler: () => validateBatch,
    onRequest,
    preValidation: injectFault,
    ...(delay > 0 ? { onSend: async () => lifecycle.pause(delay) } : {})
  }, async (request, reply) => {
    const { customers } = request.body as MigrateRequest
    const batch = store.accept(request.record.account!, customers, request.rawBody!, request.record.receivedAt)
    request.record.batchId = batch.id
    waiters.notify()
    return reply.code(202).send({ message: ACCEPTED_MESSAGE, batch_id: batch.id, count: customers.length })
  })
}
