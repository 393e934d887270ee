/**
 * The journal: every request to the emulated API, accepted or not, newest first when read.
 * A ring of MAX_JOURNAL_ENTRIES; past it the oldest entries go, and the stats count them.
 */
import type { ErrorBody } from '../schemas/error.js'
import type { FaultKind } from '../schemas/fault.js'
import { pageOf, type Page, type PageRequest } from './paging.js'

/** What the mock learns of a request while answering it; the journal keeps it as it is. */
export interface JournalRecord {
  readonly id: string
  readonly receivedAt: Date
  readonly method: string
  readonly path: string
  status: number | null
  /** Fingerprint of the credential, once authenticated. */
  account: string | null
  batchId?: string
  error?: ErrorBody
  fault?: FaultKind
}

export interface JournalFilter {
  account?: string
  status?: number
}

export class Journal {
  private ring: JournalRecord[] = []
  /** Index of the oldest record once the ring is full. */
  private head = 0
  private evicted = 0
  private readonly evictedByAccount = new Map<string | null, number>()
  private readonly heldByAccount = new Map<string | null, number>()

  constructor (
    private readonly capacity: number,
    /** Told once when the ring first fills up (and again after each reset). */
    private readonly onFull: () => void = () => undefined
  ) {}

  add (record: JournalRecord) {
    this.heldByAccount.set(record.account, (this.heldByAccount.get(record.account) ?? 0) + 1)
    if (this.ring.length < this.capacity) {
      this.ring.push(record)
      return
    }
    if (this.evicted === 0) this.onFull()
    const dropped = this.ring[this.head]!
    this.ring[this.head] = record
    this.head = (this.head + 1) % this.capacity
    this.evicted++
    this.evictedByAccount.set(dropped.account, (this.evictedByAccount.get(dropped.account) ?? 0) + 1)
    this.heldByAccount.set(dropped.account, this.heldByAccount.get(dropped.account)! - 1)
  }

  /** Oldest first. */
  private records (): JournalRecord[] {
    return this.head === 0 ? this.ring : [...this.ring.slice(this.head), ...this.ring.slice(0, this.head)]
  }

  list ({ account, status }: JournalFilter, page: PageRequest): Page<JournalRecord> {
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
