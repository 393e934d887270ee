/** POST /__admin/reset: forget the caller's account (a credential or ?account=), or everything (neither). */
import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { AccountQuery } from '../../../schemas/admin.js'

export const resetRoute: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const state = app.mock

  app.post('/reset', {
    schema: { summary: "Forget everything: the caller's account with a credential (or ?account=), all accounts without", tags: ['Inspection'], querystring: AccountQuery }
  }, async (request, reply) => {
    state.reset(state.authenticator.scopeOf(request.headers, request.query.account))
    return reply.code(204).send()
  })
}
