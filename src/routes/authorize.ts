/** GET /api/storefront/v1/auth/authorize: Masivo's exchange of an API key for a JWT. */
import { AuthorizeResponse } from '../../schemas/auth.js'
import { authenticateApiKey } from '../access/authentication.js'
import { errorResponses, SECURITY } from '../openapi.js'
import { AUTHORIZE_PATH } from '../paths.js'
import { routes } from './plugin.js'

export const authorizeRoute = routes('authorizeRoute', async (app) => {
  const { tokens } = app.mock

  app.get(AUTHORIZE_PATH, {
    schema: {
      operationId: 'authorize',
      summary: 'Exchange an API key (header x-api-key) for a token',
      tags: ['Masivo API'],
      security: SECURITY.apiKey,
      response: { 200: AuthorizeResponse, ...errorResponses(401) }
    },
    onRequest: authenticateApiKey
  }, async (request) => ({ data: tokens.issue(request.record.account!) }))
})
