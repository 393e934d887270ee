/** GET /api/storefront/v1/customers/{id}/transactions: the applied migrated transactions, in the row shape of customers/[id]/transactions/get. */
import t from 'tap'
import { advanceClock, build, migrate, putReference, TOKEN, TRANSACTIONS } from '../helper.js'
import { fullCustomer, fullTransactions, minimalCustomer, minimalTransactions, uuidFor } from '../fixtures.js'

type App = Awaited<ReturnType<typeof build>>['app']
const read = async (app: App, id: string, query = '', token = TOKEN) => {
  const response = await app.inject({ url: `/api/storefront/v1/customers/${id}/transactions${query}`, headers: { authorization: `Bearer ${token}` } })
  return { status: response.statusCode, body: response.json() }
}

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString()

/** fullCustomer(1) migrated, with its history of 2023 (+200, -50) and, when `recent`, dated `recent` instead. */
const migrated = async (app: App, recent?: string) => {
  t.equal((await migrate(app, { customers: [fullCustomer(1)] })).statusCode, 202)
  const history = fullTransactions(1)
  if (recent !== undefined) for (const transaction of history.transactions) transaction.issued_at = recent
  t.equal((await migrate(app, { customers: [history] }, { url: TRANSACTIONS })).statusCode, 202)
}

t.test('with year: the transactions of that year, in the page\'s row shape, newest first', async (t) => {
  const { app } = await build(t)
  await migrated(app)
  const { status, body } = await read(app, 'cust-000001', '?year=2023')
  t.equal(status, 200)
  t.equal(body.data.length, 2)
  t.match(body.data[0], {
    id: /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    brand_id: 'brand-001',
    event_id: null,
    campaign_id: null,
    channel_id: 'channel-web',
    store_id: 'store-042',
    funded_by: 'brand',
    event_type: 'PURCHASE',
    reward_type: 'POINTS',
    reward_id: uuidFor(1),
    amount: 200,
    cost: 20,
    details: 'Purchase in store',
    type: 'ACCUMULATION',
    receiver_id: /^[0-9a-f-]{36}$/,
    sender_id: null,
    created_at: '2023-11-07T05:31:56Z',
    issued_at: '2023-11-07T05:31:56Z',
    attributes: { line: null, campaign_name: null },
    metadata: {}
  })
  t.match(body.data[1], { amount: -50, type: 'REDEMPTION', receiver_id: null, sender_id: body.data[0].receiver_id }, 'spent: the customer is the sender')
  const customer = await app.inject({ url: '/api/storefront/v1/customers/cust-000001', headers: { authorization: `Bearer ${TOKEN}` } })
  t.equal(body.data[0].receiver_id, customer.json().data.wallet.owner_id, 'the customer is the wallet\'s owner')
  t.same((await read(app, 'cust-000001', '?year=2023')).body, body, 'the same ids on every read')
  t.same((await read(app, 'cust-000001', '?year=2024')).body, { data: [] })
})

t.test('without year: the last 3 months of the mock\'s clock', async (t) => {
  const { app } = await build(t)
  await migrated(app, daysAgo(10))
  t.same((await read(app, 'cust-000001')).body.data.map((row: { amount: number }) => row.amount), [200, -50])
  await advanceClock(app, 85 * 86_400_000)
  t.equal((await read(app, 'cust-000001')).body.data.length, 0, 'four months later on the clock, they are older than 3 months')
  t.equal((await read(app, 'cust-000001', `?year=${new Date(Date.now() - 10 * 86_400_000).getUTCFullYear()}`)).body.data.length, 2)
})

t.test('a transaction with only its required members: null where nothing was migrated, dated when its batch was processed', async (t) => {
  const { app } = await build(t)
  await migrate(app, { customers: [minimalCustomer(3)] })
  await migrate(app, { customers: [minimalTransactions(3)] }, { url: TRANSACTIONS })
  const [row] = (await read(app, 'cust-000003')).body.data
  t.match(row, { brand_id: null, channel_id: null, store_id: null, funded_by: null, event_type: null, cost: null, details: null, amount: 0, type: 'MIGRATION', receiver_id: /^[0-9a-f-]{36}$/ })
  const batches = (await app.inject({ url: '/__admin/batches?kind=transactions' })).json().batches
  t.equal(row.created_at, batches[0].processed_at)
  t.equal(row.issued_at, row.created_at)
})

t.test('filters: brand_id, reward_id (in either case) and type', async (t) => {
  const { app } = await build(t)
  await migrated(app)
  const amounts = async (query: string) => (await read(app, 'cust-000001', `?year=2023&${query}`)).body.data.map((row: { amount: number }) => row.amount)
  t.same(await amounts('type=REDEMPTION'), [-50])
  t.same(await amounts(`reward_id=${uuidFor(1).toUpperCase()}`), [200, -50])
  t.same(await amounts(`reward_id=${uuidFor(2)}`), [])
  t.same(await amounts('brand_id=brand-002'), [])
  t.same(await amounts('brand_id=brand-001&type=ACCUMULATION'), [200])
})

t.test('the reward\'s type from the account\'s reference data', async (t) => {
  const { app } = await build(t)
  await putReference(app, { rewards: [{ id: uuidFor(1), name: 'Card', type: 'GIFT_CARD' }, { id: uuidFor(2), name: 'Zero', type: 'POINTS' }] })
  await migrated(app)
  t.match((await read(app, 'cust-000001', '?year=2023')).body.data, [{ reward_type: 'GIFT_CARD' }, { reward_type: 'GIFT_CARD' }])
})

t.test('an unknown customer is a 404; one without applied transactions has none; a bad query is a 400', async (t) => {
  const { app } = await build(t)
  t.match(await read(app, 'nobody'), { status: 404, body: { code: 'MOCK_ERR_STOREFRONT_CUSTOMER_NOT_FOUND' } })
  await migrate(app, { customers: [minimalCustomer(3)] })
  t.same((await read(app, 'cust-000003')).body, { data: [] })
  const bad = await read(app, 'cust-000003', '?year=2019&type=GIFT&page=2')
  t.equal(bad.status, 400)
  t.match(bad.body.violations, [{ path: '/page', rule: 'unknownField' }, { path: '/year', rule: 'minimum', message: 'must be 2020 or more' }, { path: '/type', rule: 'enum' }])
  t.match(await read(app, 'cust-000003', '', 'another-account'), { status: 404 }, 'per account')
})

t.test('a rejected transactions entry is not read back', async (t) => {
  const { app } = await build(t)
  await migrate(app, { customers: [fullCustomer(1)] })
  const wrong = fullTransactions(1)
  wrong.transactions[0]!.amount = 999
  await migrate(app, { customers: [wrong] }, { url: TRANSACTIONS })
  t.same((await read(app, 'cust-000001', '?year=2023')).body, { data: [] })
})
