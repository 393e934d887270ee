/**
 * JSON request bodies: the media type check, and the migrate route's parser, which keeps the body's bytes
 * (stored batches are kept as sent, compactly) as well as parsing them. `__proto__` and `constructor` keys
 * are found during validation (src/validation/forbidden-keys.ts).
 */
import { isAscii } from 'node:buffer'
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify'
import { ERR_BODY_EMPTY, ERR_BODY_NOT_JSON, ERR_MEDIA_TYPE } from '../errors.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The body's bytes as received (the migrate route only). */
    rawBody?: Buffer
  }
}

/** The media type of a Content-Type header, lower-cased, parameters (charset) dropped. */
const mediaTypeOf = (header: string | undefined): string | undefined =>
  header?.split(';', 1)[0]!.trim().toLowerCase() || undefined

/** The 415 for a request whose Content-Type is not JSON (or missing). */
export const unsupportedMediaType = (header: string | undefined) => new ERR_MEDIA_TYPE(mediaTypeOf(header) ?? 'none')

/** 415 unless the request says application/json; an onRequest hook, so before the body is read. */
export const requireJson = (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
  const header = request.headers['content-type']
  done(mediaTypeOf(header) === 'application/json' ? undefined : unsupportedMediaType(header))
}

const parseJsonBody = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch (err) {
    if (text.trim() === '') throw new ERR_BODY_EMPTY()
    throw new ERR_BODY_NOT_JSON((err as Error).message)
  }
}

/** UTF-8 text; ASCII (most JSON) decoded as Latin-1, the same characters for less work. */
const textOf = (bytes: Buffer): string => (isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8'))

/** Replaces Fastify's JSON parser, in the scope of `app`, with one that also keeps the bytes. */
export const registerJsonBody = (app: FastifyInstance) => {
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, bytes, done) => {
    request.rawBody = bytes as Buffer
    try {
      done(null, parseJsonBody(textOf(bytes as Buffer)))
    } catch (err) {
      done(err as Error, undefined)
    }
  })
}
