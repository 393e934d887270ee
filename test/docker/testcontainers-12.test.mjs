// MasivoMockContainer from the packed package with testcontainers 12, which needs Node 22 or later: run by
// test/docker/smoke.sh with the base image's Node 24, the Docker socket mounted.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createRequire } from 'node:module'
import { MasivoMockContainer } from 'masivo-migrate-mock/testcontainers'

const { version } = createRequire(import.meta.url)('testcontainers/package.json')
const image = process.env.MASIVO_MOCK_IMAGE
const container = () => {
  const mock = new MasivoMockContainer(image)
  return process.env.DOCKER_NETWORK === 'host' ? mock.withHostNetwork() : mock
}

test(`testcontainers ${version} on Node ${process.version}: a batch read back; a failed start`, async () => {
  assert.match(version, /^12\./)
  const started = await container().withAuthTokens(['t']).start()
  try {
    const client = started.client({ token: 't' })
    const { batch_id: id } = await client.migrate({ customers: [{ id: 'c-1', name: 'Ana', email: 'ana@example.com', registration_date: '2024-01-01T00:00:00Z' }] })
    assert.equal((await client.batch(id))?.results[0]?.outcome, 'created')
  } finally {
    await started.stop()
  }
  await assert.rejects(container().withEnvironment({ PORT: 'x' }).start(), /exited with code 1 before .*PORT="x"/)
})
