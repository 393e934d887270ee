/** GET /__admin/requests: the journal, and why each request was refused. */
import t from 'tap'
import { admin, AUTHORIZE, build, migrate, MIGRATE } from '../../helper.js'
import { minimalCustomer } from '../../fixtures.js'
import { fingerprint } from '../../../src/access/authentication.js'

t.test('every request to the emulated API, accepted or not, newest first', async (t) => {
  const { app } = await build(t)
  const accepted = await migrate(app)
  const invalid = await migrate(app, { customers: [{ ...minimalCustomer(0), email: 'nope' }] })
  await app.inject({ method: 'POST', url: '/api/storefront/v1/customers/migrate', headers: { 'content-type': 'application/json' }, payload: '{}' })
  await app.inject({ url: '/api/storefront/v1/customers' })
  await app.inject({ url: AUTHORIZE, headers: { 'x-api-key': 'k' } })
  await app.inject({ url: '/health' })
  await admin(app, '/__admin/stats')
  const { body } = await admin(app, '/__admin/requests')
  t.equal(body.total, 5, 'not /health, not /__admin')
  const [authorize, notFound, unauthorized, rejected, ok] = body.requests
  t.match(ok, { id: accepted.headers['x-request-id'], method: 'POST', path: '/api/storefront/v1/customers/migrate', status: 202, account: fingerprint('test-token'), batch_id: accepted.json().batch_id, received_at: String })
  t.notOk('error' in ok)
  t.match(rejected, { id: invalid.headers['x-request-id'], status: 400, error: 'Bad Request', details: invalid.json().details, violations: invalid.json().violations })
  t.notOk('batch_id' in rejected)
  t.match(unauthorized, { status: 401, account: null, error: 'Unauthorized', details: /No Authorization header/ })
  t.match(notFound, { method: 'GET', path: '/api/storefront/v1/customers', status: 404 })
  t.match(authorize, { path: AUTHORIZE, status: 200, account: fingerprint('k') })
})

t.test('filters by status and account', async (t) => {
  const { app } = await build(t)
  await migrate(app, undefined, { token: 'a' })
  await migrate(app, 'x', { token: 'a' })
  await migrate(app, 'x', { token: 'b' })
  const rejected = (await admin(app, '/__admin/requests?status=400')).body
  t.equal(rejected.total, 2)
  const ofB = (await admin(app, `/__admin/requests?status=400&account=${fingerprint('b')}`)).body
  t.equal(ofB.total, 1)
  t.equal((await admin(app, '/__admin/requests?status=99')).status, 400)
})

t.test('a list shows the first three violations of each request and their count; GET /__admin/requests/:id shows them all', async (t) => {
  const { app } = await build(t)
  const customers = Array.from({ length: 500 }, (_, i) => ({ ...minimalCustomer(i), email: `x${i}`, name: '' }))
  const refused = await migrate(app, { customers }, { token: 'a' })
  const id = refused.headers['x-request-id'] as string
  const listed = (await admin(app, '/__admin/requests')).body.requests[0]
  t.equal(listed.violations.length, 3)
  t.equal(listed.violation_count, 1000)
  t.same(listed.violations, refused.json().violations.slice(0, 3))
  const one = await admin(app, `/__admin/requests/${id}`)
  t.equal(one.status, 200)
  t.same(one.body.violations, refused.json().violations)
  t.match(one.body, { id, status: 400, code: 'MOCK_ERR_VIOLATIONS', violation_count: 1000, details: refused.json().details })
  t.equal((await admin(app, `/__admin/requests/${id}`, { headers: { authorization: 'Bearer b' } })).status, 404, 'not from another account')
  const unknown = await admin(app, '/__admin/requests/nope')
  t.same(unknown.body, {
    error: 'Not Found',
    code: 'MOCK_ERR_REQUEST_NOT_FOUND',
    details: 'No request nope here: it never reached the emulated API, belongs to another account, or was evicted (see /__admin/stats).'
  })
})

t.test('a list stays small and fast however large the journal\'s entries', async (t) => {
  const { app } = await build(t)
  const customers = Array.from({ length: 1000 }, (_, i) => ({ ...minimalCustomer(i), email: `x${i}` }))
  const body = JSON.stringify({ customers })
  for (let k = 0; k < 100; k++) await migrate(app, body)
  const began = performance.now()
  const response = await app.inject({ url: '/__admin/requests?limit=10000' })
  const ms = performance.now() - began
  t.equal(response.json().total, 100)
  t.ok(response.body.length < 100 * 1000, `100 refused 1000-customer batches list in ${response.body.length} bytes`)
  t.ok(ms < 100, `in ${Math.round(ms)} ms`)
})

t.test('a refused body is kept with its entry, byte for byte; an accepted one is not', async (t) => {
  const { app } = await build(t)
  const sent = ['{"customers":[{"id":"x"}]}', '{"customers": [\n  1,\n}', Buffer.from([0x7b, 0xff, 0x7d])]
  const ids: string[] = []
  for (const payload of sent) {
    const response = await app.inject({ method: 'POST', url: MIGRATE, headers: { authorization: 'Bearer test-token', 'content-type': 'application/json' }, payload })
    ids.push(response.headers['x-request-id'] as string)
  }
  const accepted = (await migrate(app)).headers['x-request-id'] as string
  for (const [k, body] of sent.entries()) {
    const response = await app.inject({ url: `/__admin/requests/${ids[k]}/body` })
    t.equal(response.statusCode, 200)
    t.same(response.rawPayload, Buffer.from(body), `body ${k} as received`)
    t.equal((await admin(app, `/__admin/requests/${ids[k]}`)).body.body_bytes, Buffer.byteLength(body))
  }
  const none = await admin(app, `/__admin/requests/${accepted}/body`)
  t.equal(none.status, 404)
  t.equal(none.body.code, 'MOCK_ERR_REQUEST_BODY_NOT_FOUND')
  t.notOk('body_bytes' in (await admin(app, `/__admin/requests/${accepted}`)).body)
  t.equal((await admin(app, `/__admin/requests/${ids[0]}/body`, { headers: { authorization: 'Bearer someone-else' } })).status, 404, 'scoped')
})

t.test('kept bodies count against MAX_JOURNAL_BYTES', async (t) => {
  const { app } = await build(t, { MAX_JOURNAL_BYTES: String(1024 * 1024) })
  const big = JSON.stringify({ customers: [{ id: 'x', metadata: { filler: 'f'.repeat(300_000) } }] })
  for (let k = 0; k < 5; k++) await migrate(app, big)
  const { body } = await admin(app, '/__admin/stats')
  t.equal(body.requests, 3, 'three 300 kB bodies fit in 1 MiB, not five')
  t.equal(body.evicted_requests, 2)
})
