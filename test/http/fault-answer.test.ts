/** Faults that act on the connection itself, over a real socket: reset, never answer, and shutdown. */
import t from 'tap'
import { request } from 'node:http'
import { admin, listening, MIGRATE, queueFault, TOKEN } from '../helper.js'
import { minimalCustomer } from '../fixtures.js'

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
  const { app, logs, port } = await listening(t)
  await queueFault(app, { kind: 'reset' })
  const outcome = await post(port)
  t.match(outcome.error, /ECONNRESET|socket hang up/)
  t.match((await admin(app, '/__admin/requests')).body.requests[0], { status: null, fault: 'reset' })
  t.ok(logs.some((l) => /"path":"\/api\/storefront\/v1\/customers\/migrate","status":null/.test(l)), 'and logged')
  t.equal((await post(port)).status, 202, 'the next request is served')
})

t.test('kind timeout never answers; the client gives up', async (t) => {
  const { app, port } = await listening(t)
  await queueFault(app, { kind: 'timeout' })
  const outcome = await post(port, 300)
  t.equal(outcome.error, 'client timeout')
  t.match((await admin(app, '/__admin/requests')).body.requests[0], { status: null, fault: 'timeout' })
  t.equal((await post(port)).status, 202)
})

t.test('a held request does not block shutdown', async (t) => {
  const { app, port } = await listening(t)
  await queueFault(app, { kind: 'timeout' })
  const held = post(port, 10_000)
  await new Promise((resolve) => setTimeout(resolve, 100))
  const began = performance.now()
  await app.close()
  t.ok(performance.now() - began < 1000, 'closed at once')
  t.ok((await held).error, 'the held client sees its connection end')
})
