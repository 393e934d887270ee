/**
 * JSON request bodies, for every route: the media type check, and the parser, which keeps the body's bytes
 * (stored batches are kept as sent, compactly), refuses bodies that are empty, not UTF-8, not JSON or
 * holding a string with no UTF-8 form (src/validation/lone-surrogates.ts), and says where (line and column, never a quote of the body; src/validation/json-text.ts finds it). `__proto__` and `constructor` keys are found
 * during validation (src/validation/structure-rules.ts).
 */
import { isAscii, isUtf8 } from 'node:buffer'
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify'
import { ERR_BODY_EMPTY, ERR_BODY_LONE_SURROGATE, ERR_BODY_NOT_JSON, ERR_BODY_NOT_UTF8, ERR_MEDIA_TYPE } from '../errors.js'
import { loneSurrogateAt } from '../validation/lone-surrogates.js'
import { clip } from '../validation/violations.js'
import { firstBadUtf8Byte, lineAndColumn, syntaxErrorAt } from '../validation/json-text.js'

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

/**
 * The longest body decoded as Latin-1. Node makes a Latin-1 string of 0xFBEE9 bytes or more external (its
 * copy outside the heap, reported as external memory: EXTERN_APEX in its src/string_bytes.cc), and such
 * strings, once promoted, are freed only by full collections: 1000-customer batches decoded so cost a full
 * collection every eleven batches or so (bench/README.md). A UTF-8 decode stays in the heap, where a young
 * string dies cheaply.
 */
const LATIN1_MAX_BYTES = 0xFBEE9 - 1

const parseJsonBody = (bytes: Buffer): unknown => {
  // ASCII (most JSON) decoded as Latin-1: the same characters for less work
  const ascii = isAscii(bytes)
  if (!ascii && !isUtf8(bytes)) throw new ERR_BODY_NOT_UTF8(firstBadUtf8Byte(bytes))
  const text = bytes.toString(ascii && bytes.length <= LATIN1_MAX_BYTES ? 'latin1' : 'utf8')
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    if (text.trim() === '') throw new ERR_BODY_EMPTY()
    const position = syntaxErrorAt(text)
    const [line, column] = lineAndColumn(text, position)
    throw new ERR_BODY_NOT_JSON(position >= text.length ? 'it ends early' : 'unexpected character', line, column)
  }
  const lone = loneSurrogateAt(text, value)
  if (lone !== undefined) throw new ERR_BODY_LONE_SURROGATE(lone === '' ? '(the body itself)' : lone)
  return value
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
