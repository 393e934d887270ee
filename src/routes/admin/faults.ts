/** /__admin/faults: queue, list and clear faults for the next migrate requests. */
import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { AccountQuery } from '../../../schemas/admin.js'
import { Fault, FaultList, FaultRequest } from '../../../schemas/fault.js'
import { ViolationsError } from '../../errors.js'
import { faultViolations } from '../../validation/fault-rules.js'

export const faultRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { faults, authenticator } = app.mock

  app.post('/faults', {
    schema: {
      summary: "Queue a fault for the next migrate requests of the caller's account (of every account without a credential)",
      tags: ['Faults'],
      querystring: AccountQuery,
      body: FaultRequest,
      response: { 201: Fault }
    }
  }, async (request, reply) => {
    const violations = faultViolations(request.body)
    if (violations.length > 0) throw new ViolationsError(violations)
    return reply.code(201).send(faults.add(authenticator.scopeOf(request.headers, request.query.account) ?? null, request.body))
  })

  app.get('/faults', {
    schema: { summary: 'Queued faults', tags: ['Faults'], querystring: AccountQuery, response: { 200: FaultList } }
  }, async (request) => {
    const list = faults.list(authenticator.scopeOf(request.headers, request.query.account))
    return { faults: list, total: list.length }
  })

  app.delete('/faults', {
    schema: { summary: 'Clear queued faults', tags: ['Faults'], querystring: AccountQuery }
  }, async (request, reply) => {
    faults.clear(authenticator.scopeOf(request.headers, request.query.account))
    return reply.code(204).send()
  })
}
