/** /__admin/faults: queue, list and clear faults; the next `count` migrate requests fail the way the suite asked. */
import t from 'tap'
import { admin, build, migrate, queueFault } from '../../helper.js'
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

t.test('a bad fault is a 400', async (t) => {
  const { app } = await build(t)
  for (const fault of [{ status: 99 }, { kind: 'explode' }, { count: 0 }, { delay_ms: -1 }, { status: 500, colour: 'red' }]) {
    const response = await queueFault(app, fault)
    t.equal(response.statusCode, 400, JSON.stringify(fault))
    t.equal(response.json().violations.length, 1)
  }
})

t.test('delay_ms holds the faulted answer', async (t) => {
  const { app } = await build(t)
  await queueFault(app, { status: 503, delay_ms: 150 })
  const began = performance.now()
  t.equal((await migrate(app)).statusCode, 503)
  t.ok(performance.now() - began >= 140)
})
