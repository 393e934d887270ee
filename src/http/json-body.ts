/**
 * JSON request bodies, for every route: the media type check, and the parser, which keeps the body's bytes
 * (stored batches are kept as sent, compactly), refuses bodies that are empty, not UTF-8 or not JSON, and
 * says where (line and column, never a quote of the body). `__proto__` and `constructor` keys are found
 * during validation (src/validation/structure-rules.ts).
 */
import { isAscii, isUtf8 } from 'node:buffer'
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify'
import { ERR_BODY_EMPTY, ERR_BODY_NOT_JSON, ERR_BODY_NOT_UTF8, ERR_MEDIA_TYPE } from '../errors.js'
import { clip } from '../validation/violations.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The body's bytes as received. */
    rawBody?: Buffer
  }
}

/** The media type of a Content-Type header, lower-cased, parameters (charset) dropped. */
const mediaTypeOf = (header: string | undefined): string | undefined =>
  header?.split(';', 1)[0]!.trim().toLowerCase() || undefined

/** The 415 for a request whose Content-Type is not JSON (or missing). */
export const unsupportedMediaType = (header: string | undefined) => new ERR_MEDIA_TYPE(clip(mediaTypeOf(header) ?? 'none'))

/** 415 unless the request says application/json; an onRequest hook, so before the body is read. */
export const requireJson = (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
  const header = request.headers['content-type']
  done(mediaTypeOf(header) === 'application/json' ? undefined : unsupportedMediaType(header))
}

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

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence; the error path only. */
const firstBadUtf8Byte = (bytes: Buffer): number => {
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
 * body around the error, which the mock does not echo. Iterative, so any nesting is fine; the error path only.
 */
const syntaxErrorAt = (text: string): number => {
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
const lineAndColumn = (text: string, position: number): [number, number] => {
  let line = 1
  let lineStart = 0
  for (let i = text.indexOf('\n'); i !== -1 && i < position; i = text.indexOf('\n', i + 1)) {
    line++
    lineStart = i + 1
  }
  return [line, position - lineStart + 1]
}

const parseJsonBody = (bytes: Buffer): unknown => {
  // ASCII (most JSON) decoded as Latin-1: the same characters for less work
  const ascii = isAscii(bytes)
  if (!ascii && !isUtf8(bytes)) throw new ERR_BODY_NOT_UTF8(firstBadUtf8Byte(bytes))
  const text = bytes.toString(ascii ? 'latin1' : 'utf8')
  try {
    return JSON.parse(text)
  } catch {
    if (text.trim() === '') throw new ERR_BODY_EMPTY()
    const position = syntaxErrorAt(text)
    const [line, column] = lineAndColumn(text, position)
    throw new ERR_BODY_NOT_JSON(position >= text.length ? 'it ends early' : 'unexpected character', line, column)
  }
}

/** Replaces Fastify's JSON parser, in the scope of `app`, with the mock's. */
export const registerJsonBody = (app: FastifyInstance) => {
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, bytes, done) => {
    request.rawBody = bytes as Buffer
    try {
      done(null, parseJsonBody(bytes as Buffer))
    } catch (err) {
      done(err as Error, undefined)
    }
  })
}
