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
import type { ReferenceDataFile } from '../../schemas/reference.js'

export const DEFAULT_IMAGE = 'masivo-migrate-mock:latest'
/** Where the image listens (its PORT), unless on the host's network. */
export const CONTAINER_PORT = 8080
const DEFAULT_STARTUP_TIMEOUT_MS = 30_000
const POLL_MS = 100

type Container = Parameters<WaitStrategy['waitUntilReady']>[0]

/** What the container wrote, its last `tail` lines or all (Docker's multiplexed log stream: an 8-byte header before each frame). */
const outputOf = async (container: Container, tail?: number): Promise<string> => {
  const raw = await container.logs({ stdout: true, stderr: true, follow: false, ...(tail === undefined ? {} : { tail }) }) as unknown as Buffer
  const frames: string[] = []
  for (let at = 0; at + 8 <= raw.length; at += 8 + raw.readUInt32BE(at + 4)) frames.push(raw.subarray(at + 8, at + 8 + raw.readUInt32BE(at + 4)).toString('utf8'))
  return frames.join('')
}

/** Its last lines worth a person's reading: the plain ones (the CLI's own sentences) when there are any, else the log lines. */
const lastLines = async (container: Container): Promise<string> => {
  const lines = (await outputOf(container, 10)).split('\n').map((line) => line.trim()).filter((line) => line !== '')
  const plain = lines.filter((line) => !line.startsWith('{'))
  return (plain.length > 0 ? plain : lines).slice(-5).join(' | ')
}

/** The line the CLI writes once it listens, whatever the log level: where a free port (0) landed. */
const LISTENING = /masivo-migrate-mock: listening on http:\/\/[^:\s]+:(\d+)/

/**
 * Waits until GET /health answers 200 (through the mapped port, or on the host's network the port it was
 * given, or, given none, the free port the mock reports it took), and fails at once, with the container's
 * last lines, if the mock exits first (e.g. a bad setting, a port in use).
 */
class HealthWaitStrategy implements WaitStrategy {
  private timeoutMs = DEFAULT_STARTUP_TIMEOUT_MS
  private timeoutSet = false
  /** The host port the mock listens on, once known (host network only). */
  listeningPort: number | undefined

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
    const deadline = Date.now() + this.timeoutMs
    let url: string | undefined
    for (;;) {
      if (url === undefined) {
        const port = this.hostPort === undefined ? boundPorts.getBinding(CONTAINER_PORT) : this.hostPort === 0 ? await this.reportedPort(container) : this.hostPort
        if (port !== undefined) {
          this.listeningPort = port
          url = `http://${host}:${port}${HEALTH_PATH}`
        }
      }
      const answered = url === undefined ? undefined : await fetch(url, { signal: AbortSignal.timeout(1000) }).then((r) => r.status, () => undefined)
      if (answered === 200) return
      const { State } = await container.inspect()
      if (!State.Running) {
        throw new Error(`masivo-migrate-mock did not start: its container exited with code ${State.ExitCode} before it answered on ${url ?? 'a port'}. Its last lines: ${await lastLines(container)}`)
      }
      if (Date.now() >= deadline) {
        throw new Error(`masivo-migrate-mock did not start: ${url ?? 'it'} did not answer 200 within ${this.timeoutMs} ms. Its last lines: ${await lastLines(container)}`)
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS))
    }
  }

  /** The port the mock reported taking, once it has (its first lines, so all of them: debug logging may follow). */
  private async reportedPort (container: Container): Promise<number | undefined> {
    const found = LISTENING.exec(await outputOf(container))
    return found === null ? undefined : Number(found[1])
  }
}

/** Where withReferenceData puts its file in the container. */
const REFERENCE_DATA_TARGET = '/tmp/masivo-migrate-mock-reference-data.json'

export class MasivoMockContainer extends GenericContainer {
  private hostPort: number | undefined
  private createdId: string | undefined
  private adminToken: string | undefined

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
  /** Masivo's rate limits as a Dev ('masivo-dev', or 'masivo') or a Prod account ('masivo-prod') has them, none ('off', the default), or a custom one. */
  withRateLimit (limit: NonNullable<ConfigOptions['rateLimit']> | { max: number, windowMs?: number }): this {
    return this.withSettings(typeof limit === 'string' ? { rateLimit: limit } : { rateLimitMax: limit.max, rateLimitWindowMs: limit.windowMs })
  }

  /**
   * Reference data per account (each key an API key, a bearer token, or "*" for every account without its
   * own), copied into the container as the REFERENCE_DATA file; the mock checks it as it starts, and a bad
   * one fails the start with the mock's sentence.
   */
  withReferenceData (data: ReferenceDataFile): this {
    return this.withCopyContentToContainer([{ content: JSON.stringify(data), target: REFERENCE_DATA_TARGET }])
      .withEnvironment({ REFERENCE_DATA: REFERENCE_DATA_TARGET })
  }

  withMaxBatchSize (customers: number): this { return this.withSettings({ maxBatchSize: customers }) }
  withAllowUnknownFields (allow = true): this { return this.withSettings({ allowUnknownFields: allow }) }
  withResponseDelay (ms: number): this { return this.withSettings({ responseDelayMs: ms }) }
  withQueueDelay (ms: number): this { return this.withSettings({ queueDelayMs: ms }) }
  withLogLevel (level: NonNullable<ConfigOptions['logLevel']>): this { return this.withSettings({ logLevel: level }) }
  /** A secret every /__admin request then needs; the started container's client() sends it. */
  withAdminToken (token: string): this {
    this.withSettings({ adminToken: token })
    this.adminToken = token
    return this
  }

  /**
   * Runs the container on the host's network, for Docker engines without a bridge network (no port is
   * mapped then), listening on 127.0.0.1:`port`; without one (or 0) on a free port the system picks as the
   * mock binds, so that containers started at once never collide; getPort() and getUrl() say which. The
   * guide (docs/testing.md) says which environment variables such an engine needs.
   */
  withHostNetwork (port = 0): this {
    if (!Number.isInteger(port) || port < 0 || port > 65_535) {
      throw new RangeError(`withHostNetwork: the port must be an integer from 0 to 65535 (0, or none, for a free one), not ${String(port)}`)
    }
    this.hostPort = port
    return this.withNetworkMode('host').withEnvironment({ HOST: '127.0.0.1', PORT: String(port) })
  }

  protected override async containerCreated (containerId: string): Promise<void> {
    this.createdId = containerId
  }

  /** Starts the container and waits for /health; a start that fails leaves no container behind. */
  override async start (): Promise<StartedMasivoMockContainer> {
    if (this.hostPort === undefined) this.withExposedPorts(CONTAINER_PORT)
    const health = new HealthWaitStrategy(this.hostPort)
    this.withWaitStrategy(health)
    this.createdId = undefined
    try {
      const started = await super.start()
      return new StartedMasivoMockContainer(started, this.hostPort === undefined ? undefined : health.listeningPort, this.adminToken)
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
  constructor (started: StartedTestContainer, private readonly hostPort: number | undefined, private readonly adminToken: string | undefined) {
    super(started)
  }

  /** The port the mock is reached on from here: the mapped one, or on the host's network the one it listens on. */
  getPort (): number {
    return this.hostPort ?? this.getMappedPort(CONTAINER_PORT)
  }

  /** The base URL to point the code under test at, e.g. http://localhost:32768 */
  getUrl (): string {
    return `http://${this.getHost()}:${this.getPort()}`
  }

  /** A MockClient of this container (every account; pass a credential for one), with its admin token if it has one. */
  client (options: MockClientOptions = {}): MockClient {
    return new MockClient(this.getUrl(), this.adminToken === undefined ? options : { adminToken: this.adminToken, ...options })
  }
}
