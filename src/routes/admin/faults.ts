/** /__admin/faults: queue, list and clear faults for the next migrate requests. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { AccountQuery } from '../../../schemas/admin.js'
import { Fault, FaultList, FaultRequest, type FilledFaultRequest } from '../../../schemas/fault.js'
import { ViolationsError } from '../../errors.js'
import { errorResponses, noContent, SECURITY } from '../../openapi.js'
import { faultViolations } from '../../validation/fault-rules.js'
import { routes } from '../plugin.js'

export const faultRoutes = routes('faultRoutes', async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { faults, authenticator } = app.mock

  app.post('/faults', {
    schema: {
      summary: "Queue a fault for the next migrate requests of the caller's account (of every account without a credential)",
      operationId: 'addFault',
      tags: ['Faults'],
      security: SECURITY.optional,
      querystring: AccountQuery,
      body: FaultRequest,
      response: { 201: Fault, ...errorResponses(400, 401, 403, 413, 415) }
    }
  }, async (request, reply) => {
    const fault = request.body as FilledFaultRequest // the validator filled in the defaults
    const violations = faultViolations(fault)
    if (violations.length > 0) throw new ViolationsError(violations)
    return reply.code(201).send(faults.add(authenticator.scopeOf(request.headers, request.query.account) ?? null, fault))
  })

  app.get('/faults', {
    schema: {
      operationId: 'listFaults',
      summary: 'Queued faults',
      tags: ['Faults'],
      security: SECURITY.optional,
      querystring: AccountQuery,
      response: { 200: FaultList, ...errorResponses(400, 401, 403) }
    }
  }, async (request) => {
    const list = faults.list(authenticator.scopeOf(request.headers, request.query.account))
    return { faults: list, total: list.length }
  })

  app.delete('/faults', {
    schema: {
      operationId: 'clearFaults',
      summary: 'Clear queued faults',
      tags: ['Faults'],
      security: SECURITY.optional,
      querystring: AccountQuery,
      response: { 204: noContent('Cleared'), ...errorResponses(400, 401, 403, 413, 415) }
    }
  }, async (request, reply) => {
    faults.clear(authenticator.scopeOf(request.headers, request.query.account))
    return reply.code(204).send()
  })
})
