/** The inspection API, under /__admin. */
import type { FastifyPluginAsync } from 'fastify'
import type { MockState } from '../../state.js'
import { batchRoutes } from './batches.js'
import { customerRoutes } from './customers.js'
import { faultRoutes } from './faults.js'
import { requestRoutes } from './requests.js'
import { statsRoutes } from './stats.js'

export const adminRoutes: FastifyPluginAsync<{ state: MockState }> = async (app, { state }) => {
  for (const routes of [batchRoutes, customerRoutes, requestRoutes, faultRoutes, statsRoutes]) {
    await app.register(routes, { state })
  }
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
}
