/**
 * MasivoMockContainer against the built image (test/docker/smoke.sh runs this with MASIVO_MOCK_IMAGE set):
 * a batch sent and read back through client(), reference data given with withReferenceData, a mock that exits during the start fails it at once with a
 * sentence and leaves no container, a port in use is said so, and a bad setting or port is refused before
 * any container is made.
 *
 *   TESTCONTAINERS_RYUK_DISABLED=true MASIVO_MOCK_IMAGE=<image> [DOCKER_NETWORK=host] node --import tsx --test test/docker/masivo-mock-container.ts
 */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { createServer, type AddressInfo } from 'node:net'
import { test } from 'node:test'
import { ConfigError } from '../../src/config.js'
import { MockClient } from '../../src/client/index.js'
import { MasivoMockContainer } from '../../src/testcontainers/index.js'

const image = process.env.MASIVO_MOCK_IMAGE ?? 'masivo-migrate-mock:latest'
const hostNetwork = process.env.DOCKER_NETWORK === 'host'
/** Containers Testcontainers made of the image, running or not (the smoke test's own is not one). */
const containersOf = () => execFileSync('docker', ['ps', '-aq', '--filter', `ancestor=${image}`, '--filter', 'label=org.testcontainers=true'], { encoding: 'utf8' }).trim()

/** On the host's network, a free port the mock takes itself. */
const container = () => {
  const mock = new MasivoMockContainer(image)
  return hostNetwork ? mock.withHostNetwork() : mock
}

test('starts, takes a batch, queues it, reads it back through client() (which sends its admin token), and stops', async () => {
  const began = performance.now()
  const reward = { id: '3c90c3cc-0d44-4b50-8888-8dd25736052a', name: 'Points', type: 'POINTS' as const }
  const started = await container().withAuthTokens(['t-1']).withMaxBatchSize(2).withQueueDelay(60_000).withAdminToken('container-admin-token-01')
    .withReferenceData({ 't-1': { rewards: [reward] } }).start()
  const startMs = performance.now() - began
  try {
    assert.match(started.getUrl(), /^http:\/\/[^:]+:\d+$/)
    const client = started.client({ token: 't-1' })
    const { batch_id: id } = await client.migrate({ customers: [{ id: 'c-1', name: 'Ana', email: 'ana@example.com', registration_date: '2024-01-01T00:00:00Z' }] })
    assert.equal((await client.batch(id))?.results[0]?.outcome, 'queued', 'withQueueDelay: still queued')
    assert.equal(await client.readCustomer('c-1'), undefined)
    assert.equal(await client.flushQueue(), 1)
    assert.equal((await client.batch(id))?.results[0]?.outcome, 'created')
    assert.equal((await client.readCustomer('c-1'))?.data.customer.name, 'Ana')
    assert.deepEqual(await client.readRewards(), [{ ...reward, brand_id: null, description: null, conditions: [], attributes: {} }], 'withReferenceData')
    await assert.rejects(client.migrate({ customers: [1, 2, 3].map((i) => ({ id: `c-${i}`, name: 'A', email: `a${i}@example.com`, registration_date: '2024-01-01T00:00:00Z' })) }), { status: 400 })
    await assert.rejects(started.client({ token: 'other' }).migrate({ customers: [] }), { status: 401 })
    await assert.rejects(new MockClient(started.getUrl()).stats(), { status: 401 }, 'withAdminToken: /__admin needs it')
    console.log(`started in ${Math.round(startMs)} ms`)
  } finally {
    await started.stop()
  }
  assert.equal(containersOf(), '', 'no container left after stop')
})

test('a mock that exits during the start fails it at once, with its last log line, and leaves no container', async () => {
  const began = performance.now()
  await assert.rejects(container().withEnvironment({ MAX_BATCH_SIZE: '0' }).start(),
    /^Error: masivo-migrate-mock did not start: its container exited with code 1 before it answered on .*\. Its last lines: Invalid configuration: MAX_BATCH_SIZE="0"; MAX_BATCH_SIZE expects an integer from 1 to 100000/)
  assert.ok(performance.now() - began < 10_000, 'not after the start-up timeout')
  assert.equal(containersOf(), '', 'no container left')
})

test('a bad setting or port is refused before any container is made', () => {
  assert.throws(() => new MasivoMockContainer(image).withMaxBatchSize(0), ConfigError)
  assert.throws(() => new MasivoMockContainer(image).withSettings({ rateLimit: 'sometimes' as 'off' }), /rateLimit expects off, masivo-dev/)
  for (const port of [-1, 65_536, 80.5, Number.NaN]) {
    assert.throws(() => new MasivoMockContainer(image).withHostNetwork(port), { name: 'RangeError', message: `withHostNetwork: the port must be an integer from 0 to 65535 (0, or none, for a free one), not ${port}` })
  }
})

test('on the host network, a port in use fails the start with a sentence that says so', { skip: !hostNetwork && 'needs DOCKER_NETWORK=host' }, async () => {
  const taken = createServer()
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
  const { port } = taken.address() as AddressInfo
  try {
    await assert.rejects(new MasivoMockContainer(image).withHostNetwork(port).start(),
      { message: `masivo-migrate-mock did not start: its container exited with code 1 before it answered on http://127.0.0.1:${port}/health. Its last lines: masivo-migrate-mock: cannot listen on 127.0.0.1:${port}: the port is in use (choose another with --port or PORT, or 0 for a free one)` })
  } finally {
    taken.close()
  }
  assert.equal(containersOf(), '', 'no container left')
})
