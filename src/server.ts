/**
 * Serves the mock as a process does (the CLI, the image): listen, and a graceful shutdown on SIGTERM or
 * SIGINT (requests in flight finish within SHUTDOWN_GRACE_MS, the log is written out, then exit 0:
 * close-with-grace exits, even if a write to a stdout nobody reads is still pending).
 */
import closeWithGrace from 'close-with-grace'
import type { FastifyInstance } from 'fastify'
import { buildApp } from './app.js'
import type { Config } from './config.js'

export const serve = async (config: Config): Promise<FastifyInstance> => {
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
    await app.close() // writes the log out
    process.exit(1)
  }
  return app
}
