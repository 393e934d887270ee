/**
 * /__admin/reference: an account's reference data (src/state/reference-data.ts), read, replaced and
 * forgotten. With a credential or ?account=, that account's; without, the data of every account without
 * its own ("*").
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { AccountQuery } from '../../../schemas/admin.js'
import { ReferenceData, ReferenceView } from '../../../schemas/reference.js'
import { ViolationsError } from '../../errors.js'
import { errorResponses, noContent, SECURITY } from '../../openapi.js'
import { EVERY_ACCOUNT, type ReferenceBook } from '../../state/reference-data.js'
import { referenceViolations } from '../../validation/reference-rules.js'
import { routes } from '../plugin.js'

const viewOf = (references: ReferenceBook, account: string): ReferenceView => {
  const { reference, applies } = references.of(account)
  return { applies, rewards: reference?.rewards ?? null, tiers: reference?.tiers ?? null, brands: reference?.brands ?? null }
}

export const referenceRoutes = routes('referenceRoutes', async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { references, authenticator } = app.mock
  const scopeOf = (request: { headers: Parameters<typeof authenticator.scopeOf>[0], query: { account?: string } }) =>
    authenticator.scopeOf(request.headers, request.query.account) ?? EVERY_ACCOUNT

  app.get('/reference', {
    schema: {
      operationId: 'getReference',
      summary: 'The reference data the caller\'s account is checked against (without a credential: every account\'s, "*")',
      tags: ['Reference data'],
      security: SECURITY.optional,
      querystring: AccountQuery,
      response: { 200: ReferenceView, ...errorResponses(400, 401, 403) }
    }
  }, async (request) => viewOf(references, scopeOf(request)))

  app.put('/reference', {
    schema: {
      operationId: 'putReference',
      summary: 'Replace the caller\'s account\'s reference data (without a credential: every account\'s, "*")',
      tags: ['Reference data'],
      security: SECURITY.optional,
      querystring: AccountQuery,
      body: ReferenceData,
      response: { 200: ReferenceView, ...errorResponses(400, 401, 403, 413, 415) }
    }
  }, async (request) => {
    const violations = referenceViolations(request.body)
    if (violations.length > 0) throw new ViolationsError(violations)
    const account = scopeOf(request)
    references.put(account, request.body)
    return viewOf(references, account)
  })

  app.delete('/reference', {
    schema: {
      operationId: 'deleteReference',
      summary: 'Forget the caller\'s account\'s reference data, seeded or put (without a credential: every account\'s, "*")',
      tags: ['Reference data'],
      security: SECURITY.optional,
      querystring: AccountQuery,
      response: { 204: noContent('Forgotten'), ...errorResponses(400, 401, 403, 413, 415) }
    }
  }, async (request, reply) => {
    references.delete(scopeOf(request))
    return reply.code(204).send()
  })
})
