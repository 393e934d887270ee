/** The inspection API, under /__admin: one module per resource. */
import type { FastifyPluginAsync } from 'fastify'
import { batchRoutes } from './batches.js'
import { customerRoutes } from './customers.js'
import { faultRoutes } from './faults.js'
import { requestRoutes } from './requests.js'
import { resetRoute } from './reset.js'
import { statsRoute } from './stats.js'

export const adminRoutes: FastifyPluginAsync = async (app) => {
  for (const routes of [batchRoutes, customerRoutes, requestRoutes, faultRoutes, statsRoute, resetRoute]) app.register(routes)
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
}
