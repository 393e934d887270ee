/** Reads the configuration from environment variables, validated by schemas/config.ts. */
import { Value } from '@sinclair/typebox/value'
import { ConfigSchema, type Config } from '../schemas/config.js'

export type { Config }

export class ConfigError extends Error {
  override name = 'ConfigError'
}

const VARIABLES = Object.keys(ConfigSchema.properties) as (keyof Config)[]

/** Never echoed in an error message: the message goes to the log. */
const SECRET_VARIABLES: ReadonlySet<string> = new Set(['AUTH_TOKENS', 'API_KEYS', 'JWT_SECRET'])

/** Integers and booleans from their exact text ("8080", "true"); anything else is left for the check. */
const fromText = (name: keyof Config, text: string): unknown => {
  const { type } = ConfigSchema.properties[name] as { type?: string }
  if (type === 'integer' && /^-?\d+$/.test(text)) return Number(text)
  if (type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true'
  return text
}

/**
 * The configuration from `env`: unset or empty variables take their defaults, numbers and booleans are
 * read from their text. Throws a ConfigError naming the first bad variable and what it expects.
 */
export const loadConfig = (env: Record<string, string | undefined>): Config => {
  const raw: Record<string, string> = {}
  const values: Record<string, unknown> = {}
  for (const name of VARIABLES) {
    const text = env[name]
    if (text === undefined || text === '') continue
    raw[name] = text
    values[name] = fromText(name, text)
  }
  const candidate = Value.Default(ConfigSchema, values)
  const error = Value.Errors(ConfigSchema, candidate).First()
  if (error !== undefined) {
    const name = error.path.split('/')[1] as keyof Config
    const expects = ConfigSchema.properties[name].description
    const value = SECRET_VARIABLES.has(name) ? '(not shown)' : JSON.stringify(raw[name])
    throw new ConfigError(`Invalid configuration: ${name}=${value}; ${name} expects ${expects}.`)
  }
  const config = candidate as Config
  if (config.RATE_LIMIT === 'masivo' && config.RATE_LIMIT_MAX !== undefined) {
    throw new ConfigError('Invalid configuration: RATE_LIMIT=masivo and RATE_LIMIT_MAX are both set; set one of them.')
  }
  return config
}

/** A comma-separated list variable as a set, or undefined when unset (anything is accepted). */
export const listOf = (value: string | undefined): ReadonlySet<string> | undefined =>
  value === undefined ? undefined : new Set(value.split(','))
