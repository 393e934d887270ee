/** The journal is bounded: past MAX_JOURNAL_ENTRIES the oldest records go, counted. */
import t from 'tap'
import { admin, build, migrate } from '../helper.js'

t.test('the oldest journal entries go past MAX_JOURNAL_ENTRIES, counted', async (t) => {
  const { app } = await build(t, { MAX_JOURNAL_ENTRIES: '3' })
  const sent: string[] = []
  for (let k = 0; k < 5; k++) sent.push((await migrate(app, 'x')).headers['x-request-id'] as string)
  const { body } = await admin(app, '/__admin/requests')
  t.equal(body.total, 3)
  t.same(body.requests.map((r: { id: string }) => r.id), [sent[4], sent[3], sent[2]])
  t.match((await admin(app, '/__admin/stats')).body, { requests: 3, evicted_requests: 2 })
})
