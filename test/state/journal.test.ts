/** The journal is bounded: past MAX_JOURNAL_ENTRIES the oldest records go, counted. */
import t from 'tap'
import { admin, build, migrate } from '../helper.js'
import { minimalCustomer } from '../fixtures.js'

t.test('the oldest journal entries go past MAX_JOURNAL_ENTRIES, counted', async (t) => {
  const { app } = await build(t, { MAX_JOURNAL_ENTRIES: '3' })
  const sent: string[] = []
  for (let k = 0; k < 5; k++) sent.push((await migrate(app, 'x')).headers['x-request-id'] as string)
  const { body } = await admin(app, '/__admin/requests')
  t.equal(body.total, 3)
  t.same(body.requests.map((r: { id: string }) => r.id), [sent[4], sent[3], sent[2]])
  t.match((await admin(app, '/__admin/stats')).body, { requests: 3, evicted_requests: 2 })
})

t.test('the journal is bounded by bytes too (MAX_JOURNAL_BYTES): large records evict the oldest, counted', async (t) => {
  const { app } = await build(t, { MAX_JOURNAL_BYTES: '1048576' })
  const customers = Array.from({ length: 1000 }, (_, i) => ({ ...minimalCustomer(i), email: `x${i}` }))
  const body = JSON.stringify({ customers })
  for (let k = 0; k < 20; k++) await migrate(app, body)
  const stats = (await admin(app, '/__admin/stats')).body
  t.ok(stats.requests > 1 && stats.requests < 20, `${stats.requests} of 20 refused 1000-violation batches held`)
  t.equal(stats.requests + stats.evicted_requests, 20)
  await migrate(app)
  t.equal((await admin(app, '/__admin/requests?limit=1')).body.requests[0].status, 202, 'the newest is always held')
})

t.test('nothing long a client sends is quoted back: an 8 MB field name costs a few hundred bytes of answer and journal', async (t) => {
  const { app } = await build(t)
  const name = 'n'.repeat(8 * 1024 * 1024)
  const response = await migrate(app, `{"customers":[{"id":"1","name":"A","email":"a@example.com","registration_date":"2023-11-07T05:31:56Z","${name}":1}]}`)
  t.equal(response.statusCode, 400)
  t.ok(response.body.length < 1000, `the answer is ${response.body.length} bytes`)
  t.same(response.json().violations, [{ path: `/customers/0/${'n'.repeat(64)}…`, rule: 'unknownField', message: 'is not a field Masivo documents' }])
  t.ok(JSON.stringify((await admin(app, '/__admin/requests')).body).length < 2000, 'and so is its journal entry')
})

t.test('a key is cut at 64 characters, never inside a character', async (t) => {
  const { app } = await build(t)
  const key = `${'k'.repeat(63)}😀${'k'.repeat(10)}` // the emoji's first half is the 64th character
  const { violations } = (await migrate(app, { customers: [{ ...minimalCustomer(0), [key]: 1 }] })).json()
  t.equal(violations[0].path, `/customers/0/${'k'.repeat(63)}…`)
})
