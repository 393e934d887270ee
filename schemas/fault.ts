/** Faults queued through POST /__admin/faults for the next requests to the migrate endpoints. */
import { Type, type Static } from '@sinclair/typebox'
import { BATCH_KINDS, type BatchKind } from './migrate.js'

export const FAULT_KINDS = ['respond', 'reset', 'timeout'] as const
export type FaultKind = (typeof FAULT_KINDS)[number]

/** The members with a default are optional: POST /__admin/faults fills them in. */
export const FaultRequest = Type.Object({
  status: Type.Optional(Type.Integer({
    minimum: 200,
    maximum: 599,
    default: 503,
    description: 'The status to answer with (kind respond)'
  })),
  body: Type.Optional(Type.Unknown({ description: 'The body to answer with; default: the error shape with the status title' })),
  headers: Type.Optional(Type.Record(Type.String(), Type.String(), {
    description: 'Extra response headers, e.g. {"retry-after": "5"}'
  })),
  delay_ms: Type.Optional(Type.Integer({ minimum: 0, maximum: 600_000, default: 0, description: 'Wait this long before acting' })),
  kind: Type.Optional(Type.Unsafe<FaultKind>({
    type: 'string',
    enum: [...FAULT_KINDS],
    default: 'respond',
    description: 'respond: answer with status and body; reset: close the connection abruptly; timeout: never answer'
  })),
  count: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1, description: 'How many migrate requests it hits' })),
  after_accept: Type.Optional(Type.Boolean({
    default: false,
    description: 'true: the mock first accepts and queues the batch as usual, then answers with the fault instead of its 202 or 201 (a client that retries sends it twice); false: the fault answers before the body is checked'
  })),
  endpoint: Type.Optional(Type.Unsafe<BatchKind>({
    type: 'string',
    enum: [...BATCH_KINDS],
    description: 'Only requests to this migrate endpoint: customers (/customers/migrate), transactions or events (/customers/migrate/...); absent: all three'
  }))
}, { title: 'FaultRequest', additionalProperties: false })
export type FaultRequest = Static<typeof FaultRequest>

/** A fault request once its defaults are filled in. */
export type FilledFaultRequest = FaultRequest & Required<Pick<FaultRequest, 'status' | 'delay_ms' | 'kind' | 'count' | 'after_accept'>>

export const Fault = Type.Composite([
  Type.Object({
    id: Type.String({ format: 'uuid' }),
    account: Type.Union([Type.String(), Type.Null()], { description: 'The account it applies to; null: every account' }),
    remaining: Type.Integer({ description: 'How many more requests it will hit' }),
    endpoint: Type.Union([Type.Unsafe<BatchKind>({ type: 'string', enum: [...BATCH_KINDS] }), Type.Null()], {
      description: 'The migrate endpoint it hits; null: all three'
    })
  }),
  Type.Required(Type.Pick(FaultRequest, ['status', 'delay_ms', 'kind', 'after_accept'])),
  Type.Pick(FaultRequest, ['body', 'headers'])
], { title: 'Fault' })
export type Fault = Static<typeof Fault>

export const FaultList = Type.Object({ faults: Type.Array(Fault), total: Type.Integer() }, { title: 'FaultList' })
export type FaultList = Static<typeof FaultList>
