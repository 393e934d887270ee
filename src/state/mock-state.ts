/**
 * Everything the mock holds, built once per app from its configuration and reached one way: the app's
 * `mock` decoration (`app.mock`, or `request.server.mock` in a hook). What changes more than one part is
 * here: a batch accepted or processed, a request recorded (each may answer long polls), a reset, the close.
 *
 * The queue runs here: a timer processes each batch when it falls due (QUEUE_DELAY_MS after its answer),
 * and every read of what the batches built (/__admin, GET a customer) first processes what is due, so a read
 * never sees a batch late, whatever the timer. With QUEUE_DELAY_MS=0 a batch is processed as it is
 * accepted, while its parsed entries are still young for the garbage collector (bench/README.md): no read
 * can come between, since every read processed it first when it waited for the next turn of the event loop.
 * Its event on the event stream still waits for that turn, after its request's, as it always came.
 */
import { randomBytes } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import { Authenticator } from '../access/authentication.js'
import { limitsOf, RateLimiter } from '../access/rate-limit.js'
import { TokenService } from '../access/tokens.js'
import { listOf, type Config } from '../config.js'
import { FaultQueue } from './faults.js'
import { EventHub } from './event-hub.js'
import { Journal, type RequestRecord } from './journal.js'
import { Shutdown } from '../http/shutdown.js'
import { BatchStore, type CustomerRecord, type StoredBatch } from './store.js'
import { ERR_STOREFRONT_CUSTOMER_NOT_FOUND } from '../errors.js'
import { clip } from '../validation/violations.js'
import { Clock } from './clock.js'
import { ReferenceBook } from './reference-data.js'
import type { ReferenceDataFile } from '../../schemas/reference.js'
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
  readonly events = new EventHub()
  readonly rateLimiter: RateLimiter
  readonly shutdown = new Shutdown()
  /** The mock's now (src/state/clock.ts): move it with moveClock and resetClock, so the queue follows. */
  readonly clock = new Clock()

  readonly references: ReferenceBook

  /** `referenceSeed`: the accounts' reference data at start (src/state/reference-data.ts's referenceSeed). */
  constructor (readonly config: Config, log: FastifyBaseLogger, referenceSeed: ReferenceDataFile = {}) {
    this.references = new ReferenceBook(referenceSeed, config.MAX_REFERENCE_BYTES)
    this.tokens = new TokenService(config.JWT_SECRET ?? randomBytes(32).toString('hex'), config.TOKEN_TTL_SECONDS, this.clock)
    this.authenticator = new Authenticator(listOf(config.AUTH_TOKENS), listOf(config.API_KEYS), this.tokens)
    this.store = new BatchStore(config.MAX_STORED_CUSTOMERS, config.QUEUE_DELAY_MS, log, this.clock, this.references)
    this.journal = new Journal(config.MAX_JOURNAL_ENTRIES, config.MAX_JOURNAL_BYTES, log)
    this.rateLimiter = new RateLimiter(limitsOf(config), this.clock)
  }

  /** The queue's next run, if one is set. */
  private queueTimer: NodeJS.Timeout | undefined
  private closed = false

  /** Batches processed as they were accepted (QUEUE_DELAY_MS=0), their events held for the queue's next turn. */
  private readonly unannounced: StoredBatch[] = []

  /** Stores an accepted batch, queued (src/state/store.ts), and answers the long polls it satisfies. */
  acceptBatch (...args: Parameters<BatchStore['accept']>): StoredBatch {
    const { batch, evicted } = this.store.accept(...args)
    this.waiters.batchAccepted(batch, evicted)
    if (this.config.QUEUE_DELAY_MS === 0) {
      for (const done of this.store.processDue(this.clock.now())) {
        this.waiters.batchProcessed(done)
        this.unannounced.push(done)
      }
    }
    this.scheduleQueue()
    return batch
  }

  /** Processes the queued batches that are due: before any read of what they build, and on the queue's timer. */
  processDue () {
    this.announce()
    for (const batch of this.store.processDue(this.clock.now())) this.batchProcessed(batch)
  }

  /** Publishes the events of the batches processed as they were accepted, those still stored. */
  private announce () {
    for (const batch of this.unannounced.splice(0)) {
      if (this.store.getBatch(batch.id) === batch) this.events.publish({ type: 'batch', batch })
    }
  }

  /**
   * Moves the clock forward, by `advanceMs` or to `at` (milliseconds since the epoch): what falls due by then
   * is processed, and the queue's timer set anew.
   */
  moveClock (move: { advanceMs: number } | { at: number }) {
    if ('advanceMs' in move) this.clock.advance(move.advanceMs)
    else this.clock.moveTo(move.at)
    this.clockMoved()
  }

  /**
   * Back to real time. Queued batches fall due as far from now as they were, and rate-limit windows start
   * afresh (windows begun in the clock's future would otherwise last until real time caught up).
   */
  resetClock () {
    const back = this.clock.reset()
    if (back === 0) return
    this.store.clockWentBack(back)
    this.rateLimiter.reset()
    this.clockMoved()
  }

  private clockMoved () {
    this.processDue()
    clearTimeout(this.queueTimer)
    this.queueTimer = undefined
    this.scheduleQueue()
  }

  /**
   * The latest processed version of a customer of `account`, as Masivo's reads see it (the queue first
   * processes what is due); a customer whose batch is still queued is a 404, as in Masivo until its queue runs.
   */
  storefrontCustomer (id: string, account: string): CustomerRecord {
    this.processDue()
    const record = this.store.holdersOf(id, account)[0]
    if (record === undefined) throw new ERR_STOREFRONT_CUSTOMER_NOT_FOUND(clip(id))
    return record
  }

  /** Processes one account's queued batches now, or everyone's; returns how many. */
  flushQueue (account?: string): number {
    const done = this.store.flush(account)
    for (const batch of done) this.batchProcessed(batch)
    return done.length
  }

  private batchProcessed (batch: StoredBatch) {
    this.waiters.batchProcessed(batch)
    this.events.publish({ type: 'batch', batch })
  }

  /** Sets a timer for when the oldest queued batch falls due, unless one is set (it sets the next when it runs). */
  private scheduleQueue () {
    if (this.queueTimer !== undefined || this.closed) return
    const due = this.unannounced.length > 0 ? this.clock.now() : this.store.nextDue()
    if (due === undefined) return
    const run = () => {
      this.queueTimer = undefined
      this.processDue()
      this.scheduleQueue()
    }
    // due now (events held back, or QUEUE_DELAY_MS=0 and the clock moved): the next turn of the event loop
    this.queueTimer = setTimeout(run, Math.max(0, due - this.clock.now()))
    this.queueTimer.unref() // a test process that is done need not wait for the queue
  }

  /** A request to the emulated API was answered (or given up on): journal it, and answer the long polls it satisfies. */
  recordRequest (record: RequestRecord) {
    this.waiters.requestRecorded(record, this.journal.add(record))
    this.events.publish({ type: 'request', record })
  }

  /** Forgets one account's batches, customers, journal, faults, rate-limit windows and reference data put since the start, or everyone's. */
  reset (account?: string) {
    this.announce()
    this.store.reset(account)
    this.journal.reset(account)
    this.faults.clear(account)
    this.rateLimiter.reset(account)
    this.references.reset(account)
    this.waiters.release(account)
    this.events.publish({ type: 'reset', account })
  }

  /** The mock is closing: stop the queue, release every long poll, end event streams, cut delays short, drop held connections. */
  close () {
    this.closed = true
    clearTimeout(this.queueTimer)
    this.queueTimer = undefined
    this.waiters.release()
    this.events.closeAll()
    this.shutdown.begin()
  }
}
