/** /__admin/faults: queue, list and clear faults; the next `count` migrate requests fail the way the suite asked. */
import t from 'tap'
import { admin, build, EVENTS, migrate, queueFault, TRANSACTIONS } from '../../helper.js'
import { entriesOf, fullEvents, fullTransactions } from '../../fixtures.js'
import { fingerprint } from '../../../src/access/authentication.js'

t.test('a queued 503 hits exactly `count` requests, then stops; faulted requests are not stored', async (t) => {
  const { app } = await build(t)
  const created = await queueFault(app, { status: 503, count: 2 })
  t.equal(created.statusCode, 201)
  t.match(created.json(), { id: String, account: null, status: 503, remaining: 2, kind: 'respond', delay_ms: 0 })
  const statuses = []
  for (let k = 0; k < 3; k++) statuses.push((await migrate(app)).statusCode)
  t.same(statuses, [503, 503, 202])
  t.same((await migrate(app)).statusCode, 202)
  t.equal((await admin(app, '/__admin/stats')).body.batches, 2, 'only the two that got through')
  const journal = (await admin(app, '/__admin/requests')).body.requests
  t.match(journal[3], { status: 503, fault: 'respond', error: 'Service Unavailable', details: /^Fault injected/ })
  t.notOk('fault' in journal[0])
})

t.test('a fault hits all three migrate endpoints, or the one it names', async (t) => {
  const { app } = await build(t)
  t.match((await queueFault(app, { status: 502, endpoint: 'events' })).json(), { endpoint: 'events' })
  t.equal((await migrate(app)).statusCode, 202, 'customers: not its endpoint')
  t.equal((await migrate(app, entriesOf(1, fullTransactions), { url: TRANSACTIONS })).statusCode, 202)
  t.equal((await migrate(app, entriesOf(1, fullEvents), { url: EVENTS })).statusCode, 502)
  t.match((await queueFault(app, { status: 500, count: 3 })).json(), { endpoint: null })
  const statuses = [
    (await migrate(app)).statusCode,
    (await migrate(app, entriesOf(1, fullTransactions), { url: TRANSACTIONS })).statusCode,
    (await migrate(app, entriesOf(1, fullEvents), { url: EVENTS })).statusCode
  ]
  t.same(statuses, [500, 500, 500])
  t.equal((await app.inject({ url: '/api/storefront/v1/customers/cust-000000', headers: { authorization: 'Bearer t' } })).statusCode, 404,
    'reading a customer back is no migrate request: no fault hits it')
  t.equal((await queueFault(app, { endpoint: 'orders' })).statusCode, 400)
})

t.test('the default body is the error shape; a custom body and headers are sent as given', async (t) => {
  const { app } = await build(t)
  await queueFault(app, { status: 500 })
  t.same((await migrate(app)).json(), { error: 'Internal Server Error', details: 'Fault injected by POST /__admin/faults (status 500).', code: 'MOCK_ERR_FAULT_INJECTED' })
  await queueFault(app, { status: 429, body: { message: 'slow down' }, headers: { 'retry-after': '7' } })
  const limited = await migrate(app)
  t.equal(limited.statusCode, 429)
  t.same(limited.json(), { message: 'slow down' })
  t.equal(limited.headers['retry-after'], '7')
  t.equal((await admin(app, '/__admin/requests?status=429')).body.requests[0].error, undefined, 'a custom body is not an error shape')
})

t.test('faults belong to an account, or to everyone; GET lists, DELETE and reset clear', async (t) => {
  const { app } = await build(t)
  await queueFault(app, { status: 502 }, { authorization: 'Bearer a' })
  t.equal((await migrate(app, undefined, { token: 'b' })).statusCode, 202, "a's fault does not hit b")
  t.match((await admin(app, '/__admin/faults', { headers: { authorization: 'Bearer a' } })).body, { total: 1, faults: [{ account: fingerprint('a'), status: 502 }] })
  t.equal((await admin(app, '/__admin/faults', { headers: { authorization: 'Bearer b' } })).body.total, 0)
  t.equal((await migrate(app, undefined, { token: 'a' })).statusCode, 502)
  await queueFault(app, { status: 500, count: 5 })
  t.equal((await admin(app, '/__admin/faults')).body.faults[0].remaining, 5)
  t.equal((await app.inject({ method: 'DELETE', url: '/__admin/faults' })).statusCode, 204)
  t.equal((await admin(app, '/__admin/faults')).body.total, 0)
  await queueFault(app, { status: 500 })
  await app.inject({ method: 'POST', url: '/__admin/reset' })
  t.equal((await migrate(app)).statusCode, 202, 'reset clears faults too')
})

t.test('after_accept: the batch is accepted and queued first, then answered with the fault; a refused body is not', async (t) => {
  const { app } = await build(t)
  t.match((await queueFault(app, { status: 504, after_accept: true, headers: { 'retry-after': '1' } })).json(), { after_accept: true, remaining: 1 })
  t.equal((await migrate(app, { customers: [{ id: 'x' }] })).statusCode, 400, 'a body the mock refuses: no batch, and the fault waits')
  const faulted = await migrate(app)
  t.equal(faulted.statusCode, 504)
  t.equal(faulted.headers['retry-after'], '1')
  t.match(faulted.json(), { code: 'MOCK_ERR_FAULT_INJECTED' })
  t.equal((await admin(app, '/__admin/stats')).body.batches, 1, 'the batch was stored')
  const [journaled] = (await admin(app, '/__admin/requests')).body.requests
  t.match(journaled, { status: 504, fault: 'respond', batch_id: String, batch_outcomes: { created: 1 } })
  t.equal((await admin(app, '/__admin/faults')).body.total, 0, 'spent')
  await queueFault(app, { status: 503 })
  await queueFault(app, { status: 502, after_accept: true })
  t.equal((await migrate(app)).statusCode, 503, 'a fault before the accept answers first')
  t.equal((await migrate(app)).statusCode, 502)
  t.equal((await admin(app, '/__admin/stats')).body.batches, 2)
})

t.test('a bad fault is a 400', async (t) => {
  const { app } = await build(t)
  for (const fault of [{ status: 99 }, { kind: 'explode' }, { count: 0 }, { delay_ms: -1 }, { status: 500, colour: 'red' }, { status: '503' }]) {
    const response = await queueFault(app, fault)
    t.equal(response.statusCode, 400, JSON.stringify(fault))
    t.equal(response.json().violations.length, 1)
  }
  t.same((await queueFault(app, { status: 500, colour: 'red' })).json().violations[0].message, 'is not a field of this request')
  t.same((await queueFault(app, { status: '503' })).json().violations[0], { path: '/status', rule: 'type', message: 'must be an integer' }, 'a body is never converted')
})

t.test('a fault that could not be sent as asked is refused when queued, naming the header', async (t) => {
  const { app } = await build(t)
  const cases: [Record<string, string>, string, string][] = [
    [{ 'retry after': '1' }, '/headers/retry after', 'headerName'],
    [{ '': 'x' }, '/headers/', 'headerName'],
    [{ 'x-note': 'a\r\nset-cookie: x=1' }, '/headers/x-note', 'headerValue'],
    [{ 'x-note': 'caf\u00e9 \u2603' }, '/headers/x-note', 'headerValue'],
    [{ 'content-length': '5' }, '/headers/content-length', 'headerName'],
    [{ 'content-type': 'text/html' }, '/headers/content-type', 'contentType']
  ]
  for (const [headers, path, rule] of cases) {
    const response = await queueFault(app, { status: 502, headers })
    t.equal(response.statusCode, 400, JSON.stringify(headers))
    t.match(response.json().violations, [{ path, rule }])
  }
  t.equal((await admin(app, '/__admin/faults')).body.total, 0, 'none was queued')
  t.equal((await migrate(app)).statusCode, 202)
})

t.test('a status without a standard title answers with the title Error', async (t) => {
  const { app } = await build(t)
  await queueFault(app, { status: 299 })
  const response = await migrate(app)
  t.equal(response.statusCode, 299)
  t.match(response.json(), { error: 'Error', code: 'MOCK_ERR_FAULT_INJECTED' })
})

t.test('a string body with a media type of its own is sent as it is (say, a proxy\'s HTML page)', async (t) => {
  const { app } = await build(t)
  await queueFault(app, { status: 502, body: '<html><body>Bad Gateway</body></html>', headers: { 'content-type': 'text/html' } })
  const response = await migrate(app)
  t.equal(response.statusCode, 502)
  t.match(response.headers['content-type'], /^text\/html/)
  t.equal(response.body, '<html><body>Bad Gateway</body></html>')
  await queueFault(app, { status: 502, body: 'plain' })
  t.equal((await migrate(app)).body, '"plain"', 'without one, it is JSON')
})

t.test('a fault body nested too deep, or with a __proto__ key, is refused', async (t) => {
  const { app } = await build(t)
  const deep = `{"status":500,"body":${'['.repeat(100)}${']'.repeat(100)}}`
  const response = await app.inject({ method: 'POST', url: '/__admin/faults', headers: { 'content-type': 'application/json' }, payload: deep })
  t.equal(response.statusCode, 400)
  t.match(response.json().violations, [{ rule: 'maxDepth', message: 'nests deeper than 64 levels' }])
  const poisoned = await app.inject({ method: 'POST', url: '/__admin/faults', headers: { 'content-type': 'application/json' }, payload: '{"status":500,"headers":{"__proto__":"x"}}' })
  t.match(poisoned.json(), { code: 'MOCK_ERR_BODY_FORBIDDEN_KEY', details: /"__proto__" key at \/headers\/__proto__/ })
  t.equal((await app.inject({ url: '/__admin/faults' })).statusCode, 200, 'the list still reads')
})

t.test('delay_ms holds the faulted answer', async (t) => {
  const { app } = await build(t)
  await queueFault(app, { status: 503, delay_ms: 150 })
  const began = performance.now()
  t.equal((await migrate(app)).statusCode, 503)
  t.ok(performance.now() - began >= 140)
})
