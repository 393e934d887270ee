/** GET /health: 200 once the app is ready (container health checks and start-up waits). */
import type { FastifyPluginAsync } from 'fastify'
import { Type } from '@sinclair/typebox'

const Health = Type.Object({ status: Type.Literal('ok') })

export const healthRoute: FastifyPluginAsync = async (app) => {
  app.get('/health', { schema: { summary: 'Readiness', tags: ['Mock'], response: { 200: Health } } }, async () => ({ status: 'ok' as const }))
}
