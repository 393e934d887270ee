/**
 * The admin API against web pages. A page on any site the developer opens can send the mock a "simple"
 * request (a POST with a text/plain body needs no preflight), and a page whose own name was pointed at the
 * mock's address (DNS rebinding) can read its answers. So under /__admin:
 * - a request that changes state (anything but GET and HEAD) is refused when the browser says it comes from
 *   another site (`Sec-Fetch-Site`) or names another origin (`Origin`); clients that are not browsers send
 *   neither, and the dashboard is the mock's own origin;
 * - any request is refused when its `Host` is not a loopback name, this machine's name, or in ALLOWED_HOSTS;
 *   a mock bound to every address (0.0.0.0 or ::, as in Docker, where it is reached by a service's name)
 *   answers any Host.
 */
import { hostname } from 'node:os'
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify'
import { ERR_CROSS_SITE, ERR_HOST_NOT_ALLOWED } from '../errors.js'
import { clip } from '../validation/violations.js'

const READS = new Set(['GET', 'HEAD'])
/** What Sec-Fetch-Site says of a request the mock's own pages (or a person typing the URL) made. */
const OWN = new Set(['same-origin', 'none'])
const LOOPBACK = /^(localhost|.+\.localhost|127(\.\d{1,3}){3}|\[::1\]|::1)$/i

/** A Host header's name, without its port ("[::1]:8080" → "[::1]"). */
const nameOf = (host: string): string => host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!

/** Which Host names /__admin answers for; undefined: any (the mock is bound to every address). */
export const allowedHosts = (bindAddress: string, configured: ReadonlySet<string> | undefined): ReadonlySet<string> | undefined =>
  bindAddress === '0.0.0.0' || bindAddress === '::' ? undefined : new Set([hostname().toLowerCase(), ...[...configured ?? []].map((h) => h.toLowerCase())])

/** The onRequest hook of the /__admin routes. */
export const browserGuard = (allowed: ReadonlySet<string> | undefined) =>
  (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
    const host = request.headers.host ?? ''
    const name = nameOf(host).toLowerCase()
    if (allowed !== undefined && !LOOPBACK.test(name) && !allowed.has(name)) {
      done(new ERR_HOST_NOT_ALLOWED(clip(JSON.stringify(host))))
      return
    }
    if (!READS.has(request.method)) {
      const site = request.headers['sec-fetch-site']
      const origin = request.headers.origin
      if ((typeof site === 'string' && !OWN.has(site)) || (origin !== undefined && !sameOrigin(origin, host))) {
        done(new ERR_CROSS_SITE(clip(origin ?? `Sec-Fetch-Site: ${String(site)}`)))
        return
      }
    }
    done()
  }

/** Whether an Origin header names the host the request was sent to (an opaque "null" origin never does). */
const sameOrigin = (origin: string, host: string): boolean => {
  try {
    return new URL(origin).host === host.toLowerCase()
  } catch {
    return false
  }
}
