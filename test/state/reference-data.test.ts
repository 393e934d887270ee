/** Reference data seeded at start: REFERENCE_DATA's file, or startMock's referenceData; what a bad one says. */
import t, { type Test } from 'tap'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { admin, authorize, build, migrate, putReference, TOKEN } from '../helper.js'
import { fullCustomer, uuidFor } from '../fixtures.js'
import { buildApp } from '../../src/app.js'
import { fingerprint } from '../../src/access/authentication.js'
import { ConfigError, loadConfig } from '../../src/config.js'
import { startMock } from '../../src/start-mock.js'

const seed = {
  'key-1': { rewards: [{ id: uuidFor(1), name: 'Key points', type: 'POINTS' }] },
  [TOKEN]: { tiers: [{ id: uuidFor(1, '9b2f1c3e-7a4d-4e8f-9c1b'), name: 'Gold', level: 1 }] },
  '*': { rewards: [{ id: uuidFor(7), name: 'Everyone', type: 'DISCOUNT' }] }
}

const fileOf = (t: Test, content: string) => {
  const path = join(t.testdir(), 'reference.json')
  writeFileSync(path, content)
  return path
}

t.test('REFERENCE_DATA: each key an API key, a token or "*", read back through /rewards and /tiers', async (t) => {
  const { app } = await build(t, { REFERENCE_DATA: fileOf(t, JSON.stringify(seed)) })
  const issued = (await authorize(app, 'key-1')).json().data as string
  const rewards = (token: string) => app.inject({ url: '/api/storefront/v1/rewards?from=0&to=9', headers: { authorization: `Bearer ${token}` } }).then((r) => r.json().data.map((reward: { name: string }) => reward.name))
  t.same(await rewards(issued), ['Key points'], 'a token issued for the API key')
  t.same(await rewards(TOKEN), [], 'a static token with data of its own (tiers only) does not use "*"\'s')
  t.same(await rewards('stranger'), ['Everyone'], '"*": every account without its own')
  const tiers = await app.inject({ url: '/api/storefront/v1/tiers', headers: { authorization: `Bearer ${TOKEN}` } })
  t.match(tiers.json().data, [{ name: 'Gold', status: 'ACTIVE', level: 1 }])
})

t.test('reset brings the seeded data back after a PUT or a DELETE: everyone\'s, or one account\'s', async (t) => {
  const { app } = await build(t, { REFERENCE_DATA: fileOf(t, JSON.stringify(seed)) })
  const reference = async () => (await admin(app, '/__admin/reference', { headers: { authorization: `Bearer ${TOKEN}` } })).body
  await putReference(app, { brands: [{ id: 'b' }] })
  t.match(await reference(), { tiers: null, brands: [{ id: 'b' }] })
  await admin(app, '/__admin/reset', { method: 'POST' })
  t.match(await reference(), { applies: 'account', tiers: [{ name: 'Gold' }], brands: null })
  await admin(app, '/__admin/reference', { method: 'DELETE', headers: { authorization: `Bearer ${TOKEN}` } })
  t.match(await reference(), { applies: 'every account' }, 'forgotten: "*"\'s applies')
  await admin(app, '/__admin/reset', { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } })
  t.match(await reference(), { applies: 'account', tiers: [{ name: 'Gold' }] }, 'an account\'s reset')
  t.equal((await putReference(app, { brands: [{ id: 'b' }] }, 'stranger')).status, 200)
  await admin(app, '/__admin/reset', { method: 'POST', headers: { authorization: 'Bearer stranger' } })
  t.match((await admin(app, '/__admin/reference', { headers: { authorization: 'Bearer stranger' } })).body, { applies: 'every account' }, 'nothing seeded for it: "*"\'s again')
})

t.test('a bad file stops the start with one line: what is wrong, and where, an account named by its fingerprint only', async (t) => {
  const start = (env: Record<string, string>) => buildApp(loadConfig(env))
  const dir = t.testdir()
  await t.rejects(start({ REFERENCE_DATA: join(dir, 'missing.json') }), new ConfigError(`Invalid configuration: REFERENCE_DATA=${join(dir, 'missing.json')} cannot be read (ENOENT).`))
  await t.rejects(start({ REFERENCE_DATA: fileOf(t, '{"a":') }), { message: /^Invalid configuration: REFERENCE_DATA=.* is not JSON \(/ })
  await t.rejects(start({ REFERENCE_DATA: fileOf(t, '[]') }), { message: /must be a JSON object of API keys or tokens/ })
  const secret = 'secret-key-123'
  const bad = { [secret]: { rewards: [{ id: 'x', name: 'R', type: 'POINTS' }], tiers: 'none' }, '*': { brands: [{ id: 'b' }, { id: 'b' }] } }
  const error = await start({ REFERENCE_DATA: fileOf(t, JSON.stringify(bad)) }).catch((err: Error) => err)
  t.equal((error as Error).message, `Invalid configuration: REFERENCE_DATA=${join(t.testdir(), 'reference.json')}: account ${fingerprint(secret)} /rewards/0/id must be a UUID, e.g. 3c90c3cc-0d44-4b50-8888-8dd25736052a; account ${fingerprint(secret)} /tiers must be an array; "*" /brands/1/id is the id of an earlier item of brands.`)
  t.notMatch((error as Error).message, secret, 'the credential is never shown')
  await t.rejects(start({ REFERENCE_DATA: fileOf(t, JSON.stringify(seed)), MAX_REFERENCE_BYTES: '1024' }).then(() => start({ REFERENCE_DATA: fileOf(t, JSON.stringify({ '*': { rewards: Array.from({ length: 30 }, (_, i) => ({ id: uuidFor(i), name: `R${i}`, type: 'POINTS' })) } })), MAX_REFERENCE_BYTES: '1024' })), { message: /^Invalid configuration: REFERENCE_DATA=.* is \d+ bytes, more than MAX_REFERENCE_BYTES \(1024\)\.$/ })
})

t.test('startMock({ referenceData }): the object (left as it was), or a path', async (t) => {
  const referenceData = { '*': { rewards: [{ id: uuidFor(1), name: 'Points', type: 'POINTS' as const }] } }
  const before = JSON.stringify(referenceData)
  const mock = await startMock({ referenceData })
  t.teardown(() => mock.close())
  t.equal(JSON.stringify(referenceData), before, 'defaults are filled in a copy')
  const response = await fetch(`${mock.url}/api/storefront/v1/rewards/${uuidFor(1)}`, { headers: { authorization: 'Bearer any' } })
  t.match(await response.json(), { data: { name: 'Points', brand_id: null, conditions: [] } })
  const fromFile = await startMock({ referenceData: fileOf(t, JSON.stringify(referenceData)) })
  t.teardown(() => fromFile.close())
  t.equal((await fetch(`${fromFile.url}/api/storefront/v1/rewards/${uuidFor(1)}`, { headers: { authorization: 'Bearer any' } })).status, 200)
  await t.rejects(startMock({ referenceData: { '*': { tiers: [{}] } } as never }), { name: 'ConfigError', message: /^Invalid configuration: referenceData: "\*" \/tiers\/0\/id is required/ })
})

t.test('an unknown reward in a migrated customer is rejected with a reason naming it', async (t) => {
  const { app } = await build(t, { REFERENCE_DATA: fileOf(t, JSON.stringify({ '*': { rewards: [{ id: uuidFor(1), name: 'Points', type: 'POINTS' }] } })) })
  await migrate(app, { customers: [{ ...fullCustomer(5), metrics: undefined }] })
  const { body } = await admin(app, '/__admin/rejections')
  t.match(body.rejections, [{ customer_id: 'cust-000005', reason: `not in this account's reference data: reward ${uuidFor(5)} (/balance/0/reward_id), reward ${uuidFor(6)} (/balance/1/reward_id)` }])
})
