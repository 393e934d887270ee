/** POST /__admin/reset: forget the caller's account (a credential or ?account=), or everything (neither). */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { AccountQuery } from '../../../schemas/admin.js'
import { errorResponses, noContent, SECURITY } from '../../openapi.js'
import { routes } from '../plugin.js'

export const resetRoute = routes('resetRoute', async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const state = app.mock

  app.post('/reset', {
    schema: {
      operationId: 'reset',
      summary: "Forget everything: the caller's account with a credential (or ?account=), all accounts without",
      tags: ['Inspection'],
      security: SECURITY.optional,
      querystring: AccountQuery,
      response: { 204: noContent('Forgotten'), ...errorResponses(400, 401, 403, 413, 415) }
    }
  }, async (request, reply) => {
    state.reset(state.authenticator.scopeOf(request.headers, request.query.account))
    return reply.code(204).send()
  })
})
