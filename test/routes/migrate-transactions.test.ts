/** POST /api/storefront/v1/customers/migrate/transactions: validation, and what the queue makes of each customer's transactions. */
import t from 'tap'
import fc from 'fast-check'
import { admin, build, migrate, TRANSACTIONS } from '../helper.js'
import { batchOf, entriesOf, fullCustomer, fullTransactions, minimalCustomer, uuidFor } from '../fixtures.js'

const sendTransactions = (app: Parameters<typeof migrate>[0], body: unknown) => migrate(app, body, { url: TRANSACTIONS })

const resultsOf = async (app: Parameters<typeof migrate>[0], batchId: string) => (await admin(app, `/__admin/batches/${batchId}`)).body.results

t.test('a valid batch is accepted with 202 and Masivo\'s message, as a transactions batch', async (t) => {
  const { app } = await build(t)
  await migrate(app, batchOf(2, fullCustomer))
  const response = await sendTransactions(app, entriesOf(2, fullTransactions))
  t.equal(response.statusCode, 202)
  t.same(Object.keys(response.json()), ['message', 'batch_id', 'count'])
  t.match(response.json(), { message: 'Customer transactions enqueued successfully', count: 2 })
  const { body } = await admin(app, `/__admin/batches/${response.json().batch_id}`)
  t.match(body, { kind: 'transactions', status: 'processed', count: 2, customer_ids: ['cust-000000', 'cust-000001'] })
  t.same(body.customers, entriesOf(2, fullTransactions).customers, 'kept exactly as sent')
  t.same(body.results, [{ customer_id: 'cust-000000', outcome: 'applied' }, { customer_id: 'cust-000001', outcome: 'applied' }])
})

t.test('every violation is listed with its JSON Pointer', async (t) => {
  const { app } = await build(t)
  const good = fullTransactions(0).transactions[0]!
  const response = await sendTransactions(app, {
    customers: [
      { id: 'a', transactions: [{ amount: 5 }] },
      { id: 'b', transactions: [{ ...good, type: 'GIFT', reward_id: 'nope', amount: '5', extra: 1 }] },
      { id: 'c', transactions: [] },
      { id: 'a', transactions: [good], note: 'x' },
      { transactions: [{ ...good, event: { order: { value: -1 } } }] }
    ]
  })
  t.equal(response.statusCode, 400)
  t.match(response.json(), { error: 'Bad Request', code: 'MOCK_ERR_VIOLATIONS' })
  t.same(response.json().violations.map((v: { path: string, rule: string }) => `${v.path} ${v.rule}`), [
    '/customers/0/transactions/0/reward_id required',
    '/customers/0/transactions/0/type required',
    '/customers/1/transactions/0/extra unknownField',
    '/customers/1/transactions/0/reward_id format',
    '/customers/1/transactions/0/type enum',
    '/customers/1/transactions/0/amount type',
    '/customers/2/transactions minItems',
    '/customers/3/note unknownField',
    '/customers/3/id duplicateId',
    '/customers/4/id required',
    '/customers/4/transactions/0/event/type required',
    '/customers/4/transactions/0/event/order/purchase_id required',
    '/customers/4/transactions/0/event/order/value minimum'
  ])
  t.equal((await admin(app, '/__admin/batches')).body.total, 0, 'nothing stored')
})

t.test('an empty batch and one past MAX_BATCH_SIZE are refused', async (t) => {
  const { app } = await build(t, { MAX_BATCH_SIZE: '2' })
  t.match((await sendTransactions(app, { customers: [] })).json().violations, [{ path: '/customers', rule: 'minItems' }])
  t.match((await sendTransactions(app, entriesOf(3, fullTransactions))).json().violations, [{ path: '/customers', rule: 'maxItems' }])
})

t.test('transactions that add up to the migrated balance, reward by reward, are applied', async (t) => {
  const { app } = await build(t)
  const reward = uuidFor(7)
  const other = uuidFor(8)
  await migrate(app, { customers: [{ ...minimalCustomer(0), balance: [{ reward_id: reward, amount: 0.3 }, { reward_id: other, amount: 10 }, { reward_id: reward, amount: 1 }] }] })
  const tx = (rewardId: string, amount: number) => ({ reward_id: rewardId, type: 'ACCUMULATION', amount })
  const response = await sendTransactions(app, {
    customers: [{ id: 'cust-000000', transactions: [tx(reward, 0.1), tx(other, 12), tx(reward, 0.2), tx(other, -2), tx(reward, 1)] }]
  })
  t.same(await resultsOf(app, response.json().batch_id), [{ customer_id: 'cust-000000', outcome: 'applied' }], '0.1 + 0.2 + 1 is 1.3')
})

t.test('rejected, with the reason: a customer never migrated, a mismatch, transactions migrated twice', async (t) => {
  const { app } = await build(t)
  await migrate(app, batchOf(3, fullCustomer))
  const mismatch = fullTransactions(1)
  mismatch.transactions[1]!.amount = -40
  const stray = { id: 'cust-000000', transactions: [{ reward_id: uuidFor(99), type: 'MIGRATION', amount: 5 }, ...fullTransactions(0).transactions] }
  const first = await sendTransactions(app, { customers: [fullTransactions(2), mismatch, { ...fullTransactions(9) }, stray] })
  t.same(await resultsOf(app, first.json().batch_id), [
    { customer_id: 'cust-000002', outcome: 'applied' },
    {
      customer_id: 'cust-000001',
      outcome: 'rejected',
      reason: `its transactions do not match its migrated balance (reward ${uuidFor(1)}: the transactions add up to 160, the migrated balance is 150)`
    },
    {
      customer_id: 'cust-000009',
      outcome: 'rejected',
      reason: 'no customer cust-000009 in this account: it was never migrated, its customers batch came after this one, or it was evicted'
    },
    {
      customer_id: 'cust-000000',
      outcome: 'rejected',
      reason: `its transactions do not match its migrated balance (reward ${uuidFor(99)}: the transactions add up to 5, the migrated balance is 0)`
    }
  ])
  const again = await sendTransactions(app, { customers: [fullTransactions(2), fullTransactions(1)] })
  t.same(await resultsOf(app, again.json().batch_id), [
    {
      customer_id: 'cust-000002',
      outcome: 'rejected',
      reason: `its transactions were already migrated (batch ${first.json().batch_id}); transactions migrate once`
    },
    { customer_id: 'cust-000001', outcome: 'applied' }
  ], 'a rejected customer may send its transactions again; an applied one may not')
  const { body } = await admin(app, '/__admin/customers/cust-000001')
  t.match(body.transactions, [
    { batch_id: first.json().batch_id, outcome: 'rejected', reason: /do not match/, transactions: mismatch.transactions },
    { batch_id: again.json().batch_id, outcome: 'applied', transactions: fullTransactions(1).transactions }
  ], '/__admin/customers/:id shows its transactions with their outcomes')
  t.same(body.events, [])
})

t.test('any split of a balance in cents into signed transactions adds up; a cent more or less does not', async (t) => {
  const { app } = await build(t)
  let n = 0
  const seen = { applied: 0, rejected: 0 }
  await fc.assert(fc.asyncProperty(
    fc.array(fc.integer({ min: -1_000_000, max: 1_000_000 }), { minLength: 1, maxLength: 20 }),
    fc.boolean(),
    async (cents, off) => {
      const total = cents.reduce((a, b) => a + b, 0)
      fc.pre(total >= 0)
      const id = `c${n++}`
      const reward = uuidFor(1)
      await migrate(app, { customers: [{ ...minimalCustomer(0), id, email: `${id}@example.com`, balance: [{ reward_id: reward, amount: (total + (off ? 1 : 0)) / 100 }] }] })
      const response = await sendTransactions(app, { customers: [{ id, transactions: cents.map((c) => ({ reward_id: reward, type: 'MIGRATION', amount: c / 100 })) }] })
      const [result] = await resultsOf(app, response.json().batch_id)
      seen[result.outcome as 'applied' | 'rejected']++
      return result.outcome === (off ? 'rejected' : 'applied')
    }
  ), { numRuns: 60 })
  t.ok(seen.applied > 10 && seen.rejected > 10, `both outcomes met: ${JSON.stringify(seen)}`)
})

t.test('sums past the largest number match no balance', async (t) => {
  const { app } = await build(t)
  await migrate(app, batchOf(1, fullCustomer))
  const huge = { reward_id: uuidFor(0), type: 'ACCUMULATION', amount: 1.7e308 }
  const response = await sendTransactions(app, { customers: [{ id: 'cust-000000', transactions: [huge, huge] }] })
  t.match(await resultsOf(app, response.json().batch_id), [{
    outcome: 'rejected',
    reason: `its transactions do not match its migrated balance (reward ${uuidFor(0)}: the transactions add up to more than 1.7976931348623157e+308, the migrated balance is 150)`
  }])
})

/** A customer with `balance` (reward 0), then its transactions of `amounts`: the outcome and its reason. */
const balanceAgainst = async (app: Parameters<typeof migrate>[0], balance: number, amounts: number[], rewardInTransactions = uuidFor(0)) => {
  const customer = { ...minimalCustomer(0), balance: [{ reward_id: uuidFor(0), amount: balance, expiration_date: balance === 0 ? null : '2030-01-01T00:00:00Z' }] }
  await migrate(app, { customers: [customer] })
  const transactions = amounts.map((amount) => ({ reward_id: rewardInTransactions, type: amount < 0 ? 'REDEMPTION' : 'ACCUMULATION', amount }))
  const response = await sendTransactions(app, { customers: [{ id: customer.id, transactions }] })
  return (await resultsOf(app, response.json().batch_id))[0]
}

t.test('amounts add up as the decimals they were written as, compared within a billionth of the larger, with no absolute floor', async (t) => {
  const cases: [number, number[], string][] = [
    [0.1, [50000000.3, -50000000.2], 'applied'],
    [0.3, [0.1, 0.2], 'applied'],
    [100, Array.from({ length: 1000 }, () => 0.1), 'applied'],
    [0.30000000000000004, [0.1, 0.2], 'applied'],
    [5e-324, [1e-300], 'rejected'],
    [0, [1e9, -999999999], 'rejected'],
    [1234567890123456, [1234567890123457], 'applied'],
    [150, [149.99], 'rejected']
  ]
  for (const [balance, amounts, outcome] of cases) {
    const { app } = await build(t)
    const result = await balanceAgainst(app, balance, amounts)
    t.equal(result.outcome, outcome, `${balance} against ${amounts.length > 3 ? `${amounts.length} × ${amounts[0]}` : amounts.join(', ')}: ${result.reason ?? ''}`)
  }
  const { app } = await build(t)
  t.match(await balanceAgainst(app, 0, [1e9, -999999999]), { reason: /the transactions add up to 1, the migrated balance is 0\)$/ })
})

t.test('a reward id is one reward in either case', async (t) => {
  const { app } = await build(t)
  t.match(await balanceAgainst(app, 150, [200, -50], uuidFor(0).toUpperCase()), { outcome: 'applied' })
})

t.test('a balance whose sum no number carries is refused when the customer is processed, with the reason', async (t) => {
  const { app } = await build(t)
  const huge = { reward_id: uuidFor(0), amount: 1e308, expiration_date: '2030-01-01T00:00:00Z' }
  const response = await migrate(app, { customers: [{ ...minimalCustomer(0), balance: [huge, huge] }] })
  t.match(await resultsOf(app, response.json().batch_id), [{
    outcome: 'rejected',
    reason: `its balance of reward ${uuidFor(0)} adds up to more than 1.7976931348623157e+308, which no JSON number the API answers with can carry`
  }])
})

t.test('many distinct rewards are summed and compared in time linear in their number', async (t) => {
  const { app } = await build(t, { BODY_LIMIT_BYTES: String(64 * 1024 * 1024) })
  const rewards = Array.from({ length: 60_000 }, (_, i) => uuidFor(i))
  const balance = rewards.map((reward) => ({ reward_id: reward, amount: 2, expiration_date: '2030-01-01T00:00:00Z' }))
  const began = performance.now()
  await migrate(app, { customers: [{ ...minimalCustomer(0), balance }] })
  const transactions = rewards.map((reward) => ({ reward_id: reward, type: 'ACCUMULATION', amount: 2 }))
  const response = await sendTransactions(app, { customers: [{ id: 'cust-000000', transactions }] })
  t.match(await resultsOf(app, response.json().batch_id), [{ outcome: 'applied' }])
  const ms = performance.now() - began
  // by array scans (quadratic) this took about 7 s for the balance alone on this project's machine
  t.ok(ms < 5000, `60,000 rewards migrated and matched in ${Math.round(ms)} ms`)
})

t.test('another account\'s customer is not found', async (t) => {
  const { app } = await build(t)
  await migrate(app, batchOf(1, fullCustomer), { token: 'a' })
  const response = await migrate(app, entriesOf(1, fullTransactions), { token: 'b', url: TRANSACTIONS })
  t.match(await resultsOf(app, response.json().batch_id), [{ outcome: 'rejected', reason: /^no customer cust-000000 in this account/ }])
})
