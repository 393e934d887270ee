/** POST /__admin/reset: forget the caller's account (with a credential), or everything (without). */
import type { FastifyPluginAsync } from 'fastify'

export const resetRoute: FastifyPluginAsync = async (app) => {
  const state = app.mock

  app.post('/reset', {
    schema: { summary: "Forget everything: the caller's account with a credential, all accounts without", tags: ['Inspection'] }
  }, async (request, reply) => {
    state.reset(state.authenticator.scopeOf(request.headers))
    return reply.code(204).send()
  })
}
