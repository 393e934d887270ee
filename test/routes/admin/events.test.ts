/** GET /__admin/events: server-sent events as things happen, scoped, bounded per subscriber, ended on close. */
import t from 'tap'
import { connect } from 'node:net'
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { build, listening, migrate, TOKEN } from '../../helper.js'
import { batchOf, minimalCustomer } from '../../fixtures.js'

interface Received { event: string, data: Record<string, unknown> }

/** Opens the stream and collects its events; `next(n)` resolves once n have arrived. */
const subscribe = (port: number, headers: Record<string, string> = {}, query = '') => new Promise<{ response: IncomingMessage, received: Received[], next: (n: number) => Promise<Received[]>, close: () => void }>((resolve) => {
  const received: Received[] = []
  const waiting: { n: number, resolve: (r: Received[]) => void }[] = []
  const req = httpRequest({ port, host: '127.0.0.1', path: `/__admin/events${query}`, headers }, (response) => {
    let buffer = ''
    response.setEncoding('utf8')
    response.on('data', (chunk: string) => {
      buffer += chunk
      for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        const event = /^event: (.+)$/m.exec(block)?.[1]
        const data = /^data: (.+)$/m.exec(block)?.[1]
        if (event !== undefined && data !== undefined) received.push({ event, data: JSON.parse(data) })
      }
      for (const w of [...waiting]) if (received.length >= w.n) { waiting.splice(waiting.indexOf(w), 1); w.resolve(received) }
    })
    resolve({
      response,
      received,
      next: (n) => new Promise((resolve) => { if (received.length >= n) resolve(received); else waiting.push({ n, resolve }) }),
      close: () => req.destroy()
    })
  })
  req.end()
})

t.test('a migrate request shows as its journal entry, then its batch once processed', async (t) => {
  const { app, port } = await listening(t)
  const stream = await subscribe(port)
  t.teardown(stream.close)
  t.equal(stream.response.statusCode, 200)
  t.match(stream.response.headers['content-type'], /^text\/event-stream/)
  t.ok(stream.response.headers['x-request-id'])
  const accepted = (await migrate(app, batchOf(2, minimalCustomer))).json()
  const events = await stream.next(2)
  t.same(events.map((e) => [e.event, e.data.status]), [['request', 202], ['batch', 'processed']])
  t.match(events[0]!.data, { method: 'POST', path: '/api/storefront/v1/customers/migrate', batch_id: accepted.batch_id })
  t.match(events[1]!.data, { id: accepted.batch_id, kind: 'customers', count: 2, processed_at: String })
  t.same(events[1]!.data.outcomes, { created: 2, updated: 0, rejected: 0 }, 'with its outcomes counted')
  t.notOk('customer_ids' in events[1]!.data, 'without its customer ids')
  await migrate(app, '{"customers":[{}]}')
  const [, , refused] = await stream.next(3)
  t.match(refused, { event: 'request', data: { status: 400, code: 'MOCK_ERR_VIOLATIONS', violation_count: 4, body_bytes: 18 } })
  await app.inject({ method: 'POST', url: '/__admin/reset' })
  t.match((await stream.next(4))[3], { event: 'reset', data: { account: null } })
})

t.test('with a credential, only that account\'s events', async (t) => {
  const { app, port } = await listening(t)
  const stream = await subscribe(port, { authorization: 'Bearer mine' })
  t.teardown(stream.close)
  await migrate(app, batchOf(1, minimalCustomer), { token: 'theirs' })
  await migrate(app, batchOf(1, minimalCustomer), { token: 'mine' })
  const events = await stream.next(2)
  await migrate(app, batchOf(1, minimalCustomer), { token: 'theirs' })
  await app.inject({ url: '/health' })
  t.same(events.map((e) => e.event), ['request', 'batch'])
  t.equal(new Set(events.map((e) => e.data.account)).size, 1, 'one account only')
  t.equal(stream.received.length, 2, 'nothing of the other account')
})

t.test('a subscriber that does not read is dropped, and the mock serves on', async (t) => {
  const { app, port, logs } = await listening(t)
  const socket = connect(port, '127.0.0.1')
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
  socket.write('GET /__admin/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')
  socket.pause() // reads nothing from here on (a paused socket sees no close while its data waits unread)
  socket.on('error', () => undefined)
  t.teardown(() => socket.destroy())
  while (app.mock.events.size === 0) await new Promise((resolve) => setTimeout(resolve, 10))
  const long = `/nope/${'x'.repeat(8000)}`
  let sent = 0
  while (app.mock.events.size > 0 && sent < 5000) {
    await app.inject({ url: long })
    sent++
    if (sent % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 1)) // the socket's turn to drain into the kernel
  }
  t.equal(app.mock.events.size, 0, `dropped after ${sent} events of about 8 kB`)
  t.ok(sent > 100, 'not before its backlog passed the bound')
  t.ok(logs.some((line) => line.includes('dropped an event-stream subscriber')), 'logged')
  t.equal((await app.inject({ url: '/health' })).statusCode, 200)
})

t.test('a busy moment: at most 100 events a flush, the rest counted as skipped', async (t) => {
  const { app, port } = await listening(t)
  const stream = await subscribe(port)
  t.teardown(stream.close)
  await Promise.all(Array.from({ length: 250 }, () => app.inject({ url: '/nope' })))
  await app.inject({ url: '/nope/last' })
  for (let k = 0; k < 100 && !stream.received.some((e) => e.event === 'request' && e.data.path === '/nope/last'); k++) await new Promise((resolve) => setTimeout(resolve, 20))
  const requests = stream.received.filter((e) => e.event === 'request').length
  const skipped = stream.received.filter((e) => e.event === 'skipped').reduce((n, e) => n + (e.data.events as number), 0)
  t.ok(skipped > 0, `${skipped} skipped`)
  t.ok(requests <= 200, `${requests} written`)
  t.equal(requests + skipped, 251, 'every event written or counted')
})

t.test('closing the mock ends the streams', async (t) => {
  const { app } = await build(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  const stream = await subscribe(port)
  const ended = new Promise<void>((resolve) => stream.response.once('end', () => resolve()))
  const began = Date.now()
  await app.close()
  await ended
  t.ok(Date.now() - began < 2000, 'promptly')
})

t.test('an unknown parameter is refused like any admin request', async (t) => {
  const { app } = await build(t)
  const response = await app.inject({ url: '/__admin/events?since=1', headers: { authorization: `Bearer ${TOKEN}` } })
  t.equal(response.statusCode, 400)
  t.equal(response.json().violations[0].rule, 'unknownField')
})

t.test('HEAD answers the stream\'s headers at once and subscribes nobody', async (t) => {
  const { app } = await build(t)
  const response = await app.inject({ method: 'HEAD', url: '/__admin/events' })
  t.equal(response.statusCode, 200)
  t.match(response.headers['content-type'], /^text\/event-stream/)
  t.equal(response.body, '')
  t.equal(app.mock.events.size, 0)
})

t.test('past MAX_EVENT_SUBSCRIBERS a new subscriber is refused 503 with the setting named; one that leaves makes room', async (t) => {
  const { app, port } = await listening(t, { MAX_EVENT_SUBSCRIBERS: '2' })
  const first = await subscribe(port)
  const second = await subscribe(port)
  t.teardown(second.close)
  const refused = await fetch(`http://127.0.0.1:${port}/__admin/events`)
  t.equal(refused.status, 503)
  t.match(await refused.json(), {
    code: 'MOCK_ERR_TOO_MANY_SUBSCRIBERS',
    details: 'The event stream already has 2 subscribers (MAX_EVENT_SUBSCRIBERS): close one, or raise the setting.'
  })
  first.close()
  while (app.mock.events.size > 1) await new Promise((resolve) => setTimeout(resolve, 10))
  const third = await subscribe(port)
  t.teardown(third.close)
  t.equal(third.response.statusCode, 200)
})

t.test('every subscriber gets the same frames', async (t) => {
  const { app, port } = await listening(t)
  const streams = await Promise.all(Array.from({ length: 3 }, () => subscribe(port)))
  t.teardown(() => streams.forEach((s) => s.close()))
  await migrate(app, batchOf(1, minimalCustomer))
  const seen = await Promise.all(streams.map((s) => s.next(2)))
  t.same(seen[1], seen[0])
  t.same(seen[2], seen[0])
})
