/**
 * The mock in a Node test suite with Testcontainers (https://node.testcontainers.org): started once,
 * waited on through /health, stopped at the end. Build the image first: docker build -t masivo-migrate-mock .
 *
 *   const masivo = await startMasivoMock()
 *   process.env.MASIVO_BASE_URL = masivo.baseUrl   // point the client under test at the mock
 *   ... run the code under test ...
 *   const { batches } = await (await fetch(`${masivo.baseUrl}/__admin/batches`)).json()
 *   await masivo.container.stop()
 */
import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers'

export interface MasivoMock {
  container: StartedTestContainer
  /** Where the client under test should send its requests, e.g. http://localhost:49153 */
  baseUrl: string
}

export const startMasivoMock = async (
  environment: Record<string, string> = { AUTH_TOKENS: 'test-token' },
  image = 'masivo-migrate-mock'
): Promise<MasivoMock> => {
  const container = await new GenericContainer(image)
    .withEnvironment(environment)
    .withExposedPorts(8080)
    .withWaitStrategy(Wait.forHttp('/health', 8080).forStatusCode(200))
    .withStartupTimeout(10_000)
    .start()
  return { container, baseUrl: `http://${container.getHost()}:${container.getMappedPort(8080)}` }
}
