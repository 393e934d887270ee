/** GET /__admin/customers and /__admin/customers/:id: the customer view, as Masivo's queue would build it. */
import t from 'tap'
import { admin, build, migrate } from '../../helper.js'
import { fullCustomer, minimalCustomer } from '../../fixtures.js'
import { fingerprint } from '../../../src/access/authentication.js'

t.test('the latest accepted version of a customer, with where it came from', async (t) => {
  const { app } = await build(t)
  const first = (await migrate(app, { customers: [minimalCustomer(0)] })).json()
  t.equal((await admin(app, '/__admin/customers/cust-000000')).body.migrations, 1)
  const updated = { ...fullCustomer(0), name: 'Renamed' }
  const second = (await migrate(app, { customers: [updated] })).json()
  const { status, body } = await admin(app, '/__admin/customers/cust-000000')
  t.equal(status, 200)
  t.same(body.customer, updated)
  t.match(body, { id: 'cust-000000', account: fingerprint('test-token'), batch_id: second.batch_id, received_at: String, migrations: 2 })
  t.not(body.batch_id, first.batch_id)
  const results = (await admin(app, `/__admin/batches/${second.batch_id}`)).body.results
  t.same(results, [{ customer_id: 'cust-000000', outcome: 'updated' }])
})

t.test('an email owned by another id is rejected, as Masivo would, and the view keeps the owner', async (t) => {
  const { app } = await build(t)
  await migrate(app, { customers: [minimalCustomer(0)] })
  const thief = { ...minimalCustomer(1), email: minimalCustomer(0).email.toUpperCase() }
  const { batch_id: id } = (await migrate(app, { customers: [thief, minimalCustomer(2)] })).json()
  const { body } = await admin(app, `/__admin/batches/${id}`)
  t.same(body.results, [
    { customer_id: 'cust-000001', outcome: 'rejected', reason: `email ${thief.email} already belongs to customer cust-000000 in this account` },
    { customer_id: 'cust-000002', outcome: 'created' }
  ])
  t.equal((await admin(app, '/__admin/customers/cust-000001')).status, 404)
  t.equal((await admin(app, '/__admin/customers/cust-000000')).body.customer.email, minimalCustomer(0).email)
})

t.test('a customer that changes email frees the old one', async (t) => {
  const { app } = await build(t)
  await migrate(app, { customers: [minimalCustomer(0)] })
  await migrate(app, { customers: [{ ...minimalCustomer(0), email: 'new@example.com' }] })
  const { batch_id: id } = (await migrate(app, { customers: [{ ...minimalCustomer(1), email: minimalCustomer(0).email }] })).json()
  t.same((await admin(app, `/__admin/batches/${id}`)).body.results, [{ customer_id: 'cust-000001', outcome: 'created' }])
})

t.test('ids and emails are unique per account, not across accounts', async (t) => {
  const { app } = await build(t)
  await migrate(app, { customers: [minimalCustomer(0)] }, { token: 'a' })
  const other = (await migrate(app, { customers: [{ ...minimalCustomer(0), name: 'Other account' }] }, { token: 'b' })).json()
  t.same((await admin(app, `/__admin/batches/${other.batch_id}`)).body.results, [{ customer_id: 'cust-000000', outcome: 'created' }])
  const mine = await admin(app, '/__admin/customers/cust-000000', { headers: { authorization: 'Bearer a' } })
  t.equal(mine.body.customer.name, minimalCustomer(0).name, 'with a credential: that account\'s record')
  const named = await admin(app, `/__admin/customers/cust-000000?account=${fingerprint('b')}`)
  t.equal(named.body.customer.name, 'Other account', 'without one, ?account= names the account')
  const ambiguous = await admin(app, '/__admin/customers/cust-000000')
  t.equal(ambiguous.status, 409, 'neither: the mock does not pick one')
  t.same(ambiguous.body, {
    error: 'Conflict',
    code: 'MOCK_ERR_CUSTOMER_AMBIGUOUS',
    details: `Customer cust-000000 is held by 2 accounts (${fingerprint('a')}, ${fingerprint('b')}): name one with ?account= or a credential.`
  })
  await migrate(app, { customers: [minimalCustomer(1)] }, { token: 'b' })
  t.equal((await admin(app, '/__admin/customers/cust-000001')).body.account, fingerprint('b'), 'an id only one account holds needs no name')
})

t.test('the customer list with a credential holds only that account\'s customers; so does its long poll', async (t) => {
  const { app } = await build(t)
  await migrate(app, { customers: [minimalCustomer(0), minimalCustomer(1)] }, { token: 'a' })
  const waiting = admin(app, '/__admin/customers?min_count=3&wait_ms=400', { headers: { authorization: 'Bearer b' } })
  await migrate(app, { customers: [minimalCustomer(2), minimalCustomer(3), minimalCustomer(4)] }, { token: 'a' })
  await migrate(app, { customers: [minimalCustomer(7)] }, { token: 'b' })
  const waited = (await waiting).body
  t.match(waited, { total: 1, timed_out: true }, "a's customers do not satisfy b's wait")
  t.same(waited.customers.map((c: { id: string }) => c.id), ['cust-000007'])
  const listed = (await admin(app, '/__admin/customers', { headers: { authorization: 'Bearer a' } })).body
  t.equal(listed.total, 5)
  t.ok(listed.customers.every((c: { account: string }) => c.account === fingerprint('a')))
})

t.test('lists customers, most recently migrated first, with paging and account filter', async (t) => {
  const { app } = await build(t)
  await migrate(app, { customers: [minimalCustomer(0), minimalCustomer(1)] }, { token: 'a' })
  await migrate(app, { customers: [minimalCustomer(2)] }, { token: 'b' })
  await migrate(app, { customers: [minimalCustomer(0)] }, { token: 'a' })
  const all = (await admin(app, '/__admin/customers')).body
  t.equal(all.total, 3)
  t.same(all.customers.map((c: { id: string }) => c.id), ['cust-000000', 'cust-000002', 'cust-000001'])
  t.match(all.customers[0], { customer: minimalCustomer(0), migrations: 2 })
  const page = (await admin(app, `/__admin/customers?account=${fingerprint('a')}&limit=1&offset=1`)).body
  t.same(page, { customers: [page.customers[0]], total: 2 })
  t.equal(page.customers[0].id, 'cust-000001')
})

t.test('an unknown customer is a 404', async (t) => {
  const { app } = await build(t)
  const { status, body } = await admin(app, '/__admin/customers/ghost')
  t.equal(status, 404)
  t.match(body.details, /^No customer ghost here/)
})

t.test('a page stops at about 4 MiB of items; total counts them all and offset pages on', async (t) => {
  const { app } = await build(t)
  const big = (i: number) => ({ ...minimalCustomer(i), metadata: { note: 'x'.repeat(10_000) } })
  for (let b = 0; b < 5; b++) await migrate(app, { customers: Array.from({ length: 100 }, (_, i) => big(b * 100 + i)) })
  const first = (await admin(app, '/__admin/customers?limit=10000')).body
  t.equal(first.total, 500)
  t.ok(first.customers.length > 300 && first.customers.length < 500, `${first.customers.length} customers in the first page`)
  const rest = (await admin(app, `/__admin/customers?limit=10000&offset=${first.customers.length}`)).body
  t.equal(first.customers.length + rest.customers.length, 500, 'the second page holds the rest')
  t.equal(new Set([...first.customers, ...rest.customers].map((c: { id: string }) => c.id)).size, 500)
})
