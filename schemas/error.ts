/**
 * Every error response: Masivo's `{ error, details }`, the mock's stable `code` (docs/errors.md lists them all),
 * and `violations` on a 400 for a bad body or query.
 */
import { Type, type Static } from '@sinclair/typebox'

export const Violation = Type.Object({
  path: Type.String({ description: 'JSON Pointer (RFC 6901) to the offending value, or to where a missing one belongs' }),
  rule: Type.String({ description: 'Stable short name of the rule broken: required, type, format, enum, minLength, ...' }),
  message: Type.String({ description: 'What is wrong, in words' })
}, { title: 'Violation' })
export type Violation = Static<typeof Violation>

export const ErrorBody = Type.Object({
  error: Type.String({ description: 'The HTTP status title, e.g. "Bad Request"' }),
  details: Type.String({ description: 'One sentence saying what went wrong' }),
  code: Type.String({ description: 'The mock\'s stable name for this error, e.g. MOCK_ERR_VIOLATIONS (not part of Masivo\'s envelope)' }),
  violations: Type.Optional(Type.Array(Violation, { description: 'Every violation in the body (at most 1000 listed)' }))
}, { title: 'ErrorBody' })
export type ErrorBody = Static<typeof ErrorBody>
