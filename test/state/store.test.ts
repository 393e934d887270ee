/** Stored batches are bounded: past MAX_STORED_CUSTOMERS the oldest go, with their customers, counted and logged. */
import t from 'tap'
import { admin, build, migrate } from '../helper.js'
import { batchOf, fullCustomer, minimalCustomer } from '../fixtures.js'

t.test('the oldest batches go past MAX_STORED_CUSTOMERS, with their customers', async (t) => {
  const { app, logs } = await build(t, { MAX_STORED_CUSTOMERS: '5' })
  const ids: string[] = []
  for (let k = 0; k < 4; k++) ids.push((await migrate(app, batchOf(2, minimalCustomer, k * 2))).json().batch_id)
  const stats = (await admin(app, '/__admin/stats')).body
  t.match(stats, { batches: 2, customers: 4, evicted_batches: 2 })
  t.same((await admin(app, '/__admin/batches')).body.batches.map((b: { id: string }) => b.id), [ids[3], ids[2]])
  t.equal((await admin(app, `/__admin/batches/${ids[0]}`)).status, 404)
  t.equal((await admin(app, '/__admin/customers/cust-000000')).status, 404, 'its customers leave the view')
  t.equal((await admin(app, '/__admin/customers/cust-000007')).status, 200)
  const evictions = logs.map((l) => JSON.parse(l)).filter((l) => l.evicted_batches !== undefined)
  t.same(evictions.map((l) => [l.evicted_batches, l.evicted_customers]), [[1, 2], [1, 2]], 'each eviction is logged')
})

t.test('bodies stored after many evictions (their memory reused) read back byte for byte', async (t) => {
  const { app } = await build(t, { MAX_STORED_CUSTOMERS: '50' })
  const sent: { id: string, body: string }[] = []
  for (let k = 0; k < 600; k++) { // about 2 MB of bodies through room for 50
    const body = JSON.stringify(batchOf(1, fullCustomer, k))
    sent.push({ id: (await migrate(app, body)).json().batch_id, body })
  }
  const kept = sent.slice(-50)
  const read = await Promise.all(kept.map(({ id }) => app.inject({ url: `/__admin/batches/${id}/body` })))
  t.same(read.map((r) => r.body), kept.map((b) => b.body))
  t.match((await admin(app, '/__admin/stats')).body, { batches: 50, evicted_batches: 550 })
})

t.test('a customer updated by a newer batch survives the eviction of its older one', async (t) => {
  const { app } = await build(t, { MAX_STORED_CUSTOMERS: '2' })
  await migrate(app, batchOf(2, minimalCustomer, 0))
  await migrate(app, { customers: [{ ...minimalCustomer(0), name: 'Newer' }] })
  const view = await admin(app, '/__admin/customers/cust-000000')
  t.equal(view.body.customer.name, 'Newer')
  t.equal((await admin(app, '/__admin/customers/cust-000001')).status, 404)
  const reused = (await migrate(app, { customers: [{ ...minimalCustomer(9), email: minimalCustomer(1).email }] })).json()
  t.equal((await admin(app, `/__admin/batches/${reused.batch_id}`)).body.results[0].outcome, 'created', 'the evicted email is free again')
})

t.test('the newest batch stays even when it alone exceeds the bound', async (t) => {
  const { app } = await build(t, { MAX_STORED_CUSTOMERS: '1' })
  await migrate(app, batchOf(3, minimalCustomer))
  t.match((await admin(app, '/__admin/stats')).body, { batches: 1, customers: 3, evicted_batches: 0 })
})
