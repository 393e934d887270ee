/** GET /health: 200 once the app is ready (container health checks and start-up waits). */
import { Type } from '@sinclair/typebox'
import { errorResponses, SECURITY } from '../openapi.js'
import { HEALTH_PATH } from '../paths.js'
import { routes } from './plugin.js'

const Health = Type.Object({ status: Type.Literal('ok') }, { description: 'The mock is ready' })

export const healthRoute = routes('healthRoute', async (app) => {
  app.get(HEALTH_PATH, { schema: { operationId: 'health', summary: 'Readiness', tags: ['Mock'], security: SECURITY.none, response: { 200: Health, ...errorResponses() } } }, async () => ({ status: 'ok' as const }))
})
