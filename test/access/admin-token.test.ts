/** ADMIN_TOKEN: every /__admin request needs it (a header, or the dashboard's cookie); nothing else changes. */
import t from 'tap'
import { build, migrate } from '../helper.js'
import { batchOf, minimalCustomer } from '../fixtures.js'
import { loadConfig } from '../../src/config.js'
import { startMock } from '../../src/index.js'
import { MockApiError, MockClient } from '../../src/client/index.js'

const TOKEN = 'admin-token-0123456789'
const DETAILS = 'This mock was started with ADMIN_TOKEN: every /__admin request needs it, in an X-Admin-Token header (a browser: open /__admin?admin_token=… once).'

t.test('without it, every /__admin request is refused 401, reads, changes, the page and the event stream alike', async (t) => {
  const { app } = await build(t, { ADMIN_TOKEN: TOKEN })
  await migrate(app, batchOf(1, minimalCustomer))
  for (const [method, url, headers] of [
    ['GET', '/__admin/stats', {}], ['GET', '/__admin/batches', {}], ['POST', '/__admin/reset', {}], ['GET', '/__admin/ui', {}],
    ['GET', '/__admin', {}], ['GET', '/__admin/events', {}], ['HEAD', '/__admin/events', {}], ['GET', '/__admin/openapi.json', {}],
    ['GET', '/__admin/stats', { 'x-admin-token': 'admin-token-0123456788' }], ['GET', '/__admin/stats', { cookie: 'masivo_admin_token=wrong' }],
    ['GET', '/__admin/stats', { cookie: 'masivo_admin_token=%E0%A4%A' }], ['GET', `/__admin/stats?admin_token=${TOKEN}x`, {}],
    ['POST', `/__admin/reset?admin_token=${TOKEN}`, {}]
  ] as const) {
    const response = await app.inject({ method, url, headers })
    t.equal(response.statusCode, 401, `${method} ${url} ${JSON.stringify(headers)}`)
    if (method !== 'HEAD') t.same(response.json(), { error: 'Unauthorized', code: 'MOCK_ERR_ADMIN_TOKEN', details: DETAILS })
  }
  t.equal((await app.inject({ url: '/__admin/stats', headers: { 'x-admin-token': TOKEN } })).json().batches, 1, 'nothing was reset')
})

t.test('with it: a client\'s header, or a browser\'s first address, which sets a strict cookie and drops the token', async (t) => {
  const { app } = await build(t, { ADMIN_TOKEN: TOKEN })
  t.equal((await app.inject({ url: '/__admin/stats', headers: { 'x-admin-token': TOKEN } })).statusCode, 200)
  const first = await app.inject({ url: `/__admin/ui?admin_token=${TOKEN}&view=x` })
  t.equal(first.statusCode, 303)
  t.equal(first.headers.location, '/__admin/ui?view=x', 'the same address without the token')
  t.equal(first.headers['set-cookie'], `masivo_admin_token=${TOKEN}; Path=/__admin; HttpOnly; SameSite=Strict`)
  const cookie = `theme=dark; masivo_admin_token=${TOKEN}`
  t.equal((await app.inject({ url: '/__admin/ui', headers: { cookie } })).statusCode, 200, 'the page')
  t.equal((await app.inject({ method: 'POST', url: '/__admin/reset', headers: { cookie, origin: 'http://localhost:8080', host: 'localhost:8080' } })).statusCode, 204, 'its reset')
  t.equal((await app.inject({ url: `/__admin?admin_token=${TOKEN}` })).headers.location, '/__admin')
})

t.test('the emulated API and /health need no admin token; without ADMIN_TOKEN, /__admin needs none', async (t) => {
  const { app } = await build(t, { ADMIN_TOKEN: TOKEN })
  t.equal((await migrate(app, batchOf(1, minimalCustomer))).statusCode, 202)
  t.equal((await app.inject({ url: '/health' })).statusCode, 200)
  const open = await build(t)
  t.equal((await open.app.inject({ url: '/__admin/stats' })).statusCode, 200)
})

t.test('ADMIN_TOKEN is a secret of at least 16 printable characters, never echoed in a start-up error', async (t) => {
  const message = 'Invalid configuration: ADMIN_TOKEN=(not shown); ADMIN_TOKEN expects a secret of at least 16 printable ASCII characters, without spaces.'
  t.throws(() => loadConfig({ ADMIN_TOKEN: 'short' }), { message })
  t.throws(() => loadConfig({ ADMIN_TOKEN: 'with a space in it, long enough' }), { message })
})

t.test('MockClient sends it with every admin call, kept by forAccount and newAccount; startMock\'s client has it', async (t) => {
  const mock = await startMock({ adminToken: TOKEN })
  t.teardown(() => mock.close())
  t.equal((await mock.client.stats()).batches, 0, "startMock's client")
  const bare = new MockClient(mock.url)
  await t.rejects(bare.stats(), new MockApiError('GET', '/__admin/stats', 401, { error: 'Unauthorized', code: 'MOCK_ERR_ADMIN_TOKEN', details: DETAILS }))
  const client = new MockClient(mock.url, { adminToken: TOKEN })
  const account = await client.newAccount()
  await account.migrate(batchOf(1, minimalCustomer))
  t.equal((await account.batches()).total, 1, 'a new account')
  t.equal((await client.forAccount(account.token!).batches()).total, 1, 'forAccount')
})
