/**
 * Builds the mock from a configuration; never listens (src/server.ts does), so tests use app.inject().
 * Read top-down: the logger, Fastify with the HTTP plumbing (src/http/), the state (src/state/), then the
 * routes (src/routes/).
 */
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify'
import swagger from '@fastify/swagger'
import type { Config } from './config.js'
import { answerClientError, answerFrameworkError, registerErrorHandling } from './http/error-handler.js'
import { registerJsonBody } from './http/json-body.js'
import { flushWithin, LOG_FLUSH_MAX_MS, logDestination } from './http/log-destination.js'
import { registerRequestRecord, requestIdOf } from './http/request-record.js'
import { registerShutdown } from './http/shutdown.js'
import { swaggerOptions } from './openapi.js'
import { ADMIN_PREFIX } from './paths.js'
import { adminRoutes } from './routes/admin/index.js'
import { authorizeRoute } from './routes/authorize.js'
import { healthRoute } from './routes/health.js'
import { customerRoute } from './routes/customer.js'
import { customerTransactionsRoute } from './routes/customer-transactions.js'
import { migrateRoutes } from './routes/migrate.js'
import { referenceRoutes } from './routes/reference.js'
import { MockState } from './state/mock-state.js'
import { referenceSeed } from './state/reference-data.js'
import type { ReferenceDataFile } from '../schemas/reference.js'
import { adminValidatorCompiler } from './validation/schema-validator.js'

export interface AppOptions {
  /** Where log lines go (default: stdout). */
  logStream?: NodeJS.WritableStream
  /** Reference data per account, instead of REFERENCE_DATA's file (startMock's `referenceData`). */
  referenceData?: ReferenceDataFile
}

/** Throws a ConfigError when the reference data (REFERENCE_DATA or `options.referenceData`) is not what it should be. */
export const buildApp = async (config: Config, options: AppOptions = {}): Promise<FastifyInstance> => {
  const seed = referenceSeed(config, options.referenceData)
  const stdout = options.logStream === undefined ? logDestination() : undefined
  const logger: FastifyServerOptions['logger'] = { level: config.LOG_LEVEL, stream: options.logStream ?? stdout }
  const timeout = config.REQUEST_TIMEOUT_MS
  const app = Fastify({
    logger,
    // src/http/request-record.ts writes one line per request instead of Fastify's two
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: requestIdOf,
    requestIdHeader: false,
    bodyLimit: config.BODY_LIMIT_BYTES,
    // served during a shutdown, with Connection: close (src/http/shutdown.ts)
    return503OnClosing: false,
    // a request (headers and body) must arrive whole within REQUEST_TIMEOUT_MS, checked often enough to be on time
    requestTimeout: timeout,
    http: { headersTimeout: timeout, connectionsCheckingInterval: Math.min(1000, Math.max(25, timeout / 4)), requireHostHeader: false },
    // any id may be looked up (a longer one is a 404, not Fastify's 414); URLs are bounded by Node's header size
    routerOptions: { maxParamLength: 65_536 },
    clientErrorHandler: answerClientError,
    frameworkErrors: answerFrameworkError
  })

  const state = new MockState(config, app.log, seed)
  app.decorate('mock', state)
  registerRequestRecord(app)
  registerErrorHandling(app)
  registerJsonBody(app)
  app.addHook('preClose', async () => state.close())
  registerShutdown(app, config.SHUTDOWN_GRACE_MS)
  app.addHook('onClose', async () => { if (stdout !== undefined) await flushWithin(stdout, LOG_FLUSH_MAX_MS) })
  app.setValidatorCompiler(adminValidatorCompiler)
  // Response schemas document the API; JSON.stringify writes the responses (no serializer to compile at
  // start-up, and nothing a client sent is ever dropped from what the mock echoes back).
  app.setSerializerCompiler(() => (data) => JSON.stringify(data))

  // registered without awaiting each: they load in order when the app is made ready, without a pause between
  // them (a second mock in a test process starts in a few milliseconds)
  app.register(swagger, swaggerOptions(config))
  await state.rateLimiter.register(app, (request) => request.record.account!)

  app.register(healthRoute)
  app.register(migrateRoutes)
  app.register(customerRoute)
  app.register(customerTransactionsRoute)
  app.register(authorizeRoute)
  app.register(referenceRoutes)
  app.register(adminRoutes, { prefix: ADMIN_PREFIX })
  return app
}
