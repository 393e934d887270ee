/**
 * Masivo's rate limits for migration endpoints, per account, when asked for (RATE_LIMIT / RATE_LIMIT_MAX).
 *
 * Counting is @fastify/rate-limit's (its in-memory store, through `createRateLimit`). Its ready-made
 * hook cannot express Masivo's limit: a route runs that hook once per request, so two windows
 * (1 per 5 s and 250 per hour) cannot both apply. This hook asks every window, answers 429 if any is
 * full, and otherwise counts the request in all of them and shows the tightest in the headers.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import rateLimitPlugin from '@fastify/rate-limit'
import type { Config } from '../config.js'
import { ERR_RATE_LIMITED } from '../errors.js'
import { count } from '../words.js'

export interface Limit {
  max: number
  windowMs: number
}

/** Masivo's documented limit for migration endpoints (resource-limits page). */
export const MASIVO_LIMITS: readonly Limit[] = [
  { max: 1, windowMs: 5_000 },
  { max: 250, windowMs: 3_600_000 }
]

export const limitsOf = (config: Config): readonly Limit[] => {
  if (config.RATE_LIMIT_MAX !== undefined) return [{ max: config.RATE_LIMIT_MAX, windowMs: config.RATE_LIMIT_WINDOW_MS }]
  return config.RATE_LIMIT === 'masivo' ? MASIVO_LIMITS : []
}

const describe = ({ max, windowMs }: Limit) =>
  `${count(max, 'request')} per ${windowMs % 1000 === 0 ? `${windowMs / 1000} s` : `${windowMs} ms`}`

type Check = ReturnType<FastifyInstance['createRateLimit']>
type Result = Awaited<ReturnType<Check>> & { isAllowed: false }

export class RateLimiter {
  /** Bumped by reset: a new generation starts every account's windows afresh. */
  private generation = 0
  private readonly accountGenerations = new Map<string, number>()
  private readonly checks: { limit: Limit, check: Check }[] = []

  constructor (private readonly limits: readonly Limit[]) {}

  get enabled () {
    return this.limits.length > 0
  }

  /** Registers @fastify/rate-limit (not globally: only the migrate route is limited). */
  async register (app: FastifyInstance, accountOf: (request: FastifyRequest) => string) {
    if (!this.enabled) return
    await app.register(rateLimitPlugin, { global: false })
    const keyGenerator = (request: FastifyRequest) => {
      const account = accountOf(request)
      return `${account}#${this.generation}.${this.accountGenerations.get(account) ?? 0}`
    }
    for (const limit of this.limits) {
      this.checks.push({ limit, check: app.createRateLimit({ max: limit.max, timeWindow: limit.windowMs, keyGenerator }) })
    }
  }

  /** onRequest hook of the migrate route, after authentication. */
  readonly hook = async (request: FastifyRequest, reply: FastifyReply) => {
    const peeks = await Promise.all(this.checks.map(({ check }) => check(request, { increment: false }) as Promise<Result>))
    const full = peeks.findIndex((peek) => peek.remaining === 0)
    if (full >= 0) this.refuse(reply, this.checks[full]!.limit, peeks[full]!)
    const counted = await Promise.all(this.checks.map(({ check }) => check(request) as Promise<Result>))
    const exceeded = counted.findIndex((r) => r.isExceeded)
    if (exceeded >= 0) this.refuse(reply, this.checks[exceeded]!.limit, counted[exceeded]!)
    const tightest = counted.reduce((a, b) => (b.remaining < a.remaining ? b : a))
    reply.header('x-ratelimit-limit', tightest.max)
    reply.header('x-ratelimit-remaining', tightest.remaining)
    reply.header('x-ratelimit-reset', tightest.ttlInSeconds)
  }

  private refuse (reply: FastifyReply, limit: Limit, result: Result): never {
    const seconds = Math.max(1, Math.ceil(result.ttl / 1000))
    reply.header('x-ratelimit-limit', limit.max)
    reply.header('x-ratelimit-remaining', 0)
    reply.header('x-ratelimit-reset', seconds)
    reply.header('retry-after', seconds)
    throw new ERR_RATE_LIMITED(describe(limit), seconds)
  }

  /** Starts the windows afresh: for one account, or for everyone. */
  reset (account?: string) {
    if (account === undefined) this.generation++
    else this.accountGenerations.set(account, (this.accountGenerations.get(account) ?? 0) + 1)
  }
}
