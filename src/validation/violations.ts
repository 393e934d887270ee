/** Violations of a request body: every JSON Pointer the mock writes or reads, ordering, and the summary. */
import type { Violation } from '../../schemas/error.js'
import { count } from '../words.js'

export type { Violation }

/** At most this many violations are listed in a response (the summary still counts them all). */
export const MAX_LISTED_VIOLATIONS = 1000

/** How many violations the `details` sentence names. */
const NAMED_IN_DETAILS = 3

/**
 * At most this many characters of anything a client sent (a key, an id, a media type) are quoted back, in a
 * message or a pointer: an 8 MB field name must not make an answer, or the journal, 8 MB larger.
 */
export const CLIENT_TEXT_MAX = 64

/** Client text as quoted back: cut to CLIENT_TEXT_MAX characters, with `…` when it was longer. */
export const clip = (text: string): string => {
  if (text.length <= CLIENT_TEXT_MAX) return text
  const code = text.charCodeAt(CLIENT_TEXT_MAX - 1)
  const end = code >= 0xd800 && code <= 0xdbff ? CLIENT_TEXT_MAX - 1 : CLIENT_TEXT_MAX // not half a surrogate pair
  return `${text.slice(0, end)}…`
}

/** RFC 6901 reference token, the client's keys clipped. */
export const pointerToken = (key: string | number): string =>
  typeof key === 'number' ? String(key) : clip(key).replace(/~/g, '~0').replace(/\//g, '~1')

/** A JSON Pointer whose tokens (the client's keys among them) are clipped. */
export const clipPointer = (pointer: string): string =>
  pointer.length <= CLIENT_TEXT_MAX ? pointer : pointer.split('/').map(clip).join('/')

/** The JSON Pointer of a path given as keys and indexes. */
export const pointerOf = (tokens: readonly (string | number)[]): string => tokens.map((t) => `/${pointerToken(t)}`).join('')

const CUSTOMER_PREFIX = '/customers/'

/** The JSON Pointer of a member of the batch's customer `index` (the mock's field names need no escaping). */
export const customerPointer = (index: number, ...rest: (string | number)[]): string =>
  `${CUSTOMER_PREFIX}${index}${rest.map((t) => `/${t}`).join('')}`

/** A reference token unescaped. */
export const unescapeToken = (token: string): string => token.replace(/~1/g, '/').replace(/~0/g, '~')

/** The value a JSON Pointer points at in `root`, or undefined. */
export const resolvePointer = (root: unknown, pointer: string): unknown =>
  pointer.split('/').slice(1).reduce<unknown>((node, token) => (node as Record<string, unknown> | undefined)?.[unescapeToken(token)], root)

/** The customer index a path points into, or -1 for the body or the array itself. */
const customerIndexOf = (path: string): number => {
  if (!path.startsWith(CUSTOMER_PREFIX)) return -1
  const index = parseInt(path.slice(CUSTOMER_PREFIX.length), 10)
  return Number.isNaN(index) ? -1 : index
}

/** Customer by customer (schema and rule violations of one customer together), order kept within one. */
export const sortByCustomer = (violations: Violation[]): Violation[] =>
  violations
    .map((violation, order) => ({ violation, order, index: customerIndexOf(violation.path) }))
    .sort((a, b) => a.index - b.index || a.order - b.order)
    .map(({ violation }) => violation)

/** "3 violations: /customers/0/email must be ...; /customers/2/id ...; and 1 more." */
export const summarize = (violations: Violation[]): string => {
  const total = violations.length
  const named = violations
    .slice(0, NAMED_IN_DETAILS)
    .map((v) => `${v.path === '' ? 'the body' : v.path} ${v.message}`)
    .join('; ')
  const more = total > NAMED_IN_DETAILS ? `; and ${total - NAMED_IN_DETAILS} more` : ''
  const listed = total > MAX_LISTED_VIOLATIONS ? ` (the first ${MAX_LISTED_VIOLATIONS} are listed)` : ''
  return `${count(total, 'violation')}${listed}: ${named}${more}.`
}
