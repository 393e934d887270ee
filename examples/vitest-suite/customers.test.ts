import { expect, test } from 'vitest'
import { accountClient } from 'masivo-migrate-mock/vitest'
import { migrateCustomers } from './migration.js'

const ana = { id: 'c-1', name: 'Ana', email: 'ana@example.com', registration_date: '2024-01-01T00:00:00Z' }

test('a migrated customer is read back as sent', async () => {
  // an account of this test's own: nothing another test sends is seen here
  const mock = await accountClient()
  const batchId = await migrateCustomers(mock.baseUrl, mock.apiKey!, [ana])

  await mock.flushQueue()
  const batch = await mock.batch(batchId)
  expect(batch?.results[0]?.outcome).toBe('created')
  expect(batch?.customers[0]?.email).toBe('ana@example.com')
  const view = await mock.customer('c-1')
  expect(view?.customer.email).toBe('ana@example.com')
})

test('a transaction that does not add up to the balance is rejected by the queue', async () => {
  const mock = await accountClient()
  const reward = '3c90c3cc-0d44-4b50-8888-8dd25736052a'
  await mock.migrate({ customers: [{ ...ana, balance: [{ reward_id: reward, amount: 100, expiration_date: '2030-01-01T00:00:00Z' }] }] })
  await mock.migrateTransactions({ customers: [{ id: 'c-1', transactions: [{ reward_id: reward, type: 'ACCUMULATION', amount: 40 }] }] })
  await mock.flushQueue()

  const view = await mock.customer('c-1')
  const amounts = view?.transactions.flatMap((entry) => entry.transactions.map((t) => t.amount))
  expect(amounts).toEqual([40])
  expect(view?.transactions[0]?.outcome).toBe('rejected')
})
