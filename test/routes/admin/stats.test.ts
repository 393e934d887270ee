/** GET /__admin/stats. */
import t from 'tap'
import { admin, build, migrate } from '../../helper.js'
import { batchOf, minimalCustomer } from '../../fixtures.js'

const NONE_REJECTED = { customers: 0, transactions: 0, events: 0 }

t.test('stats count what is held', async (t) => {
  const { app } = await build(t)
  await migrate(app, batchOf(3, minimalCustomer))
  await migrate(app, batchOf(2, minimalCustomer, 2))
  await migrate(app, 'x')
  t.same((await admin(app, '/__admin/stats')).body, { batches: 2, queued_batches: 0, customers: 4, requests: 3, evicted_batches: 0, evicted_requests: 0, rejected_entries: NONE_REJECTED })
})
