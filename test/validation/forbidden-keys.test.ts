/** `__proto__` and `constructor` keys are refused anywhere in a migrate body. */
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
