/**
 * Whether the target answered a probe as the mock did: the same status; the error body's shape
 * (`{ error, details }`, both strings); where the mock names the offending member, whether the target's
 * answer names it too; and, for the writes, the members and types of what was read back.
 */
import type { Probe } from './probes.js'

/** An answer, as the report keeps it. */
export interface Answer {
  status: number
  /** The parsed JSON body, or its text (at most 2,000 characters) when it is not JSON. */
  body?: unknown
}

export interface Comparison {
  agree: boolean
  /** What differs, in words; empty when they agree. */
  differences: string[]
}

const isErrorShape = (body: unknown): boolean =>
  typeof body === 'object' && body !== null && typeof (body as { error?: unknown }).error === 'string' &&
  typeof (body as { details?: unknown }).details === 'string'

/** The member the mock's first violation names (the last token of its pointer), if it names one. */
const memberNamed = (mock: Answer): string | undefined => {
  const violations = (mock.body as { violations?: { path: string }[] } | undefined)?.violations
  const path = violations?.[0]?.path
  if (path === undefined || path === '') return undefined
  const last = path.split('/').at(-1)!.replace(/~1/g, '/').replace(/~0/g, '~')
  // an array index names no member: its array does
  return /^\d+$/.test(last) ? path.split('/').at(-2) : last
}

const typeOf = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value)

/** Where two JSON values differ in their members or their types (not their values): `$.data.customer.phone: only in the target`. */
const shapeDifferences = (mock: unknown, target: unknown, at = '$'): string[] => {
  if (typeOf(mock) !== typeOf(target)) return [`${at}: ${typeOf(mock)} in the mock, ${typeOf(target)} in the target`]
  if (Array.isArray(mock)) return mock.length > 0 && (target as unknown[]).length > 0 ? shapeDifferences(mock[0], (target as unknown[])[0], `${at}[0]`) : []
  if (typeOf(mock) !== 'object') return []
  const a = mock as Record<string, unknown>
  const b = target as Record<string, unknown>
  const out: string[] = []
  for (const key of Object.keys(a)) if (!(key in b)) out.push(`${at}.${key}: only in the mock`)
  for (const key of Object.keys(b)) if (!(key in a)) out.push(`${at}.${key}: only in the target`)
  for (const key of Object.keys(a)) if (key in b) out.push(...shapeDifferences(a[key], b[key], `${at}.${key}`))
  return out
}

export const compareAnswers = (probe: Probe, mock: Answer, target: Answer): Comparison => {
  const differences: string[] = []
  if (mock.status !== target.status) differences.push(`status: ${mock.status} from the mock, ${target.status} from the target`)
  if (mock.status >= 400 && target.status >= 400) {
    if (!isErrorShape(target.body)) differences.push('error body: the target\'s is not { error, details }')
    const member = memberNamed(mock)
    if (member !== undefined && !JSON.stringify(target.body ?? '').includes(member)) differences.push(`member: the mock names ${member}, the target's answer does not`)
  }
  if (probe.compareShape === true && mock.status < 300 && target.status < 300) differences.push(...shapeDifferences(mock.body, target.body))
  return { agree: differences.length === 0, differences }
}
