/** The log: one JSON line per request, and never the credential or the body. */
import t from 'tap'
import { build, migrate } from '../helper.js'
import { fullCustomer } from '../fixtures.js'

t.test('one line per request, with method, path, status, time and account', async (t) => {
  const { app, logs } = await build(t)
  await migrate(app, { customers: [fullCustomer(0)] }, { token: 'very-secret-token' })
  await migrate(app, { customers: [{ ...fullCustomer(1), email: 'private.person@example.com', document_number: 'x'.repeat(60) }] }, { token: 'very-secret-token' })
  await app.inject({ url: '/__admin/requests' })
  const lines = logs.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request')
  t.equal(lines.length, 3)
  t.match(lines[0], { level: 30, method: 'POST', path: '/api/storefront/v1/customers/migrate', status: 202, ms: Number, account: /^[0-9a-f]{12}$/, reqId: String })
  t.match(lines[1], { status: 400 })
  t.match(lines[2], { method: 'GET', path: '/__admin/requests', status: 200, account: null })
  const all = logs.join('\n')
  for (const secret of ['very-secret-token', 'private.person', fullCustomer(0).email, fullCustomer(0).document_number!, 'Bearer']) {
    t.notMatch(all, secret, `the log never holds ${secret}`)
  }
})

t.test('LOG_LEVEL=warn drops the request lines', async (t) => {
  const { app, logs } = await build(t, { LOG_LEVEL: 'warn' })
  await migrate(app)
  t.same(logs, [])
})

t.test('health probes are logged at debug level only', async (t) => {
  const info = await build(t)
  await info.app.inject({ url: '/health' })
  t.same(info.logs, [])
  const debug = await build(t, { LOG_LEVEL: 'debug' })
  await debug.app.inject({ url: '/health' })
  t.match(JSON.parse(debug.logs.find((l) => l.includes('"path":"/health"'))!), { level: 20, status: 200 })
})

t.test('every response carries x-request-id; a plain client id is kept', async (t) => {
  const { app } = await build(t)
  const responses = [
    await migrate(app),
    await migrate(app, 'broken'),
    await app.inject({ url: '/nope' }),
    await app.inject({ url: '/health' }),
    await app.inject({ url: '/__admin/stats' })
  ]
  for (const response of responses) t.match(response.headers['x-request-id'], /^[0-9a-f-]{36}$/)
  t.not(responses[0]!.headers['x-request-id'], responses[1]!.headers['x-request-id'])
  const kept = await migrate(app, undefined, { headers: { 'x-request-id': 'suite-42.case:7' } })
  t.equal(kept.headers['x-request-id'], 'suite-42.case:7')
  const replaced = await migrate(app, undefined, { headers: { 'x-request-id': 'has spaces and <html>' } })
  t.match(replaced.headers['x-request-id'], /^[0-9a-f-]{36}$/)
  const longest = `id-${'x'.repeat(125)}`
  t.equal((await migrate(app, undefined, { headers: { 'x-request-id': longest } })).headers['x-request-id'], longest, 'kept up to 128 characters')
  t.match((await migrate(app, undefined, { headers: { 'x-request-id': `${longest}y` } })).headers['x-request-id'], /^[0-9a-f-]{36}$/, 'not past them')
  t.equal((await app.inject({ url: `/__admin/requests/${longest}` })).json().id, longest, 'and the journal finds the request by it')
})
