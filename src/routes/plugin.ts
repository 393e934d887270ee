/** How the route modules hand their routes to Fastify. */
import type { FastifyPluginAsync } from 'fastify'

/**
 * A plugin of routes, named: Fastify names an unnamed plugin by searching the module cache for it, which
 * costs about 0.1 ms per plugin at every start (a test suite starts many mocks).
 */
export const routes = (name: string, plugin: FastifyPluginAsync): FastifyPluginAsync =>
  Object.assign(plugin, { [Symbol.for('fastify.display-name')]: name })
