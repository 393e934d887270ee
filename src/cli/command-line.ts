/**
 * What a command line asks for: `masivo-migrate-mock [serve] [flags]`, where every setting is a flag
 * (`--max-batch-size 500`) over its environment variable (`MAX_BATCH_SIZE`), `masivo-migrate-mock exec
 * [flags] -- COMMAND...`, or `masivo-migrate-mock validate [FILE|-] [flags]`. Answers what to print and the
 * exit code (0 for --help and --version; 2 for a usage error, one line; 1 for a bad environment), or the
 * configuration to serve (and the command to run beside it), or the export to check.
 */
import { availableParallelism } from 'node:os'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { closest } from 'fastest-levenshtein'
import { ConfigSchema } from '../../schemas/config.js'
import { BATCH_KINDS, MASIVO_MAX_BATCH_SIZE, type BatchKind } from '../../schemas/migrate.js'
import { ConfigError, flagName, loadConfig, SETTINGS, type Config, type Setting } from '../config.js'
import { MOCK_URL_VARIABLE } from '../runners/mock-url.js'
import type { DriftOptions } from '../drift/run-drift.js'
import type { InputFormat } from '../validate/check-records.js'
import type { ValidateOptions } from '../validate/validate-export.js'
import { VERSION } from '../version.js'

const NAME = 'masivo-migrate-mock'
const COMMANDS = ['serve', 'exec', 'validate', 'drift'] as const

export type Outcome = { exit: number, stdout?: string, stderr?: string } | { serve: Config } | { exec: Config, command: string[] } | { validate: ValidateOptions } | { drift: DriftOptions }

const isBoolean = (setting: Setting) => (ConfigSchema.properties[setting] as { type?: string }).type === 'boolean'

/** Flag names without their dashes ('max-batch-size'), to the setting each sets. */
const FLAGS = new Map(SETTINGS.map((setting) => [flagName(setting).slice(2), setting]))

const OPTIONS: ParseArgsConfig['options'] = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  ...Object.fromEntries([...FLAGS].map(([flag, setting]) => [flag, { type: isBoolean(setting) ? 'boolean' : 'string' }]))
}

/** Flags and what they do, in two aligned columns. */
const flagTable = (rows: string[][]): string[] => {
  const width = Math.max(...rows.map(([flag]) => flag!.length)) + 2
  return rows.map(([flag, text]) => `  ${flag!.padEnd(width)}${text}`)
}

const help = (): string => {
  const rows = SETTINGS.map((setting) => {
    const schema = ConfigSchema.properties[setting] as { title?: string, default?: unknown }
    const flag = `${flagName(setting)}${isBoolean(setting) ? '' : ' <value>'}`
    const defaultValue = schema.default === undefined ? 'unset' : String(schema.default)
    return [flag, `${schema.title} [${setting}; default: ${defaultValue}]`]
  })
  rows.push(['-h, --help', 'print this help'], ['-v, --version', 'print the version'])
  return [
    `Usage: ${NAME} [serve] [flags]`,
    `       ${NAME} exec [flags] -- COMMAND [ARGS...]`,
    `       ${NAME} validate [FILE|-] [flags]   (see ${NAME} validate --help)`,
    `       ${NAME} drift --target URL (--api-key KEY | --token TOKEN) [flags]   (see ${NAME} drift --help)`,
    '',
    "Serves a test double of Masivo's customer migration API, with inspection under /__admin.",
    'Each flag can also be set by the environment variable named beside it; a flag wins over its variable.',
    'exec serves one on a free port (unless --port is given; logging warnings only, unless --log-level is given)',
    `while COMMAND runs, e.g. a test suite, with ${MOCK_URL_VARIABLE} set to its URL; it stops the mock when COMMAND`,
    "ends and exits with COMMAND's exit code.",
    '',
    ...flagTable(rows),
    ''
  ].join('\n')
}

/** A usage error: one line, and where the help is (`validate`'s own for that command). */
const usage = (message: string, command = ''): Outcome => ({ exit: 2, stderr: `${NAME}: ${message} (see ${NAME} ${command === '' ? '' : `${command} `}--help)\n` })

/** Which message a parseArgs error deserves; `flags` are those the command knows. */
const parseError = (err: unknown, flags: string[] = [...FLAGS.keys(), 'help', 'version'], command = ''): Outcome => {
  const { code, message } = err as { code?: string, message: string }
  const unknown = /'(-[^']*)'/.exec(message)?.[1]
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown !== undefined) {
    const suggestion = `--${closest(unknown.replace(/^-+/, ''), flags)}`
    return usage(`unknown flag '${unknown}'; did you mean ${suggestion}?`, command)
  }
  return usage(message.split('\n')[0]!, command)
}

const configError = (err: unknown, outcome: (message: string) => Outcome): Outcome => {
  if (!(err instanceof ConfigError)) throw err
  return outcome(err.message)
}

export const parseCommandLine = (args: string[], env: Record<string, string | undefined>): Outcome => {
  if (args[0] === 'validate') return parseValidate(args.slice(1))
  if (args[0] === 'drift') return parseDrift(args.slice(1), env)
  // exec's COMMAND is everything after `--`, its own flags included
  const end = args.indexOf('--')
  const ownArgs = end === -1 ? args : args.slice(0, end)
  const run = end === -1 ? [] : args.slice(end + 1)
  let parsed
  try {
    parsed = parseArgs({ args: ownArgs, options: OPTIONS, allowPositionals: true, strict: true })
  } catch (err) {
    return parseError(err)
  }
  const { values, positionals } = parsed
  if (values.help === true) return { exit: 0, stdout: help() }
  if (values.version === true) return { exit: 0, stdout: `${VERSION}\n` }
  const [command = 'serve', ...extra] = positionals
  if (!(COMMANDS as readonly string[]).includes(command)) return usage(`unknown command '${command}'; the commands are ${COMMANDS.join(', ')}`)
  if (extra.length > 0) return usage(`unexpected argument '${extra[0]}'${command === 'exec' ? ' (the command to run goes after --)' : ''}`)
  if (command === 'exec' && run.length === 0) return usage('exec needs a command to run after --, e.g. exec -- node --test')
  if (command !== 'exec' && end !== -1) return usage('unexpected argument \'--\'')

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
    // exec's mock takes a free port unless --port names one (PORT in the environment may be the code under
    // test's), and logs only warnings unless told otherwise: the command's output is what the user reads
    return command === 'exec' ? { exec: loadConfig({ LOG_LEVEL: 'warn', ...env, PORT: '0' }, flags), command: run } : { serve: loadConfig(env, flags) }
  } catch (err) {
    return configError(err, (message) => ({ exit: 1, stderr: `${message}\n` }))
  }
}

const VALIDATE_OPTIONS = {
  'format-in': { type: 'string' },
  kind: { type: 'string' },
  report: { type: 'string' },
  'max-violations': { type: 'string' },
  split: { type: 'string' },
  'batch-size': { type: 'string' },
  'body-limit': { type: 'string' },
  customers: { type: 'string' },
  jobs: { type: 'string' },
  help: { type: 'boolean', short: 'h' }
} as const satisfies ParseArgsConfig['options']

const FORMATS: readonly InputFormat[] = ['ndjson', 'array', 'body']

/** `--body-limit`: the mock's setting's range and default, so a batch written fits a mock started as it is. */
const BODY_LIMIT = ConfigSchema.properties.BODY_LIMIT_BYTES as { minimum: number, maximum: number, default: number }

const validateHelp = (): string => {
  const rows = [
    [`--format-in <${FORMATS.join('|')}>`, "the input's format [default: detected from its first bytes]"],
    [`--kind <${BATCH_KINDS.join('|')}>`, 'which endpoint the records are for [default: customers]'],
    ['--report <FILE>', 'write every violation there, one JSON object per line'],
    ['--max-violations <N>', 'stop after N violations'],
    ['--split <DIR>', 'write the valid records as request bodies there (batch-00001.json, ...)'],
    ['--batch-size <N>', `records per written body, 1 to ${MASIVO_MAX_BATCH_SIZE} [default: ${MASIVO_MAX_BATCH_SIZE}]`],
    ['--body-limit <BYTES>', `the largest body: no written body is larger, and a record too large for one alone is a violation [default: the mock's, ${BODY_LIMIT.default}]`],
    ['--customers <FILE>', 'transactions, events: the customers export they follow; each entry is checked as the queue would apply it'],
    ['--jobs <N>', `threads checking records, 1: this one alone [default: the cores, here ${availableParallelism()}]`],
    ['-h, --help', 'print this help']
  ]
  return [
    `Usage: ${NAME} validate [FILE|-] [flags]`,
    '',
    "Checks a whole migration export by the migrate endpoint's contract before anything is sent: every record",
    'by the same schema and rules, and the ids and emails the file repeats. FILE (- or none: standard input) is',
    'NDJSON (one record per line), a JSON array of records, or a body {"customers": [...]}; gzipped if it starts so.',
    'Exit code: 0 clean, 1 violations found, 2 a usage error, an input that cannot be read or an output that',
    'cannot be written, 130 interrupted',
    '(a first SIGINT stops reading and finishes what was read: summary, report, batches).',
    '',
    ...flagTable(rows),
    ''
  ].join('\n')
}

/** A whole number from `min` to `max` given to `flag`, or the usage error saying what it must be. */
const integerFlag = (flag: string, value: string | undefined, min: number, max: number, fallback: number): number | Outcome => {
  if (value === undefined) return fallback
  const number = /^\d+$/.test(value) ? Number(value) : NaN
  return number >= min && number <= max ? number : usage(`${flag} must be a whole number from ${min} to ${max}, not '${value.slice(0, 32)}'`, 'validate')
}

const parseValidate = (args: string[]): Outcome => {
  let parsed
  try {
    parsed = parseArgs({ args, options: VALIDATE_OPTIONS, allowPositionals: true, strict: true })
  } catch (err) {
    return parseError(err, Object.keys(VALIDATE_OPTIONS), 'validate')
  }
  const { values, positionals } = parsed
  if (values.help === true) return { exit: 0, stdout: validateHelp() }
  if (positionals.length > 1) return usage(`validate reads one file, not '${positionals[1]}' too`, 'validate')
  const formatIn = values['format-in']
  if (formatIn !== undefined && !(FORMATS as readonly string[]).includes(formatIn)) return usage(`--format-in must be one of ${FORMATS.join(', ')}, not '${formatIn.slice(0, 32)}'`, 'validate')
  const kind = values.kind ?? 'customers'
  if (!(BATCH_KINDS as readonly string[]).includes(kind)) return usage(`--kind must be one of ${BATCH_KINDS.join(', ')}, not '${kind.slice(0, 32)}'`, 'validate')
  const maxViolations = integerFlag('--max-violations', values['max-violations'], 1, Number.MAX_SAFE_INTEGER, 0)
  const batchSize = integerFlag('--batch-size', values['batch-size'], 1, MASIVO_MAX_BATCH_SIZE, MASIVO_MAX_BATCH_SIZE)
  const bodyLimit = integerFlag('--body-limit', values['body-limit'], BODY_LIMIT.minimum, BODY_LIMIT.maximum, BODY_LIMIT.default)
  const jobs = integerFlag('--jobs', values.jobs, 1, 256, availableParallelism())
  for (const outcome of [maxViolations, batchSize, bodyLimit, jobs]) if (typeof outcome !== 'number') return outcome
  const options: ValidateOptions = { kind: kind as BatchKind, batchSize: batchSize as number, bodyLimit: bodyLimit as number, jobs: jobs as number }
  if (positionals[0] !== undefined) options.input = positionals[0]
  if (formatIn !== undefined) options.formatIn = formatIn as InputFormat
  if (values.report !== undefined) options.report = values.report
  if (values.split !== undefined) options.split = values.split
  if (values.customers !== undefined) {
    if (kind === 'customers') return usage('--customers goes with --kind transactions or events: it names the customers export they are checked against', 'validate')
    options.customers = values.customers
  }
  if (maxViolations !== 0) options.maxViolations = maxViolations as number
  return { validate: options }
}

const DRIFT_OPTIONS = {
  target: { type: 'string' },
  'api-key': { type: 'string' },
  token: { type: 'string' },
  'allow-writes': { type: 'boolean' },
  report: { type: 'string' },
  resume: { type: 'string' },
  ...Object.fromEntries([...FLAGS].map(([flag, setting]) => [flag, { type: isBoolean(setting) ? 'boolean' : 'string' }])),
  help: { type: 'boolean', short: 'h' }
} as const satisfies ParseArgsConfig['options']

/** Where drift finds a credential not given as a flag (a flag shows in the process list). */
const API_KEY_VARIABLE = 'MASIVO_API_KEY'
const TOKEN_VARIABLE = 'MASIVO_TOKEN'

const driftHelp = (): string => [
  `Usage: ${NAME} drift --target URL (--api-key KEY | --token TOKEN) [--allow-writes] [--report FILE | --resume FILE] [setting flags]`,
  '',
  'Measures where the mock and a real Masivo account disagree: sends the same probes to the target and to a',
  'mock built in this process with the same settings (the setting flags and variables of `serve`; its rate limit',
  'left off), compares the answers, and reports each probe. Exit code: 0 all agree, 1 disagreements (or probes',
  'the target did not answer), 2 a usage error, a target that cannot be reached or a credential it refuses,',
  '130 interrupted (--resume the report to send the rest).',
  '',
  'What it sends, to the target only (redirects are not followed), each request once (again after a 429):',
  '  - GET /api/storefront/v1/customers/drift-<run>-unknown, /customers/drift-<run>-unknown/transactions and',
  '    /rewards without from and to (a read of ids no account has); GET /api/storefront/v1/auth/authorize without a',
  '    key and, with --api-key, with it at both token paths (the key is exchanged for the run\'s token first);',
  '  - POST to the three migrate endpoints, each body breaking one rule the mock enforces: every schema keyword',
  '    of every member of the three bodies, each batch rule, five broken Authorization headers (never your',
  '    credential), a wrong or missing Content-Type, bodies that are not JSON or not UTF-8, a body one byte over',
  '    BODY_LIMIT_BYTES (16 MiB by default) and batches one entry over MAX_BATCH_SIZE. The mock answers each',
  '    first, and a probe it would accept is never sent: without --allow-writes nothing is written;',
  '  - with --allow-writes only: one valid customer (id drift-<run>-customer, email drift-<run>-customer@example.com,',
  '    with a balance of one reward), read back once the target\'s queue applied it (polled every 5 s, at most',
  '    10 minutes), its transactions (adding up to that balance) and one event, and its transactions read back.',
  'It paces itself by the target\'s X-RateLimit-Remaining/-Reset and Retry-After, says up front how many',
  'requests it will send and how long they take at the Dev limits, and never prints the credential.',
  '',
  ...flagTable([
    ['--target <URL>', 'the Masivo API to compare with, e.g. https://app.masivo.ai (requests go to its origin and path)'],
    ['--api-key <KEY>', `an API key of the account (or ${API_KEY_VARIABLE}); exchanged for a token at GET ${'/api/storefront/v1/auth/authorize'}`],
    ['--token <TOKEN>', `a bearer token of the account instead (or ${TOKEN_VARIABLE})`],
    ['--allow-writes', 'also migrate one valid customer, its transactions and one event (drift-<run>- ids)'],
    ['--report <FILE>', 'every probe\'s result, one JSON object per line: probe, rule, agree, mock and target answers'],
    ['--resume <FILE>', 'the report of an interrupted run: what it compared is not sent again; the rest is appended'],
    ['-h, --help', 'print this help']
  ]),
  ''
].join('\n')

const parseDrift = (args: string[], env: Record<string, string | undefined>): Outcome => {
  let parsed
  try {
    parsed = parseArgs({ args, options: DRIFT_OPTIONS, allowPositionals: false, strict: true })
  } catch (err) {
    return parseError(err, Object.keys(DRIFT_OPTIONS), 'drift')
  }
  const { values } = parsed
  if (values.help === true) return { exit: 0, stdout: driftHelp() }
  if (values.target === undefined) return usage('drift needs --target URL, the Masivo API to compare with', 'drift')
  let target: URL
  try {
    target = new URL(values.target)
  } catch {
    target = new URL('invalid:')
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return usage(`--target must be an http or https URL, not '${values.target.slice(0, 64)}'`, 'drift')
  const apiKey = values['api-key'] ?? env[API_KEY_VARIABLE]
  const token = values.token ?? env[TOKEN_VARIABLE]
  if ((apiKey === undefined) === (token === undefined)) {
    return usage(`drift needs one credential: --api-key (or ${API_KEY_VARIABLE}) or --token (or ${TOKEN_VARIABLE})`, 'drift')
  }
  if (values.report !== undefined && values.resume !== undefined && values.report !== values.resume) {
    return usage('--resume appends to the report it resumes: give it alone, or the same file to both', 'drift')
  }
  const flags: Partial<Record<Setting, string>> = {}
  for (const [flag, setting] of FLAGS) {
    const value = (values as Record<string, string | boolean | undefined>)[flag]
    if (value !== undefined) flags[setting] = String(value)
  }
  let config: Config
  try {
    config = loadConfig(env, flags)
  } catch (err) {
    return configError(err, (message) => ({ exit: 1, stderr: `${message}\n` }))
  }
  const options: DriftOptions = { target, allowWrites: values['allow-writes'] === true, config }
  if (apiKey !== undefined) options.apiKey = apiKey
  if (token !== undefined) options.token = token
  if (values.resume !== undefined) options.resume = values.resume
  else if (values.report !== undefined) options.report = values.report
  return { drift: options }
}
