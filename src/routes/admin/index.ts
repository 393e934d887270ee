/** The inspection API, under /__admin: one module per resource. */
import { batchRoutes } from './batches.js'
import { customerRoutes } from './customers.js'
import { faultRoutes } from './faults.js'
import { requestRoutes } from './requests.js'
import { resetRoute } from './reset.js'
import { statsRoute } from './stats.js'
import { routes } from '../plugin.js'

export const adminRoutes = routes('adminRoutes', async (app) => {
  for (const plugin of [batchRoutes, customerRoutes, requestRoutes, faultRoutes, statsRoute, resetRoute]) app.register(plugin)
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
})
