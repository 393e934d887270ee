/** `masivo-migrate-mock/jest/global-setup`: Jest's globalSetup with startMock's defaults (src/runners/jest.ts). */
import { globalSetup } from './jest.js'

export default globalSetup()
