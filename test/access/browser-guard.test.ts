/** /__admin against web pages: another site may not change the mock, and a rebound name may not read it. */
import t from 'tap'
import { hostname } from 'node:os'
import { admin, build, migrate } from '../helper.js'
import { batchOf, minimalCustomer } from '../fixtures.js'

const batches = async (app: Awaited<ReturnType<typeof build>>['app']) => (await admin(app, '/__admin/batches')).body.total

t.test('a page on another site posting a text/plain reset (no preflight) is refused 403, and nothing is forgotten', async (t) => {
  const { app } = await build(t)
  await migrate(app, batchOf(1, minimalCustomer))
  for (const headers of [
    { origin: 'http://evil.example', 'content-type': 'text/plain' },
    { 'sec-fetch-site': 'cross-site' },
    { 'sec-fetch-site': 'same-site', origin: 'http://other.localhost:8080' },
    { origin: 'null' }
  ]) {
    const response = await app.inject({ method: 'POST', url: '/__admin/reset', headers, payload: 'x' })
    t.equal(response.statusCode, 403, JSON.stringify(headers))
    t.equal(response.json().code, 'MOCK_ERR_CROSS_SITE')
  }
  t.match((await app.inject({ method: 'DELETE', url: '/__admin/faults', headers: { origin: 'https://evil.example' } })).json(), {
    details: "A page on another site (https://evil.example) may not change the mock: /__admin requests that change state are taken from the mock's own pages and from clients that are not browsers."
  })
  t.equal(await batches(app), 1, 'nothing was forgotten')
})

t.test("the mock's own pages, clients that are not browsers, and reads are served", async (t) => {
  const { app } = await build(t)
  await migrate(app, batchOf(1, minimalCustomer))
  t.equal((await app.inject({ method: 'POST', url: '/__admin/queue/flush', headers: { host: '127.0.0.1:8080', origin: 'http://127.0.0.1:8080', 'sec-fetch-site': 'same-origin' } })).statusCode, 200, 'the dashboard')
  t.equal((await app.inject({ method: 'POST', url: '/__admin/queue/flush', headers: { 'sec-fetch-site': 'none' } })).statusCode, 200, 'a URL typed by a person')
  t.equal((await app.inject({ method: 'GET', url: '/__admin/stats', headers: { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' } })).statusCode, 200, 'a read: the browser keeps its answer from the page')
  t.equal((await app.inject({ method: 'POST', url: '/__admin/reset' })).statusCode, 204, 'no Origin, no Sec-Fetch-Site: not a browser')
  t.equal(await batches(app), 0)
})

t.test('a Host that is not loopback, this machine, or ALLOWED_HOSTS is refused; bound to every address, any is served', async (t) => {
  const { app } = await build(t)
  for (const host of ['localhost', 'localhost:3000', '127.0.0.1:8080', '127.9.9.9', '[::1]:8080', 'dashboard.localhost', hostname()]) {
    t.equal((await app.inject({ url: '/__admin/stats', headers: { host } })).statusCode, 200, host)
  }
  const refused = await app.inject({ url: '/__admin/stats', headers: { host: 'rebound.evil.example:8080' } })
  t.equal(refused.statusCode, 403)
  t.match(refused.json(), { code: 'MOCK_ERR_HOST_NOT_ALLOWED', details: /^\/__admin does not answer for Host "rebound\.evil\.example:8080"/ })
  t.equal((await app.inject({ url: '/health', headers: { host: 'rebound.evil.example' } })).statusCode, 200, 'only /__admin')

  const configured = await build(t, { ALLOWED_HOSTS: 'mock.test,CI-Runner' })
  t.equal((await configured.app.inject({ url: '/__admin/stats', headers: { host: 'mock.test:8080' } })).statusCode, 200)
  t.equal((await configured.app.inject({ url: '/__admin/stats', headers: { host: 'ci-runner' } })).statusCode, 200, 'names compare in either case')
  t.equal((await configured.app.inject({ url: '/__admin/stats', headers: { host: 'other.test' } })).statusCode, 403)

  const docker = await build(t, { HOST: '0.0.0.0' })
  t.equal((await docker.app.inject({ url: '/__admin/stats', headers: { host: 'masivo-mock:8080' } })).statusCode, 200, 'a service name in Compose')
})
