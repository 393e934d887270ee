/** `masivo-migrate-mock/jest/global-teardown`: Jest's globalTeardown, which stops the mock the globalSetup started (src/runners/jest.ts). */
import { globalTeardown } from './jest.js'

export default globalTeardown
