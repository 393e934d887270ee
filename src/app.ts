/**
 * Builds the mock from a configuration; never listens (src/server.ts does), so tests use app.inject().
 * Read top-down: the logger, Fastify with the HTTP plumbing (src/http/), the state (src/state/), then the
 * routes (src/routes/).
 */
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify'
import swagger from '@fastify/swagger'
import sonicBoom from 'sonic-boom'
import type { Config } from './config.js'
import { answerClientError, answerFrameworkError, registerErrorHandling } from './http/error-handler.js'
import { registerJsonBody } from './http/json-body.js'
import { registerRequestRecord, requestIdOf } from './http/request-record.js'
import { registerShutdown } from './http/shutdown.js'
import { swaggerOptions } from './openapi.js'
import { ADMIN_PREFIX } from './paths.js'
import { adminRoutes } from './routes/admin/index.js'
import { authorizeRoute } from './routes/authorize.js'
import { healthRoute } from './routes/health.js'
import { customerRoute } from './routes/customer.js'
import { migrateRoutes } from './routes/migrate.js'
import { MockState } from './state/mock-state.js'
import { adminValidatorCompiler } from './validation/schema-validator.js'

/** Log lines that may wait for a slow (or absent) reader of stdout before newer ones are dropped. */
const LOG_BACKLOG_MAX_BYTES = 4 * 1024 * 1024
/** How long closing waits for the log to be written. */
const LOG_FLUSH_MAX_MS = 1000

/** Resolves once `destination` has written what it holds, or after `ms` (its reader may never read). */
const flushWithin = (destination: { flush: (cb: (err?: Error) => void) => void }, ms: number) => new Promise<void>((resolve) => {
  const timer = setTimeout(resolve, ms)
  destination.flush(() => { clearTimeout(timer); resolve() })
})

export interface AppOptions {
  /** Where log lines go (default: stdout). */
  logStream?: NodeJS.WritableStream
}

export const buildApp = async (config: Config, options: AppOptions = {}): Promise<FastifyInstance> => {
  // Buffered: one write per 4 kB of lines (a write per line costs a syscall per request), and at least
  // every 200 ms so lines still show promptly when the mock is idle. Never blocking: a stdout piped to a
  // reader that never reads fills its pipe, and a blocked write would then stop the mock for good, SIGTERM
  // and exit included. So: asynchronous writes, to the descriptor of process.stdout (Node makes a pipe's or
  // a socket's non-blocking when it opens it: a full pipe fails a write, retried later, instead of holding a
  // thread that exit would wait for), lines past LOG_BACKLOG_MAX_BYTES of backlog dropped, and a flush on
  // close of LOG_FLUSH_MAX_MS at most. SonicBoom itself, not pino.destination(), which flushes
  // synchronously on exit and would wait there for the pipe forever.
  const stdout = options.logStream === undefined
    ? new sonicBoom.SonicBoom({ fd: process.stdout.fd, sync: false, minLength: 4096, maxLength: LOG_BACKLOG_MAX_BYTES, periodicFlush: 200 })
    : undefined
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

  const state = new MockState(config, app.log)
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
  app.register(authorizeRoute)
  app.register(adminRoutes, { prefix: ADMIN_PREFIX })
  return app
}
