/**
 * Everything the mock holds, built once per app from its configuration and reached one way: the app's
 * `mock` decoration (`app.mock`, or `request.server.mock` in a hook). What changes more than one part is
 * here: a batch accepted or a request recorded (each may answer long polls), a reset, the close.
 */
import { randomBytes } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import { Authenticator } from '../access/authentication.js'
import { limitsOf, RateLimiter } from '../access/rate-limit.js'
import { TokenService } from '../access/tokens.js'
import { listOf, type Config } from '../config.js'
import { FaultQueue } from './faults.js'
import { Journal, type RequestRecord } from './journal.js'
import { Shutdown } from '../http/shutdown.js'
import { BatchStore, type StoredBatch } from './store.js'
import { Waiters } from './waiters.js'

declare module 'fastify' {
  interface FastifyInstance {
    mock: MockState
  }
}

export class MockState {
  readonly tokens: TokenService
  readonly authenticator: Authenticator
  readonly store: BatchStore
  readonly journal: Journal
  readonly faults = new FaultQueue()
  readonly waiters = new Waiters()
  readonly rateLimiter: RateLimiter
  readonly shutdown = new Shutdown()

  constructor (readonly config: Config, log: FastifyBaseLogger) {
    this.tokens = new TokenService(config.JWT_SECRET ?? randomBytes(32).toString('hex'), config.TOKEN_TTL_SECONDS)
    this.authenticator = new Authenticator(listOf(config.AUTH_TOKENS), listOf(config.API_KEYS), this.tokens)
    this.store = new BatchStore(config.MAX_STORED_CUSTOMERS, log)
    this.journal = new Journal(config.MAX_JOURNAL_ENTRIES, config.MAX_JOURNAL_BYTES, log)
    this.rateLimiter = new RateLimiter(limitsOf(config))
  }

  /** Stores an accepted batch (src/state/store.ts), and answers the long polls it satisfies. */
  acceptBatch (...args: Parameters<BatchStore['accept']>): StoredBatch {
    const { batch, evicted } = this.store.accept(...args)
    this.waiters.batchAccepted(batch, evicted)
    return batch
  }

  /** A request to the emulated API was answered (or given up on): journal it, and answer the long polls it satisfies. */
  recordRequest (record: RequestRecord) {
    this.waiters.requestRecorded(record, this.journal.add(record))
  }

  /** Forgets one account's batches, customers, journal, faults and rate-limit windows, or everyone's. */
  reset (account?: string) {
    this.store.reset(account)
    this.journal.reset(account)
    this.faults.clear(account)
    this.rateLimiter.reset(account)
    this.waiters.release(account)
  }

  /** The mock is closing: release every long poll, cut delays short, drop held connections. */
  close () {
    this.waiters.release()
    this.shutdown.begin()
  }
}
