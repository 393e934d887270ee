/**
 * Starts the mock: configuration from the environment, listen, and a graceful shutdown on SIGTERM or
 * SIGINT (requests in flight finish within SHUTDOWN_GRACE_MS, the log is flushed, then exit 0).
 */
import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.js'
import { ConfigError, loadConfig, type Config } from './config.js'

const configFromEnv = (): Config => {
  try {
    return loadConfig(process.env)
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    process.stderr.write(`${err.message}\n`)
    process.exit(1)
  }
}

const config = configFromEnv()
const app = await buildApp(config)

// The app's own grace (SHUTDOWN_GRACE_MS, src/http/shutdown.ts) ends what is still open; close-with-grace's
// delay is only a backstop past it, should closing itself hang (its line is flushed: it exits at once).
closeWithGrace({ delay: config.SHUTDOWN_GRACE_MS + 5000, logger: { error: (message) => { app.log.error(message); (app.log as { flush?: () => void }).flush?.() } } }, async ({ signal, err }) => {
  if (err !== undefined) app.log.error({ err }, 'closing after an unexpected error')
  else app.log.info({ signal }, 'closing')
  await app.close()
})

try {
  await app.listen({ port: config.PORT, host: config.HOST })
} catch (err) {
  app.log.fatal({ err }, `cannot listen on ${config.HOST}:${config.PORT}`)
  process.exit(1)
}
