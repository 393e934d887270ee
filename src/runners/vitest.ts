/**
 * `masivo-migrate-mock/vitest`: one mock for a whole vitest run, a client of a fresh account for each test.
 *
 *   // vitest.config.ts
 *   export default defineConfig({ test: { globalSetup: ['masivo-migrate-mock/vitest'] } })
 *
 *   // any test file
 *   import { accountClient } from 'masivo-migrate-mock/vitest'
 *   const mock = await accountClient()   // mock.baseUrl and mock.apiKey for the code under test
 *
 * This module is the globalSetup itself (its default export); with settings, a globalSetup file of your own
 * exports `globalSetup({ ... })`. Test files load the client alone: the server is loaded by the globalSetup.
 */
import { inject } from 'vitest'
import type { TestProject } from 'vitest/node'
import type { StartMockOptions } from '../start-mock.js'
import { startSharedMock, testFileHelpers } from './shared-mock.js'

/** The client, its errors and the read-backs' types, as `masivo-migrate-mock/client` exports them. */
export * from '../client/index.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The shared mock's URL, provided by masivo-migrate-mock/vitest's globalSetup. */
    masivoMockUrl: string
    /** Its ADMIN_TOKEN ('' without one). */
    masivoMockAdminToken: string
  }
}

const SETUP = "add globalSetup: ['masivo-migrate-mock/vitest'] to the test options of vitest.config"

/**
 * A vitest globalSetup that starts one mock with `options` for the whole run (or uses the one MASIVO_MOCK_URL
 * names), provides its URL to every test file, and stops it when the run ends.
 */
export const globalSetup = (options: StartMockOptions = {}) => async (project: Pick<TestProject, 'provide'>): Promise<() => Promise<void>> => {
  const mock = await startSharedMock(options)
  project.provide('masivoMockUrl', mock.url)
  project.provide('masivoMockAdminToken', mock.adminToken ?? '')
  return () => mock.close()
}

/** The globalSetup with startMock's defaults. */
export default globalSetup()

/** The shared mock's URL; a client of a fresh account of it (call it per test: nothing a test sends is seen by another); a client of the whole mock. */
export const { mockUrl, accountClient, mockClient } = testFileHelpers((): string => {
  const url = inject('masivoMockUrl')
  if (url === undefined) throw new Error(`masivo-migrate-mock: no shared mock was provided: ${SETUP}`)
  return url
}, () => inject('masivoMockAdminToken') || undefined)
