/** GET /__admin/batches, /__admin/batches/:id and its body: what was accepted. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { AccountQuery, BatchDetail, BatchList, BatchesQuery, IdParams, SentBody } from '../../../schemas/admin.js'
import { ERR_BATCH_NOT_FOUND } from '../../errors.js'
import { errorResponses, SECURITY } from '../../openapi.js'
import { clip } from '../../validation/violations.js'
import type { PageRequest } from '../../state/paging.js'
import { batchMatches } from '../../state/store.js'
import { waitIfAsked } from './long-poll.js'
import { batchDetail, batchSummary, sendStoredBytes } from './views.js'
import { routes } from '../plugin.js'

export const batchRoutes = routes('batchRoutes', async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { store, authenticator } = app.mock

  app.get('/batches', {
    schema: {
      operationId: 'listBatches',
      summary: 'Accepted batches of the three kinds, newest first',
      tags: ['Inspection'],
      security: SECURITY.optional,
      querystring: BatchesQuery,
      response: { 200: BatchList, ...errorResponses(400, 401, 403) }
    }
  }, async (request, reply) => {
    const { customer_id: customerId, kind, status, has_rejected: hasRejected, limit, offset } = request.query as typeof request.query & PageRequest // the validator filled in the defaults
    const account = authenticator.scopeOf(request.headers, request.query.account)
    const filter = { account, customerId, kind, status, hasRejected }
    const waited = await waitIfAsked(request.query, reply, account, JSON.stringify([customerId, kind, status, hasRejected]), {
      kind: 'batches',
      matches: batchMatches(filter),
      count: () => store.listBatches(filter, { limit: 0, offset: 0 }).total
    })
    const { items, total } = store.listBatches(filter, { limit, offset })
    return { batches: items.map(batchSummary), total, ...waited }
  })

  const batchOf = (id: string, headers: Parameters<typeof authenticator.scopeOf>[0], queryAccount: string | undefined) => {
    const batch = store.getBatch(id, authenticator.scopeOf(headers, queryAccount))
    if (batch === undefined) throw new ERR_BATCH_NOT_FOUND(clip(id))
    return batch
  }

  app.get('/batches/:id', {
    schema: {
      operationId: 'getBatch',
      summary: 'One accepted batch: its entries exactly as sent, and what the queue made of each',
      tags: ['Inspection'],
      security: SECURITY.optional,
      params: IdParams,
      querystring: AccountQuery,
      response: { 200: BatchDetail, ...errorResponses(400, 401, 403, 404) }
    }
  }, async (request) => batchDetail(batchOf(request.params.id, request.headers, request.query.account), store))

  app.get('/batches/:id/body', {
    schema: {
      operationId: 'getBatchBody',
      summary: 'The request body of an accepted batch, byte for byte',
      tags: ['Inspection'],
      security: SECURITY.optional,
      params: IdParams,
      querystring: AccountQuery,
      response: { 200: SentBody, ...errorResponses(400, 401, 403, 404) }
    }
  }, async (request, reply) => {
    const batch = batchOf(request.params.id, request.headers, request.query.account)
    return sendStoredBytes(reply, store.bodyOf(batch))
  })
})
