/**
 * The journal: the record of every request to the emulated API, accepted or not, newest first when read.
 * Bounded by count (MAX_JOURNAL_ENTRIES) and by bytes (MAX_JOURNAL_BYTES, as reckoned by sizeOf, refused
 * bodies included): past either the oldest records are evicted (logged once, counted always).
 */
import type { FastifyBaseLogger } from 'fastify'
import type { ErrorBody } from '../../schemas/error.js'
import type { FaultKind } from '../../schemas/fault.js'
import { Fifo } from './fifo.js'
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
  /** src/http/error-handler.ts: the request body as received, when one was read and refused (for GET /__admin/requests/:id/body) */
  body?: Buffer
  /** src/http/fault-answer.ts: the kind of the fault that answered instead of the mock */
  fault?: FaultKind
}

export interface JournalFilter {
  account?: string
  status?: number
}

/** What a record is reckoned to hold in memory, in bytes: its fixed fields, and the text it carries. */
const sizeOf = (record: RequestRecord): number => {
  let bytes = 256 + record.id.length + record.path.length + (record.body?.length ?? 0)
  const { error } = record
  if (error !== undefined) {
    bytes += error.details.length + error.code.length
    for (const v of error.violations ?? []) bytes += 64 + v.path.length + v.rule.length + v.message.length
  }
  return bytes
}

/** What a record takes in a list answer, about: its fields, its path, its details and its first violations. */
const listedSize = ({ record }: Entry): number => 1024 + record.path.length + (record.error?.details.length ?? 0)

interface Entry {
  readonly record: RequestRecord
  readonly bytes: number
}

export class Journal {
  private readonly entries = new Fifo<Entry>()
  private bytes = 0
  private evicted = 0
  private readonly evictedByAccount = new Map<string | null, number>()
  private readonly heldByAccount = new Map<string | null, number>()

  constructor (
    private readonly maxEntries: number,
    private readonly maxBytes: number,
    private readonly log: Pick<FastifyBaseLogger, 'warn'>
  ) {}

  /** Adds a record; returns the oldest records evicted to stay under both bounds (the newest always stays). */
  add (record: RequestRecord): RequestRecord[] {
    const bytes = sizeOf(record)
    this.entries.push({ record, bytes })
    this.bytes += bytes
    this.count(this.heldByAccount, record.account, 1)
    const evicted: RequestRecord[] = []
    while (this.entries.size > 1 && (this.entries.size > this.maxEntries || this.bytes > this.maxBytes)) {
      const oldest = this.entries.shift()!
      this.forget(oldest)
      if (this.evicted === 0) {
        this.log.warn('the journal is full: from now on its oldest records are evicted (MAX_JOURNAL_ENTRIES, MAX_JOURNAL_BYTES); /__admin/stats counts them')
      }
      this.evicted++
      this.count(this.evictedByAccount, oldest.record.account, 1)
      evicted.push(oldest.record)
    }
    return evicted
  }

  private count (counts: Map<string | null, number>, account: string | null, change: number) {
    counts.set(account, (counts.get(account) ?? 0) + change)
  }

  private forget ({ record, bytes }: Entry) {
    this.bytes -= bytes
    this.count(this.heldByAccount, record.account, -1)
  }

  /**
   * The newest record with this request id (a client may send the same x-request-id twice), in one account
   * or any. A scan, newest first: an admin read of one record, not worth an index every request would feed.
   */
  get (id: string, account?: string): RequestRecord | undefined {
    const entries = this.entries.toArray()
    for (let i = entries.length - 1; i >= 0; i--) {
      const { record } = entries[i]!
      if (record.id === id && (account === undefined || record.account === account)) return record
    }
    return undefined
  }

  list ({ account, status }: JournalFilter, page: PageRequest): Page<RequestRecord> {
    const { items, total } = pageOf(this.entries.toArray(), ({ record }) =>
      (account === undefined || record.account === account) && (status === undefined || record.status === status), page, listedSize)
    return { items: items.map((entry) => entry.record), total }
  }

  /** Records held now and records evicted so far, for everyone or one account. */
  counts (account?: string): { requests: number, evicted: number } {
    if (account === undefined) return { requests: this.entries.size, evicted: this.evicted }
    return { requests: this.heldByAccount.get(account) ?? 0, evicted: this.evictedByAccount.get(account) ?? 0 }
  }

  /** Forgets everything, or one account's records and counters. */
  reset (account?: string) {
    if (account === undefined) {
      this.entries.clear()
      this.bytes = 0
      this.evicted = 0
      this.evictedByAccount.clear()
      this.heldByAccount.clear()
      return
    }
    for (const entry of this.entries.retain(({ record }) => record.account !== account)) this.forget(entry)
    this.evicted -= this.evictedByAccount.get(account) ?? 0
    this.evictedByAccount.delete(account)
    this.heldByAccount.delete(account)
  }
}
