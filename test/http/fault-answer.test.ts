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

t.test('after_accept: the batch is accepted and queued, then the connection is reset; the resent batch updates its customer', async (t) => {
  const { app, port } = await listening(t)
  t.match((await queueFault(app, { kind: 'reset', after_accept: true })).json(), { kind: 'reset', after_accept: true })
  const outcome = await post(port)
  t.match(outcome.error, /ECONNRESET|socket hang up/, 'the client never learns it was accepted')
  const [journaled] = (await admin(app, '/__admin/requests')).body.requests
  t.match(journaled, { status: null, fault: 'reset', batch_id: String }, 'the journal shows both the batch and what the client got')
  t.equal((await post(port)).status, 202, 'resent, as a client retries')
  await app.inject({ method: 'POST', url: '/__admin/queue/flush' })
  const batches = (await admin(app, '/__admin/batches')).body.batches
  t.same(batches.map((b: { id: string, outcomes: unknown }) => b.outcomes), [{ created: 0, updated: 1, rejected: 0 }, { created: 1, updated: 0, rejected: 0 }])
  t.equal(batches[1].id, journaled.batch_id)
})
