/** GET /__admin/stats: how much is held, and how much was evicted. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { AccountQuery, Stats } from '../../../schemas/admin.js'
import { errorResponses, SECURITY } from '../../openapi.js'
import { routes } from '../plugin.js'

export const statsRoute = routes('statsRoute', async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { store, journal, authenticator } = app.mock

  app.get('/stats', {
    schema: {
      operationId: 'getStats',
      summary: 'Counts of what is held and what was evicted',
      tags: ['Inspection'],
      security: SECURITY.optional,
      querystring: AccountQuery,
      response: { 200: Stats, ...errorResponses(400, 401, 403) }
    }
  }, async (request) => {
    const account = authenticator.scopeOf(request.headers, request.query.account)
    const stored = store.counts(account)
    const journaled = journal.counts(account)
    return {
      batches: stored.batches,
      queued_batches: stored.queuedBatches,
      customers: stored.customers,
      requests: journaled.requests,
      evicted_batches: stored.evictedBatches,
      evicted_requests: journaled.evicted,
      rejected_entries: stored.rejectedEntries
    }
  })
})
