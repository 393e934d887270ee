/**
 * Serves the mock as a process does (the CLI, the image): listen, say where on stderr, and a graceful
 * shutdown on SIGTERM or SIGINT (requests in flight finish within SHUTDOWN_GRACE_MS, the log is written
 * out, then exit 0: close-with-grace exits, even if a write to a stdout nobody reads is still pending).
 * `exec` listens the same way and runs a command beside the mock (src/cli/exec-command.ts).
 */
import closeWithGrace from 'close-with-grace'
import type { FastifyInstance } from 'fastify'
import { buildApp } from './app.js'
import { ConfigError, type Config } from './config.js'
import { listeningUrl } from './http/listening-url.js'

const NAME = 'masivo-migrate-mock'

/**
 * Builds the mock and listens; one line on stderr says where, whatever the log level (so `--port 0` is
 * usable), or why it cannot listen. Undefined when it cannot (the app is closed then).
 */
export const listen = async (config: Config): Promise<FastifyInstance | undefined> => {
  let app: FastifyInstance
  try {
    app = await buildApp(config)
  } catch (err) {
    // the reference data file is read here, not with the other settings
    if (!(err instanceof ConfigError)) throw err
    process.stderr.write(`${err.message}\n`)
    return undefined
  }
  try {
    await app.listen({ port: config.PORT, host: config.HOST })
  } catch (err) {
    app.log.fatal({ err }, `cannot listen on ${config.HOST}:${config.PORT}`)
    const { code, message } = err as NodeJS.ErrnoException
    const why = code === 'EADDRINUSE' ? 'the port is in use (choose another with --port or PORT, or 0 for a free one)' : message
    process.stderr.write(`${NAME}: cannot listen on ${config.HOST}:${config.PORT}: ${why}\n`)
    await app.close() // writes the log out
    return undefined
  }
  process.stderr.write(`${NAME}: listening on ${listeningUrl(app)}\n`)
  return app
}

export const serve = async (config: Config): Promise<FastifyInstance> => {
  const app = await listen(config)
  if (app === undefined) process.exit(1)

  // The app's own grace (SHUTDOWN_GRACE_MS, src/http/shutdown.ts) ends what is still open; close-with-grace's
  // delay is only a backstop past it, should closing itself hang (its line is flushed: it exits at once).
  closeWithGrace({ delay: config.SHUTDOWN_GRACE_MS + 5000, logger: { error: (message) => { app.log.error(message); (app.log as { flush?: () => void }).flush?.() } } }, async ({ signal, err }) => {
    if (err !== undefined) app.log.error({ err }, 'closing after an unexpected error')
    else app.log.info({ signal }, 'closing')
    await app.close()
  })
  return app
}
