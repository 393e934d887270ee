const { accountClient } = require('masivo-migrate-mock/jest')
const { migrateCustomers } = require('./migration.js')

const ana = { id: 'c-1', name: 'Ana', email: 'ana@example.com', registration_date: '2024-01-01T00:00:00Z' }

test('a migrated customer is read back as sent', async () => {
  // an account of this test's own: nothing another test or worker sends is seen here
  const mock = await accountClient()
  const batchId = await migrateCustomers(mock.baseUrl, mock.apiKey, [ana])
  await mock.flushQueue()
  expect((await mock.batch(batchId)).results).toEqual([{ customer_id: 'c-1', outcome: 'created' }])
  expect((await mock.customer('c-1')).customer.email).toBe('ana@example.com')
})
