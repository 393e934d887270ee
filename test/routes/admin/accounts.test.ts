/** Admin requests with a credential see, wait on and reset only their account. */
import t from 'tap'
import { admin, AUTHORIZE, build, migrate } from '../../helper.js'
import { batchOf, minimalCustomer } from '../../fixtures.js'
import { fingerprint } from '../../../src/access/authentication.js'

const NONE_REJECTED = { customers: 0, transactions: 0, events: 0 }

const as = (token: string) => ({ headers: { authorization: `Bearer ${token}` } })

t.test('two accounts sending in parallel never see each other\'s batches', async (t) => {
  const { app } = await build(t)
  await Promise.all(Array.from({ length: 20 }, (_, k) => migrate(app, batchOf(1, minimalCustomer, k), { token: k % 2 === 0 ? 'worker-a' : 'worker-b' })))
  for (const token of ['worker-a', 'worker-b']) {
    const { body } = await admin(app, '/__admin/batches', as(token))
    t.equal(body.total, 10)
    t.ok(body.batches.every((b: { account: string }) => b.account === fingerprint(token)), `${token} sees only its own`)
    const other = token === 'worker-a' ? 'worker-b' : 'worker-a'
    const foreignId = (await admin(app, '/__admin/batches', as(other))).body.batches[0].id
    t.equal((await admin(app, `/__admin/batches/${foreignId}`, as(token))).status, 404, 'not even by id')
    t.equal((await admin(app, '/__admin/requests', as(token))).body.total, 10)
    t.match((await admin(app, '/__admin/stats', as(token))).body, { batches: 10, customers: 10, requests: 10 })
  }
  t.equal((await admin(app, '/__admin/batches')).body.total, 20, 'without a credential: everything')
  t.equal((await admin(app, `/__admin/batches?account=${fingerprint('worker-b')}`, as('worker-a'))).body.total, 10, 'the credential wins over ?account=')
})

t.test('a token issued by the mock speaks for its API key, as does x-api-key itself', async (t) => {
  const { app } = await build(t)
  const token = (await app.inject({ url: AUTHORIZE, headers: { 'x-api-key': 'key-a' } })).json().data
  await migrate(app, undefined, { token })
  await migrate(app, undefined, { token: 'someone-else' })
  t.equal((await admin(app, '/__admin/batches', as(token))).body.total, 1)
  t.equal((await admin(app, '/__admin/batches', { headers: { 'x-api-key': 'key-a' } })).body.total, 1)
  t.equal((await admin(app, '/__admin/batches', { headers: { 'x-api-key': 'key-b' } })).body.total, 0)
})

t.test('reset with a credential forgets only that account', async (t) => {
  const { app } = await build(t, { MAX_JOURNAL_ENTRIES: '3', MAX_STORED_CUSTOMERS: '2' })
  for (const token of ['a', 'b', 'a', 'b']) await migrate(app, batchOf(1, minimalCustomer, token === 'a' ? 0 : 1), { token })
  t.match((await admin(app, '/__admin/stats')).body, { batches: 2, evicted_batches: 2, requests: 3, evicted_requests: 1, rejected_entries: NONE_REJECTED })
  t.equal((await app.inject({ method: 'POST', url: '/__admin/reset', ...as('a') })).statusCode, 204)
  t.same((await admin(app, '/__admin/stats', as('a'))).body, { batches: 0, queued_batches: 0, customers: 0, requests: 0, evicted_batches: 0, evicted_requests: 0, rejected_entries: NONE_REJECTED })
  t.same((await admin(app, '/__admin/stats', as('b'))).body, { batches: 1, queued_batches: 0, customers: 1, requests: 2, evicted_batches: 1, evicted_requests: 0, rejected_entries: NONE_REJECTED })
  t.same((await admin(app, '/__admin/stats')).body, { batches: 1, queued_batches: 0, customers: 1, requests: 2, evicted_batches: 1, evicted_requests: 0, rejected_entries: NONE_REJECTED })
  t.equal((await admin(app, '/__admin/customers/cust-000001', as('b'))).status, 200)
})

t.test('a forged issued token cannot speak for an account', async (t) => {
  const { app } = await build(t)
  const token = (await app.inject({ url: AUTHORIZE, headers: { 'x-api-key': 'k' } })).json().data as string
  const { status, body } = await admin(app, '/__admin/batches', as(`${token.slice(0, -3)}abc`))
  t.equal(status, 401)
  t.match(body.details, /^Invalid token/)
})
