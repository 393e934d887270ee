/**
 * The package's main entry, `masivo-migrate-mock`: the mock in a test process (startMock), a typed client
 * of any running mock (MockClient), and the pieces to build it yourself (buildApp, loadConfig).
 * The client alone, which loads no server code, is at `masivo-migrate-mock/client`; the schemas at
 * `masivo-migrate-mock/schemas`; the Testcontainers module at `masivo-migrate-mock/testcontainers`; the
 * test-runner recipes at `masivo-migrate-mock/vitest` and `masivo-migrate-mock/jest`.
 */
export { startMock, type RunningMock, type StartMockOptions } from './start-mock.js'
export * from './client/index.js'
export { buildApp, type AppOptions } from './app.js'
export { ConfigError, configFromOptions, loadConfig, type Config, type ConfigOptions } from './config.js'
export { checkMigrateRequest, type CheckOptions } from './validation/batch-validator.js'
export type { Violation } from '../schemas/error.js'
export { VERSION } from './version.js'
