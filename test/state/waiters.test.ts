/** Waiting instead of sleeping: a list held until what it counts arrives. */
import t from 'tap'
import { setTimeout as sleep } from 'node:timers/promises'
import { admin, build, listening, migrate } from '../helper.js'
import { minimalCustomer } from '../fixtures.js'

t.test('a waiter returns as soon as the batch lands', async (t) => {
  const { app } = await build(t)
  const began = performance.now()
  const waiting = admin(app, '/__admin/batches?min_count=1&wait_ms=10000')
  await sleep(100)
  t.equal(app.mock.waiters.size, 1, 'held, not answered')
  const { batch_id: id } = (await migrate(app)).json()
  const { status, body } = await waiting
  t.equal(status, 200)
  t.ok(performance.now() - began < 2000, 'long before wait_ms')
  t.match(body, { total: 1, timed_out: false, batches: [{ id }] })
})

t.test('times out with what is there', async (t) => {
  const { app } = await build(t)
  await migrate(app)
  const began = performance.now()
  const { body } = await admin(app, '/__admin/batches?min_count=2&wait_ms=200')
  t.ok(performance.now() - began >= 190)
  t.match(body, { total: 1, timed_out: true })
})

t.test('answers at once when there is enough already; min_count defaults to 1', async (t) => {
  const { app } = await build(t)
  await migrate(app)
  t.match((await admin(app, '/__admin/batches?wait_ms=30000')).body, { total: 1, timed_out: false })
  t.match((await admin(app, '/__admin/requests?min_count=0&wait_ms=30000')).body, { timed_out: false })
})

t.test('waits on requests (by status) and customers too, per account', async (t) => {
  const { app } = await build(t)
  const rejected = admin(app, '/__admin/requests?status=400&wait_ms=10000')
  const customers = admin(app, '/__admin/customers?min_count=2&wait_ms=10000', { headers: { authorization: 'Bearer mine' } })
  const filtered = admin(app, '/__admin/batches?customer_id=cust-000007&wait_ms=10000')
  await migrate(app, { customers: [minimalCustomer(0), minimalCustomer(1)] }, { token: 'someone-else' })
  await migrate(app, 'not json')
  t.match((await rejected).body, { total: 1, timed_out: false })
  await migrate(app, { customers: [minimalCustomer(0), minimalCustomer(7)] }, { token: 'mine' })
  t.match((await customers).body, { total: 2, timed_out: false })
  t.match((await filtered).body, { total: 1, timed_out: false })
})

t.test('reset releases waits at once: of that account and of everyone', async (t) => {
  const { app } = await build(t)
  const mine = admin(app, '/__admin/batches?wait_ms=10000', { headers: { authorization: 'Bearer a' } })
  const theirs = admin(app, '/__admin/batches?wait_ms=300', { headers: { authorization: 'Bearer b' } })
  const everyone = admin(app, '/__admin/batches?wait_ms=10000')
  await sleep(50)
  await app.inject({ method: 'POST', url: '/__admin/reset', headers: { authorization: 'Bearer a' } })
  t.match((await mine).body, { total: 0, timed_out: false })
  t.match((await everyone).body, { total: 0, timed_out: false })
  t.match((await theirs).body, { timed_out: true }, "b's wait is left alone")
})

t.test('shutdown releases waits at once', async (t) => {
  const { app } = await build(t)
  const waiting = admin(app, '/__admin/batches?wait_ms=10000')
  await sleep(50)
  const began = performance.now()
  await app.close()
  t.match((await waiting).body, { total: 0, timed_out: false })
  t.ok(performance.now() - began < 1000)
})

t.test('a client that goes away ends its wait', async (t) => {
  const { app, port } = await listening(t)
  const controller = new AbortController()
  const gone = fetch(`http://127.0.0.1:${port}/__admin/batches?wait_ms=10000`, { signal: controller.signal }).catch(() => 'aborted')
  await sleep(100)
  t.equal(app.mock.waiters.size, 1)
  controller.abort()
  t.equal(await gone, 'aborted')
  await sleep(100)
  t.equal(app.mock.waiters.size, 0)
})

t.test('pending long polls cost the requests they watch next to nothing, however full the journal', async (t) => {
  const { app } = await build(t)
  const send = async (n: number) => {
    const began = performance.now()
    for (let k = 0; k < n; k++) await migrate(app, 'x')
    return performance.now() - began
  }
  // the fastest of five rounds, so a pause from another test file running beside this one does not count
  const fastest = async () => {
    let best = Infinity
    for (let round = 0; round < 5; round++) best = Math.min(best, await send(300))
    return best
  }
  await send(3000) // a journal of 3000 refused requests
  const alone = await fastest()
  // half of them watch every account, so every request is matched against them
  const polls = Array.from({ length: 200 }, (_, k) =>
    admin(app, '/__admin/requests?status=418&wait_ms=30000', k % 2 === 0 ? {} : { headers: { authorization: `Bearer ${k % 4 === 1 ? 'test-token' : 'worker'}` } }))
  await sleep(50)
  t.equal(app.mock.waiters.size, 200)
  const watched = await fastest()
  // rescanning the journal for each poll made this a hundred times slower
  t.ok(watched < alone * 3, `300 requests: ${Math.round(alone)} ms alone, ${Math.round(watched)} ms with 200 pending polls`)
  await app.inject({ method: 'POST', url: '/__admin/reset' })
  t.ok((await Promise.all(polls)).every(({ body }) => body.timed_out === false), 'a reset answers them all')
})

t.test('a poll counts only what stays: evicted items leave its count', async (t) => {
  const { app } = await build(t, { MAX_JOURNAL_ENTRIES: '3' })
  const waiting = admin(app, '/__admin/requests?status=400&min_count=4&wait_ms=300')
  for (let k = 0; k < 5; k++) await migrate(app, 'x')
  t.match((await waiting).body, { total: 3, timed_out: true }, 'five arrived, three are held: never four')
})

t.test('polls that count the same thing share one count; one already satisfied answers at once', async (t) => {
  const { app } = await build(t)
  const first = admin(app, '/__admin/requests?status=400&min_count=2&wait_ms=10000')
  await sleep(30)
  await migrate(app, 'x')
  const began = performance.now()
  t.match((await admin(app, '/__admin/requests?status=400&min_count=1&wait_ms=10000')).body, { total: 1, timed_out: false })
  t.ok(performance.now() - began < 1000, 'the second did not wait')
  await migrate(app, 'x')
  t.match((await first).body, { total: 2, timed_out: false })
})
