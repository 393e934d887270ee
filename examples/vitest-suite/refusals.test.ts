import { expect, test as base } from 'vitest'
import { accountClient, type MockClient } from 'masivo-migrate-mock/vitest'
import { migrateCustomers } from './migration.js'

// a fixture: each test that asks for `mock` gets a client of a fresh account
const test = base.extend<{ mock: MockClient }>({
  mock: async ({}, use) => { await use(await accountClient()) } // eslint-disable-line no-empty-pattern
})

test('a refused batch says where each violation is', async ({ mock }) => {
  const bad = { id: 'c-2', name: 'Bea', email: 'not-an-email', registration_date: '2024-02-30T00:00:00Z' }
  await expect(migrateCustomers(mock.baseUrl, mock.apiKey!, [bad])).rejects.toThrow(/400/)

  const { requests } = await mock.requests({ status: 400 })
  expect(requests[0]?.violations?.map((v) => v.path)).toEqual(['/customers/0/email', '/customers/0/registration_date'])
})

test.concurrent.for(['one', 'two', 'three'])('test %s, concurrently, sees only its own batches', async (name, { mock }) => {
  await migrateCustomers(mock.baseUrl, mock.apiKey!, [{ id: `c-${name}`, name, email: `${name}@example.com`, registration_date: '2024-01-01T00:00:00Z' }])
  const { batches, total } = await mock.batches()
  expect(total).toBe(1)
  expect(batches[0]?.customer_ids).toEqual([`c-${name}`])
})
