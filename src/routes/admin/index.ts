/** The inspection API, under /__admin: one module per resource. */
import { batchRoutes } from './batches.js'
import { clockRoutes } from './clock.js'
import { customerRoutes } from './customers.js'
import { eventsRoute } from './events.js'
import { faultRoutes } from './faults.js'
import { queueRoute } from './queue.js'
import { referenceRoutes } from './reference.js'
import { rejectionRoutes } from './rejections.js'
import { requestRoutes } from './requests.js'
import { resetRoute } from './reset.js'
import { statsRoute } from './stats.js'
import { uiRoutes } from './ui.js'
import { adminTokenGuard } from '../../access/admin-token.js'
import { allowedHosts, browserGuard } from '../../access/browser-guard.js'
import { listOf } from '../../config.js'
import { routes } from '../plugin.js'

export const adminRoutes = routes('adminRoutes', async (app) => {
  // web pages may not change the mock, nor read it under another name (src/access/browser-guard.ts)
  app.addHook('onRequest', browserGuard(allowedHosts(app.mock.config.HOST, listOf(app.mock.config.ALLOWED_HOSTS))))
  // with ADMIN_TOKEN, nothing under /__admin without it (src/access/admin-token.ts)
  if (app.mock.config.ADMIN_TOKEN !== undefined) app.addHook('onRequest', adminTokenGuard(app.mock.config.ADMIN_TOKEN))
  // what the queue owes is processed before anything is read (src/state/mock-state.ts)
  app.addHook('onRequest', async () => app.mock.processDue())
  for (const plugin of [batchRoutes, rejectionRoutes, customerRoutes, requestRoutes, faultRoutes, statsRoute, resetRoute, queueRoute, clockRoutes, referenceRoutes, eventsRoute, uiRoutes]) app.register(plugin)
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
})
