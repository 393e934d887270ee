import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { startMock, type RunningMock } from 'masivo-migrate-mock'
import type { MigrateRequest } from 'masivo-migrate-mock/schemas'

// The code under test: your client of Masivo's migrate endpoint, retrying a 503 twice.
const sendBatch = async (baseUrl: string, token: string, body: MigrateRequest): Promise<number> => {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(`${baseUrl}/api/storefront/v1/customers/migrate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body)
    })
    if (response.status !== 503 || attempt === 3) return response.status
  }
}

const ana = { id: 'c-1', name: 'Ana', email: 'ana@example.com', registration_date: '2024-01-01T00:00:00Z' }

let mock: RunningMock
before(async () => { mock = await startMock({ authTokens: ['test-token'] }) })
after(() => mock.close())

test('a batch arrives as sent, and Masivo would create the customer', async () => {
  const masivo = mock.client.forAccount('test-token')
  assert.equal(await sendBatch(mock.url, 'test-token', { customers: [ana] }), 202)
  const { batches } = await masivo.waitForBatches({ minCount: 1, timeoutMs: 2000 })
  const batch = await masivo.batch(batches[0]!.id)
  assert.deepEqual(batch?.results, [{ customer_id: 'c-1', outcome: 'created' }])
})

test('the client retries a 503', async () => {
  const masivo = mock.client.forAccount('test-token')
  await masivo.reset()
  await masivo.addFault({ status: 503, count: 2 })
  assert.equal(await sendBatch(mock.url, 'test-token', { customers: [ana] }), 202)
  const { requests } = await masivo.requests()
  assert.deepEqual(requests.map((r) => r.status), [202, 503, 503])
})
