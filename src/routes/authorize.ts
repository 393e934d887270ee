/** GET /api/storefront/v1/auth/authorize: Masivo's exchange of an API key for a JWT. */
import type { FastifyPluginAsync } from 'fastify'
import { AuthorizeResponse } from '../../schemas/auth.js'
import { ErrorBody } from '../../schemas/error.js'
import { fingerprint } from '../auth.js'
import { listOf } from '../config.js'
import { ERR_API_KEY_MISSING, ERR_API_KEY_UNKNOWN } from '../errors.js'
import type { MockState } from '../state.js'

export const AUTHORIZE_PATH = '/api/storefront/v1/auth/authorize'

export const authorizeRoute: FastifyPluginAsync<{ state: MockState }> = async (app, { state }) => {
  const apiKeys = listOf(state.config.API_KEYS)

  app.get(AUTHORIZE_PATH, {
    schema: {
      summary: 'Exchange an API key (header x-api-key) for a token',
      tags: ['Masivo API'],
      response: { 200: AuthorizeResponse, '4xx': ErrorBody }
    }
  }, async (request) => {
    const key = request.headers['x-api-key']
    if (typeof key !== 'string' || key.trim() === '') throw new ERR_API_KEY_MISSING()
    if (apiKeys !== undefined && !apiKeys.has(key)) throw new ERR_API_KEY_UNKNOWN()
    const account = fingerprint(key)
    request.record.account = account
    return { data: state.tokens.issue(account) }
  })
}
