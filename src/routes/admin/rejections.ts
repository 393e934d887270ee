/** GET /__admin/rejections: every entry of an accepted batch that the queue rejected, and why. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { RejectionList, RejectionsQuery } from '../../../schemas/admin.js'
import { errorResponses, SECURITY } from '../../openapi.js'
import type { PageRequest } from '../../state/paging.js'
import { rejectionView } from './views.js'
import { routes } from '../plugin.js'

export const rejectionRoutes = routes('rejectionRoutes', async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { store, authenticator } = app.mock

  app.get('/rejections', {
    schema: {
      operationId: 'listRejections',
      summary: 'Entries the queue rejected (a 202 does not mean applied), newest batch first, each with its reason and what was sent',
      tags: ['Inspection'],
      security: SECURITY.optional,
      querystring: RejectionsQuery,
      response: { 200: RejectionList, ...errorResponses(400, 401, 403) }
    }
  }, async (request) => {
    const { kind, customer_id: customerId, limit, offset } = request.query as typeof request.query & PageRequest // the validator filled in the defaults
    const account = authenticator.scopeOf(request.headers, request.query.account)
    const { items, total } = store.listRejections({ account, kind, customerId }, { limit, offset })
    return { rejections: items.map((ref) => rejectionView(ref, store)), total }
  })
})
