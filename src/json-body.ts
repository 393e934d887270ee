/**
 * Reads a JSON request body: keeps its text (stored batches are kept as sent, compactly) and parses
 * it, refusing empty bodies, invalid JSON and `__proto__` / `constructor` keys.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { ERR_BODY_EMPTY, ERR_BODY_FORBIDDEN_KEY, ERR_BODY_NOT_JSON, ERR_MEDIA_TYPE } from './errors.js'
import { pointerToken } from './violations.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The body's text as received (the migrate route only). */
    bodyText?: string
  }
}

const FORBIDDEN_KEYS = ['__proto__', 'constructor'] as const

/**
 * A key can only be `__proto__` or `constructor` if the text holds that word or a `\u` escape, so the
 * tree is walked only then: a regex pass costs a fraction of the walk on a 3 MB batch.
 */
const SUSPECT = /__proto__|constructor|\\u/

/** Where the first own `__proto__` or `constructor` key sits, as a JSON Pointer, if any. */
const findForbiddenKey = (root: unknown): { key: string, path: string } | undefined => {
  const stack: [unknown, string][] = [[root, '']]
  while (stack.length > 0) {
    const [node, path] = stack.pop()!
    if (typeof node !== 'object' || node === null) continue
    if (!Array.isArray(node)) {
      const key = FORBIDDEN_KEYS.find((k) => Object.hasOwn(node, k))
      if (key !== undefined) return { key, path: `${path}/${key}` }
    }
    for (const [key, value] of Object.entries(node)) stack.push([value, `${path}/${pointerToken(key)}`])
  }
  return undefined
}

export const parseJsonBody = (text: string): unknown => {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch (err) {
    if (text.trim() === '') throw new ERR_BODY_EMPTY()
    throw new ERR_BODY_NOT_JSON((err as Error).message)
  }
  if (SUSPECT.test(text)) {
    const found = findForbiddenKey(body)
    if (found !== undefined) throw new ERR_BODY_FORBIDDEN_KEY(found.key, found.path)
  }
  return body
}

/** The media type of a Content-Type header, lower-cased, parameters (charset) dropped. */
export const mediaTypeOf = (header: string | undefined): string | undefined =>
  header?.split(';', 1)[0]!.trim().toLowerCase() || undefined

/** 415 unless the request says application/json; checked before the body is read. */
export const requireJson = async (request: FastifyRequest) => {
  const mediaType = mediaTypeOf(request.headers['content-type'])
  if (mediaType !== 'application/json') throw new ERR_MEDIA_TYPE(mediaType ?? 'none')
}

/** Replaces Fastify's JSON parser, in the scope of `app`, with one that also keeps the text. */
export const registerJsonBody = (app: FastifyInstance) => {
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, text, done) => {
    request.bodyText = text as string
    try {
      done(null, parseJsonBody(text as string))
    } catch (err) {
      done(err as Error, undefined)
    }
  })
}
