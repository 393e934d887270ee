/** GET /api/storefront/v1/auth/authorize: Masivo's exchange of an API key for a JWT. */
import type { FastifyPluginAsync } from 'fastify'
import { AuthorizeResponse } from '../../schemas/auth.js'
import { ErrorBody } from '../../schemas/error.js'
import { authenticateApiKey } from '../access/authentication.js'
import { AUTHORIZE_PATH } from '../paths.js'

export const authorizeRoute: FastifyPluginAsync = async (app) => {
  const { tokens } = app.mock

  app.get(AUTHORIZE_PATH, {
    schema: {
      summary: 'Exchange an API key (header x-api-key) for a token',
      tags: ['Masivo API'],
      response: { 200: AuthorizeResponse, '4xx': ErrorBody }
    },
    onRequest: authenticateApiKey
  }, async (request) => ({ data: tokens.issue(request.record.account!) }))
}
