/**
 * How any error becomes an answer, always in the error shape with an x-request-id: the catalog's errors as
 * raised, Fastify's own reworded into the catalog's, any other 4xx as MOCK_ERR_REFUSED, anything else hidden
 * behind MOCK_ERR_INTERNAL (the log has the stack, the client does not); unknown routes (404) and known paths asked with the wrong method
 * (405), refused before a body is read; and what Node answers before Fastify sees a request (a request it
 * cannot parse, too large headers, a request not whole in time, an Expect header it does not meet).
 */
import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions, HookHandlerDoneFunction } from 'fastify'
import {
  CATALOG_PREFIX, ERR_BAD_URL, ERR_BODY_CONTENT_LENGTH, ERR_BODY_TOO_LARGE, ERR_EXPECTATION_FAILED, ERR_HEADERS_TOO_LARGE,
  ERR_HOST_MISSING, ERR_HTTP_PARSE, ERR_INTERNAL, ERR_METHOD_NOT_ALLOWED, ERR_NOT_FOUND, ERR_REFUSED, ERR_REQUEST_TIMEOUT
} from '../errors.js'
import { clip, type Violation } from '../validation/violations.js'
import { errorBody, type EnvelopeSource } from './envelope.js'
import { unsupportedMediaType } from './json-body.js'
import { finishRecord, startRecord } from './request-record.js'

interface HttpError extends Error {
  statusCode: number
  code: string
  violations?: Violation[]
}

/** Errors Fastify raises itself, in the mock's words. */
const FROM_FASTIFY: Record<string, (request: FastifyRequest) => Error> = {
  FST_ERR_CTP_BODY_TOO_LARGE: (request) => new ERR_BODY_TOO_LARGE(request.routeOptions.bodyLimit as number),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => new ERR_BODY_CONTENT_LENGTH(),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: (request) => unsupportedMediaType(request.headers['content-type'])
}

/** The error as the client will see it: the catalog's as raised, Fastify's reworded, anything else hidden. */
const toHttpError = (err: FastifyError, request: FastifyRequest): HttpError => {
  if (typeof err.code === 'string' && err.code.startsWith(CATALOG_PREFIX)) return err as HttpError
  const reword = FROM_FASTIFY[err.code]
  if (reword !== undefined) return reword(request) as HttpError
  const status = err.statusCode
  if (status === undefined || status < 400 || status >= 500) return new ERR_INTERNAL(request.id) as HttpError
  const refused = new ERR_REFUSED(clip(String(err.code)))
  refused.statusCode = status
  return refused as HttpError
}

/** A path pattern of a route (`/__admin/batches/:id`) as a regex for concrete paths. */
const patternOf = (url: string) => new RegExp(`^${url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:\w+/g, '[^/]+')}$`)

export const registerErrorHandling = (app: FastifyInstance) => {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const httpError = toHttpError(err, request)
    if (httpError instanceof ERR_INTERNAL) request.log.error({ err }, 'unexpected error')
    const body = errorBody(httpError.statusCode, httpError)
    request.record.error = body
    // a refused body is kept with its record (within the journal's bound), to be read back with its violations
    if (request.rawBody !== undefined && httpError.statusCode < 500) request.record.body = request.rawBody
    return reply.code(httpError.statusCode).send(body)
  })

  const routes: { method: string, pattern: RegExp }[] = []
  app.addHook('onRoute', ({ method, url }) => {
    for (const one of [method].flat()) routes.push({ method: one, pattern: patternOf(url) })
  })

  // Refused before any body is read: a request without Host, and one no route takes (404, or 405 with
  // Allow when its path takes other methods).
  app.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    if (request.raw.httpVersion === '1.1' && request.headers.host === undefined) {
      done(new ERR_HOST_MISSING())
      return
    }
    if (!request.is404) {
      done()
      return
    }
    const { path } = request.record
    const allowed = [...new Set(routes.filter((route) => route.pattern.test(path)).map((route) => route.method))].sort()
    if (allowed.length === 0) {
      done(new ERR_NOT_FOUND(request.method, clip(path)))
      return
    }
    reply.header('allow', allowed.join(', '))
    done(new ERR_METHOD_NOT_ALLOWED(request.method, clip(path), allowed.join(', ')))
  })

  // Node answers other Expect values with an empty 417 unless asked to let the mock answer
  app.server.on('checkExpectation', (_req: IncomingMessage, res: ServerResponse) => {
    writeError(res, 417, new ERR_EXPECTATION_FAILED())
  })
}

/** An error answer written straight to Node's response (no Fastify request exists for it). */
const writeError = (res: ServerResponse, status: number, error: EnvelopeSource) => {
  const text = JSON.stringify(errorBody(status, error))
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'x-request-id': randomUUID(),
    connection: 'close'
  })
  res.end(text)
}

/**
 * Fastify's `frameworkErrors`: a URL whose percent-encoding does not decode (FST_ERR_BAD_URL), answered
 * and journaled like any other request.
 */
export const answerFrameworkError: NonNullable<FastifyServerOptions['frameworkErrors']> = (_err, request, reply: FastifyReply) => {
  startRecord(request, reply)
  const body = errorBody(400, new ERR_BAD_URL())
  request.record.error = body
  reply.code(400).send(body)
  finishRecord(request, 400, reply.elapsedTime)
}

/**
 * Fastify's `clientErrorHandler`: a request Node refuses before Fastify sees it (not valid HTTP, headers
 * too large, not whole within REQUEST_TIMEOUT_MS) still gets the error shape and an x-request-id, written
 * straight to the socket, and a log line; it is not journaled (there is no request to journal).
 */
export function answerClientError (this: FastifyInstance, err: NodeJS.ErrnoException, socket: Socket) {
  const parserCode = err.code ?? 'unknown'
  const [status, error] = parserCode === 'HPE_HEADER_OVERFLOW'
    ? [431, new ERR_HEADERS_TOO_LARGE(parserCode)]
    : parserCode === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, new ERR_REQUEST_TIMEOUT(this.mock.config.REQUEST_TIMEOUT_MS)]
      : [400, new ERR_HTTP_PARSE(parserCode)]
  const id = randomUUID()
  this.log.info({ reqId: id, status, code: error.code, parser: parserCode }, 'request refused before it reached the mock')
  // a response already under way on this socket cannot be followed by another
  if (!socket.writable || (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true) {
    socket.destroy()
    return
  }
  const body = errorBody(status, error)
  const text = JSON.stringify(body)
  socket.end(`HTTP/1.1 ${status} ${body.error}\r\nContent-Type: application/json; charset=utf-8\r\n` +
    `Content-Length: ${Buffer.byteLength(text)}\r\nX-Request-Id: ${id}\r\nConnection: close\r\n\r\n${text}`)
}
