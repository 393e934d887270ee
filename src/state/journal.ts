/**
 * The journal: the record of every request to the emulated API, accepted or not, newest first when read.
 * A ring of MAX_JOURNAL_ENTRIES; past it the oldest records are evicted (logged once, counted always).
 */
import type { FastifyBaseLogger } from 'fastify'
import type { ErrorBody } from '../../schemas/error.js'
import type { FaultKind } from '../../schemas/fault.js'
import { pageOf, type Page, type PageRequest } from './paging.js'

/**
 * What the mock learns of a request while answering it (`request.record`); the journal keeps it as it is.
 * Each field has one writer, named beside it.
 */
export interface RequestRecord {
  /** src/http/request-record.ts, when the request arrives */
  readonly id: string
  readonly receivedAt: Date
  readonly method: string
  readonly path: string
  /** src/http/request-record.ts, when it is answered; null when a fault reset it or never answered */
  status: number | null
  /** src/access/authentication.ts: fingerprint of the credential, once authenticated */
  account: string | null
  /** src/routes/migrate.ts, once the batch is accepted */
  batchId?: string
  /** src/http/error-handler.ts: the error body answered */
  error?: ErrorBody
  /** src/http/fault-answer.ts: the kind of the fault that answered instead of the mock */
  fault?: FaultKind
}

export interface JournalFilter {
  account?: string
  status?: number
}

export class Journal {
  private ring: RequestRecord[] = []
  /** Index of the oldest record once the ring is full. */
  private head = 0
  private evicted = 0
  private readonly evictedByAccount = new Map<string | null, number>()
  private readonly heldByAccount = new Map<string | null, number>()

  constructor (
    private readonly capacity: number,
    private readonly log: Pick<FastifyBaseLogger, 'warn'>
  ) {}

  add (record: RequestRecord) {
    this.heldByAccount.set(record.account, (this.heldByAccount.get(record.account) ?? 0) + 1)
    if (this.ring.length < this.capacity) {
      this.ring.push(record)
      return
    }
    if (this.evicted === 0) {
      this.log.warn('the journal is full: from now on its oldest records are evicted (MAX_JOURNAL_ENTRIES); /__admin/stats counts them')
    }
    const dropped = this.ring[this.head]!
    this.ring[this.head] = record
    this.head = (this.head + 1) % this.capacity
    this.evicted++
    this.evictedByAccount.set(dropped.account, (this.evictedByAccount.get(dropped.account) ?? 0) + 1)
    this.heldByAccount.set(dropped.account, this.heldByAccount.get(dropped.account)! - 1)
  }

  /** Oldest first. */
  private records (): RequestRecord[] {
    return this.head === 0 ? this.ring : [...this.ring.slice(this.head), ...this.ring.slice(0, this.head)]
  }

  list ({ account, status }: JournalFilter, page: PageRequest): Page<RequestRecord> {
    return pageOf(this.records(), (record) =>
      (account === undefined || record.account === account) && (status === undefined || record.status === status), page)
  }

  /** Records held now and records evicted so far, for everyone or one account. */
  counts (account?: string): { requests: number, evicted: number } {
    if (account === undefined) return { requests: this.ring.length, evicted: this.evicted }
    return { requests: this.heldByAccount.get(account) ?? 0, evicted: this.evictedByAccount.get(account) ?? 0 }
  }

  /** Forgets everything, or one account's records and counters. */
  reset (account?: string) {
    if (account === undefined) {
      this.ring = []
      this.head = 0
      this.evicted = 0
      this.evictedByAccount.clear()
      this.heldByAccount.clear()
      return
    }
    this.ring = this.records().filter((record) => record.account !== account)
    this.head = 0
    this.evicted -= this.evictedByAccount.get(account) ?? 0
    this.evictedByAccount.delete(account)
    this.heldByAccount.delete(account)
  }
}
