/** GET /__admin/customers and /__admin/customers/:id: the customer view the accepted batches built. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { AccountQuery, CustomerList, CustomersQuery, CustomerView, IdParams } from '../../../schemas/admin.js'
import { ERR_CUSTOMER_AMBIGUOUS, ERR_CUSTOMER_NOT_FOUND } from '../../errors.js'
import { errorResponses, SECURITY } from '../../openapi.js'
import { clip } from '../../validation/violations.js'
import type { PageRequest } from '../../state/paging.js'
import { waitIfAsked } from './long-poll.js'
import { customerView } from './views.js'
import { routes } from '../plugin.js'

/** How many of the accounts holding an ambiguous customer id its 409 names. */
const ACCOUNTS_NAMED = 10

export const customerRoutes = routes('customerRoutes', async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { store, authenticator } = app.mock

  app.get('/customers', {
    schema: {
      operationId: 'listCustomers',
      summary: 'The latest accepted version of every customer, most recently migrated first',
      tags: ['Inspection'],
      security: SECURITY.optional,
      querystring: CustomersQuery,
      response: { 200: CustomerList, ...errorResponses(400, 401, 403) }
    }
  }, async (request, reply) => {
    const { limit, offset } = request.query as typeof request.query & PageRequest // the validator filled in the defaults
    const account = authenticator.scopeOf(request.headers, request.query.account)
    const waited = await waitIfAsked(request.query, reply, account, '', { kind: 'customers', count: () => store.counts(account).customers })
    const { items, total } = store.listCustomers(account, { limit, offset })
    return { customers: items.map((record) => customerView(record, store)), total, ...waited }
  })

  app.get('/customers/:id', {
    schema: {
      summary: 'The latest accepted version of one customer (409 when several accounts hold the id and none is named)',
      operationId: 'getCustomer',
      tags: ['Inspection'],
      security: SECURITY.optional,
      params: IdParams,
      querystring: AccountQuery,
      response: { 200: CustomerView, ...errorResponses(400, 401, 403, 404, 409) }
    }
  }, async (request) => {
    const { id } = request.params
    const holders = store.holdersOf(id, authenticator.scopeOf(request.headers, request.query.account))
    if (holders.length === 0) throw new ERR_CUSTOMER_NOT_FOUND(clip(id))
    if (holders.length > 1) {
      const accounts = holders.map((record) => record.batch.account)
      const named = accounts.slice(0, ACCOUNTS_NAMED).join(', ') + (accounts.length > ACCOUNTS_NAMED ? ', ...' : '')
      throw new ERR_CUSTOMER_AMBIGUOUS(clip(id), accounts.length, named)
    }
    return customerView(holders[0]!, store)
  })
})
