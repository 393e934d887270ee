/** The queue: batches are queued at their answer and processed QUEUE_DELAY_MS later, in arrival order, or at once on a flush. */
import t from 'tap'
import { setTimeout as sleep } from 'node:timers/promises'
import { admin, build, EVENTS, migrate, readCustomer, TRANSACTIONS } from '../helper.js'
import { batchOf, entriesOf, fullCustomer, fullEvents, fullTransactions, minimalCustomer } from '../fixtures.js'

t.test('with QUEUE_DELAY_MS, a batch stays queued, out of the customer view, until its time comes', async (t) => {
  const { app } = await build(t, { QUEUE_DELAY_MS: '200' })
  const accepted = await migrate(app, batchOf(1, minimalCustomer))
  const id = accepted.json().batch_id
  t.equal((await readCustomer(app, 'cust-000000')).statusCode, 404, 'not readable while queued')
  t.match((await admin(app, `/__admin/batches/${id}`)).body, {
    status: 'queued',
    processed_at: null,
    results: [{ customer_id: 'cust-000000', outcome: 'queued' }]
  })
  t.match((await admin(app, '/__admin/stats')).body, { batches: 1, queued_batches: 1, customers: 0 })
  t.equal((await admin(app, '/__admin/customers/cust-000000')).status, 404)
  t.equal((await admin(app, '/__admin/batches?status=queued')).body.total, 1)
  t.equal((await admin(app, '/__admin/batches?status=processed')).body.total, 0)
  const waited = await admin(app, '/__admin/batches?status=processed&wait_ms=5000')
  t.equal(waited.body.timed_out, false, 'a long poll on processed batches is answered when the queue runs')
  t.match(waited.body.batches, [{ id, status: 'processed', processed_at: /Z$/ }])
  const processedAt = Date.parse(waited.body.batches[0].processed_at)
  t.ok(processedAt - Date.parse(waited.body.batches[0].received_at) >= 190, 'about QUEUE_DELAY_MS after it arrived')
  t.equal((await readCustomer(app, 'cust-000000')).statusCode, 200)
  t.match((await admin(app, '/__admin/stats')).body, { queued_batches: 0, customers: 1 })
})

t.test('POST /__admin/queue/flush processes the caller\'s queued batches now, in arrival order', async (t) => {
  const { app } = await build(t, { QUEUE_DELAY_MS: '600000' })
  await migrate(app, batchOf(2, fullCustomer), { token: 'a' })
  const tx = await migrate(app, entriesOf(2, fullTransactions), { token: 'a', url: TRANSACTIONS })
  await migrate(app, batchOf(1, minimalCustomer), { token: 'b' })
  const flushA = await admin(app, '/__admin/queue/flush', { method: 'POST', headers: { authorization: 'Bearer a' } })
  t.same(flushA.body, { processed: 2 })
  t.match((await admin(app, `/__admin/batches/${tx.json().batch_id}`)).body.results, [{ outcome: 'applied' }, { outcome: 'applied' }],
    'the customers batch was processed first')
  t.equal((await readCustomer(app, 'cust-000000', 'b')).statusCode, 404, 'another account\'s batch stays queued')
  t.same((await admin(app, '/__admin/queue/flush?account=nobody', { method: 'POST' })).body, { processed: 0 })
  t.same((await admin(app, '/__admin/queue/flush', { method: 'POST' })).body, { processed: 1 }, 'without a credential: every account')
  t.equal((await readCustomer(app, 'cust-000000', 'b')).statusCode, 200)
})

t.test('transactions that arrive before their customers are rejected: the queue keeps arrival order', async (t) => {
  const { app } = await build(t, { QUEUE_DELAY_MS: '600000' })
  const tx = await migrate(app, entriesOf(1, fullTransactions), { url: TRANSACTIONS })
  const events = await migrate(app, entriesOf(1, fullEvents), { url: EVENTS })
  await migrate(app, batchOf(1, fullCustomer))
  await admin(app, '/__admin/queue/flush', { method: 'POST' })
  t.match((await admin(app, `/__admin/batches/${tx.json().batch_id}`)).body.results, [{ outcome: 'rejected', reason: /its customers batch came after this one/ }])
  t.match((await admin(app, `/__admin/batches/${events.json().batch_id}`)).body.results, [{ outcome: 'rejected' }])
})

t.test('with QUEUE_DELAY_MS=0 a batch is processed on the next turn of the event loop, read or not', async (t) => {
  const { app } = await build(t)
  const waiting = admin(app, '/__admin/customers?wait_ms=5000')
  await migrate(app, batchOf(3, minimalCustomer))
  const { body } = await waiting
  t.match(body, { total: 3, timed_out: false })
  await sleep(1)
  t.match((await admin(app, '/__admin/stats')).body, { queued_batches: 0 })
})

t.test('a reset forgets queued batches; an evicted queued batch is never processed', async (t) => {
  const { app } = await build(t, { QUEUE_DELAY_MS: '600000', MAX_STORED_CUSTOMERS: '2' })
  await migrate(app, batchOf(2, minimalCustomer))
  await migrate(app, batchOf(2, minimalCustomer, 2))
  t.match((await admin(app, '/__admin/stats')).body, { batches: 1, queued_batches: 1, evicted_batches: 1 })
  t.same((await admin(app, '/__admin/queue/flush', { method: 'POST' })).body, { processed: 1 })
  t.equal((await readCustomer(app, 'cust-000000')).statusCode, 404, 'the evicted batch never reached the customer view')
  t.equal((await readCustomer(app, 'cust-000002')).statusCode, 200)
  await migrate(app, batchOf(1, minimalCustomer, 7))
  t.equal((await admin(app, '/__admin/reset', { method: 'POST' })).status, 204)
  t.same((await admin(app, '/__admin/queue/flush', { method: 'POST' })).body, { processed: 0 })
  t.match((await admin(app, '/__admin/stats')).body, { batches: 0, queued_batches: 0 })
})

t.test('a long poll released by a batch answers it processed, as any read would see it', async (t) => {
  const { app } = await build(t)
  const waiting = admin(app, '/__admin/batches?wait_ms=5000')
  await migrate(app, batchOf(1, minimalCustomer))
  t.match((await waiting).body, { timed_out: false, batches: [{ status: 'processed', processed_at: /Z$/ }] })
})
