/**
 * `masivo-migrate-mock/testcontainers`: the mock's image in a Testcontainers suite (testcontainers 11 on
 * Node 20, 12 on Node 22 and later), in the shape of @testcontainers/mockserver:
 *
 *   const mock = await new MasivoMockContainer().withAuthTokens(['test-token']).start()
 *   process.env.MASIVO_BASE_URL = mock.getUrl()
 *   ... run the code under test ...
 *   const { batches } = await mock.client().batches()
 *   await mock.stop()
 */
import {
  AbstractStartedContainer, GenericContainer, getContainerRuntimeClient, type BoundPorts, type StartedTestContainer,
  type WaitStrategy
} from 'testcontainers'
import { MockClient, type MockClientOptions } from '../client/index.js'
import { configFromOptions, optionName, SETTINGS, type ConfigOptions } from '../config.js'
import { HEALTH_PATH } from '../paths.js'

export const DEFAULT_IMAGE = 'masivo-migrate-mock:latest'
/** Where the image listens (its PORT), unless on the host's network. */
export const CONTAINER_PORT = 8080
const DEFAULT_STARTUP_TIMEOUT_MS = 30_000
const POLL_MS = 100

type Container = Parameters<WaitStrategy['waitUntilReady']>[0]

/** The last lines a container wrote (Docker's multiplexed log stream: an 8-byte header before each frame). */
const lastLines = async (container: Container): Promise<string> => {
  const raw = await container.logs({ stdout: true, stderr: true, tail: 5, follow: false }) as unknown as Buffer
  const frames: string[] = []
  for (let at = 0; at + 8 <= raw.length; at += 8 + raw.readUInt32BE(at + 4)) frames.push(raw.subarray(at + 8, at + 8 + raw.readUInt32BE(at + 4)).toString('utf8'))
  return frames.join('').trim()
}

/**
 * Waits until GET /health answers 200 (through the mapped port, or the host port on the host's network),
 * and fails at once, with the container's last log lines, if the mock exits first (e.g. a bad setting).
 */
class HealthWaitStrategy implements WaitStrategy {
  private timeoutMs = DEFAULT_STARTUP_TIMEOUT_MS
  private timeoutSet = false

  constructor (private readonly hostPort: number | undefined) {}

  withStartupTimeout (startupTimeoutMs: number): this {
    this.timeoutMs = startupTimeoutMs
    this.timeoutSet = true
    return this
  }

  isStartupTimeoutSet (): boolean { return this.timeoutSet }
  getStartupTimeout (): number { return this.timeoutMs }

  async waitUntilReady (container: Container, boundPorts: BoundPorts): Promise<void> {
    const { host } = (await getContainerRuntimeClient()).info.containerRuntime
    const url = `http://${host}:${this.hostPort ?? boundPorts.getBinding(CONTAINER_PORT)}${HEALTH_PATH}`
    const deadline = Date.now() + this.timeoutMs
    for (;;) {
      const answered = await fetch(url, { signal: AbortSignal.timeout(1000) }).then((r) => r.status, () => undefined)
      if (answered === 200) return
      const { State } = await container.inspect()
      if (!State.Running) {
        throw new Error(`masivo-migrate-mock exited with code ${State.ExitCode} before ${url} answered: ${await lastLines(container)}`)
      }
      if (Date.now() >= deadline) throw new Error(`masivo-migrate-mock: ${url} did not answer 200 within ${this.timeoutMs} ms`)
      await new Promise((resolve) => setTimeout(resolve, POLL_MS))
    }
  }
}

export class MasivoMockContainer extends GenericContainer {
  private hostPort: number | undefined
  private createdId: string | undefined

  constructor (image = DEFAULT_IMAGE) {
    super(image)
    this.withStartupTimeout(DEFAULT_STARTUP_TIMEOUT_MS)
  }

  /**
   * Any of the mock's settings, named as startMock's options (`{ maxBatchSize: 500 }`), checked here with the
   * mock's own messages (a ConfigError) before a container is created.
   */
  withSettings (settings: ConfigOptions): this {
    configFromOptions(settings)
    const environment: Record<string, string> = {}
    for (const setting of SETTINGS) {
      const value = settings[optionName(setting) as keyof ConfigOptions]
      if (value !== undefined) environment[setting] = Array.isArray(value) ? value.join(',') : String(value)
    }
    return this.withEnvironment(environment)
  }

  /** The bearer tokens the migrate endpoint accepts (default: any). */
  withAuthTokens (tokens: string[]): this { return this.withSettings({ authTokens: tokens }) }
  /** The API keys the token endpoint accepts (default: any). */
  withApiKeys (keys: string[]): this { return this.withSettings({ apiKeys: keys }) }
  /** Masivo's rate limits ('masivo'), none ('off', the default), or a custom one. */
  withRateLimit (limit: 'off' | 'masivo' | { max: number, windowMs?: number }): this {
    return this.withSettings(typeof limit === 'string' ? { rateLimit: limit } : { rateLimitMax: limit.max, rateLimitWindowMs: limit.windowMs })
  }

  withMaxBatchSize (customers: number): this { return this.withSettings({ maxBatchSize: customers }) }
  withAllowUnknownFields (allow = true): this { return this.withSettings({ allowUnknownFields: allow }) }
  withResponseDelay (ms: number): this { return this.withSettings({ responseDelayMs: ms }) }
  withQueueDelay (ms: number): this { return this.withSettings({ queueDelayMs: ms }) }
  withLogLevel (level: NonNullable<ConfigOptions['logLevel']>): this { return this.withSettings({ logLevel: level }) }

  /**
   * Runs the container on the host's network, listening on 127.0.0.1:`port`, for Docker engines without a
   * bridge network (no port is mapped then; set TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1 too, as Testcontainers
   * otherwise looks the host up through the bridge).
   */
  withHostNetwork (port = 18080): this {
    this.hostPort = port
    return this.withNetworkMode('host').withEnvironment({ HOST: '127.0.0.1', PORT: String(port) })
  }

  protected override async containerCreated (containerId: string): Promise<void> {
    this.createdId = containerId
  }

  /** Starts the container and waits for /health; a start that fails leaves no container behind. */
  override async start (): Promise<StartedMasivoMockContainer> {
    if (this.hostPort === undefined) this.withExposedPorts(CONTAINER_PORT)
    this.withWaitStrategy(new HealthWaitStrategy(this.hostPort))
    this.createdId = undefined
    try {
      return new StartedMasivoMockContainer(await super.start(), this.hostPort)
    } catch (err) {
      await this.removeCreated()
      throw err
    }
  }

  private async removeCreated () {
    if (this.createdId === undefined) return
    const client = await getContainerRuntimeClient()
    // forced: it may still be running (a graceful stop would only wait for it)
    await client.container.getById(this.createdId).remove({ force: true, v: true }).catch(() => undefined)
  }
}

export class StartedMasivoMockContainer extends AbstractStartedContainer {
  constructor (started: StartedTestContainer, private readonly hostPort: number | undefined) {
    super(started)
  }

  /** The port the mock is reached on from here: the mapped one, or the host port on the host's network. */
  getPort (): number {
    return this.hostPort ?? this.getMappedPort(CONTAINER_PORT)
  }

  /** The base URL to point the code under test at, e.g. http://localhost:32768 */
  getUrl (): string {
    return `http://${this.getHost()}:${this.getPort()}`
  }

  /** A MockClient of this container (every account; pass a credential for one). */
  client (options: MockClientOptions = {}): MockClient {
    return new MockClient(this.getUrl(), options)
  }
}
