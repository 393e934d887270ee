/**
 * The catalog: every error the mock answers with, each with a stable code (sent in the body as `code`,
 * kept in the journal, listed in docs/errors.md; test/errors.test.ts keeps the three in step), its status
 * and its sentence. How an error becomes a response is src/http/error-handler.ts.
 */
import createError from '@fastify/error'
import { ADMIN_PREFIX, AUTHORIZE_PATH, AUTHORIZE_SHORT_PATH, CUSTOMER_PATH, MIGRATE_PATH, REWARDS_PATH, TIERS_PATH } from './paths.js'
import { summarize, type Violation } from './validation/violations.js'

/** The start of every code in this catalog. */
export const CATALOG_PREFIX = 'MOCK_ERR_'

// 401, migrate endpoint: one per way a bearer credential can be wrong
export const ERR_AUTH_MISSING = createError('MOCK_ERR_AUTH_MISSING',
  "No Authorization header: send 'Authorization: Bearer <token>'.", 401)
/** The argument is `, not '<scheme>'` for a registered scheme, and empty otherwise (never the credential). */
export const ERR_AUTH_SCHEME = createError<[string]>('MOCK_ERR_AUTH_SCHEME',
  "The Authorization scheme must be Bearer%s: send 'Authorization: Bearer <token>'.", 401)
export const ERR_AUTH_EMPTY = createError('MOCK_ERR_AUTH_EMPTY',
  "The Bearer token is empty: send 'Authorization: Bearer <token>'.", 401)
export const ERR_AUTH_MALFORMED = createError('MOCK_ERR_AUTH_MALFORMED',
  'The Bearer token must not contain spaces.', 401)
export const ERR_AUTH_UNKNOWN_TOKEN = createError('MOCK_ERR_AUTH_UNKNOWN_TOKEN',
  'The Bearer token is not one the mock was configured with (AUTH_TOKENS).', 401)
export const ERR_TOKEN_INVALID = createError('MOCK_ERR_TOKEN_INVALID',
  `Invalid token: it was not signed by this mock (or by this run of it); fetch a new one from GET ${AUTHORIZE_PATH}.`, 401)
export const ERR_TOKEN_EXPIRED = createError<[string]>('MOCK_ERR_TOKEN_EXPIRED',
  `The token expired at %s; fetch a new one from GET ${AUTHORIZE_PATH}.`, 401)

// 401, token endpoint
export const ERR_API_KEY_MISSING = createError('MOCK_ERR_API_KEY_MISSING',
  "No x-api-key header: send 'x-api-key: <your API key>'.", 401)
export const ERR_API_KEY_UNKNOWN = createError('MOCK_ERR_API_KEY_UNKNOWN',
  'The API key is not one the mock was configured with (API_KEYS).', 401)

// the body
export const ERR_MEDIA_TYPE = createError<[string]>('MOCK_ERR_MEDIA_TYPE',
  'Content-Type must be application/json, not %s.', 415)
export const ERR_BODY_TOO_LARGE = createError<[number]>('MOCK_ERR_BODY_TOO_LARGE',
  'The body is larger than the limit of %d bytes (BODY_LIMIT_BYTES).', 413)
export const ERR_BODY_EMPTY = createError('MOCK_ERR_BODY_EMPTY',
  'The body is empty: send a JSON object.', 400)
export const ERR_BODY_NOT_UTF8 = createError<[number]>('MOCK_ERR_BODY_NOT_UTF8',
  'The body is not valid UTF-8: no character starts at byte %d.', 400)
export const ERR_BODY_NOT_JSON = createError<[string, number, number]>('MOCK_ERR_BODY_NOT_JSON',
  'The body is not valid JSON: %s (line %d, column %d).', 400)
export const ERR_BODY_LONE_SURROGATE = createError<[string]>('MOCK_ERR_BODY_LONE_SURROGATE',
  'The body holds a lone surrogate at %s: a string with no UTF-8 form, which Masivo (storing UTF-8) cannot keep.', 400)
export const ERR_BODY_FORBIDDEN_KEY = createError<[string, string]>('MOCK_ERR_BODY_FORBIDDEN_KEY',
  'The body has a "%s" key at %s; "__proto__" and "constructor" keys are refused.', 400)
export const ERR_BODY_CONTENT_LENGTH = createError('MOCK_ERR_BODY_CONTENT_LENGTH',
  'The body is shorter or longer than its Content-Length header says.', 400)

/**
 * A body (or query) that breaks its schema or the batch rules; `details` summarizes, `violations` lists.
 * 400, but 422 on the events endpoint, whose details then start as Masivo's: "Invalid customer entry".
 */
export class ViolationsError extends Error {
  static readonly code = 'MOCK_ERR_VIOLATIONS'
  readonly code = ViolationsError.code
  constructor (readonly violations: Violation[], readonly statusCode: 400 | 422 = 400) {
    super(statusCode === 422 ? `Invalid customer entry: ${summarize(violations)}` : summarize(violations))
  }
}

// test-double powers
export const ERR_RATE_LIMITED = createError<[string, number]>('MOCK_ERR_RATE_LIMITED',
  'Rate limit exceeded: at most %s for this account; retry in %d s.', 429)
export const ERR_CLOCK_BACKWARDS = createError<[string, string]>('MOCK_ERR_CLOCK_BACKWARDS',
  `The clock never goes back: %s is before the mock's now, %s (DELETE ${ADMIN_PREFIX}/clock returns to real time).`, 409)
export const ERR_CLOCK_TOO_FAR = createError<[string]>('MOCK_ERR_CLOCK_TOO_FAR',
  'The clock cannot go past %s: later dates would not be valid ones.', 400)
export const ERR_REFERENCE_FULL = createError<[number, number]>('MOCK_ERR_REFERENCE_FULL',
  'This reference data takes %d bytes and only %d are left of MAX_REFERENCE_BYTES: DELETE another account\'s, or raise the setting.', 413)
/** Sent with the status the fault asked for. */
export const ERR_FAULT_INJECTED = createError<[number]>('MOCK_ERR_FAULT_INJECTED',
  `Fault injected by POST ${ADMIN_PREFIX}/faults (status %d).`, 503)

// reading back
export const ERR_STOREFRONT_CUSTOMER_NOT_FOUND = createError<[string]>('MOCK_ERR_STOREFRONT_CUSTOMER_NOT_FOUND',
  'Customer %s not found in this account (a customer whose batch is still queued is not found until the queue processes it).', 404)
export const ERR_STOREFRONT_REWARD_NOT_FOUND = createError<[string]>('MOCK_ERR_STOREFRONT_REWARD_NOT_FOUND',
  `Reward %s not found in this account's reference data (REFERENCE_DATA or PUT ${ADMIN_PREFIX}/reference).`, 404)

// inspection
export const ERR_BATCH_NOT_FOUND = createError<[string]>('MOCK_ERR_BATCH_NOT_FOUND',
  'No batch %s here: it was never accepted, belongs to another account, or was evicted (see /__admin/stats).', 404)
export const ERR_CUSTOMER_NOT_FOUND = createError<[string]>('MOCK_ERR_CUSTOMER_NOT_FOUND',
  'No customer %s here: it was never accepted, belongs to another account, or its batch was evicted.', 404)
export const ERR_CUSTOMER_AMBIGUOUS = createError<[string, number, string]>('MOCK_ERR_CUSTOMER_AMBIGUOUS',
  'Customer %s is held by %d accounts (%s): name one with ?account= or a credential.', 409)
export const ERR_REQUEST_NOT_FOUND = createError<[string]>('MOCK_ERR_REQUEST_NOT_FOUND',
  'No request %s here: it never reached the emulated API, belongs to another account, or was evicted (see /__admin/stats).', 404)

export const ERR_REQUEST_BODY_NOT_FOUND = createError<[string]>('MOCK_ERR_REQUEST_BODY_NOT_FOUND',
  'No body kept for request %s: only refused requests whose body was read keep it, while the journal holds them.', 404)

// HTTP itself, routing and the unexpected
export const ERR_HTTP_PARSE = createError<[string]>('MOCK_ERR_HTTP_PARSE',
  'The request is not valid HTTP (%s).', 400)
export const ERR_HEADERS_TOO_LARGE = createError<[string]>('MOCK_ERR_HEADERS_TOO_LARGE',
  'The request is not valid HTTP (%s).', 431)
export const ERR_REQUEST_TIMEOUT = createError<[number]>('MOCK_ERR_REQUEST_TIMEOUT',
  'The request did not arrive whole within %d ms (REQUEST_TIMEOUT_MS).', 408)
export const ERR_EXPECTATION_FAILED = createError('MOCK_ERR_EXPECTATION_FAILED',
  'The mock meets no Expect header but 100-continue.', 417)
export const ERR_HOST_MISSING = createError('MOCK_ERR_HOST_MISSING',
  'An HTTP/1.1 request must carry a Host header.', 400)
export const ERR_BAD_URL = createError('MOCK_ERR_BAD_URL',
  'The URL is not valid: its percent-encoding does not decode.', 400)
export const ERR_NOT_FOUND = createError<[string, string]>('MOCK_ERR_NOT_FOUND',
  `No route %s %s. The emulated endpoints are POST ${MIGRATE_PATH}[/transactions|/events], GET ${CUSTOMER_PATH.replace(':id', '{id}')}[/transactions], GET ${REWARDS_PATH}[/{id}], GET ${TIERS_PATH} and GET ${AUTHORIZE_PATH} (or ${AUTHORIZE_SHORT_PATH}); inspection is under ${ADMIN_PREFIX}.`, 404)
export const ERR_METHOD_NOT_ALLOWED = createError<[string, string, string]>('MOCK_ERR_METHOD_NOT_ALLOWED',
  '%s is not served on %s; it takes %s.', 405)
/** Sent with the status of the error it stands for: a 4xx the mock did not raise itself (a body upload cut off, say). */
export const ERR_REFUSED = createError<[string]>('MOCK_ERR_REFUSED',
  'The request was refused (%s).', 400)
// 403, /__admin from a browser (src/access/browser-guard.ts)
export const ERR_CROSS_SITE = createError<[string]>('MOCK_ERR_CROSS_SITE',
  "A page on another site (%s) may not change the mock: /__admin requests that change state are taken from the mock's own pages and from clients that are not browsers.", 403)
export const ERR_HOST_NOT_ALLOWED = createError<[string]>('MOCK_ERR_HOST_NOT_ALLOWED',
  "/__admin does not answer for Host %s: only for loopback names, this machine's, and ALLOWED_HOSTS (a page that renamed its own site to the mock's address may not read it).", 403)
export const ERR_ADMIN_TOKEN = createError('MOCK_ERR_ADMIN_TOKEN',
  'This mock was started with ADMIN_TOKEN: every /__admin request needs it, in an X-Admin-Token header (a browser: open /__admin?admin_token=… once).', 401)
export const ERR_TOO_MANY_SUBSCRIBERS = createError<[number]>('MOCK_ERR_TOO_MANY_SUBSCRIBERS',
  'The event stream already has %d subscribers (MAX_EVENT_SUBSCRIBERS): close one, or raise the setting.', 503)
export const ERR_INTERNAL = createError<[string]>('MOCK_ERR_INTERNAL',
  'The mock failed unexpectedly; its log has the details under request id %s.', 500)
