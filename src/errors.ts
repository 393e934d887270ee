/**
 * Every error the mock answers with, each with a stable code, and the one helper that turns any error
 * into Masivo's envelope `{ error, details }` (plus `violations` on a bad body).
 */
import { STATUS_CODES } from 'node:http'
import createError from '@fastify/error'
import type { ErrorBody } from '../schemas/error.js'
import { summarize, MAX_LISTED_VIOLATIONS, type Violation } from './violations.js'

// 401, migrate endpoint: one per way a bearer credential can be wrong
export const ERR_AUTH_MISSING = createError('MOCK_ERR_AUTH_MISSING',
  "No Authorization header: send 'Authorization: Bearer <token>'.", 401)
export const ERR_AUTH_SCHEME = createError<[string]>('MOCK_ERR_AUTH_SCHEME',
  "The Authorization scheme must be Bearer, not '%s'.", 401)
export const ERR_AUTH_EMPTY = createError('MOCK_ERR_AUTH_EMPTY',
  "The Bearer token is empty: send 'Authorization: Bearer <token>'.", 401)
export const ERR_AUTH_MALFORMED = createError('MOCK_ERR_AUTH_MALFORMED',
  'The Bearer token must not contain spaces.', 401)
export const ERR_AUTH_UNKNOWN_TOKEN = createError('MOCK_ERR_AUTH_UNKNOWN_TOKEN',
  'The Bearer token is not one the mock was configured with (AUTH_TOKENS).', 401)
export const ERR_TOKEN_INVALID = createError('MOCK_ERR_TOKEN_INVALID',
  'Invalid token: it was not signed by this mock (or by this run of it); fetch a new one from GET /api/storefront/v1/auth/authorize.', 401)
export const ERR_TOKEN_EXPIRED = createError<[string]>('MOCK_ERR_TOKEN_EXPIRED',
  'The token expired at %s; fetch a new one from GET /api/storefront/v1/auth/authorize.', 401)

// 401, token endpoint
export const ERR_API_KEY_MISSING = createError('MOCK_ERR_API_KEY_MISSING',
  "No x-api-key header: send 'x-api-key: <your API key>'.", 401)
export const ERR_API_KEY_UNKNOWN = createError('MOCK_ERR_API_KEY_UNKNOWN',
  'The API key is not one the mock was configured with (API_KEYS).', 401)

// body
export const ERR_MEDIA_TYPE = createError<[string]>('MOCK_ERR_MEDIA_TYPE',
  'Content-Type must be application/json, not %s.', 415)
export const ERR_BODY_TOO_LARGE = createError<[number]>('MOCK_ERR_BODY_TOO_LARGE',
  'The body is larger than the limit of %d bytes (BODY_LIMIT_BYTES).', 413)
export const ERR_BODY_EMPTY = createError('MOCK_ERR_BODY_EMPTY',
  'The body is empty: send a JSON object.', 400)
export const ERR_BODY_NOT_JSON = createError<[string]>('MOCK_ERR_BODY_NOT_JSON',
  'The body is not valid JSON: %s.', 400)
export const ERR_BODY_FORBIDDEN_KEY = createError<[string, string]>('MOCK_ERR_BODY_FORBIDDEN_KEY',
  'The body has a "%s" key at %s; "__proto__" and "constructor" keys are refused.', 400)
export const ERR_BODY_CONTENT_LENGTH = createError('MOCK_ERR_BODY_CONTENT_LENGTH',
  'The body is shorter or longer than its Content-Length header says.', 400)

/** A body (or query) that breaks its schema or the batch rules; `details` summarizes, `violations` lists. */
export class ViolationsError extends Error {
  readonly code = 'MOCK_ERR_VIOLATIONS'
  readonly statusCode = 400
  constructor (readonly violations: Violation[]) {
    super(summarize(violations))
  }
}

// test-double powers
export const ERR_RATE_LIMITED = createError<[string, number]>('MOCK_ERR_RATE_LIMITED',
  'Rate limit exceeded: at most %s for this account; retry in %d s.', 429)

// inspection
export const ERR_BATCH_NOT_FOUND = createError<[string]>('MOCK_ERR_BATCH_NOT_FOUND',
  'No batch %s here: it was never accepted, belongs to another account, or was evicted (see /__admin/stats).', 404)
export const ERR_CUSTOMER_NOT_FOUND = createError<[string]>('MOCK_ERR_CUSTOMER_NOT_FOUND',
  'No customer %s here: it was never accepted, belongs to another account, or its batch was evicted.', 404)

// routing and the unexpected
export const ERR_NOT_FOUND = createError<[string, string]>('MOCK_ERR_NOT_FOUND',
  'No route %s %s. The emulated endpoint is POST /api/storefront/v1/customers/migrate; inspection is under /__admin.', 404)
export const ERR_INTERNAL = createError<[string]>('MOCK_ERR_INTERNAL',
  'The mock failed unexpectedly; its log has the details under request id %s.', 500)

/** What an error's rewording needs to know of its request. */
export interface ErrorContext {
  requestId: string
  mediaType: string | undefined
  bodyLimit: number
}

/** Errors raised by Fastify itself, in the mock's words. */
const FROM_FASTIFY: Record<string, (context: ErrorContext) => Error> = {
  FST_ERR_CTP_BODY_TOO_LARGE: ({ bodyLimit }) => new ERR_BODY_TOO_LARGE(bodyLimit),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => new ERR_BODY_CONTENT_LENGTH(),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => new ERR_BODY_EMPTY(),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ({ mediaType }) => new ERR_MEDIA_TYPE(mediaType ?? 'none')
}

/**
 * A request Node's HTTP parser refuses never reaches Fastify (nor the journal); it still gets the
 * error shape, written straight to the socket.
 */
export const answerClientError = (err: NodeJS.ErrnoException, socket: import('node:net').Socket) => {
  if (!socket.writable) return
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW'
  const body = JSON.stringify({
    error: tooLarge ? 'Request Header Fields Too Large' : 'Bad Request',
    details: `The request is not valid HTTP (${err.code ?? 'unknown'}).`
  })
  socket.end(`HTTP/1.1 ${tooLarge ? 431 : 400} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
    `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
}

export interface HttpError extends Error {
  statusCode: number
  code?: string
  violations?: Violation[]
}

/**
 * The error as the client will see it: Fastify's own errors reworded, any other 4xx kept, anything else
 * (including every 5xx not raised on purpose) hidden behind ERR_INTERNAL so no internals leak.
 */
export const toHttpError = (err: Error & { statusCode?: number, code?: string }, context: ErrorContext): HttpError => {
  const reword = err.code === undefined ? undefined : FROM_FASTIFY[err.code]
  if (reword !== undefined) return reword(context) as HttpError
  const status = err.statusCode
  if (status !== undefined && status >= 400 && status < 500) return err as HttpError
  return new ERR_INTERNAL(context.requestId) as HttpError
}

/** The response body of an error: Masivo's `{ error, details }`, and the violations if there are any. */
export const errorBody = (err: HttpError): ErrorBody => {
  const body: ErrorBody = { error: STATUS_CODES[err.statusCode] ?? 'Error', details: err.message }
  if (err.violations !== undefined) body.violations = err.violations.slice(0, MAX_LISTED_VIOLATIONS)
  return body
}
