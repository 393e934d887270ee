/** GET /health: 200 once the app is ready (container health checks and start-up waits). */
import type { FastifyPluginAsync } from 'fastify'
import { Type } from '@sinclair/typebox'
import { HEALTH_PATH } from '../paths.js'

const Health = Type.Object({ status: Type.Literal('ok') })

export const healthRoute: FastifyPluginAsync = async (app) => {
  app.get(HEALTH_PATH, { schema: { summary: 'Readiness', tags: ['Mock'], response: { 200: Health } } }, async () => ({ status: 'ok' as const }))
}
