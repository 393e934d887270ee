/** The mock's clock (POST, GET and DELETE /__admin/clock): real time, or ahead of it by what a suite asked for. */
import { Type, type Static } from '@sinclair/typebox'
import { DateTime } from './parts.js'

/** How far a clock may be moved in one request: a century. */
const MAX_CLOCK_ADVANCE_MS = 100 * 365 * 24 * 3_600_000

export const ClockMove = Type.Union([
  Type.Object({
    advance_ms: Type.Integer({ minimum: 0, maximum: MAX_CLOCK_ADVANCE_MS, description: 'Move the clock this many milliseconds forward' })
  }, { additionalProperties: false }),
  Type.Object({
    now: DateTime('Move the clock to this instant: never earlier than its current now')
  }, { additionalProperties: false })
], { title: 'ClockMove', description: 'Either advance_ms or now' })
export type ClockMove = Static<typeof ClockMove>

export const ClockState = Type.Object({
  now: Type.String({ format: 'date-time', description: "The mock's now" }),
  offset_ms: Type.Integer({ minimum: 0, description: 'How far ahead of real time it is; 0: real time' })
}, { title: 'ClockState' })
export type ClockState = Static<typeof ClockState>
