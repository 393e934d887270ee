/** Masivo's rate limits, per account, when asked for: the general limiter on every endpoint, the migration limiter on migrate endpoints. */
import t from 'tap'
import Fastify from 'fastify'
import { admin, advanceClock, authorize, build, migrate, readCustomer } from '../helper.js'
import { limitsOf, MASIVO_PROFILES, RateLimiter } from '../../src/access/rate-limit.js'
import { loadConfig } from '../../src/config.js'
import { Clock } from '../../src/state/clock.js'

t.test('off by default: no rate-limit headers', async (t) => {
  const { app } = await build(t)
  const response = await migrate(app)
  t.equal(response.headers['x-ratelimit-limit'], undefined)
  t.equal((await migrate(app)).statusCode, 202)
  t.equal((await readCustomer(app, 'nobody')).headers['x-ratelimit-limit'], undefined)
})

t.test('RATE_LIMIT=masivo-dev: the 251st migrate request of an hour is a 429 with Retry-After', async (t) => {
  const { app } = await build(t, { RATE_LIMIT: 'masivo-dev' })
  const first = await migrate(app)
  t.equal(first.statusCode, 202)
  t.match(first.headers, { 'x-ratelimit-limit': '250', 'x-ratelimit-remaining': '249', 'x-ratelimit-reset': '3600' })
  for (let k = 1; k < 250; k++) await migrate(app)
  const over = await migrate(app)
  t.equal(over.statusCode, 429)
  t.match(over.headers, { 'x-ratelimit-limit': '250', 'x-ratelimit-remaining': '0', 'retry-after': /^3[56]\d\d$/ })
  t.match(over.json(), { error: 'Too Many Requests', details: /^Rate limit exceeded: at most 250 requests per hour \(migration limiter\) for this account; retry in 3[56]\d\d s\.$/ })
  t.equal((await migrate(app, undefined, { token: 'another-account' })).statusCode, 202, 'per account')
  t.match((await admin(app, '/__admin/requests?status=429')).body, { total: 1 })
  t.equal((await admin(app, '/__admin/stats')).body.batches, 251, 'a refused request is not stored')
})

t.test('the profiles are the windows of resources/resource-limits; masivo is masivo-dev', async (t) => {
  const dev = [{ limiter: 'general', max: 1000, windowMs: 86_400_000 }, { limiter: 'migration', max: 250, windowMs: 3_600_000 }]
  t.same(limitsOf(loadConfig({ RATE_LIMIT: 'masivo-dev' })), dev)
  t.same(limitsOf(loadConfig({ RATE_LIMIT: 'masivo' })), dev)
  t.same(limitsOf(loadConfig({ RATE_LIMIT: 'masivo-prod' })), [{ limiter: 'migration', max: 1000, windowMs: 3_600_000 }])
  t.same(limitsOf(loadConfig({})), [], 'none by default')
  t.same(MASIVO_PROFILES['masivo-dev'], dev)
})

t.test('masivo-dev: the general limiter counts every endpoint, GET included, with its headers', async (t) => {
  const { app } = await build(t, { RATE_LIMIT: 'masivo-dev' })
  const token = await authorize(app, 'key-1')
  t.equal(token.statusCode, 200)
  t.match(token.headers, { 'x-ratelimit-limit': '1000', 'x-ratelimit-remaining': '999', 'x-ratelimit-reset': '86400' })
  const read = await readCustomer(app, 'nobody', token.json().data)
  t.equal(read.statusCode, 404)
  t.match(read.headers, { 'x-ratelimit-limit': '1000', 'x-ratelimit-remaining': '998' }, 'the same account: the token belongs to the key')
  const migrated = await migrate(app, undefined, { token: token.json().data })
  t.match(migrated.headers, { 'x-ratelimit-limit': '250', 'x-ratelimit-remaining': '249' }, 'a migrate answer shows its tightest window')
  t.match((await readCustomer(app, 'nobody', token.json().data)).headers, { 'x-ratelimit-remaining': '996' }, 'and counted in the general one too')
  const unauthenticated = await readCustomer(app, 'nobody', '')
  t.equal(unauthenticated.statusCode, 401)
  t.equal(unauthenticated.headers['x-ratelimit-limit'], undefined, 'a request without an account is not counted')
})

t.test('masivo-dev: the 1,001st request of a day is a 429 on any endpoint, until the day has passed on the clock', async (t) => {
  const { app } = await build(t, { RATE_LIMIT: 'masivo-dev' })
  for (let k = 0; k < 1000; k++) await readCustomer(app, 'nobody')
  const over = await readCustomer(app, 'nobody')
  t.equal(over.statusCode, 429)
  t.match(over.json(), { details: /at most 1000 requests per day \(general limiter\)/ })
  t.equal((await migrate(app)).statusCode, 429, 'migrate endpoints too')
  await advanceClock(app, 86_400_000)
  t.equal((await readCustomer(app, 'nobody')).statusCode, 404, 'a new day')
})

t.test('masivo-prod: no general limiter; the migration limiter is 1,000 an hour', async (t) => {
  const { app } = await build(t, { RATE_LIMIT: 'masivo-prod' })
  t.equal((await readCustomer(app, 'nobody')).headers['x-ratelimit-limit'], undefined)
  const statuses: number[] = []
  for (let k = 0; k < 1001; k++) statuses.push((await migrate(app)).statusCode)
  t.equal(statuses.filter((status) => status === 202).length, 1000)
  t.equal(statuses.at(-1), 429)
})

t.test('an hour of masivo-dev migrate limits, crossed through the clock in well under a second', async (t) => {
  const { app } = await build(t, { RATE_LIMIT: 'masivo-dev' })
  const started = performance.now()
  const statuses: number[] = []
  for (let k = 0; k < 251; k++) {
    statuses.push((await migrate(app)).statusCode)
    await advanceClock(app, 14_000) // a client pacing itself over the hour
  }
  t.same(statuses.slice(0, 250), new Array(250).fill(202), '250 in the hour')
  t.equal(statuses[250], 429, 'the 251st within the hour')
  await advanceClock(app, 3_600_000 - 251 * 14_000)
  t.equal((await migrate(app)).statusCode, 202, 'the next hour')
  t.ok(performance.now() - started < 5000, 'in milliseconds, not an hour')
})

t.test('with two windows, each applies: the short one refuses first, then the long one', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  const clock = new Clock()
  const limiter = new RateLimiter([{ limiter: 'migration', max: 1, windowMs: 200 }, { limiter: 'migration', max: 2, windowMs: 60_000 }], clock)
  await limiter.register(app, () => 'account')
  app.get('/', { onRequest: limiter.hooksFor('migrate') }, async () => 'ok')
  const get = async () => {
    const response = await app.inject({ url: '/' })
    return [response.statusCode, response.statusCode === 200 ? response.body : (response.json() as { message: string }).message]
  }
  t.same(await get(), [200, 'ok'])
  t.match(await get(), [429, /at most 1 request per 200 ms/])
  clock.advance(250)
  t.same(await get(), [200, 'ok'], 'the short window passed')
  clock.advance(250)
  t.match(await get(), [429, /at most 2 requests per 60 s/], 'the long one is full')
  t.same(limiter.hooksFor('other'), [], 'no general limiter: other routes are not counted')
})

t.test('reset starts the windows afresh', async (t) => {
  const { app } = await build(t, { RATE_LIMIT_MAX: '1', RATE_LIMIT_WINDOW_MS: '60000' })
  t.equal((await migrate(app)).statusCode, 202)
  t.equal((await migrate(app)).statusCode, 429)
  await app.inject({ method: 'POST', url: '/__admin/reset', headers: { authorization: 'Bearer test-token' } })
  t.equal((await migrate(app)).statusCode, 202, 'an account reset clears its windows')
  await app.inject({ method: 'POST', url: '/__admin/reset' })
  t.equal((await migrate(app)).statusCode, 202, 'so does a full reset')
})

t.test('RATE_LIMIT_MAX and RATE_LIMIT_WINDOW_MS set a custom limit on migrate endpoints; a refused request does not count', async (t) => {
  const { app } = await build(t, { RATE_LIMIT_MAX: '2', RATE_LIMIT_WINDOW_MS: '300' })
  const statuses = []
  for (let k = 0; k < 4; k++) statuses.push((await migrate(app)).statusCode)
  t.same(statuses, [202, 202, 429, 429])
  await advanceClock(app, 350)
  const next = await migrate(app)
  t.equal(next.statusCode, 202, 'a new window')
  t.match(next.headers, { 'x-ratelimit-limit': '2', 'x-ratelimit-remaining': '1' })
  t.equal((await readCustomer(app, 'nobody')).headers['x-ratelimit-limit'], undefined)
})
