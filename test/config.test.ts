/** The configuration: from environment variables, flags or options, checked, and documented in docs/configuration.md. */
import t from 'tap'
import { readFileSync } from 'node:fs'
import { ConfigSchema } from '../schemas/config.js'
import { ConfigError, configFromOptions, flagName, loadConfig, optionName, SETTINGS, type ConfigOptions } from '../src/config.js'

t.test('defaults when nothing is set', async (t) => {
  t.match(loadConfig({}), {
    PORT: 8080,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    MAX_BATCH_SIZE: 1000,
    BODY_LIMIT_BYTES: 16 * 1024 * 1024,
    ALLOW_UNKNOWN_FIELDS: false,
    MAX_STORED_CUSTOMERS: 200_000,
    MAX_JOURNAL_ENTRIES: 10_000,
    TOKEN_TTL_SECONDS: 3600,
    RESPONSE_DELAY_MS: 0,
    RATE_LIMIT: 'off'
  })
  t.equal(loadConfig({}).AUTH_TOKENS, undefined)
})

t.test('values are converted from their text; empty means unset', async (t) => {
  const config = loadConfig({ PORT: '9090', ALLOW_UNKNOWN_FIELDS: 'true', MAX_BATCH_SIZE: '', AUTH_TOKENS: 'a,b', UNRELATED: 'x' })
  t.equal(config.PORT, 9090)
  t.equal(config.ALLOW_UNKNOWN_FIELDS, true)
  t.equal(config.MAX_BATCH_SIZE, 1000)
  t.equal(config.AUTH_TOKENS, 'a,b')
  t.notOk('UNRELATED' in config)
})

t.test('a bad value names the variable and what it expects, in one line', async (t) => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ PORT: 'eighty' }, /^Invalid configuration: PORT="eighty"; PORT expects an integer from 0 to 65535/],
    [{ PORT: '70000' }, /PORT="70000"/],
    [{ MAX_BATCH_SIZE: '1.5' }, /MAX_BATCH_SIZE="1.5"; MAX_BATCH_SIZE expects an integer from 1 to 100000/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL expects one of fatal, error, warn, info, debug, trace, silent/],
    [{ ALLOW_UNKNOWN_FIELDS: 'yes' }, /ALLOW_UNKNOWN_FIELDS expects true or false/],
    [{ BODY_LIMIT_BYTES: '10' }, /BODY_LIMIT_BYTES expects an integer from 1024/],
    [{ RATE_LIMIT: 'strict' }, /RATE_LIMIT expects off, masivo-dev \(1,000 requests a day on every endpoint; on migrate endpoints 250 an hour\), masivo-prod/],
    [{ RATE_LIMIT: 'masivo', RATE_LIMIT_MAX: '3' }, /RATE_LIMIT=masivo and RATE_LIMIT_MAX are both set/]
  ]
  for (const [env, message] of cases) {
    const err = t.throws(() => loadConfig(env)) as Error
    t.type(err, ConfigError)
    t.match(err.message, message)
    t.notMatch(err.message, /\n/, 'one line')
  }
})

t.test('secrets are never echoed in the error', async (t) => {
  for (const [name, value] of [['AUTH_TOKENS', 'secret one'], ['API_KEYS', 'key with space'], ['JWT_SECRET', 'short']]) {
    const err = t.throws(() => loadConfig({ [name!]: value! })) as Error
    t.match(err.message, `${name}=(not shown)`)
    t.notMatch(err.message, value!)
  }
})

t.test('the configuration guide lists every variable the schema defines, and no other, each with its default', async (t) => {
  const table = readFileSync(new URL('../docs/configuration.md', import.meta.url), 'utf8')
  const rows = [...table.matchAll(/^\| `([A-Z_]+)` \| ([^|]+) \|/gm)].map((m) => [m[1]!, m[2]!.trim()] as const)
  t.same(rows.map(([name]) => name).sort(), Object.keys(ConfigSchema.properties).sort())
  for (const [name, shown] of rows) {
    const { default: value } = (ConfigSchema.properties as Record<string, { default?: unknown }>)[name]!
    t.equal(shown, value === undefined ? 'unset' : `\`${String(value)}\``, `${name}: the schema's default`)
  }
})

t.test("startMock's options: the variables in camelCase, checked with the same messages", async (t) => {
  const config = configFromOptions({ maxBatchSize: 5, authTokens: ['a', 'b'], allowUnknownFields: true, rateLimit: 'masivo' })
  t.match(config, { MAX_BATCH_SIZE: 5, AUTH_TOKENS: 'a,b', ALLOW_UNKNOWN_FIELDS: true, RATE_LIMIT: 'masivo', PORT: 8080 })
  t.equal(configFromOptions({}, { port: 0 }).PORT, 0, 'over the defaults given')
  t.equal(configFromOptions({ port: 9 }, { port: 0 }).PORT, 9, 'an option wins over a default given')
  t.equal(configFromOptions({ jwtSecret: undefined }).JWT_SECRET, undefined, 'undefined is unset')
  t.equal(configFromOptions({ port: undefined }, { port: 0 }).PORT, 0, 'and leaves a default given in place')

  const cases: [object, string][] = [
    [{ maxBatchSize: 0 }, 'Invalid option: maxBatchSize=0; maxBatchSize expects an integer from 1 to 100000 (customers per batch).'],
    [{ port: '8080' }, 'Invalid option: port="8080"; port expects an integer from 0 to 65535 (0 picks a free port).'],
    [{ rateLimit: 'masivo', rateLimitMax: 3 }, 'Invalid option: rateLimit=masivo and rateLimitMax are both set; set one of them.'],
    [{ authTokens: ['a b'] }, 'Invalid option: authTokens=(not shown); authTokens expects a list of bearer tokens without spaces or commas (comma-separated in a variable or flag, e.g. token-a,token-b).'],
    [{ apiKeys: ['a,b'] }, 'Invalid option: apiKeys=(not shown); apiKeys expects a list of API keys'],
    [{ apiKeys: 'a' }, 'apiKeys expects a list'],
    [{ authTokens: [] }, 'authTokens expects a list'],
    [{ maxBatchSise: 5 }, "Invalid option: 'maxBatchSise' is not an option; did you mean 'maxBatchSize'?"],
    [{ colour: 'red' }, "Invalid option: 'colour' is not an option"]
  ]
  for (const [options, message] of cases) {
    const err = t.throws(() => configFromOptions(options as ConfigOptions)) as Error
    t.type(err, ConfigError)
    t.match(err.message, message)
  }
  const err = t.throws(() => configFromOptions({ colour: 'red' } as ConfigOptions)) as Error
  t.notMatch(err.message, /did you mean/, 'no suggestion when nothing is close')
})

t.test('flags win over the environment, and errors name the flag', async (t) => {
  t.equal(loadConfig({ PORT: '9000' }, { PORT: '9001' }).PORT, 9001)
  t.equal(loadConfig({ PORT: '9000' }, {}).PORT, 9000)
  t.throws(() => loadConfig({}, { MAX_BATCH_SIZE: 'x' }), { message: 'Invalid configuration: --max-batch-size="x"; --max-batch-size expects an integer from 1 to 100000 (customers per batch).' })
  t.throws(() => loadConfig({ RATE_LIMIT_MAX: '3' }, { RATE_LIMIT: 'masivo' }), { message: 'Invalid configuration: --rate-limit=masivo and RATE_LIMIT_MAX are both set; set one of them.' })
})

t.test('every setting has a name for each spelling', async (t) => {
  t.equal(optionName('RATE_LIMIT_WINDOW_MS'), 'rateLimitWindowMs')
  t.equal(flagName('RATE_LIMIT_WINDOW_MS'), '--rate-limit-window-ms')
  for (const setting of SETTINGS) {
    const schema = ConfigSchema.properties[setting] as { title?: string, description?: string }
    t.ok(schema.title, `${setting} says what it does (--help)`)
    t.ok(schema.description, `${setting} says what it expects (errors)`)
  }
})
