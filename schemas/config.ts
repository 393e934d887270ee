/**
 * The mock's configuration, read from environment variables and validated at start (src/config.ts).
 * Each `description` completes the sentence "<VARIABLE> expects ..." in the start-up error.
 */
import { Type, type Static } from '@sinclair/typebox'
import { MASIVO_MAX_BATCH_SIZE } from './migrate.js'

const Int = (min: number, max: number, defaultValue: number, description: string) =>
  Type.Integer({ minimum: min, maximum: max, default: defaultValue, description })

const MiB = 1024 * 1024

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

export const ConfigSchema = Type.Object({
  PORT: Int(0, 65535, 8080, 'an integer from 0 to 65535 (0 picks a free port)'),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1', description: 'an address to listen on, e.g. 127.0.0.1 or 0.0.0.0' }),
  LOG_LEVEL: Type.Union(LOG_LEVELS.map((level) => Type.Literal(level)), {
    default: 'info',
    description: `one of ${LOG_LEVELS.join(', ')}`
  }),
  AUTH_TOKENS: Type.Optional(Type.String({
    pattern: '^[^\\s,]+(,[^\\s,]+)*$',
    description: 'a comma-separated list of bearer tokens without spaces, e.g. token-a,token-b'
  })),
  MAX_BATCH_SIZE: Int(1, 100_000, MASIVO_MAX_BATCH_SIZE, 'an integer from 1 to 100000 (customers per batch)'),
  BODY_LIMIT_BYTES: Int(1024, 1024 * MiB, 16 * MiB, 'an integer from 1024 to 1073741824 (bytes)'),
  ALLOW_UNKNOWN_FIELDS: Type.Boolean({ default: false, description: 'true or false' }),
  MAX_STORED_CUSTOMERS: Int(1, 100_000_000, 200_000, 'an integer from 1 to 100000000'),
  MAX_JOURNAL_ENTRIES: Int(1, 10_000_000, 10_000, 'an integer from 1 to 10000000'),
  MAX_JOURNAL_BYTES: Int(MiB, 16 * 1024 * MiB, 64 * MiB, 'an integer from 1048576 to 17179869184 (bytes)'),
  API_KEYS: Type.Optional(Type.String({
    pattern: '^[^\\s,]+(,[^\\s,]+)*$',
    description: 'a comma-separated list of API keys without spaces, e.g. key-a,key-b'
  })),
  JWT_SECRET: Type.Optional(Type.String({ minLength: 16, description: 'a secret of at least 16 characters' })),
  TOKEN_TTL_SECONDS: Int(1, 31_536_000, 3600, 'an integer from 1 to 31536000 (seconds)'),
  RESPONSE_DELAY_MS: Int(0, 600_000, 0, 'an integer from 0 to 600000 (milliseconds)'),
  REQUEST_TIMEOUT_MS: Int(100, 3_600_000, 30_000, 'an integer from 100 to 3600000 (milliseconds)'),
  SHUTDOWN_GRACE_MS: Int(0, 600_000, 5000, 'an integer from 0 to 600000 (milliseconds)'),
  RATE_LIMIT: Type.Union([Type.Literal('off'), Type.Literal('masivo')], {
    default: 'off',
    description: "off or masivo (Masivo's limit for migration endpoints: 1 request per 5 s and 250 per hour)"
  }),
  RATE_LIMIT_MAX: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'an integer from 1 to 1000000 (requests per window)' })),
  RATE_LIMIT_WINDOW_MS: Int(1, 86_400_000, 1000, 'an integer from 1 to 86400000 (milliseconds)')
}, { additionalProperties: false })

export type Config = Static<typeof ConfigSchema>
