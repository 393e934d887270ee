/** POST /api/storefront/v1/customers/migrate/events: 201, 422 "Invalid customer entry", the limit on events, and migrating events again. */
import t from 'tap'
import { admin, build, EVENTS, migrate } from '../helper.js'
import { batchOf, entriesOf, fullEvent, fullEvents, minimalCustomer } from '../fixtures.js'

const sendEvents = (app: Parameters<typeof migrate>[0], body: unknown) => migrate(app, body, { url: EVENTS })

const pathsAndRules = (violations: { path: string, rule: string }[]) => violations.map((v) => `${v.path} ${v.rule}`)

t.test('a valid batch is accepted with 201 and Masivo\'s message', async (t) => {
  const { app } = await build(t)
  const response = await sendEvents(app, entriesOf(3, fullEvents))
  t.equal(response.statusCode, 201)
  t.match(response.json(), { message: 'Customer events enqueued successfully', count: 3 })
  const { body } = await admin(app, `/__admin/batches/${response.json().batch_id}`)
  t.match(body, { kind: 'events', status: 'processed', count: 3 })
  t.same(body.customers, entriesOf(3, fullEvents).customers)
})

t.test('violations are a 422 "Invalid customer entry" in the error shape, each with its JSON Pointer', async (t) => {
  const { app } = await build(t)
  const { order, ...withoutOrder } = fullEvent(1)
  const response = await sendEvents(app, {
    customers: [
      { id: 'a', events: [] },
      { id: 'b', events: [{ ...withoutOrder, fulfilled: 'yes' }] },
      { id: 'c', events: [{ ...fullEvent(2), order: { ...order, payment_method: 'BITCOIN', products: [{ sku: '' }] } }] }
    ]
  })
  t.equal(response.statusCode, 422)
  const body = response.json()
  t.match(body, { error: 'Unprocessable Entity', code: 'MOCK_ERR_VIOLATIONS', details: /^Invalid customer entry: 6 violations: \/customers\/0\/events must hold at least 1 item; / })
  t.same(pathsAndRules(body.violations), [
    '/customers/0/events minItems',
    '/customers/1/events/0/order required',
    '/customers/1/events/0/fulfilled type',
    '/customers/2/events/0/order/products/0/amount required',
    '/customers/2/events/0/order/products/0/sku minLength',
    '/customers/2/events/0/order/payment_method enum'
  ])
  const [request] = (await admin(app, '/__admin/requests?status=422')).body.requests
  t.match(request, { status: 422, code: 'MOCK_ERR_VIOLATIONS', violation_count: 6 }, 'journaled')
  const bad = await sendEvents(app, '{"customers": [}')
  t.equal(bad.statusCode, 400, 'a body that is not JSON is still a 400')
})

t.test('at most MAX_BATCH_SIZE events in the whole batch, however many customers carry them', async (t) => {
  const { app } = await build(t, { MAX_BATCH_SIZE: '3' })
  const two = (i: number) => ({ id: `c${i}`, events: [fullEvent(i), fullEvent(i)] })
  const response = await sendEvents(app, { customers: [two(0), two(1)] })
  t.equal(response.statusCode, 422)
  t.same(response.json().violations, [{ path: '/customers', rule: 'maxEvents', message: 'must hold at most 3 events in total (it has 4)' }])
  t.equal((await sendEvents(app, { customers: [two(0), fullEvents(1)] })).statusCode, 201, '3 events are fine')
})

t.test('events may be migrated again; an event for a customer never migrated is rejected', async (t) => {
  const { app } = await build(t)
  await migrate(app, batchOf(1, minimalCustomer))
  const first = await sendEvents(app, { customers: [fullEvents(0), fullEvents(5)] })
  const second = await sendEvents(app, entriesOf(1, fullEvents))
  t.same((await admin(app, `/__admin/batches/${first.json().batch_id}`)).body.results, [
    { customer_id: 'cust-000000', outcome: 'applied' },
    { customer_id: 'cust-000005', outcome: 'rejected', reason: 'no customer cust-000005 in this account: it was never migrated, its customers batch came after this one, or it was evicted' }
  ])
  t.same((await admin(app, `/__admin/batches/${second.json().batch_id}`)).body.results, [{ customer_id: 'cust-000000', outcome: 'applied' }])
  const { body } = await admin(app, '/__admin/customers/cust-000000')
  t.same(body.events.map((entry: { batch_id: string, outcome: string }) => [entry.batch_id, entry.outcome]), [
    [first.json().batch_id, 'applied'],
    [second.json().batch_id, 'applied']
  ])
  t.same(body.events[1].events, fullEvents(0).events, 'as sent')
  t.equal((await admin(app, '/__admin/batches?kind=events&customer_id=cust-000005')).body.total, 1, 'batches filter by kind')
  t.equal((await admin(app, '/__admin/batches?kind=customers')).body.total, 1)
})

t.test('an evicted events batch leaves its customer\'s history; the customer stays', async (t) => {
  const { app } = await build(t, { MAX_STORED_CUSTOMERS: '3' })
  await migrate(app, batchOf(1, minimalCustomer))
  await sendEvents(app, entriesOf(1, fullEvents))
  await migrate(app, { customers: [{ ...minimalCustomer(0), name: 'Again' }] })
  t.equal((await admin(app, '/__admin/customers/cust-000000')).body.events.length, 1)
  await migrate(app, batchOf(1, minimalCustomer, 9))
  t.equal((await admin(app, '/__admin/customers/cust-000000')).body.events.length, 1, 'the first customers batch went, the events stay')
  await migrate(app, batchOf(1, minimalCustomer, 8))
  const { body } = await admin(app, '/__admin/customers/cust-000000')
  t.match(body, { customer: { name: 'Again' }, migrations: 2, events: [] }, 'the events batch went')
  t.equal((await admin(app, '/__admin/stats')).body.evicted_batches, 2)
})
