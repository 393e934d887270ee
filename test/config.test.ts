/** The configuration: read from environment variables, checked, and documented in the README. */
import t from 'tap'
import { readFileSync } from 'node:fs'
import { ConfigSchema } from '../schemas/config.js'
import { ConfigError, loadConfig } from '../src/config.js'

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
    [{ RATE_LIMIT: 'strict' }, /RATE_LIMIT expects off or masivo/],
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

t.test('the README\'s configuration table lists every variable the schema defines, and no other', async (t) => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
  const table = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('## Where the mock chooses'))
  const documented = [...table.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1])
  t.same(documented.sort(), Object.keys(ConfigSchema.properties).sort())
})
