/**
 * How any error becomes an answer: Fastify's own errors reworded into the catalog's, 4xx kept as thrown,
 * anything else hidden behind MOCK_ERR_INTERNAL (the log has the stack, the client does not); unknown
 * routes; and requests Node's HTTP parser refuses before Fastify sees them.
 */
import type { Socket } from 'node:net'
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify'
import {
  CATALOG_PREFIX, ERR_BODY_CONTENT_LENGTH, ERR_BODY_EMPTY, ERR_BODY_TOO_LARGE, ERR_HEADERS_TOO_LARGE, ERR_HTTP_PARSE, ERR_INTERNAL, ERR_NOT_FOUND
} from '../errors.js'
import type { Violation } from '../validation/violations.js'
import { errorBody } from './envelope.js'
import { unsupportedMediaType } from './json-body.js'

interface HttpError extends Error {
  statusCode: number
  code: string
  violations?: Violation[]
}

/** Errors Fastify raises itself, in the mock's words. */
const FROM_FASTIFY: Record<string, (request: FastifyRequest) => Error> = {
  FST_ERR_CTP_BODY_TOO_LARGE: (request) => new ERR_BODY_TOO_LARGE(request.routeOptions.bodyLimit ?? 0),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => new ERR_BODY_CONTENT_LENGTH(),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => new ERR_BODY_EMPTY(),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: (request) => unsupportedMediaType(request.headers['content-type'])
}

/** The error as the client will see it: the catalog's as raised, Fastify's reworded, anything else hidden. */
const toHttpError = (err: FastifyError, request: FastifyRequest): HttpError => {
  if (typeof err.code === 'string' && err.code.startsWith(CATALOG_PREFIX)) return err as HttpError
  const reword = FROM_FASTIFY[err.code]
  if (reword !== undefined) return reword(request) as HttpError
  const status = err.statusCode
  if (status !== undefined && status >= 400 && status < 500 && typeof err.code === 'string') return err as HttpError
  return new ERR_INTERNAL(request.id) as HttpError
}

export const registerErrorHandling = (app: FastifyInstance) => {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const httpError = toHttpError(err, request)
    if (httpError instanceof ERR_INTERNAL) request.log.error({ err }, 'unexpected error')
    const body = errorBody(httpError.statusCode, httpError)
    if (request.record !== null) request.record.error = body // null: Fastify failed before the record was made
    return reply.code(httpError.statusCode).send(body)
  })

  app.setNotFoundHandler((request) => {
    throw new ERR_NOT_FOUND(request.method, request.record.path)
  })
}

/**
 * A request Node's HTTP parser refuses never reaches Fastify (nor the journal); it still gets the error
 * shape, written straight to the socket. Fastify's `clientErrorHandler`.
 */
export const answerClientError = (err: NodeJS.ErrnoException, socket: Socket) => {
  if (!socket.writable) return
  const parserCode = err.code ?? 'unknown'
  const [status, error] = parserCode === 'HPE_HEADER_OVERFLOW'
    ? [431, new ERR_HEADERS_TOO_LARGE(parserCode)]
    : [400, new ERR_HTTP_PARSE(parserCode)]
  const body = errorBody(status, error)
  const text = JSON.stringify(body)
  socket.end(`HTTP/1.1 ${status} ${body.error}\r\n` +
    `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`)
}
