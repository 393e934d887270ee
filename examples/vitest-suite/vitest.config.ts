import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // one mock for the whole run; each test file gets its URL through inject()
    globalSetup: ['masivo-migrate-mock/vitest']
  }
})
