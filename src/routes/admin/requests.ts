/** GET /__admin/requests and /__admin/requests/:id: the journal of every request to the emulated API, and why each was refused. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { AccountQuery, IdParams, RequestList, RequestsQuery, RequestView, SentBody } from '../../../schemas/admin.js'
import { ERR_REQUEST_BODY_NOT_FOUND, ERR_REQUEST_NOT_FOUND } from '../../errors.js'
import { errorResponses, SECURITY } from '../../openapi.js'
import { clip } from '../../validation/violations.js'
import type { PageRequest } from '../../state/paging.js'
import { waitIfAsked } from './long-poll.js'
import { requestView, sendStoredBytes } from './views.js'
import { routes } from '../plugin.js'

export const requestRoutes = routes('requestRoutes', async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { journal, store, authenticator } = app.mock

  app.get('/requests', {
    schema: {
      summary: 'Every request to the emulated API, accepted or not, newest first (the first few violations of each)',
      operationId: 'listRequests',
      tags: ['Inspection'],
      security: SECURITY.optional,
      querystring: RequestsQuery,
      response: { 200: RequestList, ...errorResponses(400, 401, 403) }
    }
  }, async (request, reply) => {
    const { status, limit, offset } = request.query as typeof request.query & PageRequest // the validator filled in the defaults
    const account = authenticator.scopeOf(request.headers, request.query.account)
    const filter = { account, status }
    const waited = await waitIfAsked(request.query, reply, account, `status=${status ?? ''}`, {
      kind: 'requests',
      matches: (record) => (account === undefined || record.account === account) && (status === undefined || record.status === status),
      count: () => journal.list(filter, { limit: 0, offset: 0 }).total
    })
    const { items, total } = journal.list(filter, { limit, offset })
    return { requests: items.map((record) => requestView(record, false, store)), total, ...waited }
  })

  app.get('/requests/:id', {
    schema: {
      summary: 'One request, with every violation it was answered with',
      operationId: 'getRequest',
      tags: ['Inspection'],
      security: SECURITY.optional,
      params: IdParams,
      querystring: AccountQuery,
      response: { 200: RequestView, ...errorResponses(400, 401, 403, 404) }
    }
  }, async (request) => {
    const record = journal.get(request.params.id, authenticator.scopeOf(request.headers, request.query.account))
    if (record === undefined) throw new ERR_REQUEST_NOT_FOUND(clip(request.params.id))
    return requestView(record, true, store)
  })

  app.get('/requests/:id/body', {
    schema: {
      summary: 'The body of a refused request, byte for byte, as long as the journal holds it (404 when none was kept)',
      operationId: 'getRequestBody',
      tags: ['Inspection'],
      security: SECURITY.optional,
      params: IdParams,
      querystring: AccountQuery,
      response: { 200: SentBody, ...errorResponses(400, 401, 403, 404) }
    }
  }, async (request, reply) => {
    const record = journal.get(request.params.id, authenticator.scopeOf(request.headers, request.query.account))
    if (record?.body === undefined) throw new ERR_REQUEST_BODY_NOT_FOUND(clip(request.params.id))
    return sendStoredBytes(reply, record.body) // maybe not JSON at all: it was refused
  })
})
