/** POST /__admin/reset (per account: test/routes/admin/accounts.test.ts). */
import t from 'tap'
import { admin, build, migrate } from '../../helper.js'

const NONE_REJECTED = { customers: 0, transactions: 0, events: 0 }

t.test('reset forgets everything', async (t) => {
  const { app } = await build(t)
  const { batch_id: id } = (await migrate(app)).json()
  const reset = await app.inject({ method: 'POST', url: '/__admin/reset' })
  t.equal(reset.statusCode, 204)
  t.equal(reset.body, '')
  t.same((await admin(app, '/__admin/stats')).body, { batches: 0, queued_batches: 0, customers: 0, requests: 0, evicted_batches: 0, evicted_requests: 0, rejected_entries: NONE_REJECTED })
  t.equal((await admin(app, `/__admin/batches/${id}`)).status, 404)
  t.equal((await migrate(app)).statusCode, 202, 'and the same customer can be created again')
})
