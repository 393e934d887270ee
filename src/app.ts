/**
 * Builds the mock from a configuration; never listens (src/server.ts does), so tests use app.inject().
 */
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify'
import swagger from '@fastify/swagger'
import { pino } from 'pino'
import type { TSchema } from '@sinclair/typebox'
import type { Config } from './config.js'
import { answerClientError, errorBody, ERR_NOT_FOUND, toHttpError, ViolationsError } from './errors.js'
import { mediaTypeOf } from './json-body.js'
import { registerRequestRecord, requestIdOf } from './request-record.js'
import { compileAdmin } from './schema-validator.js'
import type { Violation } from './violations.js'
import { createState, type MockState } from './state.js'
import { adminRoutes } from './routes/admin/index.js'
import { authorizeRoute } from './routes/authorize.js'
import { healthRoute } from './routes/health.js'
import { migrateRoute } from './routes/migrate.js'

export interface AppOptions {
  /** Where log lines go (default: stdout). */
  logStream?: NodeJS.WritableStream
}

declare module 'fastify' {
  interface FastifyInstance {
    mock: MockState
  }
}

export const buildApp = async (config: Config, options: AppOptions = {}): Promise<FastifyInstance> => {
  // Buffered: one write per 4 kB of lines (a write per line costs a syscall per request), and at least
  // every 200 ms so lines still show promptly when the mock is idle. Flushed on close.
  const stdout = options.logStream === undefined
    ? pino.destination({ dest: 1, sync: true, minLength: 4096, periodicFlush: 200 })
    : undefined
  const logger: FastifyServerOptions['logger'] = { level: config.LOG_LEVEL, stream: options.logStream ?? stdout }
  const app = Fastify({
    logger,
    // request-record.ts writes one line per request instead of Fastify's two
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: requestIdOf,
    requestIdHeader: false,
    bodyLimit: config.BODY_LIMIT_BYTES,
    return503OnClosing: false,
    clientErrorHandler: answerClientError
  })
  const state = createState(config, app.log)
  app.decorate('mock', state)

  // /__admin validation: defaults filled, query strings converted; the migrate route brings its own.
  // Compiled on first use, so start-up does not wait for validators of routes no one has called yet.
  app.setValidatorCompiler(({ schema }) => {
    let validate: ((data: unknown) => Violation[]) | undefined
    return (data: unknown) => {
      validate ??= compileAdmin(schema as TSchema)
      const violations = validate(data)
      return violations.length === 0 ? true : { error: new ViolationsError(violations) }
    }
  })
  // Response schemas document the API; JSON.stringify writes the responses (no serializer to compile at
  // start-up, and nothing a client sent is ever dropped from what the mock echoes back).
  app.setSerializerCompiler(() => (data) => JSON.stringify(data))

  app.setErrorHandler((err, request, reply) => {
    const httpError = toHttpError(err as Error, {
      requestId: request.id,
      mediaType: mediaTypeOf(request.headers['content-type']),
      bodyLimit: config.BODY_LIMIT_BYTES
    })
    if (httpError.statusCode >= 500) request.log.error({ err }, 'unexpected error')
    const body = errorBody(httpError)
    if (request.record !== null) request.record.error = body
    return reply.code(httpError.statusCode).send(body)
  })

  app.setNotFoundHandler((request) => {
    throw new ERR_NOT_FOUND(request.method, request.record.path)
  })

  const finishRecord = registerRequestRecord(app, state.journal, () => state.waiters.notify())
  app.addHook('preClose', async () => {
    state.waiters.release()
    state.lifecycle.shutdown()
  })
  app.addHook('onClose', async () => stdout?.flushSync())

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'masivo-migrate-mock',
        description: "A test double of Masivo's customer migration endpoint, with inspection under /__admin",
        version: '0.1.0'
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } }
    }
  })
  await state.rateLimiter.register(app, (request) => request.record.account!)

  await app.register(healthRoute)
  await app.register(migrateRoute, { state, finishRecord })
  await app.register(authorizeRoute, { state })
  await app.register(adminRoutes, { prefix: '/__admin', state })
  return app
}
