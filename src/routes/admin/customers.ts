/** GET /__admin/customers and /__admin/customers/:id: the customer view the accepted batches built. */
import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { CustomerList, CustomersQuery, CustomerView, IdParams } from '../../../schemas/admin.js'
import { ErrorBody } from '../../../schemas/error.js'
import { ERR_CUSTOMER_NOT_FOUND } from '../../errors.js'
import { waitIfAsked } from './long-poll.js'
import { customerView } from './views.js'

export const customerRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { store, authenticator } = app.mock

  app.get('/customers', {
    schema: {
      summary: 'The latest accepted version of every customer, most recently migrated first',
      tags: ['Inspection'],
      querystring: CustomersQuery,
      response: { 200: CustomerList }
    }
  }, async (request, reply) => {
    const { limit, offset } = request.query
    const account = authenticator.scopeOf(request.headers, request.query.account)
    const waited = await waitIfAsked(request.query, reply, account, () => store.counts(account).customers)
    const { items, total } = store.listCustomers(account, { limit, offset })
    return { customers: items.map((record) => customerView(record, store)), total, ...waited }
  })

  app.get('/customers/:id', {
    schema: {
      summary: 'The latest accepted version of one customer',
      tags: ['Inspection'],
      params: IdParams,
      response: { 200: CustomerView, 404: ErrorBody }
    }
  }, async (request) => {
    const record = store.getCustomer(request.params.id, authenticator.scopeOf(request.headers))
    if (record === undefined) throw new ERR_CUSTOMER_NOT_FOUND(request.params.id)
    return customerView(record, store)
  })
}
