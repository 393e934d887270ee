/**
 * The one place the error body is built: Masivo's `{ error, details }`, the mock's stable `code`, and on a
 * bad body or query every violation (at most MAX_LISTED_VIOLATIONS).
 */
import { STATUS_CODES } from 'node:http'
import type { ErrorBody } from '../../schemas/error.js'
import { MAX_LISTED_VIOLATIONS, type Violation } from '../validation/violations.js'

export interface EnvelopeSource {
  code: string
  message: string
  violations?: Violation[]
}

export const errorBody = (statusCode: number, { code, message, violations }: EnvelopeSource): ErrorBody => {
  const body: ErrorBody = { error: STATUS_CODES[statusCode] ?? 'Error', details: message, code }
  if (violations !== undefined) body.violations = violations.slice(0, MAX_LISTED_VIOLATIONS)
  return body
}
