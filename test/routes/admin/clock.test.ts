/** /__admin/clock: the mock's now, moved forward by a suite, and what follows it. */
import t from 'tap'
import { admin, advanceClock, authorize, build, migrate, readCustomer } from '../../helper.js'

const move = (app: Parameters<typeof admin>[0], body: unknown) =>
  admin(app, '/__admin/clock', { method: 'POST', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) })

t.test('real time by default; advance_ms and now move it forward, for GET to see', async (t) => {
  const { app } = await build(t)
  const before = Date.now()
  const first = await admin(app, '/__admin/clock')
  t.equal(first.status, 200)
  t.equal(first.body.offset_ms, 0)
  t.ok(Math.abs(Date.parse(first.body.now) - before) < 1000)
  const advanced = await move(app, { advance_ms: 3_600_000 })
  t.equal(advanced.status, 200)
  t.equal(advanced.body.offset_ms, 3_600_000, 'an hour ahead, exactly')
  const target = new Date(Date.now() + 86_400_000).toISOString()
  const set = await move(app, { now: target })
  const late = Date.parse(set.body.now) - Date.parse(target)
  t.ok(late >= 0 && late < 1000, `now is the instant asked for, read ${late} ms later`)
  t.same((await admin(app, '/__admin/clock')).body.offset_ms >= 86_390_000, true)
  const back = await admin(app, '/__admin/clock', { method: 'DELETE' })
  t.equal(back.status, 200)
  t.equal(back.body.offset_ms, 0, 'DELETE: real time again')
  t.equal((await admin(app, '/__admin/clock', { method: 'DELETE' })).body.offset_ms, 0, 'and again: nothing to undo')
})

t.test('never backwards, never past what a date can hold, and one of advance_ms or now', async (t) => {
  const { app } = await build(t)
  await move(app, { advance_ms: 60_000 })
  const backwards = await move(app, { now: new Date().toISOString() })
  t.equal(backwards.status, 409)
  t.match(backwards.body, { error: 'Conflict', code: 'MOCK_ERR_CLOCK_BACKWARDS', details: /^The clock never goes back: .* is before the mock's now, .*DELETE \/__admin\/clock returns to real time/ })
  const tooFar = await move(app, { now: '+200000-01-01T00:00:00Z' })
  t.equal(tooFar.status, 400, 'not an RFC 3339 date-time')
  const far = await move(app, { now: '9999-12-31T23:59:59Z' })
  t.equal(far.status, 400)
  t.match(far.body, { code: 'MOCK_ERR_CLOCK_TOO_FAR' })
  const both = await move(app, { advance_ms: 1, now: new Date(Date.now() + 120_000).toISOString() })
  t.equal(both.status, 400)
  t.equal((await move(app, { advance_ms: -1 })).status, 400)
  t.equal((await move(app, {})).status, 400)
  t.ok((await admin(app, '/__admin/clock')).body.offset_ms < 61_000, 'a refused move changes nothing')
})

t.test('a token expires when the clock passes its exp, in no time', async (t) => {
  const { app } = await build(t, { TOKEN_TTL_SECONDS: '3600' })
  const token = (await authorize(app, 'key')).json().data as string
  t.equal((await migrate(app, undefined, { token })).statusCode, 202)
  await advanceClock(app, 3_599_000)
  t.equal((await migrate(app, undefined, { token })).statusCode, 202, 'still alive a second before its hour')
  await advanceClock(app, 2_000)
  const expired = await migrate(app, undefined, { token })
  t.equal(expired.statusCode, 401)
  t.match(expired.json(), { code: 'MOCK_ERR_TOKEN_EXPIRED' })
  const fresh = (await authorize(app, 'key')).json().data as string
  t.equal((await migrate(app, undefined, { token: fresh })).statusCode, 202, 'a token issued now lives an hour from the clock')
  const exp = JSON.parse(Buffer.from(fresh.split('.')[1]!, 'base64url').toString()).exp as number
  t.ok(exp * 1000 > Date.now() + 3_600_000, 'its exp is in the clock\'s time')
})

t.test('the queue follows the clock: a batch falls due when the clock passes QUEUE_DELAY_MS, with dates in its time', async (t) => {
  const { app } = await build(t, { QUEUE_DELAY_MS: '600000' })
  await advanceClock(app, 86_400_000)
  t.equal((await migrate(app)).statusCode, 202)
  const queued = (await admin(app, '/__admin/batches')).body.batches[0]
  t.equal(queued.status, 'queued')
  t.ok(Date.parse(queued.received_at) > Date.now() + 86_000_000, 'received_at is the clock\'s')
  t.equal((await readCustomer(app, 'cust-000000')).statusCode, 404, 'not processed yet')
  await advanceClock(app, 600_000)
  const processed = (await admin(app, '/__admin/batches')).body.batches[0]
  t.equal(processed.status, 'processed', 'ten minutes later on the clock')
  t.ok(Date.parse(processed.processed_at) >= Date.parse(queued.received_at) + 600_000)
  t.equal((await readCustomer(app, 'cust-000000')).statusCode, 200)
})

t.test('back to real time, a queued batch is due as far from now as it was', async (t) => {
  const { app } = await build(t, { QUEUE_DELAY_MS: '200' })
  await advanceClock(app, 86_400_000)
  t.equal((await migrate(app)).statusCode, 202)
  await admin(app, '/__admin/clock', { method: 'DELETE' })
  const batches = await admin(app, '/__admin/batches?status=processed&min_count=1&wait_ms=5000')
  t.equal(batches.body.total, 1, 'processed within the queue delay, not a day later')
})

t.test('a long poll waiting for a processed batch is answered when the clock makes it due', async (t) => {
  const { app } = await build(t, { QUEUE_DELAY_MS: '3600000' })
  t.equal((await migrate(app)).statusCode, 202)
  const waiting = admin(app, '/__admin/batches?status=processed&min_count=1&wait_ms=10000')
  await advanceClock(app, 3_600_000)
  const started = performance.now()
  t.equal((await waiting).body.total, 1)
  t.ok(performance.now() - started < 5000)
})
