/**
 * The target of `drift`: requests to its origin only (redirects are answers, never followed), each within
 * a timeout, paced by its own rate-limit headers. An answer with `X-RateLimit-Remaining: 0` makes the next
 * request wait for `X-RateLimit-Reset`; a 429 is waited out (`Retry-After`, else `X-RateLimit-Reset`, else a
 * minute) and the same request sent again, so that pacing never shows as a disagreement.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import type { Answer } from './compare.js'

/** How long one request may take. */
const REQUEST_TIMEOUT_MS = 60_000
/** How many times a request answered 429 is sent again. */
const MAX_RETRIES = 5
const DEFAULT_WAIT_S = 60
/** How much of a body that is not JSON the report keeps. */
const TEXT_KEPT = 2_000

export interface Request {
  method: 'GET' | 'POST'
  path: string
  headers: Record<string, string>
  body?: Buffer | undefined
}

export interface Sent {
  answer?: Answer
  /** Why no answer came (a dropped connection, a timeout), when none did. */
  error?: string
  /** How long the target's limits made this request wait. */
  waitedMs: number
}

/** A whole number from a header, if it holds one. */
const whole = (value: string | null): number | undefined => (value !== null && /^\d+$/.test(value.trim()) ? Number(value) : undefined)

/** An instant some APIs send where others send seconds to wait: past it, a number is a Unix time. */
const UNIX_TIME_FROM = 1_000_000_000

/**
 * Milliseconds to wait by a header: seconds (`Retry-After: 5`, `X-RateLimit-Reset: 5`), a Unix time in
 * seconds (`X-RateLimit-Reset: 1796570658`), or an HTTP date (`Retry-After: Sun, 06 Dec 2026 15:00:00 GMT`).
 */
export const waitOf = (value: string | null, now = Date.now()): number | undefined => {
  const number = whole(value)
  if (number !== undefined) return Math.max(0, number >= UNIX_TIME_FROM ? number * 1000 - now : number * 1000)
  // an HTTP date starts with its day's name (RFC 9110's IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT")
  const date = value !== null && /^[A-Za-z]{3}, /.test(value) ? Date.parse(value) : NaN
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

export const bodyOf = (text: string): unknown => {
  if (text === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return text.slice(0, TEXT_KEPT)
  }
}

export class Target {
  private readonly origin: string
  private readonly basePath: string
  /** When the target's window opens again, once it said none is left. */
  private openAt = 0

  constructor (url: URL, private readonly say: (line: string) => void) {
    this.origin = url.origin
    this.basePath = url.pathname.replace(/\/+$/, '')
  }

  async send (request: Request): Promise<Sent> {
    let waitedMs = 0
    for (let attempt = 0; ; attempt++) {
      const pause = this.openAt - Date.now()
      if (pause > 0) {
        this.announce(pause, 'its X-RateLimit-Remaining was 0')
        await sleep(pause)
        waitedMs += pause
      }
      let response: Response
      let text: string
      try {
        response = await fetch(`${this.origin}${this.basePath}${request.path}`, {
          method: request.method,
          headers: request.headers,
          ...(request.body === undefined ? {} : { body: new Uint8Array(request.body) }),
          redirect: 'manual',
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS)
        })
        text = await response.text()
      } catch (err) {
        const cause = (err as { cause?: { code?: string, message?: string } }).cause
        return { error: cause?.code ?? cause?.message ?? (err as Error).message, waitedMs }
      }
      const reset = waitOf(response.headers.get('x-ratelimit-reset'))
      if (whole(response.headers.get('x-ratelimit-remaining')) === 0 && reset !== undefined) this.openAt = Date.now() + reset
      if (response.status === 429 && attempt < MAX_RETRIES) {
        const pause = waitOf(response.headers.get('retry-after')) ?? reset ?? DEFAULT_WAIT_S * 1000
        this.announce(pause, 'it answered 429')
        await sleep(pause)
        waitedMs += pause
        continue
      }
      return { answer: { status: response.status, body: bodyOf(text) }, waitedMs }
    }
  }

  private announce (ms: number, why: string) {
    if (ms >= 1000) this.say(`waiting ${Math.ceil(ms / 1000)} s for the target's rate limit (${why})`)
  }
}
