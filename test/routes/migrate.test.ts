/** POST /api/storefront/v1/customers/migrate: accepted batches, and RESPONSE_DELAY_MS. */
import t from 'tap'
import { admin, build, migrate } from '../helper.js'
import { batchOf, fullCustomer, minimalCustomer } from '../fixtures.js'

t.test('a valid batch is accepted with 202 and Masivo\'s message', async (t) => {
  const { app } = await build(t)
  const response = await migrate(app, batchOf(3, minimalCustomer))
  t.equal(response.statusCode, 202)
  t.match(response.headers['content-type'], /^application\/json/)
  const body = response.json()
  t.equal(body.message, 'Customers batch enqueued successfully')
  t.equal(body.count, 3)
  t.match(body.batch_id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  t.type(response.headers['x-request-id'], 'string')
})

t.test('a full 1000-customer batch is accepted and read back equal to what was sent', async (t) => {
  const { app } = await build(t)
  const sent = batchOf(1000, fullCustomer)
  const response = await migrate(app, sent)
  t.equal(response.statusCode, 202)
  t.ok(Buffer.byteLength(JSON.stringify(sent)) > 3_000_000, 'the batch is about 3.2 MB')
  const { status, body } = await admin(app, `/__admin/batches/${response.json().batch_id}`)
  t.equal(status, 200)
  t.same(body.customers, sent.customers)
  t.equal(body.count, 1000)
})

t.test('adds a fixed delay to every migrate response, and only those', async (t) => {
  const { app } = await build(t, { RESPONSE_DELAY_MS: '200' })
  for (const send of [() => migrate(app), () => migrate(app, 'x'), () => migrate(app, undefined, { headers: { authorization: '' } })]) {
    const began = performance.now()
    await send()
    t.ok(performance.now() - began >= 190)
  }
  const began = performance.now()
  await admin(app, '/__admin/stats')
  t.ok(performance.now() - began < 150, 'not /__admin')
})
