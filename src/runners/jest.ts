/**
 * `masivo-migrate-mock/jest`: one mock for a whole Jest run, a client of a fresh account for each test.
 *
 *   // jest.config.js
 *   module.exports = {
 *     globalSetup: 'masivo-migrate-mock/jest/global-setup',
 *     globalTeardown: 'masivo-migrate-mock/jest/global-teardown'
 *   }
 *
 *   // any test file
 *   const { accountClient } = require('masivo-migrate-mock/jest')
 *   const mock = await accountClient()   // mock.baseUrl and mock.apiKey for the code under test
 *
 * The globalSetup hands the URL to the workers through MASIVO_MOCK_URL. With settings, a globalSetup file
 * of your own exports `globalSetup({ ... })`. Shipped as CommonJS too, for test files Jest runs as CommonJS.
 */
import type { StartMockOptions } from '../start-mock.js'
import { helpersFromEnvironment, MOCK_ADMIN_TOKEN_VARIABLE, MOCK_URL_VARIABLE, startSharedMock, type SharedMock } from './shared-mock.js'

/** The client, its errors and the read-backs' types, as `masivo-migrate-mock/client` exports them. */
export * from '../client/index.js'

const SETUP = "set globalSetup: 'masivo-migrate-mock/jest/global-setup' and globalTeardown: 'masivo-migrate-mock/jest/global-teardown' in the Jest config"
/** Where the globalSetup leaves the mock for the globalTeardown (Jest runs both in one process, each in its own module registry). */
const RUNNING = Symbol.for('masivo-migrate-mock/jest')

type Holder = { [RUNNING]?: SharedMock }

/** A Jest globalSetup that starts one mock with `options` (or uses the one MASIVO_MOCK_URL names) and hands its URL to the workers. */
export const globalSetup = (options: StartMockOptions = {}) => async (): Promise<void> => {
  const mock = await startSharedMock(options)
  ;(globalThis as Holder)[RUNNING] = mock
  process.env[MOCK_URL_VARIABLE] = mock.url
  if (mock.adminToken !== undefined) process.env[MOCK_ADMIN_TOKEN_VARIABLE] = mock.adminToken
}

/** The Jest globalTeardown: stops the mock the globalSetup started. */
export const globalTeardown = async (): Promise<void> => {
  const holder = globalThis as Holder
  await holder[RUNNING]?.close()
  delete holder[RUNNING]
}

/** The shared mock's URL; a client of a fresh account of it (call it per test: nothing a test sends is seen by another); a client of the whole mock. */
export const { mockUrl, accountClient, mockClient } = helpersFromEnvironment(SETUP)
