/**
 * One test file's container, on the host's network when DOCKER_NETWORK=host, with no port given: four files
 * importing this run at once (test/docker/smoke.sh, `node --test --test-concurrency=4`), and each mock must
 * start on a port of its own and take a batch.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { MasivoMockContainer } from '../../../src/testcontainers/index.js'

test('a container on a free port of its own takes a batch', async (t) => {
  const container = new MasivoMockContainer(process.env.MASIVO_MOCK_IMAGE ?? 'masivo-migrate-mock:latest')
  const started = await (process.env.DOCKER_NETWORK === 'host' ? container.withHostNetwork() : container).start()
  try {
    t.diagnostic(`port ${started.getPort()}`)
    assert.equal(started.getUrl(), `http://${started.getHost()}:${started.getPort()}`)
    const client = await started.client().newAccount()
    const { batch_id: id } = await client.migrate({ customers: [{ id: 'c-1', name: 'Ana', email: 'ana@example.com', registration_date: '2024-01-01T00:00:00Z' }] })
    assert.equal((await client.batch(id))?.results[0]?.outcome, 'created')
  } finally {
    await started.stop()
  }
})
