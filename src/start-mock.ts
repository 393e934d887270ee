/**
 * startMock(): the mock in the test process, listening on a free port, with a client for it. Suites start
 * one per test file (or one per run: src/runners/). A first start is cheap because the package's main entry
 * is one bundled file whose migrate validators were generated at build time (scripts/bundle.mjs); a second,
 * because validators are compiled once per process (src/validation/).
 */
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { buildApp } from './app.js'
import { configFromOptions, type ConfigOptions } from './config.js'
import { MockClient } from './client/index.js'
import { listeningUrl } from './http/listening-url.js'
import type { ReferenceDataFile } from '../schemas/reference.js'

export interface StartMockOptions extends Omit<ConfigOptions, 'referenceData'> {
  /** Where log lines go (default: stdout); they are written only at `logLevel` (default 'silent') and above. */
  logStream?: NodeJS.WritableStream
  /**
   * Reference data per account: the object REFERENCE_DATA's file holds (each key an API key, a bearer
   * token, or "*" for every account without its own), or the path of such a file.
   */
  referenceData?: ReferenceDataFile | string
}

export interface RunningMock {
  /** The base URL to point the code under test at, e.g. http://127.0.0.1:41234 */
  readonly url: string
  readonly port: number
  /** A client for the whole mock (every account), with its ADMIN_TOKEN if it has one; `client.forAccount(token)` for one. */
  readonly client: MockClient
  /** The Fastify instance, e.g. for `app.inject()`. */
  readonly app: FastifyInstance
  /** Stops listening, releases long polls, answers what is in flight. */
  close(): Promise<void>
  /** `await using mock = await startMock()` closes it at the end of the block. */
  [Symbol.asyncDispose](): Promise<void>
}

/** Options startMock sets differently from the server's defaults: a free port, and no log lines. */
const DEFAULTS: ConfigOptions = { port: 0, logLevel: 'silent' }

/**
 * Builds the mock from `options` (checked as the environment is: a ConfigError names a bad one) and
 * listens (default 127.0.0.1, a free port).
 */
export const startMock = async (options: StartMockOptions = {}): Promise<RunningMock> => {
  const { logStream, referenceData, ...settings } = options
  const path = typeof referenceData === 'string' ? { referenceData } : {}
  const config = configFromOptions({ ...settings, ...path }, DEFAULTS)
  const app = await buildApp(config, {
    ...(logStream === undefined ? {} : { logStream }),
    ...(typeof referenceData === 'object' ? { referenceData } : {})
  })
  try {
    await app.listen({ port: config.PORT, host: config.HOST })
  } catch (err) {
    await app.close()
    throw err
  }
  const url = listeningUrl(app)
  const close = async () => { await app.close() }
  const client = new MockClient(url, config.ADMIN_TOKEN === undefined ? {} : { adminToken: config.ADMIN_TOKEN })
  return { url, port: (app.server.address() as AddressInfo).port, client, app, close, [Symbol.asyncDispose]: close }
}
