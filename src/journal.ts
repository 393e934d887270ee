/**
 * The journal: every request to the emulated API, accepted or not, newest first when read.
 * A ring of MAX_JOURNAL_ENTRIES; past it the oldest entries go, and the stats count them.
 */
import type { JournalEntry } from '../schemas/admin.js'
import { pageOf, type Page, type PageRequest } from './paging.js'

export type { JournalEntry }

export interface JournalFilter {
  account?: string
  status?: number
}

export class Journal {
  private ring: JournalEntry[] = []
  /** Index of the oldest entry once the ring is full. */
  private head = 0
  private evicted = 0
  private readonly evictedByAccount = new Map<string | null, number>()
  private readonly heldByAccount = new Map<string | null, number>()

  constructor (private readonly capacity: number) {}

  add (entry: JournalEntry) {
    this.heldByAccount.set(entry.account, (this.heldByAccount.get(entry.account) ?? 0) + 1)
    if (this.ring.length < this.capacity) {
      this.ring.push(entry)
      return
    }
    const dropped = this.ring[this.head]!
    this.ring[this.head] = entry
    this.head = (this.head + 1) % this.capacity
    this.evicted++
    this.evictedByAccount.set(dropped.account, (this.evictedByAccount.get(dropped.account) ?? 0) + 1)
    this.heldByAccount.set(dropped.account, this.heldByAccount.get(dropped.account)! - 1)
  }

  /** Oldest first. */
  private entries (): JournalEntry[] {
    return this.head === 0 ? this.ring : [...this.ring.slice(this.head), ...this.ring.slice(0, this.head)]
  }

  list ({ account, status }: JournalFilter, page: PageRequest): Page<JournalEntry> {
    return pageOf(this.entries(), (entry) =>
      (account === undefined || entry.account === account) && (status === undefined || entry.status === status), page)
  }

  /** Entries held now and entries evicted so far, for everyone or one account. */
  counts (account?: string): { requests: number, evicted: number } {
    if (account === undefined) return { requests: this.ring.length, evicted: this.evicted }
    return { requests: this.heldByAccount.get(account) ?? 0, evicted: this.evictedByAccount.get(account) ?? 0 }
  }

  /** Forgets everything, or one account's entries and counters. */
  reset (account?: string) {
    if (account === undefined) {
      this.ring = []
      this.head = 0
      this.evicted = 0
      this.evictedByAccount.clear()
      this.heldByAccount.clear()
      return
    }
    this.ring = this.entries().filter((entry) => entry.account !== account)
    this.head = 0
    this.evicted -= this.evictedByAccount.get(account) ?? 0
    this.evictedByAccount.delete(account)
    this.heldByAccount.delete(account)
  }
}
