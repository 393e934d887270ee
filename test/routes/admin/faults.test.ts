/** Faults on demand: the next `count` migrate requests fail the way the suite asked. */
import t, { type Test } from 'tap'
import { request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { admin, build, migrate, MIGRATE, TOKEN } from '../../helper.js'
import { minimalCustomer } from '../../fixtures.js'
import { fingerprint } from '../../../src/auth.js'

const queue = (app: Awaited<ReturnType<typeof build>>['app'], fault: object, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/__admin/faults', headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(fault) })

t.test('a queued 503 hits exactly `count` requests, then stops; faulted requests are not stored', async (t) => {
  const { app } = await build(t)
  const created = await queue(app, { status: 503, count: 2 })
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
  await queue(app, { status: 500 })
  t.same((await migrate(app)).json(), { error: 'Internal Server Error', details: 'Fault injected by POST /__admin/faults (status 500).' })
  await queue(app, { status: 429, body: { message: 'slow down' }, headers: { 'retry-after': '7' } })
  const limited = await migrate(app)
  t.equal(limited.statusCode, 429)
  t.same(limited.json(), { message: 'slow down' })
  t.equal(limited.headers['retry-after'], '7')
  t.equal((await admin(app, '/__admin/requests?status=429')).body.requests[0].error, undefined, 'a custom body is not an error shape')
})

t.test('faults belong to an account, or to everyone; GET lists, DELETE and reset clear', async (t) => {
  const { app } = await build(t)
  await queue(app, { status: 502 }, { authorization: 'Bearer a' })
  t.equal((await migrate(app, undefined, { token: 'b' })).statusCode, 202, "a's fault does not hit b")
  t.match((await admin(app, '/__admin/faults', { headers: { authorization: 'Bearer a' } })).body, { total: 1, faults: [{ account: fingerprint('a'), status: 502 }] })
  t.equal((await admin(app, '/__admin/faults', { headers: { authorization: 'Bearer b' } })).body.total, 0)
  t.equal((await migrate(app, undefined, { token: 'a' })).statusCode, 502)
  await queue(app, { status: 500, count: 5 })
  t.equal((await admin(app, '/__admin/faults')).body.faults[0].remaining, 5)
  t.equal((await app.inject({ method: 'DELETE', url: '/__admin/faults' })).statusCode, 204)
  t.equal((await admin(app, '/__admin/faults')).body.total, 0)
  await queue(app, { status: 500 })
  await app.inject({ method: 'POST', url: '/__admin/reset' })
  t.equal((await migrate(app)).statusCode, 202, 'reset clears faults too')
})

t.test('a bad fault is a 400', async (t) => {
  const { app } = await build(t)
  for (const fault of [{ status: 99 }, { kind: 'explode' }, { count: 0 }, { delay_ms: -1 }, { status: 500, colour: 'red' }]) {
    const response = await queue(app, fault)
    t.equal(response.statusCode, 400, JSON.stringify(fault))
    t.equal(response.json().violations.length, 1)
  }
})

t.test('delay_ms holds the faulted answer', async (t) => {
  const { app } = await build(t)
  await queue(app, { status: 503, delay_ms: 150 })
  const began = performance.now()
  t.equal((await migrate(app)).statusCode, 503)
  t.ok(performance.now() - began >= 140)
})

/** A real socket: these faults are about the connection itself. */
const listen = async (t: Test) => {
  const { app, logs } = await build(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  return { app, logs, port: (app.server.address() as AddressInfo).port }
}

const post = (port: number, timeoutMs = 5000) => new Promise<{ status?: number, error?: string }>((resolve) => {
  const body = JSON.stringify({ customers: [minimalCustomer(0)] })
  const req = request({ host: '127.0.0.1', port, method: 'POST', path: MIGRATE, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' } }, (res) => {
    res.resume()
    res.on('end', () => resolve({ status: res.statusCode! }))
  })
  req.setTimeout(timeoutMs, () => req.destroy(new Error('client timeout')))
  req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }))
  req.end(body)
})

t.test('kind reset closes the connection abruptly', async (t) => {
  const { app, logs, port } = await listen(t)
  await queue(app, { kind: 'reset' })
  const outcome = await post(port)
  t.match(outcome.error, /ECONNRESET|socket hang up/)
  t.match((await admin(app, '/__admin/requests')).body.requests[0], { status: null, fault: 'reset' })
  t.ok(logs.some((l) => /"path":"\/api\/storefront\/v1\/customers\/migrate","status":null/.test(l)), 'and logged')
  t.equal((await post(port)).status, 202, 'the next request is served')
})

t.test('kind timeout never answers; the client gives up', async (t) => {
  const { app, port } = await listen(t)
  await queue(app, { kind: 'timeout' })
  const outcome = await post(port, 300)
  t.equal(outcome.error, 'client timeout')
  t.match((await admin(app, '/__admin/requests')).body.requests[0], { status: null, fault: 'timeout' })
  t.equal((await post(port)).status, 202)
})

t.test('a held request does not block shutdown', async (t) => {
  const { app, port } = await listen(t)
  await queue(app, { kind: 'timeout' })
  const held = post(port, 10_000)
  await new Promise((resolve) => setTimeout(resolve, 100))
  const began = performance.now()
  await app.close()
  t.ok(performance.now() - began < 1000, 'closed at once')
  t.ok((await held).error, 'the held client sees its connection end')
})
