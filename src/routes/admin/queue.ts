/** POST /__admin/queue/flush: Masivo's queue, run now instead of QUEUE_DELAY_MS later. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { AccountQuery, QueueFlushed } from '../../../schemas/admin.js'
import { errorResponses, SECURITY } from '../../openapi.js'
import { routes } from '../plugin.js'

export const queueRoute = routes('queueRoute', async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { authenticator } = app.mock

  app.post('/queue/flush', {
    schema: {
      operationId: 'flushQueue',
      summary: "Process the caller's queued batches now, in arrival order (every account's without a credential)",
      tags: ['Inspection'],
      security: SECURITY.optional,
      querystring: AccountQuery,
      response: { 200: QueueFlushed, ...errorResponses(400, 401, 403, 413, 415) }
    }
  }, async (request) => ({ processed: app.mock.flushQueue(authenticator.scopeOf(request.headers, request.query.account)) }))
})
