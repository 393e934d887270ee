/** /__admin/clock: the mock's now (src/state/clock.ts), moved forward by a suite and back to real time. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { ClockMove, ClockState } from '../../../schemas/clock.js'
import { errorResponses, SECURITY } from '../../openapi.js'
import type { MockState } from '../../state/mock-state.js'
import { routes } from '../plugin.js'

const stateOf = ({ clock }: MockState): ClockState => ({ now: clock.date().toISOString(), offset_ms: clock.offsetMs })

export const clockRoutes = routes('clockRoutes', async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const state = app.mock

  app.get('/clock', {
    schema: {
      operationId: 'getClock',
      summary: "The mock's now, and how far ahead of real time it is",
      tags: ['Clock'],
      security: SECURITY.optional,
      response: { 200: ClockState, ...errorResponses(401, 403) }
    }
  }, async () => stateOf(state))

  app.post('/clock', {
    schema: {
      operationId: 'moveClock',
      summary: "Move the mock's clock forward, for every account: by advance_ms, or to now (never back)",
      tags: ['Clock'],
      security: SECURITY.optional,
      body: ClockMove,
      response: { 200: ClockState, ...errorResponses(400, 401, 403, 409, 413, 415) }
    }
  }, async (request) => {
    const move = request.body
    state.moveClock('advance_ms' in move ? { advanceMs: move.advance_ms } : { at: Date.parse(move.now) })
    return stateOf(state)
  })

  app.delete('/clock', {
    schema: {
      operationId: 'resetClock',
      summary: 'Back to real time',
      tags: ['Clock'],
      security: SECURITY.optional,
      response: { 200: ClockState, ...errorResponses(401, 403) }
    }
  }, async () => {
    state.resetClock()
    return stateOf(state)
  })
})
