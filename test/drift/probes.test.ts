/** drift's probes: derived from the schemas, every member reached, each refused by the mock for the rule it names. */
import t from 'tap'
import { readFileSync } from 'node:fs'
import { BATCH_KINDS } from '../../schemas/migrate.js'
import { loadConfig } from '../../src/config.js'
import { BASE_ENTRIES } from '../../src/drift/base-entries.js'
import { bodySchemaOf, FAMILIES, membersNotProbed, planProbes, type Probe } from '../../src/drift/probes.js'
import { build, TOKEN } from '../helper.js'

const config = loadConfig({})
const probes = planProbes(config, { prefix: 'drift-test-', apiKey: true, allowWrites: true })

t.test('the base entries hold every member the schemas define, so every member is probed', async (t) => {
  for (const kind of BATCH_KINDS) {
    t.same(membersNotProbed(bodySchemaOf(kind, 1000), { customers: [BASE_ENTRIES[kind]('x')] }), [], kind)
  }
})

t.test('probes have unique ids, stable across runs (what --resume skips)', async (t) => {
  t.equal(new Set(probes.map((probe) => probe.id)).size, probes.length)
  const again = planProbes(config, { prefix: 'drift-other-', apiKey: true, allowWrites: true })
  t.same(again.map((probe) => probe.id), probes.map((probe) => probe.id))
})

t.test('the guide\'s table gives each family\'s count, and its totals', async (t) => {
  const page = readFileSync(new URL('../../docs/drift.md', import.meta.url), 'utf8')
  const table = Object.fromEntries([...page.matchAll(/^\| `(\w+)` \| (\d+)/gm)].map((m) => [m[1]!, Number(m[2])]))
  for (const family of FAMILIES) t.equal(table[family], probes.filter((probe) => probe.family === family).length - (family === 'token' ? 2 : 0), family)
  const plain = planProbes(config, { prefix: 'p-', apiKey: false, allowWrites: false })
  t.match(page, `${plain.length} probes with the default settings (${plain.filter((p) => p.method === 'POST').length} of them to the migrate endpoints; ${probes.length} and ${probes.filter((p) => p.method === 'POST').length}`)
})

t.test('per family, as the closing note reports them', async (t) => {
  const byFamily = Object.fromEntries(FAMILIES.map((family) => [family, probes.filter((probe) => probe.family === family).length]))
  t.comment(JSON.stringify(byFamily))
  t.match(byFamily, { batch: 10, limits: 3, media: 5, auth: 5, token: 3, read: 3, writes: 5 })
  t.ok(byFamily.schema! > 400, `${byFamily.schema} schema probes`)
  for (const kind of BATCH_KINDS) t.ok(probes.some((probe) => probe.family === 'schema' && probe.id.startsWith(kind)), `${kind}: schema probes`)
  const withoutKeys = planProbes(config, { prefix: 'p-', apiKey: false, allowWrites: false })
  t.equal(withoutKeys.filter((probe) => probe.family === 'token').length, 1, 'without an API key, only the missing-key case')
  t.equal(withoutKeys.filter((probe) => probe.family === 'writes').length, 0, 'no write without --allow-writes')
})

t.test('the mock refuses every probe but the writes, each for the rule it names, and nothing else', async (t) => {
  const { app } = await build(t)
  const ask = (probe: Probe) => {
    const headers: Record<string, string> = {}
    if (probe.contentType !== undefined) headers['content-type'] = probe.contentType
    if (probe.credential === 'bearer') headers.authorization = `Bearer ${TOKEN}`
    else if (probe.credential === 'apiKey') headers['x-api-key'] = 'key'
    else if (probe.credential !== 'none') headers.authorization = probe.credential.authorization
    return app.inject({ method: probe.method, url: probe.path, headers, ...(probe.body === undefined ? {} : { payload: probe.body }) })
  }
  const CODES: Record<string, string> = {
    authMissing: 'MOCK_ERR_AUTH_MISSING',
    authScheme: 'MOCK_ERR_AUTH_SCHEME',
    authEmpty: 'MOCK_ERR_AUTH_EMPTY',
    authMalformed: 'MOCK_ERR_AUTH_MALFORMED',
    tokenInvalid: 'MOCK_ERR_TOKEN_INVALID',
    mediaType: 'MOCK_ERR_MEDIA_TYPE',
    notJson: 'MOCK_ERR_BODY_NOT_JSON',
    emptyBody: 'MOCK_ERR_BODY_EMPTY',
    notUtf8: 'MOCK_ERR_BODY_NOT_UTF8',
    bodyLimit: 'MOCK_ERR_BODY_TOO_LARGE',
    forbiddenKey: 'MOCK_ERR_BODY_FORBIDDEN_KEY',
    loneSurrogate: 'MOCK_ERR_BODY_LONE_SURROGATE',
    customerNotFound: 'MOCK_ERR_STOREFRONT_CUSTOMER_NOT_FOUND',
    apiKeyMissing: 'MOCK_ERR_API_KEY_MISSING'
  }
  const wrong: string[] = []
  for (const probe of probes.filter((p) => p.family !== 'writes' && p.family !== 'token')) {
    const response = await ask(probe)
    const body = response.json()
    const ok = response.statusCode >= 400 && (CODES[probe.rule] !== undefined
      ? body.code === CODES[probe.rule]
      : body.violations?.length >= 1 && body.violations.every((v: { rule: string }) => v.rule === probe.rule) && (probe.family !== 'schema' || body.violations.length === 1))
    if (!ok) wrong.push(`${probe.id}: ${response.statusCode} ${response.body.slice(0, 200)}`)
  }
  t.same(wrong, [], 'each refused for its own rule alone')
  for (const probe of probes.filter((p) => p.family === 'token')) {
    t.equal((await ask(probe)).statusCode, probe.rule === 'tokenFlow' ? 200 : 401, probe.id)
  }
})
