/**
 * What the test-runner recipes share: one mock for a whole run, found by every test file through
 * MASIVO_MOCK_URL (or vitest's provide/inject), and a client of a fresh account for each test. Only
 * `startSharedMock` loads the server, and only when it is called: test files load the client alone.
 */
import { MockClient } from '../client/index.js'
import type { RunningMock, StartMockOptions } from '../start-mock.js'
import { MOCK_ADMIN_TOKEN_VARIABLE, MOCK_URL_VARIABLE } from './mock-url.js'

export { MOCK_ADMIN_TOKEN_VARIABLE, MOCK_URL_VARIABLE }

/** The shared mock, or the one MASIVO_MOCK_URL already names (a container, a mock another process started). */
export interface SharedMock {
  readonly url: string
  /** Its ADMIN_TOKEN, if it has one (from the options, or MASIVO_MOCK_ADMIN_TOKEN beside MASIVO_MOCK_URL). */
  readonly adminToken: string | undefined
  /** Stops the mock this run started; nothing when MASIVO_MOCK_URL named one. */
  close(): Promise<void>
  /** The mock this run started (undefined when MASIVO_MOCK_URL named one). */
  readonly running: RunningMock | undefined
}

/**
 * Starts one mock for the run (the main entry, loaded here on first call), unless MASIVO_MOCK_URL already
 * names one, which is then used as it is.
 */
export const startSharedMock = async (options: StartMockOptions = {}): Promise<SharedMock> => {
  const given = process.env[MOCK_URL_VARIABLE]
  if (given !== undefined && given !== '') return { url: given, adminToken: adminTokenFromEnvironment(), close: async () => {}, running: undefined }
  const { startMock } = await import('masivo-migrate-mock')
  const running = await startMock(options)
  return { url: running.url, adminToken: options.adminToken, close: () => running.close(), running }
}

/** The ADMIN_TOKEN in MASIVO_MOCK_ADMIN_TOKEN, if any. */
export const adminTokenFromEnvironment = (): string | undefined => process.env[MOCK_ADMIN_TOKEN_VARIABLE] || undefined

const withAdminToken = (adminToken: string | undefined) => adminToken === undefined ? {} : { adminToken }

/** A client of the whole mock at `url` (every account's data: for a look across tests). */
export const wholeMockClient = (url: string, adminToken?: string): MockClient => new MockClient(url, withAdminToken(adminToken))

/** A client of a fresh account of the mock at `url`: a new API key, already exchanged for a token (MockClient.newAccount). */
export const freshAccountClient = (url: string, adminToken?: string): Promise<MockClient> => new MockClient(url, withAdminToken(adminToken)).newAccount()

/** The URL in MASIVO_MOCK_URL, or an error that says how to set up the run. */
export const urlFromEnvironment = (setup: string): string => {
  const url = process.env[MOCK_URL_VARIABLE]
  if (url === undefined || url === '') throw new Error(`masivo-migrate-mock: no shared mock (${MOCK_URL_VARIABLE} is not set): ${setup}`)
  return url
}

/**
 * A test file's helpers, whatever way the runner hands the shared mock's URL on (`mockUrl` finds it, or says
 * how to set the run up) and its ADMIN_TOKEN, if it has one.
 */
export const testFileHelpers = (mockUrl: () => string, adminToken: () => string | undefined) => ({
  /** The shared mock's URL, in a test file. */
  mockUrl,
  /** A client of a fresh account of the shared mock: call it per test, and nothing a test sends is seen by another. */
  accountClient: async (): Promise<MockClient> => freshAccountClient(mockUrl(), adminToken()),
  /** A client of the whole shared mock (every account). */
  mockClient: (): MockClient => wholeMockClient(mockUrl(), adminToken())
})

/** A test file's helpers, for runners that hand the URL on through MASIVO_MOCK_URL; `setup` says how to set the run up. */
export const helpersFromEnvironment = (setup: string) => testFileHelpers(() => urlFromEnvironment(setup), adminTokenFromEnvironment)
