module.exports = {
  testEnvironment: 'node',
  // one mock for the whole run; the workers find it through MASIVO_MOCK_URL
  globalSetup: 'masivo-migrate-mock/jest/global-setup',
  globalTeardown: 'masivo-migrate-mock/jest/global-teardown'
}
