/** Rules on the body's structure: __proto__ and constructor keys refused anywhere, nesting at most 64 levels deep. */
import t from 'tap'
import { build, migrate } from '../helper.js'
import { minimalCustomer } from '../fixtures.js'

t.test('400 for __proto__ and constructor keys, wherever they are', async (t) => {
  const { app } = await build(t)
  const cases: [string, string, string][] = [
    ['{"customers": [], "__proto__": {"admin": true}}', '__proto__', '/__proto__'],
    [`{"customers": [${JSON.stringify(minimalCustomer(0)).slice(0, -1)}, "metadata": {"constructor": {"prototype": {}}}}]}`, 'constructor', '/customers/0/metadata/constructor'],
    [`{"customers": [${JSON.stringify(minimalCustomer(0)).slice(0, -1)}, "tags": {"\\u005f_proto__": 1}}]}`, '__proto__', '/customers/0/tags/__proto__'],
    [`{"customers": [${JSON.stringify(minimalCustomer(0)).slice(0, -1)}, "__proto__": {}}]}`, '__proto__', '/customers/0/__proto__'],
    [`{"customers": [${JSON.stringify(minimalCustomer(0)).slice(0, -1)}, "metadata": {"list": [{"a": {"constructor": 1}}]}}]}`, 'constructor', '/customers/0/metadata/list/0/a/constructor']
  ]
  for (const [payload, key, path] of cases) {
    const response = await migrate(app, payload)
    t.equal(response.statusCode, 400)
    t.same(response.json(), { error: 'Bad Request', details: `The body has a "${key}" key at ${path}; "__proto__" and "constructor" keys are refused.`, code: 'MOCK_ERR_BODY_FORBIDDEN_KEY' })
  }
  const harmless = await migrate(app, { customers: [{ ...minimalCustomer(0), metadata: { note: 'the constructor of __proto__ \u00e9' } }] })
  t.equal(harmless.statusCode, 202, 'the words in a value are fine')
})

t.test('under ALLOW_UNKNOWN_FIELDS the keys are refused everywhere too', async (t) => {
  const { app } = await build(t, { ALLOW_UNKNOWN_FIELDS: 'true' })
  const payload = '{"customers": [{"id": "1", "name": "A", "email": "a@example.com", "registration_date": "2023-11-07T05:31:56Z", "metrics": {"lifetime": {"from": "2024-01-01T00:00:00Z", "to": "2024-01-02T00:00:00Z", "constructor": {"prototype": {}}}}}]}'
  const response = await migrate(app, payload)
  t.equal(response.statusCode, 400)
  t.match(response.json().details, '"constructor" key at /customers/0/metrics/lifetime/constructor')
})

t.test('found where the schema did not look: inside unknown fields and values of the wrong type, and at the top', async (t) => {
  const { app } = await build(t)
  const valid = JSON.stringify(minimalCustomer(0))
  const cases: [string, string, string][] = [
    ['[{"constructor":1}]', 'constructor', '/0/constructor'],
    ['{"customers":{"constructor":1}}', 'constructor', '/customers/constructor'],
    [`{"a":{"__proto__":1},"customers":[${valid}]}`, '__proto__', '/a/__proto__'],
    [`{"customers":[${valid.slice(0, -1)},"name":{"x":[{"__proto__":{}}]}}]}`, '__proto__', '/customers/0/name/x/0/__proto__']
  ]
  for (const [payload, key, path] of cases) {
    const response = await migrate(app, payload)
    t.equal(response.statusCode, 400, payload)
    t.match(response.json(), { code: 'MOCK_ERR_BODY_FORBIDDEN_KEY', details: `The body has a "${key}" key at ${path};` }, payload)
  }
})

t.test('a body nested deeper than 64 levels is refused with a maxDepth violation (tags, metadata, anywhere)', async (t) => {
  const { app } = await build(t)
  const nest = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`
  const customerWith = (field: string, value: string) => `{"customers":[${JSON.stringify(minimalCustomer(0)).slice(0, -1)},"${field}":${value}}]}`
  const deepest = await migrate(app, customerWith('metadata', nest(61))) // the body is level 1, metadata level 4, its last object 64
  t.equal(deepest.statusCode, 202, '64 levels are fine')
  for (const levels of [62, 10_000, 1_000_000]) {
    const response = await migrate(app, customerWith('metadata', nest(levels)))
    t.equal(response.statusCode, 400, `${levels} levels`)
    t.same(response.json().violations, [{ path: `/customers/0/metadata${'/a'.repeat(61)}`, rule: 'maxDepth', message: 'nests deeper than 64 levels' }])
  }
  const arrays = await migrate(app, customerWith('tags', `{"t":${'['.repeat(100)}${']'.repeat(100)}}`))
  t.match(arrays.json().violations, [{ rule: 'maxDepth', path: /^\/customers\/0\/tags\/t(\/0)+$/ }])
  t.match((await migrate(app, `${'['.repeat(100_000)}${']'.repeat(100_000)}`)).json().violations, [{ path: '', rule: 'type' }, { rule: 'maxDepth' }], 'at the top too')
  t.equal((await app.inject({ url: '/__admin/customers' })).statusCode, 200, 'what was stored still reads back')
  t.equal((await app.inject({ url: `/__admin/batches/${deepest.json().batch_id}` })).statusCode, 200)
})
