/** GET /__admin/requests: the journal of every request to the emulated API, and why each was refused. */
import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { RequestList, RequestsQuery } from '../../../schemas/admin.js'
import { waitIfAsked } from './long-poll.js'
import { requestView } from './views.js'

export const requestRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { journal, authenticator } = app.mock

  app.get('/requests', {
    schema: {
      summary: 'Every request to the emulated API, accepted or not, newest first',
      tags: ['Inspection'],
      querystring: RequestsQuery,
      response: { 200: RequestList }
    }
  }, async (request, reply) => {
    const { status, limit, offset } = request.query
    const account = authenticator.scopeOf(request.headers, request.query.account)
    const filter = { ...(account === undefined ? {} : { account }), ...(status === undefined ? {} : { status }) }
    const waited = await waitIfAsked(request.query, reply, account, () => journal.list(filter, { limit: 0, offset: 0 }).total)
    const { items, total } = journal.list(filter, { limit, offset })
    return { requests: items.map(requestView), total, ...waited }
  })
}
