/** GET /__admin/requests: the journal, and why each request was refused. */
import t from 'tap'
import { admin, AUTHORIZE, build, migrate } from '../../helper.js'
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
