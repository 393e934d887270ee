/**
 * The configuration, validated by schemas/config.ts, from any of its three spellings: environment
 * variables (`MAX_BATCH_SIZE=500`), command-line flags (`--max-batch-size 500`, src/cli.ts) and
 * startMock's options (`{ maxBatchSize: 500 }`, src/start-mock.ts). One check, one set of messages; each
 * message names the setting as the user spelled it.
 */
import { closest, distance } from 'fastest-levenshtein'
import { Value } from '@sinclair/typebox/value'
import { ConfigSchema, LIST_SETTINGS, type Config } from '../schemas/config.js'

export type { Config }

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** A configuration variable's name, e.g. 'MAX_BATCH_SIZE'. */
export type Setting = keyof Config

export const SETTINGS = Object.keys(ConfigSchema.properties) as Setting[]

/** Never echoed in an error message: the message goes to the log. */
const SECRET_SETTINGS: ReadonlySet<string> = new Set(['AUTH_TOKENS', 'API_KEYS', 'JWT_SECRET', 'ADMIN_TOKEN'])

type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Lowercase<Head>}${Capitalize<CamelCase<Tail>>}` : Lowercase<S>

/** 'MAX_BATCH_SIZE' → 'maxBatchSize' */
export const optionName = (setting: Setting): string =>
  setting.toLowerCase().replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase())

/** 'MAX_BATCH_SIZE' → '--max-batch-size' */
export const flagName = (setting: Setting): string => `--${setting.toLowerCase().replaceAll('_', '-')}`

/**
 * startMock's options: every configuration variable in camelCase (`MAX_BATCH_SIZE` is `maxBatchSize`),
 * with the lists (`authTokens`, `apiKeys`) as arrays. docs/configuration.md says what each does.
 */
export type ConfigOptions = {
  [S in Setting as CamelCase<S>]?: S extends (typeof LIST_SETTINGS)[number] ? string[] : Config[S]
}

/** Integers and booleans from their exact text ("8080", "true"); anything else is left for the check. */
const fromText = (setting: Setting, text: string): unknown => {
  const { type } = ConfigSchema.properties[setting] as { type?: string }
  if (type === 'integer' && /^-?\d+$/.test(text)) return Number(text)
  if (type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true'
  return text
}

/** How the user spelled a setting and its value, for the error message. */
interface Given { name: string, value: unknown }

/** Defaults filled in, then checked against the schema; throws a ConfigError naming the first bad setting. */
const check = (values: Partial<Record<Setting, unknown>>, given: Partial<Record<Setting, Given>>, what: string): Config => {
  const candidate = Value.Default(ConfigSchema, values)
  const error = Value.Errors(ConfigSchema, candidate).First()
  if (error !== undefined) {
    const setting = error.path.split('/')[1] as Setting
    const { name, value } = given[setting] ?? { name: setting, value: undefined }
    const expects = ConfigSchema.properties[setting].description
    const shown = SECRET_SETTINGS.has(setting) ? '(not shown)' : JSON.stringify(value)
    throw new ConfigError(`Invalid ${what}: ${name}=${shown}; ${name} expects ${expects}.`)
  }
  const config = candidate as Config
  if (config.RATE_LIMIT !== 'off' && config.RATE_LIMIT_MAX !== undefined) {
    const names = (['RATE_LIMIT', 'RATE_LIMIT_MAX'] as const).map((setting) => given[setting]?.name ?? setting)
    throw new ConfigError(`Invalid ${what}: ${names[0]}=${config.RATE_LIMIT} and ${names[1]} are both set; set one of them.`)
  }
  return config
}

/**
 * The configuration from environment-style text (`env`), with `flags` (settings given on the command
 * line, by variable) taking precedence. Unset or empty values take their defaults; numbers and booleans
 * are read from their text.
 */
export const loadConfig = (env: Record<string, string | undefined>, flags: Partial<Record<Setting, string>> = {}): Config => {
  const values: Partial<Record<Setting, unknown>> = {}
  const given: Partial<Record<Setting, Given>> = {}
  for (const setting of SETTINGS) {
    const flag = flags[setting]
    const text = flag ?? env[setting]
    if (text === undefined || text === '') continue
    values[setting] = fromText(setting, text)
    given[setting] = { name: flag === undefined ? setting : flagName(setting), value: text }
  }
  return check(values, given, 'configuration')
}

/**
 * A list option as its variable's comma-separated text, so the same check catches an item with a space;
 * anything but an array of strings without commas becomes ',', which the check refuses.
 */
const listText = (value: unknown): string =>
  Array.isArray(value) && value.every((item) => typeof item === 'string' && !item.includes(',')) ? value.join(',') : ','

/** An option given as undefined is unset: it leaves a default in place. */
const definedOnly = (options: ConfigOptions) => Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined))

const OPTION_SETTINGS = new Map(SETTINGS.map((setting) => [optionName(setting), setting]))

/**
 * The configuration from startMock's options, over `defaults` (options by the same names). An unknown
 * option is refused with the closest known name.
 */
export const configFromOptions = (options: ConfigOptions, defaults: ConfigOptions = {}): Config => {
  const values: Partial<Record<Setting, unknown>> = {}
  const given: Partial<Record<Setting, Given>> = {}
  for (const [name, value] of Object.entries({ ...definedOnly(defaults), ...definedOnly(options) })) {
    const setting = OPTION_SETTINGS.get(name)
    if (setting === undefined) {
      const known = [...OPTION_SETTINGS.keys()]
      const suggestion = closest(name, known)
      const hint = distance(name, suggestion) <= 3 ? `; did you mean '${suggestion}'?` : ''
      throw new ConfigError(`Invalid option: '${name}' is not an option${hint}`)
    }
    given[setting] = { name, value }
    values[setting] = (LIST_SETTINGS as readonly string[]).includes(setting) ? listText(value) : value
  }
  return check(values, given, 'option')
}

/** A comma-separated list variable as a set, or undefined when unset (anything is accepted). */
export const listOf = (value: string | undefined): ReadonlySet<string> | undefined =>
  value === undefined ? undefined : new Set(value.split(','))
