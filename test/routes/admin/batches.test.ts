/** GET /__admin/batches and /__admin/batches/:id. */
import t from 'tap'
import { admin, build, migrate } from '../../helper.js'
import { batchOf, minimalCustomer } from '../../fixtures.js'
import { fingerprint } from '../../../src/access/authentication.js'

t.test('lists accepted batches newest first, as summaries', async (t) => {
  const { app } = await build(t)
  const first = (await migrate(app, batchOf(2, minimalCustomer, 0))).json()
  await migrate(app, 'rejected: not JSON')
  const second = (await migrate(app, batchOf(1, minimalCustomer, 10), { token: 'other' })).json()
  const { status, body } = await admin(app, '/__admin/batches')
  t.equal(status, 200)
  t.equal(body.total, 2)
  t.same(body.batches.map((b: { id: string }) => b.id), [second.batch_id, first.batch_id])
  t.match(body.batches[1], { id: first.batch_id, received_at: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/, account: fingerprint('test-token'), count: 2, customer_ids: ['cust-000000', 'cust-000001'] })
  t.equal(body.batches[0].account, fingerprint('other'))
  t.notOk('timed_out' in body, 'no timed_out unless asked to wait')
})

t.test('filters by account and customer id; pages with limit and offset', async (t) => {
  const { app } = await build(t)
  const ids: string[] = []
  for (let k = 0; k < 5; k++) ids.push((await migrate(app, batchOf(1, minimalCustomer, k % 2), { token: k < 3 ? 'a' : 'b' })).json().batch_id)
  const byAccount = (await admin(app, `/__admin/batches?account=${fingerprint('b')}`)).body
  t.same(byAccount.batches.map((b: { id: string }) => b.id), [ids[4], ids[3]])
  const byCustomer = (await admin(app, '/__admin/batches?customer_id=cust-000001')).body
  t.same(byCustomer.batches.map((b: { id: string }) => b.id), [ids[3], ids[1]])
  const page = (await admin(app, '/__admin/batches?limit=2&offset=1')).body
  t.equal(page.total, 5)
  t.same(page.batches.map((b: { id: string }) => b.id), [ids[3], ids[2]])
})

t.test('bad query values are a 400 with one violation each, in words', async (t) => {
  const { app } = await build(t)
  const cases: [string, string, string][] = [
    ['limit=0', '/limit', 'must be 1 or more'],
    ['limit=many', '/limit', 'must be an integer'],
    ['limit=100000', '/limit', 'must be 10000 or less'],
    ['limit=1e400', '/limit', 'must be an integer'],
    ['limit=Infinity', '/limit', 'must be an integer'],
    ['limit=1.5', '/limit', 'must be an integer'],
    ['limit=1&limit=2', '/limit', 'must be an integer'],
    ['offset=-1', '/offset', 'must be 0 or more'],
    ['offset=1e400', '/offset', 'must be an integer'],
    ['wait_ms=40000', '/wait_ms', 'must be 30000 or less'],
    ['colour=blue', '/colour', 'is not a query parameter of this endpoint']
  ]
  for (const [query, path, message] of cases) {
    const { status, body } = await admin(app, `/__admin/batches?${query}`)
    t.equal(status, 400, query)
    t.match(body, { error: 'Bad Request', code: 'MOCK_ERR_VIOLATIONS', violations: [{ path, message }] }, query)
    t.equal(body.violations.length, 1, query)
  }
})

t.test('every admin route refuses parameters it does not take', async (t) => {
  const { app } = await build(t)
  const { batch_id: id } = (await migrate(app)).json()
  for (const url of [`/__admin/batches/${id}`, `/__admin/batches/${id}/body`, '/__admin/customers/cust-000000', '/__admin/stats', '/__admin/faults', '/__admin/requests/x']) {
    const { status, body } = await admin(app, `${url}?colour=blue`)
    t.equal(status, 400, url)
    t.same(body.violations, [{ path: '/colour', rule: 'unknownField', message: 'is not a query parameter of this endpoint' }], url)
  }
})

t.test('an id of any length is looked up: a long unknown one is a 404 in the error shape', async (t) => {
  const { app } = await build(t)
  const id = 'b'.repeat(8192)
  for (const url of [`/__admin/batches/${id}`, `/__admin/customers/${id}`]) {
    const { status, body } = await admin(app, url)
    t.equal(status, 404, url.slice(0, 20))
    t.match(body.details, /^No (batch|customer) b{64}… here/)
  }
})

t.test('one batch: its customers exactly as sent and what became of each', async (t) => {
  const { app } = await build(t)
  const sent = { customers: [minimalCustomer(0), { ...minimalCustomer(1), tags: { vip: true, nested: { a: [1, null] } } }] }
  const { batch_id: id } = (await migrate(app, sent)).json()
  const { status, body } = await admin(app, `/__admin/batches/${id}`)
  t.equal(status, 200)
  t.same(body.customers, sent.customers)
  t.same(body.results, [{ customer_id: 'cust-000000', outcome: 'created' }, { customer_id: 'cust-000001', outcome: 'created' }])
  t.match(body, { id, count: 2, customer_ids: ['cust-000000', 'cust-000001'] })
})

t.test('the body of a batch, as received', async (t) => {
  const { app } = await build(t)
  const text = `{ "customers" : [ ${JSON.stringify(minimalCustomer(0))} ] }`
  const { batch_id: id } = (await migrate(app, text)).json()
  const response = await app.inject({ url: `/__admin/batches/${id}/body` })
  t.equal(response.statusCode, 200)
  t.match(response.headers['content-type'], /^application\/json/)
  t.equal(response.body, text, 'whitespace and key order as sent')
})

t.test('an unknown batch is a 404 in the error shape', async (t) => {
  const { app } = await build(t)
  for (const url of ['/__admin/batches/nope', '/__admin/batches/nope/body']) {
    const { status, body } = await admin(app, url)
    t.equal(status, 404)
    t.match(body, { error: 'Not Found', details: /^No batch nope here/ })
  }
})
