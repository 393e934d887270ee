/** GET /__admin/stats and POST /__admin/reset. */
import type { FastifyPluginAsync } from 'fastify'
import { Stats } from '../../../schemas/admin.js'
import type { MockState } from '../../state.js'
import { scopeOf } from './scope.js'

export const statsRoutes: FastifyPluginAsync<{ state: MockState }> = async (app, { state }) => {
  const { store, journal, faults, rateLimiter, waiters } = state

  app.get('/stats', {
    schema: { summary: 'Counts of what is held and what was evicted', tags: ['Inspection'], response: { 200: Stats } }
  }, async (request) => {
    const account = scopeOf(request, state)
    const stored = store.counts(account)
    const journaled = journal.counts(account)
    return {
      batches: stored.batches,
      customers: stored.customers,
      requests: journaled.requests,
      evicted_batches: stored.evictedBatches,
      evicted_requests: journaled.evicted
    }
  })

  app.post('/reset', {
    schema: { summary: "Forget everything: the caller's account with a credential, all accounts without", tags: ['Inspection'] }
  }, async (request, reply) => {
    const account = scopeOf(request, state)
    store.reset(account)
    journal.reset(account)
    faults.clear(account)
    rateLimiter.reset(account)
    waiters.release(account)
    return reply.code(204).send()
  })
}
