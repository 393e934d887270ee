/**
 * Masivo's rate limits, per account, when asked for (RATE_LIMIT / RATE_LIMIT_MAX). Masivo's
 * resources/resource-limits page has two limiters: a general one on every endpoint (a Dev account's
 * requests a day; none on Prod) and a migration one shared by the migrate endpoints (250 an hour on Dev,
 * 1,000 on Prod).
 *
 * Counting is @fastify/rate-limit's (through `createRateLimit`), in windows of the mock's clock
 * (ClockStore below), so that a suite that moves the clock crosses them. Its ready-made hook cannot
 * express Masivo's limits: a route runs that hook once per request, so several windows cannot all apply.
 * This hook asks every window of the request's endpoint, answers 429 if any is full, and otherwise counts
 * the request in all of them and shows the tightest in the headers.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import rateLimitPlugin from '@fastify/rate-limit'
import { LruMap } from 'toad-cache'
import type { Config } from '../config.js'
import { ERR_RATE_LIMITED } from '../errors.js'
import type { Clock } from '../state/clock.js'
import { count } from '../words.js'

/** general: every endpoint of the emulated API; migration: the migrate endpoints only. */
export type LimiterName = 'general' | 'migration'

export interface Limit {
  limiter: LimiterName
  max: number
  windowMs: number
}

const HOUR = 3_600_000
const DAY = 24 * HOUR
/**
 * Masivo's profiles (resources/resource-limits). The general limiter of a Dev account is 1,000 requests a
 * day (one copy of the page says 2,500); a Prod account has none. An older copy also spaced migrate
 * requests 5 s apart, which would leave Prod's 1,000 an hour out of reach: docs/fidelity.md.
 */
export const MASIVO_PROFILES = {
  'masivo-dev': [{ limiter: 'general', max: 1_000, windowMs: DAY }, { limiter: 'migration', max: 250, windowMs: HOUR }],
  'masivo-prod': [{ limiter: 'migration', max: 1_000, windowMs: HOUR }]
} as const satisfies Record<string, readonly Limit[]>

export const limitsOf = (config: Config): readonly Limit[] => {
  if (config.RATE_LIMIT_MAX !== undefined) return [{ limiter: 'migration', max: config.RATE_LIMIT_MAX, windowMs: config.RATE_LIMIT_WINDOW_MS }]
  if (config.RATE_LIMIT === 'off') return []
  // `masivo`, from before the two profiles, is the Dev one
  return MASIVO_PROFILES[config.RATE_LIMIT === 'masivo' ? 'masivo-dev' : config.RATE_LIMIT]
}

const describe = ({ limiter, max, windowMs }: Limit) =>
  `${count(max, 'request')} per ${windowMs === DAY ? 'day' : windowMs === HOUR ? 'hour' : windowMs % 1000 === 0 ? `${windowMs / 1000} s` : `${windowMs} ms`} (${limiter} limiter)`

/** How many accounts' windows each window keeps, as @fastify/rate-limit's own store (past it the least recently counted go). */
const WINDOWS_KEPT = 10_000

interface Window { current: number, ttl: number, startedAt: number }
type Done = (err: Error | null, result: { current: number, ttl: number }) => void

/**
 * @fastify/rate-limit's store contract (`incr`, `read`, `child`), in fixed windows as its LocalStore
 * counts them, on the mock's clock instead of Date.now().
 */
const clockStore = (clock: Clock) => class ClockStore {
  private readonly windows = new LruMap<Window>(WINDOWS_KEPT)

  incr (key: string, done: Done, windowMs: number) {
    const now = clock.now()
    let window = this.windows.get(key)
    if (window === undefined || window.startedAt + windowMs <= now) window = { current: 0, ttl: windowMs, startedAt: now }
    window.current++
    window.ttl = windowMs - (now - window.startedAt)
    this.windows.set(key, window)
    done(null, window)
  }

  read (key: string, done: Done, windowMs: number) {
    const now = clock.now()
    const window = this.windows.get(key)
    if (window === undefined || window.startedAt + windowMs <= now) done(null, { current: 0, ttl: 0 })
    else done(null, { current: window.current, ttl: windowMs - (now - window.startedAt) })
  }

  child () {
    return new ClockStore()
  }
}

type Check = ReturnType<FastifyInstance['createRateLimit']>
type Result = Awaited<ReturnType<Check>> & { isAllowed: false }
type Hook = (request: FastifyRequest, reply: FastifyReply) => Promise<void>

export class RateLimiter {
  /** Bumped by reset: a new generation starts every account's windows afresh. */
  private generation = 0
  private readonly accountGenerations = new Map<string, number>()
  private readonly checks: { limit: Limit, check: Check }[] = []
  /** The general limiter's windows of `checks`: what every other endpoint of the emulated API counts in. */
  private generalChecks: { limit: Limit, check: Check }[] = []

  constructor (private readonly limits: readonly Limit[], private readonly clock: Clock) {}

  /** Whether the migrate endpoints are limited. */
  get enabled () {
    return this.limits.length > 0
  }

  /** Whether every endpoint of the emulated API is (Masivo's general limiter). */
  get general () {
    return this.limits.some((limit) => limit.limiter === 'general')
  }

  /** Registers @fastify/rate-limit (not globally: the routes choose their hook). */
  async register (app: FastifyInstance, accountOf: (request: FastifyRequest) => string) {
    if (!this.enabled) return
    await app.register(rateLimitPlugin, { global: false, store: clockStore(this.clock) })
    const keyGenerator = (request: FastifyRequest) => {
      const account = accountOf(request)
      return `${account}#${this.generation}.${this.accountGenerations.get(account) ?? 0}`
    }
    for (const limit of this.limits) {
      this.checks.push({ limit, check: app.createRateLimit({ max: limit.max, timeWindow: limit.windowMs, keyGenerator }) })
    }
    this.generalChecks = this.checks.filter(({ limit }) => limit.limiter === 'general')
  }

  /**
   * The onRequest hooks a route of the emulated API runs after authentication: a migrate route counts in
   * every window, the others in the general limiter's; none when no window applies.
   */
  hooksFor (endpoint: 'migrate' | 'other'): Hook[] {
    if (endpoint === 'migrate') return this.enabled ? [this.migrationHook] : []
    return this.general ? [this.generalHook] : []
  }

  private readonly migrationHook: Hook = async (request, reply) => this.apply(this.checks, request, reply)

  private readonly generalHook: Hook = async (request, reply) => this.apply(this.generalChecks, request, reply)

  private async apply (checks: readonly { limit: Limit, check: Check }[], request: FastifyRequest, reply: FastifyReply) {
    if (checks.length === 0) return
    const peeks = await Promise.all(checks.map(({ check }) => check(request, { increment: false }) as Promise<Result>))
    const full = peeks.findIndex((peek) => peek.remaining === 0)
    if (full >= 0) this.refuse(reply, checks[full]!.limit, peeks[full]!)
    const counted = await Promise.all(checks.map(({ check }) => check(request) as Promise<Result>))
    const exceeded = counted.findIndex((r) => r.isExceeded)
    if (exceeded >= 0) this.refuse(reply, checks[exceeded]!.limit, counted[exceeded]!)
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
