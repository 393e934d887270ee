/**
 * GET /api/storefront/v1/auth/authorize: Masivo's exchange of an API key for a JWT; also at /auth/authorize,
 * where step 2 of Masivo's integration guide calls it (its full example builds the longer path).
 */
import { AuthorizeResponse } from '../../schemas/auth.js'
import { authenticateApiKey } from '../access/authentication.js'
import { errorResponses, SECURITY } from '../openapi.js'
import { AUTHORIZE_PATH, AUTHORIZE_SHORT_PATH } from '../paths.js'
import { routes } from './plugin.js'

export const authorizeRoute = routes('authorizeRoute', async (app) => {
  const { tokens, rateLimiter } = app.mock

  for (const [path, operationId] of [[AUTHORIZE_PATH, 'authorize'], [AUTHORIZE_SHORT_PATH, 'authorizeAtRoot']] as const) {
    app.get(path, {
      schema: {
        operationId,
        summary: path === AUTHORIZE_PATH ? 'Exchange an API key (header x-api-key) for a token' : 'The same exchange, at the path step 2 of Masivo\'s integration guide calls',
        tags: ['Masivo API'],
        security: SECURITY.apiKey,
        response: { 200: AuthorizeResponse, ...errorResponses(401, 429) }
      },
      onRequest: [authenticateApiKey, ...rateLimiter.hooksFor('other')]
    }, async (request) => ({ data: tokens.issue(request.record.account!) }))
  }
})
