/** /__admin/reference: an account's reference data, read, replaced and forgotten; and what the queue does with it. */
import t from 'tap'
import { admin, build, EVENTS, migrate, putReference, readCustomer, TOKEN, TRANSACTIONS } from '../../helper.js'
import { batchOf, fullCustomer, fullEvents, fullTransactions, uuidFor } from '../../fixtures.js'

const TIER = (i: number) => uuidFor(i, '9b2f1c3e-7a4d-4e8f-9c1b')
/** What fullCustomer(1) and its transactions and events name. */
const known = {
  rewards: [{ id: uuidFor(1), name: 'Points', type: 'POINTS', brand_id: 'brand-001' }, { id: uuidFor(2), name: 'Other', type: 'GIFT_CARD' }],
  tiers: [{ id: TIER(1), name: 'Gold', level: 1 }],
  brands: [{ id: 'brand-001', name: 'Brand one' }]
}

t.test('none by default; PUT replaces the account\'s, GET shows it, DELETE forgets it', async (t) => {
  const { app } = await build(t)
  t.same((await admin(app, '/__admin/reference', { headers: { authorization: `Bearer ${TOKEN}` } })).body, { applies: 'none', rewards: null, tiers: null, brands: null })
  const put = await putReference(app, { rewards: known.rewards })
  t.equal(put.status, 200)
  t.match(put.body, { applies: 'account', rewards: [{ id: uuidFor(1), description: null, conditions: [], attributes: {} }], tiers: null, brands: null })
  t.match((await admin(app, '/__admin/reference', { headers: { authorization: `Bearer ${TOKEN}` } })).body, { applies: 'account' })
  t.match((await admin(app, '/__admin/reference', { headers: { authorization: 'Bearer someone-else' } })).body, { applies: 'none' }, 'per account')
  t.equal((await admin(app, '/__admin/reference', { method: 'DELETE', headers: { authorization: `Bearer ${TOKEN}` } })).status, 204)
  t.match((await admin(app, '/__admin/reference', { headers: { authorization: `Bearer ${TOKEN}` } })).body, { applies: 'none' })
})

t.test('members Masivo\'s pages do not show are kept and served back: what an account\'s GET /rewards answered can be pasted in', async (t) => {
  const { app } = await build(t)
  const pasted = { id: uuidFor(1), name: 'Points', type: 'POINTS', brand_id: null, created_at: '2024-01-01T00:00:00Z', attributes: { conversion_factor: 0.01, color: 'blue' } }
  t.equal((await putReference(app, { rewards: [pasted], brands: [{ id: 'b', logo: 'b.png' }] })).status, 200)
  const served = await app.inject({ url: `/api/storefront/v1/rewards/${uuidFor(1)}`, headers: { authorization: `Bearer ${TOKEN}` } })
  t.same(served.json().data, { ...pasted, description: null, conditions: [] })
  t.match((await admin(app, '/__admin/reference', { headers: { authorization: `Bearer ${TOKEN}` } })).body.brands, [{ id: 'b', logo: 'b.png' }])
})

t.test('without a credential, PUT sets the data of every account without its own', async (t) => {
  const { app } = await build(t)
  t.match(await putReference(app, { brands: known.brands }, null), { status: 200, body: { applies: 'every account' } })
  t.match((await admin(app, '/__admin/reference', { headers: { authorization: 'Bearer anyone' } })).body, { applies: 'every account', brands: [{ id: 'brand-001' }] })
  await putReference(app, { tiers: known.tiers })
  t.match((await admin(app, '/__admin/reference', { headers: { authorization: `Bearer ${TOKEN}` } })).body, { applies: 'account', brands: null }, 'an account\'s own wins')
})

t.test('PUT checks the shape of Masivo\'s pages, the entity limits, unique ids and a reward\'s brand', async (t) => {
  const { app } = await build(t)
  const bad = await putReference(app, {
    rewards: [{ id: 'not-a-uuid', name: '', type: 'MILES' }, { id: uuidFor(2), name: 'B', type: 'POINTS', attributes: { conversion_factor: 'ten' } }],
    tiers: [{ id: TIER(1), name: 'T', level: 11 }]
  })
  t.equal(bad.status, 400)
  t.match(bad.body.violations, [
    { path: '/rewards/0/id', rule: 'format' },
    { path: '/rewards/0/name', rule: 'minLength' },
    { path: '/rewards/0/type', rule: 'enum' },
    { path: '/rewards/1/attributes/conversion_factor', rule: 'type' },
    { path: '/tiers/0/level', rule: 'maximum' }
  ])
  const tooMany = await putReference(app, { tiers: Array.from({ length: 11 }, (_, i) => ({ id: TIER(i), name: `T${i}`, level: 1 + (i % 10) })) })
  t.match(tooMany.body.violations, [{ path: '/tiers', rule: 'maxItems', message: 'must hold at most 10 items (it has 11)' }])
  const rules = await putReference(app, {
    rewards: [{ id: uuidFor(1), name: 'A', type: 'POINTS', brand_id: 'brand-009' }, { id: uuidFor(1).toUpperCase(), name: 'B', type: 'POINTS' }],
    brands: [{ id: 'brand-001' }]
  })
  t.same(rules.body.violations, [
    { path: '/rewards/1/id', rule: 'duplicateId', message: 'is the id of an earlier item of rewards' },
    { path: '/rewards/0/brand_id', rule: 'unknownBrand', message: 'is not the id of one of brands' }
  ])
  t.match((await admin(app, '/__admin/reference', { headers: { authorization: `Bearer ${TOKEN}` } })).body, { applies: 'none' }, 'nothing kept of a refused PUT')
})

t.test('MAX_REFERENCE_BYTES bounds every account\'s data together: past it a PUT is a 413, and nothing is evicted', async (t) => {
  const { app } = await build(t, { MAX_REFERENCE_BYTES: '4096' })
  const rewards = (n: number) => ({ rewards: Array.from({ length: n }, (_, i) => ({ id: uuidFor(i), name: `Reward ${i}`, type: 'POINTS' })) })
  t.equal((await putReference(app, rewards(10), 'a')).status, 200)
  const over = await putReference(app, rewards(20), 'b')
  t.equal(over.status, 413)
  t.match(over.body, { code: 'MOCK_ERR_REFERENCE_FULL', details: /^This reference data takes \d+ bytes and only \d+ are left of MAX_REFERENCE_BYTES/ })
  t.match((await admin(app, '/__admin/reference', { headers: { authorization: 'Bearer a' } })).body, { applies: 'account' }, 'the first is kept')
  t.equal((await putReference(app, rewards(12), 'a')).status, 200, 'an account\'s own data is replaced, not added to')
})

t.test('with reference data, the queue rejects an entry naming a reward, tier or brand the account does not have, saying which', async (t) => {
  const { app } = await build(t)
  await putReference(app, known)
  const stranger = { ...fullCustomer(2), email: 'two@example.com' } // its reward, tier and no brand are unknown
  t.equal((await migrate(app, batchOf(2, (i) => (i === 0 ? fullCustomer(1) : stranger)))).statusCode, 202)
  const rejections = (await admin(app, '/__admin/rejections', { headers: { authorization: `Bearer ${TOKEN}` } })).body
  t.equal(rejections.total, 1)
  t.match(rejections.rejections[0], {
    kind: 'customers',
    customer_id: 'cust-000002',
    reason: "not in this account's reference data: reward 3c90c3cc-0d44-4b50-8888-000000000003 (/balance/1/reward_id), tier 9b2f1c3e-7a4d-4e8f-9c1b-000000000002 (/metrics/lifetime/tier_id and 8 more)"
  })
  t.equal((await readCustomer(app, 'cust-000001')).statusCode, 200, 'every id fullCustomer(1) names is known')
  t.equal((await readCustomer(app, 'cust-000002')).statusCode, 404, 'a rejected customer is not created')
})

t.test('transactions and events are checked too; without reference data, nothing is', async (t) => {
  const { app } = await build(t)
  await putReference(app, { ...known, rewards: [...known.rewards, { id: uuidFor(3), name: 'Zero', type: 'POINTS' }], tiers: [...known.tiers, { id: TIER(2), name: 'T2', level: 2 }] })
  const customer = fullCustomer(1)
  t.equal((await migrate(app, { customers: [customer] })).statusCode, 202)
  t.equal((await readCustomer(app, 'cust-000001')).statusCode, 200, 'every id it names is known')
  const foreign = fullTransactions(1)
  foreign.transactions[0]!.brand_id = 'brand-777'
  await migrate(app, { customers: [foreign] }, { url: TRANSACTIONS })
  const events = fullEvents(1)
  events.events[0]!.order.redeem = [{ id: uuidFor(9), amount: 1 }]
  await migrate(app, { customers: [events] }, { url: EVENTS })
  const reasons = (await admin(app, '/__admin/rejections', { headers: { authorization: `Bearer ${TOKEN}` } })).body.rejections.map((r: { reason: string }) => r.reason)
  t.same(reasons, [
    "not in this account's reference data: reward 3c90c3cc-0d44-4b50-8888-000000000009 (/events/0/order/redeem/0/id)",
    "not in this account's reference data: brand brand-777 (/transactions/0/brand_id)"
  ])
  await admin(app, '/__admin/reference', { method: 'DELETE', headers: { authorization: `Bearer ${TOKEN}` } })
  await migrate(app, { customers: [foreign] }, { url: TRANSACTIONS })
  t.equal((await admin(app, '/__admin/rejections', { headers: { authorization: `Bearer ${TOKEN}` } })).body.total, 2, 'forgotten: the same entry is applied')
})

t.test('a wallet total\'s reward as the reference data has it', async (t) => {
  const { app } = await build(t)
  await putReference(app, { rewards: [{ id: uuidFor(1), name: 'Points', type: 'GIFT_CARD', brand_id: null, description: 'Store credit' }] })
  await migrate(app, { customers: [{ ...fullCustomer(1), balance: [fullCustomer(1).balance![0]!] }] })
  const read = (await readCustomer(app, 'cust-000001')).json()
  t.same(read.data.wallet.totals[0].reward, {
    id: uuidFor(1), brand_id: null, name: 'Points', description: 'Store credit', type: 'GIFT_CARD', conditions: [], attributes: {}
  }, 'a global reward: brand_id null, though its line has brand-001')
  t.match(read.data.customer, { document_type: 'CC', document_number: '1000000001', country: 'Colombia', is_anonymous: false })
})

t.test('reset puts back what was seeded, and forgets what was put', async (t) => {
  const { app } = await build(t)
  await putReference(app, known)
  await app.inject({ method: 'POST', url: '/__admin/reset', headers: { authorization: `Bearer ${TOKEN}` } })
  t.match((await admin(app, '/__admin/reference', { headers: { authorization: `Bearer ${TOKEN}` } })).body, { applies: 'none' })
})
