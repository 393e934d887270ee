/**
 * What the queue rejected is as visible as what the endpoint refused: each batch's outcomes counted where it
 * is listed (batches, the event stream, the journal, the stats), and GET /__admin/rejections.
 */
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { admin, build, EVENTS, migrate, TRANSACTIONS } from '../../helper.js'
import { batchOf, entriesOf, fullCustomer, fullTransactions, minimalCustomer, minimalEvents } from '../../fixtures.js'

/** Three batches of account `token`: customers (1 rejected of 3), transactions (2 of 3), events (1 of 2). */
const migration = async (app: FastifyInstance, token = 'test-token') => {
  const ids: Record<string, string> = {}
  ids.first = (await migrate(app, batchOf(2, fullCustomer), { token })).json().batch_id
  ids.customers = (await migrate(app, { customers: [fullCustomer(2), { ...minimalCustomer(3), email: fullCustomer(0).email }, fullCustomer(4)] }, { token })).json().batch_id
  const short = { ...fullTransactions(1), transactions: fullTransactions(1).transactions.slice(0, 1) }
  ids.transactions = (await migrate(app, { customers: [fullTransactions(0), short, fullTransactions(9)] }, { token, url: TRANSACTIONS })).json().batch_id
  ids.events = (await migrate(app, entriesOf(2, minimalEvents, 4), { token, url: EVENTS })).json().batch_id
  await app.inject({ method: 'POST', url: '/__admin/queue/flush' })
  return ids
}

t.test('each batch carries its outcomes: null while queued, then counted by its kind; has_rejected picks the ones that matter', async (t) => {
  const { app } = await build(t, { QUEUE_DELAY_MS: '60000' })
  await migrate(app, batchOf(1, minimalCustomer))
  t.same((await admin(app, '/__admin/batches')).body.batches[0].outcomes, null, 'queued')
  t.same((await admin(app, '/__admin/requests')).body.requests[0].batch_outcomes, null, "the journal's entry: its batch is queued")
  const ids = await migration(app)
  const { batches } = (await admin(app, '/__admin/batches')).body
  t.same(batches.map((b: { id: string, outcomes: unknown }) => [b.id, b.outcomes]), [
    [ids.events, { applied: 1, rejected: 1 }],
    [ids.transactions, { applied: 1, rejected: 2 }],
    [ids.customers, { created: 2, updated: 0, rejected: 1 }],
    [ids.first, { created: 1, updated: 1, rejected: 0 }],
    [batches[4].id, { created: 1, updated: 0, rejected: 0 }]
  ])
  t.same((await admin(app, '/__admin/batches?has_rejected=true')).body.batches.map((b: { id: string }) => b.id), [ids.events, ids.transactions, ids.customers])
  t.equal((await admin(app, '/__admin/batches?has_rejected=false')).body.total, 2)
  t.equal((await admin(app, '/__admin/batches?has_rejected=true&kind=transactions')).body.total, 1)
  t.match((await admin(app, '/__admin/batches?has_rejected=yes')).body, { code: 'MOCK_ERR_VIOLATIONS', violations: [{ path: '/has_rejected', rule: 'type' }] })
  const requests = (await admin(app, '/__admin/requests')).body.requests
  t.same(requests.slice(0, 3).map((r: { batch_id: string, batch_outcomes: unknown }) => [r.batch_id, r.batch_outcomes]), [
    [ids.events, { applied: 1, rejected: 1 }], [ids.transactions, { applied: 1, rejected: 2 }], [ids.customers, { created: 2, updated: 0, rejected: 1 }]
  ], "a journal entry links to its batch's outcomes")
  t.same((await admin(app, '/__admin/stats')).body.rejected_entries, { customers: 1, transactions: 2, events: 1 })
})

t.test('GET /__admin/rejections: every rejected entry, newest batch first, with its reason and what was sent', async (t) => {
  const { app } = await build(t)
  const ids = await migration(app)
  const { rejections, total } = (await admin(app, '/__admin/rejections')).body
  t.equal(total, 4)
  t.same(rejections.map((r: Record<string, unknown>) => [r.batch_id, r.kind, r.index, r.customer_id]), [
    [ids.events, 'events', 1, 'cust-000005'],
    [ids.transactions, 'transactions', 1, 'cust-000001'],
    [ids.transactions, 'transactions', 2, 'cust-000009'],
    [ids.customers, 'customers', 1, 'cust-000003']
  ])
  t.match(rejections[1], {
    account: /^[0-9a-f]{12}$/,
    received_at: /^\d{4}-/,
    processed_at: /^\d{4}-/,
    reason: 'its transactions do not match its migrated balance (reward 3c90c3cc-0d44-4b50-8888-000000000001: the transactions add up to 200, the migrated balance is 150)',
    sent: { id: 'cust-000001', transactions: [{ amount: 200 }] }
  })
  t.equal(rejections[3].reason, 'email customer.0@example.com already belongs to customer cust-000000 in this account')
  t.same((await admin(app, '/__admin/rejections?kind=transactions&customer_id=cust-000009')).body.rejections.map((r: { index: number }) => r.index), [2])
  const page = (await admin(app, '/__admin/rejections?limit=2&offset=1')).body
  t.same([page.total, page.rejections.map((r: { customer_id: string }) => r.customer_id)], [4, ['cust-000001', 'cust-000009']], 'paged like every list')
  t.match((await admin(app, '/__admin/rejections?reason=x')).body, { code: 'MOCK_ERR_VIOLATIONS', violations: [{ path: '/reason', rule: 'unknownField' }] })
})

t.test('scoped like every admin list, and forgotten with the batches that held them (reset, eviction)', async (t) => {
  const { app } = await build(t, { MAX_STORED_CUSTOMERS: '11' })
  await migration(app, 'token-a')
  await migration(app, 'token-b')
  const as = (token: string) => ({ headers: { authorization: `Bearer ${token}` } })
  t.equal((await admin(app, '/__admin/rejections', as('token-b'))).body.total, 4, 'one account: its own')
  t.same((await admin(app, '/__admin/stats', as('token-b'))).body.rejected_entries, { customers: 1, transactions: 2, events: 1 })
  t.equal((await admin(app, '/__admin/stats', as('token-a'))).body.evicted_batches, 4, "a's batches were evicted for b's (11 entries stored at most)")
  t.same((await admin(app, '/__admin/stats')).body.rejected_entries, { customers: 1, transactions: 2, events: 1 }, 'and their rejections with them')
  t.equal((await admin(app, '/__admin/rejections', as('token-a'))).body.total, 0)
  await app.inject({ method: 'POST', url: '/__admin/reset', ...as('token-b') })
  t.same((await admin(app, '/__admin/stats')).body.rejected_entries, { customers: 0, transactions: 0, events: 0 })
  t.equal((await admin(app, '/__admin/rejections')).body.total, 0)
})
