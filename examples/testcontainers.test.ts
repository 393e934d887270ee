import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { MasivoMockContainer, type StartedMasivoMockContainer } from 'masivo-migrate-mock/testcontainers'

let masivo: StartedMasivoMockContainer
before(async () => {
  const image = process.env.MASIVO_MOCK_IMAGE ?? 'masivo-migrate-mock:latest'
  const container = new MasivoMockContainer(image).withAuthTokens(['test-token'])
  // a Docker engine without a bridge network: the host's network, on a free port the mock takes itself
  if (process.env.DOCKER_NETWORK === 'host') container.withHostNetwork()
  masivo = await container.start()
})
after(() => masivo.stop())

test('a batch sent to the container is read back', async () => {
  const client = masivo.client({ token: 'test-token' })
  const { batch_id: id } = await client.migrate({
    customers: [{ id: 'c-1', name: 'Ana', email: 'ana@example.com', registration_date: '2024-01-01T00:00:00Z' }]
  })
  assert.equal((await client.batch(id))?.results[0]?.outcome, 'created')
  assert.match(masivo.getUrl(), /^http:\/\/[^:]+:\d+$/)
})
