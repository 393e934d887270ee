/**
 * The package's main entry, `masivo-migrate-mock`: the mock in a test process (startMock), a typed client
 * of any running mock (MockClient), and the pieces to build it yourself (buildApp, loadConfig).
 * The schemas are at `masivo-migrate-mock/schemas`, the Testcontainers module at `masivo-migrate-mock/testcontainers`.
 */
export { startMock, type RunningMock, type StartMockOptions } from './start-mock.js'
export {
  MockClient, type BatchesFilter, type CustomersFilter, type Credential, type MockClientOptions, type RequestsFilter,
  type WaitOptions
} from './client/mock-client.js'
export { MockApiError, MockTimeoutError } from './client/errors.js'
export { buildApp, type AppOptions } from './app.js'
export { ConfigError, configFromOptions, loadConfig, type Config, type ConfigOptions } from './config.js'
export { checkMigrateRequest, type CheckOptions } from './validation/batch-validator.js'
export type { Violation } from '../schemas/error.js'
export { VERSION } from './version.js'
