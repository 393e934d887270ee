/** Masivo's rate limits for migration endpoints, per account, when asked for. */
import t from 'tap'
import { setTimeout as sleep } from 'node:timers/promises'
import Fastify from 'fastify'
import { admin, build, migrate } from '../helper.js'
import { limitsOf, RateLimiter } from '../../src/access/rate-limit.js'
import { loadConfig } from '../../src/config.js'

t.test('off by default: no rate-limit headers', async (t) => {
  const { app } = await build(t)
  const response = await migrate(app)
  t.equal(response.headers['x-ratelimit-limit'], undefined)
  t.equal((await migrate(app)).statusCode, 202)
})

t.test('RATE_LIMIT=masivo: the second request within 5 s is a 429 with Retry-After', async (t) => {
  const { app } = await build(t, { RATE_LIMIT: 'masivo' })
  const first = await migrate(app)
  t.equal(first.statusCode, 202)
  t.match(first.headers, { 'x-ratelimit-limit': '1', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '5' })
  const second = await migrate(app)
  t.equal(second.statusCode, 429)
  t.match(second.headers, { 'x-ratelimit-limit': '1', 'x-ratelimit-remaining': '0', 'retry-after': /^[1-5]$/ })
  t.match(second.json(), { error: 'Too Many Requests', details: /^Rate limit exceeded: at most 1 request per 5 s for this account; retry in [1-5] s\.$/ })
  t.equal((await migrate(app, undefined, { token: 'another-account' })).statusCode, 202, 'per account')
  t.match((await admin(app, '/__admin/requests?status=429')).body, { total: 1 })
  t.equal((await admin(app, '/__admin/stats')).body.batches, 2, 'a refused request is not stored')
})

t.test('RATE_LIMIT=masivo is two windows: 1 request per 5 s and 250 per hour', async (t) => {
  t.same(limitsOf(loadConfig({ RATE_LIMIT: 'masivo' })), [{ max: 1, windowMs: 5000 }, { max: 250, windowMs: 3_600_000 }])
  t.same(limitsOf(loadConfig({})), [], 'none by default')
})

t.test('with two windows, each applies: the short one refuses first, then the long one', async (t) => {
  // Masivo's hourly window takes 250 requests to reach; the same logic, with windows a test can wait out
  const app = Fastify()
  t.teardown(() => app.close())
  const limiter = new RateLimiter([{ max: 1, windowMs: 200 }, { max: 2, windowMs: 60_000 }])
  await limiter.register(app, () => 'account')
  app.get('/', { onRequest: limiter.hook }, async () => 'ok')
  const get = async () => {
    const response = await app.inject({ url: '/' })
    return [response.statusCode, response.statusCode === 200 ? response.body : (response.json() as { message: string }).message]
  }
  t.same(await get(), [200, 'ok'])
  t.match(await get(), [429, /at most 1 request per 200 ms/])
  await sleep(250)
  t.same(await get(), [200, 'ok'], 'the short window passed')
  await sleep(250)
  t.match(await get(), [429, /at most 2 requests per 60 s/], 'the long one is full')
})

t.test('reset starts the windows afresh', async (t) => {
  const { app } = await build(t, { RATE_LIMIT: 'masivo' })
  t.equal((await migrate(app)).statusCode, 202)
  t.equal((await migrate(app)).statusCode, 429)
  await app.inject({ method: 'POST', url: '/__admin/reset', headers: { authorization: 'Bearer test-token' } })
  t.equal((await migrate(app)).statusCode, 202, 'an account reset clears its windows')
  await app.inject({ method: 'POST', url: '/__admin/reset' })
  t.equal((await migrate(app)).statusCode, 202, 'so does a full reset')
})

t.test('RATE_LIMIT_MAX and RATE_LIMIT_WINDOW_MS set a custom limit; a refused request does not count', async (t) => {
  const { app } = await build(t, { RATE_LIMIT_MAX: '2', RATE_LIMIT_WINDOW_MS: '300' })
  const statuses = []
  for (let k = 0; k < 4; k++) statuses.push((await migrate(app)).statusCode)
  t.same(statuses, [202, 202, 429, 429])
  await new Promise((resolve) => setTimeout(resolve, 350))
  const next = await migrate(app)
  t.equal(next.statusCode, 202, 'a new window')
  t.match(next.headers, { 'x-ratelimit-limit': '2', 'x-ratelimit-remaining': '1' })
})
