/**
 * What a command line asks for: `masivo-migrate-mock [serve] [flags]`. Every setting is a flag
 * (`--max-batch-size 500`) over its environment variable (`MAX_BATCH_SIZE`). Answers what to print and the
 * exit code (0 for --help and --version; 2 for a usage error, one line; 1 for a bad environment), or the
 * configuration to serve.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { closest } from 'fastest-levenshtein'
import { ConfigSchema } from '../../schemas/config.js'
import { ConfigError, flagName, loadConfig, SETTINGS, type Config, type Setting } from '../config.js'
import { VERSION } from '../version.js'

const NAME = 'masivo-migrate-mock'
const COMMANDS = ['serve'] as const

export type Outcome = { exit: number, stdout?: string, stderr?: string } | { serve: Config }

const isBoolean = (setting: Setting) => (ConfigSchema.properties[setting] as { type?: string }).type === 'boolean'

/** Flag names without their dashes ('max-batch-size'), to the setting each sets. */
const FLAGS = new Map(SETTINGS.map((setting) => [flagName(setting).slice(2), setting]))

const OPTIONS: ParseArgsConfig['options'] = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  ...Object.fromEntries([...FLAGS].map(([flag, setting]) => [flag, { type: isBoolean(setting) ? 'boolean' : 'string' }]))
}

const help = (): string => {
  const rows = SETTINGS.map((setting) => {
    const schema = ConfigSchema.properties[setting] as { title?: string, default?: unknown }
    const flag = `${flagName(setting)}${isBoolean(setting) ? '' : ' <value>'}`
    const defaultValue = schema.default === undefined ? 'unset' : String(schema.default)
    return [flag, `${schema.title} [${setting}; default: ${defaultValue}]`]
  })
  rows.push(['-h, --help', 'print this help'], ['-v, --version', 'print the version'])
  const width = Math.max(...rows.map(([flag]) => flag!.length)) + 2
  return [
    `Usage: ${NAME} [serve] [flags]`,
    '',
    "Serves a test double of Masivo's customer migration API, with inspection under /__admin.",
    'Each flag can also be set by the environment variable named beside it; a flag wins over its variable.',
    '',
    ...rows.map(([flag, text]) => `  ${flag!.padEnd(width)}${text}`),
    ''
  ].join('\n')
}

const usage = (message: string): Outcome => ({ exit: 2, stderr: `${NAME}: ${message} (see ${NAME} --help)\n` })

/** Which message a parseArgs error deserves. */
const parseError = (err: unknown): Outcome => {
  const { code, message } = err as { code?: string, message: string }
  const unknown = /'(-[^']*)'/.exec(message)?.[1]
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown !== undefined) {
    const suggestion = `--${closest(unknown.replace(/^-+/, ''), [...FLAGS.keys(), 'help', 'version'])}`
    return usage(`unknown flag '${unknown}'; did you mean ${suggestion}?`)
  }
  return usage(message.split('\n')[0]!)
}

const configError = (err: unknown, outcome: (message: string) => Outcome): Outcome => {
  if (!(err instanceof ConfigError)) throw err
  return outcome(err.message)
}

export const parseCommandLine = (args: string[], env: Record<string, string | undefined>): Outcome => {
  let parsed
  try {
    parsed = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true })
  } catch (err) {
    return parseError(err)
  }
  const { values, positionals } = parsed
  if (values.help === true) return { exit: 0, stdout: help() }
  if (values.version === true) return { exit: 0, stdout: `${VERSION}\n` }
  const [command = 'serve', ...extra] = positionals
  if (!(COMMANDS as readonly string[]).includes(command)) return usage(`unknown command '${command}'; the commands are ${COMMANDS.join(', ')}`)
  if (extra.length > 0) return usage(`unexpected argument '${extra[0]}'`)

  const flags: Partial<Record<Setting, string>> = {}
  for (const [flag, setting] of FLAGS) {
    const value = values[flag]
    if (value !== undefined) flags[setting] = String(value)
  }
  // a bad flag is a usage error (2); only then is the environment read, whose errors stop the start (1)
  try {
    loadConfig({}, flags)
  } catch (err) {
    return configError(err, usage)
  }
  try {
    return { serve: loadConfig(env, flags) }
  } catch (err) {
    return configError(err, (message) => ({ exit: 1, stderr: `${message}\n` }))
  }
}
