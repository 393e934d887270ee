import { test } from 'vitest'
import { accountClient } from 'masivo-migrate-mock/vitest'
import { migrateCustomers } from './migration.js'

test('the whole migration is applied, not only accepted', async () => {
  // an account of this test's own: tests and files run in parallel against one mock
  const mock = await accountClient()
  await migrateCustomers(mock.baseUrl, mock.apiKey!, [
    { id: 'c-1', name: 'Ana Ruiz', email: 'ana@example.com', registration_date: '2024-01-01T00:00:00Z' },
    { id: 'c-2', name: 'Bo Chen', email: 'bo@example.com', registration_date: '2024-01-01T00:00:00Z' }
  ])
  // a 202 only says the batch was queued: this throws, naming each customer the queue rejected and why
  await mock.expectAllApplied()
})
