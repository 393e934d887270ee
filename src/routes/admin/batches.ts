/** GET /__admin/batches and /__admin/batches/:id: what was accepted. */
import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { BatchDetail, BatchList, BatchesQuery, IdParams } from '../../../schemas/admin.js'
import { ErrorBody } from '../../../schemas/error.js'
import { ERR_BATCH_NOT_FOUND } from '../../errors.js'
import { waitIfAsked } from './long-poll.js'
import { batchDetail, batchSummary } from './views.js'

export const batchRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { store, authenticator } = app.mock

  app.get('/batches', {
    schema: { summary: 'Accepted batches, newest first', tags: ['Inspection'], querystring: BatchesQuery, response: { 200: BatchList } }
  }, async (request, reply) => {
    const { customer_id: customerId, limit, offset } = request.query
    const account = authenticator.scopeOf(request.headers, request.query.account)
    const filter = { ...(account === undefined ? {} : { account }), ...(customerId === undefined ? {} : { customerId }) }
    const waited = await waitIfAsked(request.query, reply, account, () =>
      customerId === undefined ? store.counts(account).batches : store.listBatches(filter, { limit: 0, offset: 0 }).total)
    const { items, total } = store.listBatches(filter, { limit, offset })
    return { batches: items.map(batchSummary), total, ...waited }
  })

  app.get('/batches/:id', {
    schema: {
      summary: 'One accepted batch: its customers exactly as sent, and what became of each',
      tags: ['Inspection'],
      params: IdParams,
      response: { 200: BatchDetail, 404: ErrorBody }
    }
  }, async (request) => {
    const batch = store.getBatch(request.params.id, authenticator.scopeOf(request.headers))
    if (batch === undefined) throw new ERR_BATCH_NOT_FOUND(request.params.id)
    return batchDetail(batch, store)
  })

  app.get('/batches/:id/body', {
    schema: { summary: 'The request body of an accepted batch, byte for byte', tags: ['Inspection'], params: IdParams }
  }, async (request, reply) => {
    const batch = store.getBatch(request.params.id, authenticator.scopeOf(request.headers))
    if (batch === undefined) throw new ERR_BATCH_NOT_FOUND(request.params.id)
    return reply.type('application/json; charset=utf-8').send(store.bodyOf(batch))
  })
}
