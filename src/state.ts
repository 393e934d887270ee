/** Everything the routes share, built once per app from its configuration. */
import { randomBytes } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import { Authenticator } from './auth.js'
import { listOf, type Config } from './config.js'
import { FaultQueue } from './faults.js'
import { Journal } from './journal.js'
import { Lifecycle } from './lifecycle.js'
import { limitsOf, RateLimiter } from './rate-limit.js'
import { BatchStore } from './store.js'
import { TokenService } from './tokens.js'
import { Waiters } from './waiters.js'

export interface MockState {
  config: Config
  tokens: TokenService
  authenticator: Authenticator
  store: BatchStore
  journal: Journal
  faults: FaultQueue
  waiters: Waiters
  rateLimiter: RateLimiter
  lifecycle: Lifecycle
}

export const createState = (config: Config, log: FastifyBaseLogger): MockState => {
  const tokens = new TokenService(config.JWT_SECRET ?? randomBytes(32).toString('hex'), config.TOKEN_TTL_SECONDS)
  const store = new BatchStore(config.MAX_STORED_CUSTOMERS, (evicted) => {
    log.info({
      evicted_batches: evicted.length,
      evicted_customers: evicted.reduce((n, b) => n + b.customerIds.length, 0)
    }, 'evicted the oldest batches to stay under MAX_STORED_CUSTOMERS; /__admin/stats counts them')
  })
  return {
    config,
    tokens,
    authenticator: new Authenticator(listOf(config.AUTH_TOKENS), tokens),
    store,
    journal: new Journal(config.MAX_JOURNAL_ENTRIES, () => {
      log.warn('the journal is full: from now on its oldest records are evicted (MAX_JOURNAL_ENTRIES); /__admin/stats counts them')
    }),
    faults: new FaultQueue(),
    waiters: new Waiters(),
    rateLimiter: new RateLimiter(limitsOf(config)),
    lifecycle: new Lifecycle()
  }
}
