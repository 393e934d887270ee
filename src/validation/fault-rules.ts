/**
 * The rules of a fault (POST /__admin/faults) that its schema cannot say: what it will send must be
 * something Node can send. Checked when the fault is queued, so the request it hits gets exactly what was
 * asked for, never a broken answer.
 */
import type { FaultRequest } from '../../schemas/fault.js'
import { pointerOf, type Violation } from './violations.js'

/** RFC 9110 §5.6.2 token: what a header name may be. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
/** What Node lets through in a header value: tab, visible ASCII and Latin-1, no CR, LF or NUL. */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/
/** Set by the mock or by Node for every answer: a fault's own would contradict them. */
const RESERVED = new Set(['content-length', 'transfer-encoding', 'connection', 'x-request-id'])
export const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i

export const faultViolations = ({ headers = {}, body }: FaultRequest): Violation[] => {
  const out: Violation[] = []
  for (const [name, value] of Object.entries(headers)) {
    const path = pointerOf(['headers', name])
    if (!TOKEN.test(name)) out.push({ path, rule: 'headerName', message: 'must be a header name: letters, digits and !#$%&\'*+.^_`|~-, not empty' })
    else if (RESERVED.has(name.toLowerCase())) out.push({ path, rule: 'headerName', message: 'is set by the mock itself' })
    if (!HEADER_VALUE.test(value)) out.push({ path, rule: 'headerValue', message: 'must be a header value: Latin-1 text without CR, LF or NUL' })
    if (name.toLowerCase() === 'content-type' && typeof body !== 'string' && !JSON_MEDIA_TYPE.test(value)) {
      out.push({ path, rule: 'contentType', message: 'must be a JSON media type when body is not a string (a string body is sent as it is)' })
    }
  }
  return out
}
