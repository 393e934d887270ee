/**
 * Where a JSON text stops being well formed, said as the mock says it everywhere (a request body, a line of
 * an export file): the first byte that is not UTF-8, the line and column where the JSON breaks. Never a
 * quote of the text: V8's own messages quote it. These run only on a text already refused.
 */

/** How long the UTF-8 sequence a lead byte starts is, and the range its second byte must fall in (RFC 3629 §4). */
const sequenceOf = (lead: number): [length: number, low: number, high: number] => {
  if (lead < 0x80) return [1, 0, 0]
  if (lead >= 0xc2 && lead <= 0xdf) return [2, 0x80, 0xbf]
  if (lead === 0xe0) return [3, 0xa0, 0xbf] // no overlong forms
  if (lead === 0xed) return [3, 0x80, 0x9f] // no surrogates
  if (lead >= 0xe1 && lead <= 0xef) return [3, 0x80, 0xbf]
  if (lead === 0xf0) return [4, 0x90, 0xbf]
  if (lead >= 0xf1 && lead <= 0xf3) return [4, 0x80, 0xbf]
  if (lead === 0xf4) return [4, 0x80, 0x8f] // nothing past U+10FFFF
  return [0, 0, 0]
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence; only where a text was refused. */
export const firstBadUtf8Byte = (bytes: Buffer): number => {
  for (let i = 0; i < bytes.length;) {
    const [length, low, high] = sequenceOf(bytes[i]!)
    if (length === 0) return i
    for (let k = 1; k < length; k++) {
      const byte = bytes[i + k]
      if (byte === undefined || byte < (k === 1 ? low : 0x80) || byte > (k === 1 ? high : 0xbf)) return i
    }
    i += length
  }
  return bytes.length
}

const WHITESPACE = /[ \t\n\r]*/y
// JSON forbids raw control characters in strings
// eslint-disable-next-line no-control-regex
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const LITERAL = /true|false|null/y

/**
 * Where `text` stops being JSON (RFC 8259), for a text JSON.parse refused: V8's own messages quote the
 * body around the error, which the mock does not echo. Iterative, so any nesting is fine; only where a text was refused.
 */
export const syntaxErrorAt = (text: string): number => {
  let i = 0
  const match = (pattern: RegExp) => {
    pattern.lastIndex = i
    if (!pattern.test(text)) return false
    i = pattern.lastIndex
    return true
  }
  /** A member's name and colon; false leaves `i` where they are wrong. */
  const memberName = () => {
    match(WHITESPACE)
    if (!match(STRING)) return false
    match(WHITESPACE)
    if (text[i] !== ':') return false
    i++
    return true
  }
  const open: string[] = []
  for (;;) {
    match(WHITESPACE)
    const c = text[i]
    if (c === '{' || c === '[') {
      i++
      match(WHITESPACE)
      if (text[i] === (c === '{' ? '}' : ']')) i++
      else {
        open.push(c)
        if (c === '{' && !memberName()) return i
        continue
      }
    } else if (!(match(STRING) || match(NUMBER) || match(LITERAL))) {
      return i
    }
    // after a value: close what it ends, or go on to the next one
    for (;;) {
      match(WHITESPACE)
      const container = open[open.length - 1]
      if (container === undefined) return i
      const d = text[i]
      if (d === (container === '{' ? '}' : ']')) {
        i++
        open.pop()
      } else if (d === ',') {
        i++
        if (container === '{' && !memberName()) return i
        break
      } else {
        return i
      }
    }
  }
}

/** "line 3, column 14" of a position in `text` (both from 1). */
export const lineAndColumn = (text: string, position: number): [number, number] => {
  let line = 1
  let lineStart = 0
  for (let i = text.indexOf('\n'); i !== -1 && i < position; i = text.indexOf('\n', i + 1)) {
    line++
    lineStart = i + 1
  }
  return [line, position - lineStart + 1]
}
