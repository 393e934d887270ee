/**
 * `masivo-migrate-mock/node-test`: one mock for a whole `node --test` run, a client of a fresh account for each test.
 *
 *   npx masivo-migrate-mock exec -- node --test
 *
 *   // any test file
 *   import { accountClient } from 'masivo-migrate-mock/node-test'
 *   const mock = await accountClient()   // mock.baseUrl and mock.apiKey for the code under test
 *
 * node --test runs each file in a process of its own, and on Node 20 nothing runs in the runner's process
 * before them (an --import runs in each file's process): `exec` starts the mock around the whole run and
 * hands its URL to every file through MASIVO_MOCK_URL.
 */
import { helpersFromEnvironment } from './shared-mock.js'

/** The client, its errors and the read-backs' types, as `masivo-migrate-mock/client` exports them. */
export * from '../client/index.js'

const SETUP = 'run the tests with npx masivo-migrate-mock exec -- node --test'

/** The shared mock's URL; a client of a fresh account of it (call it per test: nothing a test sends is seen by another); a client of the whole mock. */
export const { mockUrl, accountClient, mockClient } = helpersFromEnvironment(SETUP)
