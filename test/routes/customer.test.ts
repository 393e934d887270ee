/** GET /api/storefront/v1/customers/:id: a migrated customer read back in Masivo's shape. */
import t from 'tap'
import { admin, build, migrate, readCustomer } from '../helper.js'
import { batchOf, fullCustomer, minimalCustomer, uuidFor } from '../fixtures.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

t.test('a fully filled customer: its fields, and a wallet built from its balance', async (t) => {
  const { app } = await build(t)
  await migrate(app, batchOf(1, fullCustomer))
  const response = await readCustomer(app, 'cust-000000')
  t.equal(response.statusCode, 200)
  const sent = fullCustomer(0)
  const { customer, wallet } = response.json().data
  t.same(customer, {
    id: sent.id,
    status: 'ACTIVE',
    name: sent.name,
    email: sent.email,
    gender: 'FEMALE',
    dob: sent.dob,
    registration_date: sent.registration_date,
    document_type: 'CC',
    document_number: sent.document_number,
    country: 'Colombia',
    is_anonymous: false,
    tier_id: sent.metrics!.lifetime!.tier_id,
    tags: sent.tags,
    consent: null,
    metrics: sent.metrics,
    metadata: sent.metadata
  })
  t.match(wallet, { id: UUID, owner_id: UUID })
  t.same(wallet.lines, [{
    amount: 150,
    reward_id: uuidFor(0),
    campaign_id: null,
    brand_id: 'brand-001',
    issued_at: '2023-11-07T05:31:56Z',
    expiration_date: '2026-11-07T05:31:56Z',
    reservation_expires_at: null
  }], 'the balance item of amount 0 makes no line')
  t.same(wallet.totals, [{
    total: 150,
    reward_id: uuidFor(0),
    expiration_date: '2026-11-07T05:31:56Z',
    reward: { id: uuidFor(0), brand_id: 'brand-001', name: null, description: null, type: 'POINTS', conditions: [], attributes: {} }
  }])
  const again = (await readCustomer(app, 'cust-000000')).json().data.wallet
  t.same([again.id, again.owner_id], [wallet.id, wallet.owner_id], 'the wallet ids are stable')
  t.not(wallet.id, wallet.owner_id)
})

t.test('a minimal customer: defaults and nulls; totals add lines up per reward, with the earliest expiration', async (t) => {
  const { app } = await build(t)
  const reward = uuidFor(1)
  await migrate(app, {
    customers: [{
      ...minimalCustomer(0),
      balance: [
        { reward_id: reward, amount: 10, expiration_date: '2027-01-01T00:00:00Z' },
        { reward_id: uuidFor(2), amount: 5 },
        { reward_id: reward, amount: 2.5, expiration_date: '2026-12-01T00:00:00-05:00' },
        { reward_id: uuidFor(3), amount: 0.1 },
        { reward_id: uuidFor(3), amount: 0.2, expiration_date: '2026-12-31T23:59:60Z' },
        { reward_id: uuidFor(3), amount: 0.2, expiration_date: '2026-12-31T23:59:59.5Z' }
      ]
    }]
  })
  const { customer, wallet } = (await readCustomer(app, 'cust-000000')).json().data
  t.match(customer, { status: 'ACTIVE', gender: null, dob: null, tier_id: null, tags: {}, metrics: {}, metadata: {}, consent: null })
  const [batch] = (await admin(app, '/__admin/batches')).body.batches
  t.equal(wallet.lines[1].issued_at, batch.processed_at, 'a line without issued_at takes the time its batch was processed')
  t.same(wallet.totals.map((total: { reward_id: string, total: number, expiration_date: string | null }) => [total.reward_id, total.total, total.expiration_date]), [
    [reward, 12.5, '2026-12-01T00:00:00-05:00'],
    [uuidFor(2), 5, null],
    [uuidFor(3), 0.5, '2026-12-31T23:59:59.5Z']
  ], 'a sum without binary noise; a leap second after the half second before it')
})

t.test('a total is the exact sum of its lines, a reward in either case one total', async (t) => {
  const { app } = await build(t)
  const line = (reward: string, amount: number) => ({ reward_id: reward, amount, expiration_date: '2030-01-01T00:00:00Z' })
  await migrate(app, {
    customers: [
      { ...minimalCustomer(0), balance: [line(uuidFor(0), 1234567890123456)] },
      { ...minimalCustomer(1), balance: Array.from({ length: 1000 }, () => line(uuidFor(1), 0.1)) },
      { ...minimalCustomer(2), balance: [line(uuidFor(2), 0.1), line(uuidFor(2).toUpperCase(), 0.2)] }
    ]
  })
  const totals = async (id: string) => (await readCustomer(app, id)).json().data.wallet.totals.map((total: { reward_id: string, total: number }) => [total.reward_id, total.total])
  t.same(await totals('cust-000000'), [[uuidFor(0), 1234567890123456]], 'not rounded to 15 digits')
  t.same(await totals('cust-000001'), [[uuidFor(1), 100]], '1000 × 0.1')
  t.same(await totals('cust-000002'), [[uuidFor(2), 0.3]], "one total, named as its first line's")
})

t.test('the latest processed version is read back', async (t) => {
  const { app } = await build(t)
  await migrate(app, batchOf(1, minimalCustomer))
  await migrate(app, { customers: [{ ...minimalCustomer(0), name: 'Renamed', status: 'INACTIVE' }] })
  t.match((await readCustomer(app, 'cust-000000')).json().data.customer, { name: 'Renamed', status: 'INACTIVE' })
})

t.test('404 in the error shape for a customer the account does not hold; 401 without a credential', async (t) => {
  const { app } = await build(t)
  await migrate(app, batchOf(1, minimalCustomer), { token: 'a' })
  t.equal((await readCustomer(app, 'cust-000000', 'a')).statusCode, 200)
  const other = await readCustomer(app, 'cust-000000', 'b')
  t.equal(other.statusCode, 404)
  t.same(other.json(), {
    error: 'Not Found',
    code: 'MOCK_ERR_STOREFRONT_CUSTOMER_NOT_FOUND',
    details: 'Customer cust-000000 not found in this account (a customer whose batch is still queued is not found until the queue processes it).'
  })
  const anonymous = await app.inject({ url: '/api/storefront/v1/customers/cust-000000' })
  t.equal(anonymous.statusCode, 401)
  t.equal(anonymous.json().code, 'MOCK_ERR_AUTH_MISSING')
  const { body } = await admin(app, '/__admin/requests?status=404')
  t.match(body.requests, [{ method: 'GET', path: '/api/storefront/v1/customers/cust-000000', code: 'MOCK_ERR_STOREFRONT_CUSTOMER_NOT_FOUND' }], 'journaled')
})
