// Run with: npx masivo-migrate-mock exec -- node --test
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { accountClient, mockUrl } from 'masivo-migrate-mock/node-test'

test('a batch is accepted and its customer created', async (t) => {
  t.diagnostic(`shared mock: ${mockUrl()}`)
  const mock = await accountClient()
  const { batch_id: batchId } = await mock.migrate({
    customers: [{ id: 'c-1', name: 'Ana', email: 'ana@example.com', registration_date: '2024-01-01T00:00:00Z' }]
  })
  await mock.flushQueue()
  assert.equal((await mock.batch(batchId))?.results[0]?.outcome, 'created')
})
