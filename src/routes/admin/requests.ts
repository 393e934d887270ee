/** GET /__admin/requests: the journal of every request to the emulated API, and why each was refused. */
import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { RequestList, RequestsQuery } from '../../../schemas/admin.js'
import type { MockState } from '../../state.js'
import { scopeOf, waitIfAsked } from './scope.js'
import { journalEntry } from './views.js'

export const requestRoutes: FastifyPluginAsync<{ state: MockState }> = async (fastify, { state }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { journal } = state

  app.get('/requests', {
    schema: {
      summary: 'Every request to the emulated API, accepted or not, newest first',
      tags: ['Inspection'],
      querystring: RequestsQuery,
      response: { 200: RequestList }
    }
  }, async (request, reply) => {
    const { status, limit, offset } = request.query
    const account = scopeOf(request, state, request.query.account)
    const filter = { ...(account === undefined ? {} : { account }), ...(status === undefined ? {} : { status }) }
    const waited = await waitIfAsked(request.query, reply, state, account, () => journal.list(filter, { limit: 0, offset: 0 }).total)
    const { items, total } = journal.list(filter, { limit, offset })
    return { requests: items.map(journalEntry), total, ...waited }
  })
}
