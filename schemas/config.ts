/**
 * The mock's configuration, read from environment variables, flags or startMock's options and validated at
 * start (src/config.ts). Each `title` says what the setting does (--help shows it); each `description`
 * completes the sentence "<SETTING> expects ..." in the start-up error.
 */
import { Type, type Static } from '@sinclair/typebox'
import { MASIVO_MAX_BATCH_SIZE } from './migrate.js'

const Int = (title: string, min: number, max: number, defaultValue: number, description: string) =>
  Type.Integer({ title, minimum: min, maximum: max, default: defaultValue, description })

const MiB = 1024 * 1024

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

/** The settings that are lists: comma-separated in a variable or flag, arrays in startMock's options. */
export const LIST_SETTINGS = ['AUTH_TOKENS', 'API_KEYS', 'ALLOWED_HOSTS'] as const

const List = (title: string, what: string, example: string) => Type.Optional(Type.String({
  title,
  pattern: '^[^\\s,]+(,[^\\s,]+)*$',
  description: `a list of ${what} without spaces or commas (comma-separated in a variable or flag, e.g. ${example})`
}))

export const ConfigSchema = Type.Object({
  PORT: Int('port to listen on', 0, 65535, 8080, 'an integer from 0 to 65535 (0 picks a free port)'),
  HOST: Type.String({ title: 'address to listen on', minLength: 1, default: '127.0.0.1', description: 'an address to listen on, e.g. 127.0.0.1 or 0.0.0.0' }),
  LOG_LEVEL: Type.Union(LOG_LEVELS.map((level) => Type.Literal(level)), {
    title: 'the least severe level logged',
    default: 'info',
    description: `one of ${LOG_LEVELS.join(', ')}`
  }),
  AUTH_TOKENS: List('bearer tokens the migrate endpoint accepts (unset: any token)', 'bearer tokens', 'token-a,token-b'),
  MAX_BATCH_SIZE: Int('customers per batch (events per events batch)', 1, 100_000, MASIVO_MAX_BATCH_SIZE, 'an integer from 1 to 100000 (customers per batch)'),
  BODY_LIMIT_BYTES: Int('largest request body', 1024, 1024 * MiB, 16 * MiB, 'an integer from 1024 to 1073741824 (bytes)'),
  ALLOW_UNKNOWN_FIELDS: Type.Boolean({ title: 'accept (and keep) fields Masivo does not document', default: false, description: 'true or false' }),
  MAX_STORED_CUSTOMERS: Int('customer entries the stored batches (of all three kinds) may hold; past it the oldest batches are evicted', 1, 100_000_000, 200_000, 'an integer from 1 to 100000000'),
  MAX_JOURNAL_ENTRIES: Int('journal entries held; past it the oldest are evicted', 1, 10_000_000, 10_000, 'an integer from 1 to 10000000'),
  MAX_JOURNAL_BYTES: Int('what the journal may take; past it the oldest entries are evicted', MiB, 16 * 1024 * MiB, 64 * MiB, 'an integer from 1048576 to 17179869184 (bytes)'),
  API_KEYS: List('API keys the token endpoint accepts (unset: any key)', 'API keys', 'key-a,key-b'),
  JWT_SECRET: Type.Optional(Type.String({ title: 'secret signing issued tokens (unset: random)', minLength: 16, description: 'a secret of at least 16 characters' })),
  TOKEN_TTL_SECONDS: Int('lifetime of issued tokens', 1, 31_536_000, 3600, 'an integer from 1 to 31536000 (seconds)'),
  RESPONSE_DELAY_MS: Int('fixed delay added to every migrate response', 0, 600_000, 0, 'an integer from 0 to 600000 (milliseconds)'),
  QUEUE_DELAY_MS: Int('time an accepted batch waits in the queue before it is processed (0: processed as it is accepted)', 0, 3_600_000, 0,
    'an integer from 0 to 3600000 (milliseconds)'),
  REQUEST_TIMEOUT_MS: Int('time a request has to arrive whole, or it is answered 408', 100, 3_600_000, 30_000, 'an integer from 100 to 3600000 (milliseconds)'),
  SHUTDOWN_GRACE_MS: Int('on SIGTERM, time requests in flight get to finish', 0, 600_000, 5000, 'an integer from 0 to 600000 (milliseconds)'),
  ALLOWED_HOSTS: List('Host names /__admin answers besides loopback ones and this machine\'s (unset: those; bound to 0.0.0.0 or ::, any)', 'host names', 'mock.test,ci-runner'),
  ADMIN_TOKEN: Type.Optional(Type.String({
    title: 'a secret every /__admin request needs, in X-Admin-Token or the dashboard\'s cookie (unset: none)',
    minLength: 16,
    pattern: '^[\\x21-\\x7e]+$',
    description: 'a secret of at least 16 printable ASCII characters, without spaces'
  })),
  REFERENCE_DATA: Type.Optional(Type.String({
    title: 'a JSON file of reference data (rewards, tiers, brands) per account, loaded at start (unset: none)',
    minLength: 1,
    description: 'the path of a JSON file: an object of API keys or bearer tokens ("*": every account) to { "rewards", "tiers", "brands" }'
  })),
  MAX_REFERENCE_BYTES: Int('what the reference data of every account may take together (the file included); past it PUT /__admin/reference is refused',
    1024, 1024 * MiB, 64 * MiB, 'an integer from 1024 to 1073741824 (bytes)'),
  MAX_EVENT_SUBSCRIBERS: Int('event-stream subscribers at once (GET /__admin/events); past it a new one is refused', 1, 10_000, 100, 'an integer from 1 to 10000'),
  RATE_LIMIT: Type.Union([Type.Literal('off'), Type.Literal('masivo-dev'), Type.Literal('masivo-prod'), Type.Literal('masivo')], {
    title: "Masivo's rate limits, as a Dev or a Prod account has them",
    default: 'off',
    description: 'off, masivo-dev (1,000 requests a day on every endpoint; on migrate endpoints 250 an hour), masivo-prod (migrate endpoints: 1,000 an hour) or masivo (the same as masivo-dev)'
  }),
  RATE_LIMIT_MAX: Type.Optional(Type.Integer({ title: 'a custom rate limit: requests per window per account', minimum: 1, maximum: 1_000_000, description: 'an integer from 1 to 1000000 (requests per window)' })),
  RATE_LIMIT_WINDOW_MS: Int("the custom rate limit's window", 1, 86_400_000, 1000, 'an integer from 1 to 86400000 (milliseconds)')
}, { additionalProperties: false })

export type Config = Static<typeof ConfigSchema>
