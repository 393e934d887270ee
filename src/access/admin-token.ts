/**
 * ADMIN_TOKEN: when it is set, every /__admin request needs it, so that nothing else that reaches the mock's
 * port (another user of a shared machine, a container beside it) reads or changes what it holds. Clients
 * send it in an `X-Admin-Token` header (MockClient's `adminToken`). A browser cannot add a header to the
 * page it opens, so the dashboard's first address carries it once, `/__admin?admin_token=…`: the mock answers
 * with a cookie holding it (HttpOnly, SameSite=Strict, for /__admin only: never sent by another site's page)
 * and the same address without it. The token never reaches a log: the mock logs no request URLs.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { ERR_ADMIN_TOKEN } from '../errors.js'
import { ADMIN_PREFIX, ADMIN_TOKEN_COOKIE, ADMIN_TOKEN_HEADER, ADMIN_TOKEN_QUERY } from '../paths.js'

const COOKIE = new RegExp(`(?:^|;\\s*)${ADMIN_TOKEN_COOKIE}=([^;]*)`)

const digest = (value: string) => createHash('sha256').update(value).digest()

/** The address without its `admin_token` parameter (the rest kept as sent). */
const withoutToken = (url: string): string => {
  const [path, query = ''] = url.split('?', 2) as [string, string?]
  const kept = query.split('&').filter((pair) => pair !== '' && !pair.startsWith(`${ADMIN_TOKEN_QUERY}=`))
  return kept.length === 0 ? path : `${path}?${kept.join('&')}`
}

/** The onRequest hook of the /__admin routes when ADMIN_TOKEN is set. */
export const adminTokenGuard = (token: string) => {
  const expected = digest(token)
  // compared as digests, in constant time: how long a guess took says nothing of the token
  const matches = (given: string | undefined) => given !== undefined && timingSafeEqual(digest(given), expected)
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers[ADMIN_TOKEN_HEADER]
    if (matches(typeof header === 'string' ? header : undefined)) return
    const cookie = COOKIE.exec(request.headers.cookie ?? '')?.[1]
    if (cookie !== undefined && matches(safeDecode(cookie))) return
    const query = (request.query as Record<string, unknown> | undefined)?.[ADMIN_TOKEN_QUERY]
    if (request.method === 'GET' && typeof query === 'string' && matches(query)) {
      // the dashboard's first address: the cookie, and the address again without the token in it
      reply.header('set-cookie', `${ADMIN_TOKEN_COOKIE}=${encodeURIComponent(token)}; Path=${ADMIN_PREFIX}; HttpOnly; SameSite=Strict`)
      return reply.redirect(withoutToken(request.url), 303)
    }
    throw new ERR_ADMIN_TOKEN()
  }
}

const safeDecode = (value: string): string | undefined => {
  try {
    return decodeURIComponent(value)
  } catch {
    return undefined
  }
}
