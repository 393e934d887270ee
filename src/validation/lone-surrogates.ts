/**
 * Strings with no UTF-8 form. JSON may escape half of a surrogate pair alone (`"\ud800"`), and JSON.parse
 * takes it; but UTF-8, in which Masivo stores what it is sent, cannot encode it, and no URL can name it (a
 * customer with such an id could never be read back). Looked for only in a text that escapes a surrogate
 * at all, so the usual body pays for one `includes`.
 */
import { pointerOf } from './violations.js'

const ESCAPED_SURROGATE = /\\u[dD][89a-fA-F]/
/** A high surrogate not followed by a low one, or a low one not after a high one (code units: no `u` flag). */
const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

interface Frame {
  node: unknown
  key: string | number
  parent: Frame | undefined
}

const tokensOf = (frame: Frame): (string | number)[] => {
  const tokens: (string | number)[] = []
  for (let f: Frame | undefined = frame; f?.parent !== undefined; f = f.parent) tokens.unshift(f.key)
  return tokens
}

/**
 * The JSON Pointer of the first key or string, in the text's order, of `value` (parsed from `text`) that
 * holds a lone surrogate; undefined when none does. An explicit stack: a value may nest deeper than calls can.
 */
export const loneSurrogateAt = (text: string, value: unknown): string | undefined => {
  if (!text.includes('\\u') || !ESCAPED_SURROGATE.test(text)) return undefined
  const stack: Frame[] = [{ node: value, key: '', parent: undefined }]
  while (stack.length > 0) {
    const frame = stack.pop()!
    const { node, key } = frame
    if (typeof key === 'string' && LONE.test(key)) return pointerOf(tokensOf(frame))
    if (typeof node === 'string') {
      if (LONE.test(node)) return pointerOf(tokensOf(frame))
      continue
    }
    if (typeof node !== 'object' || node === null) continue
    const isArray = Array.isArray(node)
    const keys = Object.keys(node)
    // pushed last to first, so the first is looked at first
    for (let i = keys.length - 1; i >= 0; i--) {
      stack.push({ node: (node as Record<string, unknown>)[keys[i]!], key: isArray ? i : keys[i]!, parent: frame })
    }
  }
  return undefined
}
