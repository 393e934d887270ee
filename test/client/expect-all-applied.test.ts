/** MockClient's rejections() and expectAllApplied(): "was my whole migration applied?", asked in one line. */
import t from 'tap'
import { MockRejectedError, MockTimeoutError, startMock } from '../../src/index.js'
import { batchOf, fullCustomer, fullTransactions, minimalCustomer, minimalEvents } from '../fixtures.js'

t.test('resolves when every entry was applied, having waited for the queue', async (t) => {
  const mock = await startMock({ queueDelayMs: 1000 })
  t.teardown(() => mock.close())
  const client = await mock.client.newAccount()
  await client.migrate(batchOf(3, fullCustomer))
  await client.migrateTransactions({ customers: [fullTransactions(0), fullTransactions(1)] })
  t.equal((await client.batches({ status: 'queued' })).total, 2, 'queued for a second')
  await client.expectAllApplied()
  t.equal((await client.batches({ status: 'processed' })).total, 2, 'waited for')
  await (await mock.client.newAccount()).expectAllApplied()
  t.pass('an account that sent nothing: nothing to wait for')
})

t.test('throws MockRejectedError naming each rejected customer with its reason, and its batches', async (t) => {
  const mock = await startMock()
  t.teardown(() => mock.close())
  const client = await mock.client.newAccount()
  await client.migrate({ customers: [fullCustomer(0), fullCustomer(1)] })
  const customers = await client.migrate({ customers: [{ ...minimalCustomer(2), email: fullCustomer(0).email }, fullCustomer(3)] })
  const short = { ...fullTransactions(1), transactions: fullTransactions(1).transactions.slice(0, 1) }
  const transactions = await client.migrateTransactions({ customers: [fullTransactions(0), short] })
  await client.migrateEvents({ customers: [minimalEvents(0)] })
  const error = await client.expectAllApplied().catch((err: unknown) => err)
  t.type(error, MockRejectedError)
  const rejected = error as MockRejectedError
  t.equal(rejected.total, 2)
  t.same(rejected.rejections.map((r) => r.customer_id), ['cust-000001', 'cust-000002'])
  t.equal(rejected.message, [
    "Expected every entry in this client's API key's account to be applied, but the queue rejected 2 entries, in 2 batches:",
    `  transactions batch ${transactions.batch_id}: 1 of 2 rejected`,
    `  customers batch ${customers.batch_id}: 1 of 2 rejected`,
    'Rejected:',
    `  - "cust-000001" (transactions batch ${transactions.batch_id.slice(0, 8)}, entry 1): its transactions do not match its migrated balance (reward 3c90c3cc-0d44-4b50-8888-000000000001: the transactions add up to 200, the migrated balance is 150)`,
    `  - "cust-000002" (customers batch ${customers.batch_id.slice(0, 8)}, entry 0): email customer.0@example.com already belongs to customer cust-000000 in this account`
  ].join('\n'))
  t.same((await client.rejections({ kind: 'customers' })).rejections.map((r) => r.customer_id), ['cust-000002'], 'rejections(filter)')
})

t.test('past ten, the message names the first ten and counts the rest; flush processes the queue at once', async (t) => {
  const mock = await startMock({ queueDelayMs: 60_000 })
  t.teardown(() => mock.close())
  const client = await mock.client.newAccount()
  await client.migrateTransactions({ customers: Array.from({ length: 12 }, (_, i) => fullTransactions(i)) })
  const error = await client.expectAllApplied({ timeoutMs: 100 }).catch((err: unknown) => err)
  t.type(error, MockTimeoutError, 'the queue holds it for a minute: waiting runs out')
  const flushed = await client.expectAllApplied({ flush: true }).catch((err: unknown) => err) as MockRejectedError
  t.type(flushed, MockRejectedError)
  t.equal(flushed.rejections.length, 10)
  t.match(flushed.message, /rejected 12 entries, in 1 batch:\n[^]* {2}\.\.\. and 2 more \(client\.rejections\(\) lists them all\)$/)
  t.match(flushed.message, /"cust-000000" \(transactions batch \w{8}, entry 0\): no customer cust-000000 in this account/)
})
