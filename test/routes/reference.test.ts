/** GET /api/storefront/v1/rewards, /rewards/{id} and /tiers: the account's reference data, as Masivo serves it. */
import t from 'tap'
import type { ReferenceDataFile } from '../../schemas/reference.js'
import { build, putReference, TOKEN } from '../helper.js'
import { uuidFor } from '../fixtures.js'

const seed: ReferenceDataFile = {
  [TOKEN]: {
    rewards: [
      { id: uuidFor(1), name: 'Points', type: 'POINTS' },
      { id: uuidFor(2), name: 'Brand points', type: 'POINTS', brand_id: 'brand-001', attributes: { conversion_factor: 0.01 } },
      { id: uuidFor(3), name: 'Ten off', type: 'DISCOUNT', brand_id: 'brand-001', description: '10 % off', conditions: [{ min_total: 10 }] }
    ],
    tiers: [
      { id: uuidFor(2, '9b2f1c3e-7a4d-4e8f-9c1b'), name: 'Gold', level: 2 },
      { id: uuidFor(1, '9b2f1c3e-7a4d-4e8f-9c1b'), name: 'Silver', level: 1, status: 'INACTIVE' }
    ],
    brands: [{ id: 'brand-001', name: 'Brand one' }]
  }
}

const get = async (app: Awaited<ReturnType<typeof build>>['app'], url: string, token = TOKEN) => {
  const response = await app.inject({ url, headers: { authorization: `Bearer ${token}` } })
  return { status: response.statusCode, body: response.json() }
}

t.test('GET /rewards: from and to (both included) page the rewards, in the shape of rewards/get', async (t) => {
  const { app } = await build(t)
  t.equal((await putReference(app, seed[TOKEN])).status, 200)
  const all = await get(app, '/api/storefront/v1/rewards?from=0&to=9')
  t.equal(all.status, 200)
  t.same(all.body.data[0], {
    id: uuidFor(1), name: 'Points', type: 'POINTS', brand_id: null, description: null, conditions: [], attributes: {}
  }, 'every member of the page, the ones not given as null, [] or {}')
  t.same(all.body.data.map((reward: { id: string }) => reward.id), [uuidFor(1), uuidFor(2), uuidFor(3)])
  t.same((await get(app, '/api/storefront/v1/rewards?from=1&to=1')).body.data.map((r: { name: string }) => r.name), ['Brand points'])
  t.same((await get(app, '/api/storefront/v1/rewards?from=0&to=9&brand_id=brand-001&type=DISCOUNT')).body.data.map((r: { name: string }) => r.name), ['Ten off'])
  t.same((await get(app, '/api/storefront/v1/rewards?from=5&to=9')).body.data, [])
})

t.test('GET /rewards: from and to are required; a bad filter is a 400 naming it', async (t) => {
  const { app } = await build(t)
  const missing = await get(app, '/api/storefront/v1/rewards')
  t.equal(missing.status, 400)
  t.match(missing.body.violations, [{ path: '/from', rule: 'required' }, { path: '/to', rule: 'required' }])
  const bad = await get(app, '/api/storefront/v1/rewards?from=0&to=1&type=COUPON&size=3')
  t.equal(bad.status, 400)
  t.match(bad.body.violations, [{ path: '/size', rule: 'unknownField' }, { path: '/type', rule: 'enum' }])
  t.equal((await get(app, '/api/storefront/v1/rewards?from=0&to=1', '')).status, 401)
})

t.test('an account without reference data has no rewards and no tiers', async (t) => {
  const { app } = await build(t)
  t.same((await get(app, '/api/storefront/v1/rewards?from=0&to=9')).body, { data: [] })
  t.same((await get(app, '/api/storefront/v1/tiers')).body, { data: [] })
  const one = await get(app, `/api/storefront/v1/rewards/${uuidFor(1)}`)
  t.equal(one.status, 404)
  t.match(one.body, { code: 'MOCK_ERR_STOREFRONT_REWARD_NOT_FOUND', details: /^Reward 3c90c3cc-.* not found in this account's reference data/ })
})

t.test('GET /rewards/{id} (in either case) and GET /tiers (by level, in the shape of tiers/get)', async (t) => {
  const { app } = await build(t)
  t.equal((await putReference(app, seed[TOKEN])).status, 200)
  const one = await get(app, `/api/storefront/v1/rewards/${uuidFor(3).toUpperCase()}`)
  t.equal(one.status, 200)
  t.match(one.body.data, { id: uuidFor(3), type: 'DISCOUNT', brand_id: 'brand-001', conditions: [{ min_total: 10 }] })
  const tiers = await get(app, '/api/storefront/v1/tiers')
  t.same(tiers.body.data, [
    { id: uuidFor(1, '9b2f1c3e-7a4d-4e8f-9c1b'), name: 'Silver', level: 1, status: 'INACTIVE', description: null, entry_conditions: null, exit_conditions: null },
    { id: uuidFor(2, '9b2f1c3e-7a4d-4e8f-9c1b'), name: 'Gold', level: 2, status: 'ACTIVE', description: null, entry_conditions: null, exit_conditions: null }
  ])
  t.same((await get(app, '/api/storefront/v1/tiers', 'another-account')).body, { data: [] }, 'per account')
})

t.test('the reads are journaled, and counted by masivo-dev\'s general limiter', async (t) => {
  const { app } = await build(t, { RATE_LIMIT: 'masivo-dev' })
  const response = await app.inject({ url: '/api/storefront/v1/tiers', headers: { authorization: `Bearer ${TOKEN}` } })
  t.match(response.headers, { 'x-ratelimit-limit': '1000', 'x-ratelimit-remaining': '999' })
  const journal = await app.inject({ url: '/__admin/requests' })
  t.match(journal.json().requests, [{ method: 'GET', path: '/api/storefront/v1/tiers', status: 200 }])
})
