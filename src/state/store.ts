/**
 * Accepted batches of the three kinds, Masivo's queue that processes them, and the customer view the
 * processed ones build, per account, bounded by MAX_STORED_CUSTOMERS.
 *
 * A batch is kept as the bytes it arrived in (in BytePages, outside the JavaScript heap: one byte per
 * byte of JSON, where an object tree costs several), plus its customer ids; an entry is parsed back out of
 * its batch only when someone asks for it. A batch is `queued` when accepted and `processed` QUEUE_DELAY_MS
 * later, in arrival order: only then does it change the customer view. Eviction lives here: past the bound
 * the oldest batches go, each eviction is logged, and the stats count them.
 */
import { randomUUID } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import { OUTCOMES, type Outcome } from '../../schemas/admin.js'
import { BATCH_KINDS, type BatchKind } from '../../schemas/migrate.js'
import { emailKey } from '../validation/batch-rules.js'
import { clip } from '../validation/violations.js'
import { keptBalance, mismatchOf, sumByReward } from './amounts.js'
import { BytePages, type Extent } from './byte-pages.js'
import type { Clock } from './clock.js'
import type { ReferenceBook } from './reference-data.js'
import { Fifo } from './fifo.js'
import { pageOf, type Page, type PageRequest } from './paging.js'

export interface StoredBatch {
  readonly id: string
  readonly kind: BatchKind
  /** Arrival order across all accounts. */
  readonly seq: number
  readonly receivedAt: Date
  readonly account: string
  readonly customerIds: readonly string[]
  /** Where the request body, as received, is in the store's pages. */
  readonly body: Extent
  /** When the queue may process it (milliseconds since the epoch, on the mock's clock; moved back with the clock). */
  dueAt: number
  /** When the queue processed it; undefined while it is queued. */
  processedAt: Date | undefined
  /** One digit per entry: its outcome's index in OUTCOMES (a string is the cheapest array of them to keep); empty while queued. */
  outcomes: string
  /** Why each rejected entry was rejected, by index (ascending); undefined when none was. */
  reasons: ReadonlyMap<number, string> | undefined
  /** Its entries counted by outcome, once processed (src/routes/admin/views.ts shows those of its kind). */
  counts: OutcomeCounts | undefined
  /**
   * The validated entries, for processing as the batch is accepted (QUEUE_DELAY_MS=0); a batch queued for
   * longer is parsed again from its bytes when processed, so what waits in the queue is only bytes.
   */
  pending: readonly unknown[] | undefined
}

/** A processed batch's entries by outcome. */
export interface OutcomeCounts {
  created: number
  updated: number
  applied: number
  rejected: number
}

/** Rejected entries by the kind of their batch. */
export type RejectedCounts = Record<BatchKind, number>

const noRejections = (): RejectedCounts => ({ customers: 0, transactions: 0, events: 0 })

const digitOf = (outcome: Outcome) => String(OUTCOMES.indexOf(outcome))
const CREATED = digitOf('created')
const UPDATED = digitOf('updated')
const REJECTED = digitOf('rejected')
const APPLIED = digitOf('applied')

/** An entry's outcome; `queued` for every entry of a batch not processed yet. */
export const outcomeOf = (batch: StoredBatch, index: number): Outcome =>
  batch.outcomes === '' ? 'queued' : OUTCOMES[batch.outcomes.charCodeAt(index) - 48]!

/** An entry of a transactions or events batch. */
export interface EntryRef {
  readonly batch: StoredBatch
  readonly index: number
}

/** Where the latest processed version of a customer lives (its id and account are its batch's), and what was migrated for it since. */
export interface CustomerRecord {
  readonly emailKey: string
  readonly batch: StoredBatch
  readonly index: number
  readonly migrations: number
  /** Its migrated balance per reward, [reward key, exact sum, ...] (src/state/amounts.ts): what its transactions must add up to. */
  readonly balance: readonly string[]
  /** Its transactions and events entries, applied or rejected, oldest first (shared by its versions). */
  readonly history: EntryRef[]
  /** The transactions batch whose entry was applied to it: transactions migrate once. */
  transactionsBatchId: string | undefined
}

interface Json { [key: string]: unknown }

class AccountState {
  /** In order of last creation or update. */
  readonly customers = new Map<string, CustomerRecord>()
  /** Lower-cased email → the customer id that owns it (emails are unique per account). */
  readonly emailOwners = new Map<string, string>()
  batches = 0
  queued = 0
  evictedBatches = 0
  /** In its stored batches. */
  readonly rejected = noRejections()
}

export interface StoreCounts {
  batches: number
  queuedBatches: number
  customers: number
  evictedBatches: number
  rejectedEntries: RejectedCounts
}

/** A rejected entry: its batch and its index there. */
export interface RejectionRef {
  readonly batch: StoredBatch
  readonly index: number
}

/** What the rejections list narrows to. */
export interface RejectionFilter {
  account?: string
  kind?: BatchKind
  customerId?: string
}

/** What a batch's summary takes in a list answer, about: its fields and its customer ids. */
const summarySize = (batch: StoredBatch): number => batch.customerIds.reduce((bytes, id) => bytes + id.length + 3, 200)

/** What a customer takes in a list answer, about: its share of its batch's bytes, and the view's fields. */
const customerSize = (record: CustomerRecord): number =>
  record.batch.body.length / record.batch.customerIds.length + 200 + record.history.length * 200

/** What a rejection takes in a list answer, about: its entry's share of its batch's bytes, and its fields. */
const rejectionSize = ({ batch }: RejectionRef): number => batch.body.length / batch.customerIds.length + 400

/** How many of `digits` are `digit`. */
const count = (digits: readonly string[], digit: string): number => {
  let n = 0
  for (const d of digits) if (d === digit) n++
  return n
}

/** How many parsed batches to keep for reading entries one by one. */
const PARSED_CACHE_SIZE = 4

/** What a batch list (and a long poll on it) narrows to. */
export interface BatchFilter {
  account?: string
  customerId?: string
  kind?: BatchKind
  status?: BatchStatus
  /** Processed batches with (true) or without (false) a rejected entry. */
  hasRejected?: boolean
}

export type BatchStatus = 'queued' | 'processed'

export const statusOf = (batch: StoredBatch): BatchStatus => (batch.processedAt === undefined ? 'queued' : 'processed')

export const batchMatches = ({ account, customerId, kind, status, hasRejected }: BatchFilter) => (batch: StoredBatch): boolean =>
  (account === undefined || batch.account === account) &&
  (kind === undefined || batch.kind === kind) &&
  (status === undefined || statusOf(batch) === status) &&
  (hasRejected === undefined || (batch.counts !== undefined && (batch.counts.rejected > 0) === hasRejected)) &&
  (customerId === undefined || batch.customerIds.includes(customerId))

export class BatchStore {
  private readonly batches = new Map<string, StoredBatch>()
  /** Stored batches, oldest first: eviction takes from the front. */
  private readonly stored = new Fifo<StoredBatch>()
  /** Queued batches, in arrival order: the queue processes from the front. */
  private readonly waiting = new Fifo<StoredBatch>()
  private readonly accounts = new Map<string, AccountState>()
  private readonly parsed = new Map<string, unknown[]>()
  private readonly bodies = new BytePages()
  private storedCustomers = 0
  private evictedBatches = 0
  private queued = 0
  private seq = 0

  constructor (
    private readonly maxCustomers: number,
    private readonly queueDelayMs: number,
    private readonly log: Pick<FastifyBaseLogger, 'info'>,
    private readonly clock: Clock,
    private readonly references: ReferenceBook
  ) {}

  private account (name: string): AccountState {
    let state = this.accounts.get(name)
    if (state === undefined) {
      state = new AccountState()
      this.accounts.set(name, state)
    }
    return state
  }

  /**
   * Stores a valid batch, queued: `entries` are its body's `customers`, as validated. Processing is
   * processDue's or flush's, later.
   */
  accept (kind: BatchKind, account: string, entries: readonly { id: string }[], bytes: Buffer, receivedAt: Date): { batch: StoredBatch, evicted: StoredBatch[] } {
    const state = this.account(account)
    const customerIds = new Array<string>(entries.length)
    for (let index = 0; index < entries.length; index++) customerIds[index] = entries[index]!.id
    const batch: StoredBatch = {
      id: randomUUID(),
      kind,
      seq: ++this.seq,
      receivedAt,
      account,
      customerIds,
      body: this.bodies.append(bytes),
      dueAt: this.clock.now() + this.queueDelayMs,
      processedAt: undefined,
      outcomes: '',
      reasons: undefined,
      counts: undefined,
      pending: this.queueDelayMs === 0 ? entries : undefined
    }
    this.batches.set(batch.id, batch)
    this.stored.push(batch)
    this.waiting.push(batch)
    state.batches++
    state.queued++
    this.queued++
    this.storedCustomers += entries.length
    return { batch, evicted: this.evictOverflow() }
  }

  /** When the oldest queued batch falls due (milliseconds since the epoch), or undefined when none is queued. */
  nextDue (): number | undefined {
    this.dropForgotten()
    return this.waiting.peek()?.dueAt
  }

  /** Processes, in arrival order, every queued batch due by `now`; returns them. */
  processDue (now: number): StoredBatch[] {
    const done: StoredBatch[] = []
    for (;;) {
      this.dropForgotten()
      const head = this.waiting.peek()
      if (head === undefined || head.dueAt > now) return done
      this.waiting.shift()
      this.process(head)
      done.push(head)
    }
  }

  /** Processes now, in arrival order, every queued batch of one account, or of all; returns them. */
  flush (account?: string): StoredBatch[] {
    const batches = account === undefined ? this.waiting.retain(() => false) : this.waiting.retain((batch) => batch.account !== account)
    const done = batches.filter((batch) => this.batches.get(batch.id) === batch)
    for (const batch of done) this.process(batch)
    return done
  }

  /** The clock went back to real time by `ms`: queued batches fall due as far from now as they were. */
  clockWentBack (ms: number) {
    for (const batch of this.waiting.toArray()) batch.dueAt -= ms
  }

  /** Takes evicted or reset batches off the front of the queue. */
  private dropForgotten () {
    for (let head = this.waiting.peek(); head !== undefined && this.batches.get(head.id) !== head; head = this.waiting.peek()) this.waiting.shift()
  }

  /**
   * What Masivo's queue does with a batch, entry by entry. Customers: a new id is created, a known id
   * updated, an email owned by another id rejected. Transactions: applied to a customer of the account
   * whose transactions were not migrated yet and add up, per reward, to its migrated balance. Events:
   * applied to a customer of the account.
   */
  private process (batch: StoredBatch) {
    const state = this.account(batch.account)
    const entries = batch.pending ?? this.customersOf(batch)
    // one digit per entry, joined once: appending to a string makes a chain of pieces per batch
    const outcomes = new Array<string>(entries.length)
    const reasons = new Map<number, string>()
    for (let index = 0; index < entries.length; index++) {
      const entry = entries[index] as Json
      const id = batch.customerIds[index]!
      const unknown = this.references.unknownIn(batch.account, batch.kind, entry)
      if (unknown !== undefined) {
        outcomes[index] = REJECTED
        reasons.set(index, unknown)
        continue
      }
      if (batch.kind === 'customers') {
        outcomes[index] = this.processCustomer(state, batch, index, entry, reasons)
        continue
      }
      const record = state.customers.get(id)
      if (record === undefined) {
        outcomes[index] = REJECTED
        reasons.set(index, `no customer ${clip(id)} in this account: it was never migrated, its customers batch came after this one, or it was evicted`)
        continue
      }
      record.history.push({ batch, index })
      if (batch.kind === 'events') {
        outcomes[index] = APPLIED
        continue
      }
      const why = record.transactionsBatchId !== undefined
        ? `its transactions were already migrated (batch ${record.transactionsBatchId}); transactions migrate once`
        : mismatchOf(record.balance, sumByReward(entry.transactions))
      if (why === undefined) {
        outcomes[index] = APPLIED
        record.transactionsBatchId = batch.id
      } else {
        outcomes[index] = REJECTED
        reasons.set(index, why)
      }
    }
    batch.outcomes = outcomes.join('')
    batch.reasons = reasons.size === 0 ? undefined : reasons
    // every rejected entry has its reason; the rest were created or updated (customers), or applied
    const created = batch.kind === 'customers' ? count(outcomes, CREATED) : 0
    batch.counts = {
      created,
      updated: batch.kind === 'customers' ? entries.length - reasons.size - created : 0,
      applied: batch.kind === 'customers' ? 0 : entries.length - reasons.size,
      rejected: reasons.size
    }
    state.rejected[batch.kind] += reasons.size
    batch.pending = undefined
    batch.processedAt = this.clock.date()
    state.queued--
    this.queued--
  }

  private processCustomer (state: AccountState, batch: StoredBatch, index: number, customer: Json, reasons: Map<number, string>): string {
    const id = batch.customerIds[index]!
    const email = customer.email as string
    const key = emailKey(email)
    const owner = state.emailOwners.get(key)
    if (owner !== undefined && owner !== id) {
      reasons.set(index, `email ${email} already belongs to customer ${owner} in this account`)
      return REJECTED
    }
    const balance = keptBalance(customer.balance)
    if (!Array.isArray(balance)) {
      reasons.set(index, balance.why)
      return REJECTED
    }
    const existing = state.customers.get(id)
    if (existing !== undefined) {
      state.customers.delete(id) // re-inserted below: the Map stays in order of last update
      if (existing.emailKey !== key) state.emailOwners.delete(existing.emailKey)
    }
    state.customers.set(id, {
      emailKey: key,
      batch,
      index,
      migrations: (existing?.migrations ?? 0) + 1,
      balance,
      history: existing?.history ?? [],
      transactionsBatchId: existing?.transactionsBatchId
    })
    state.emailOwners.set(key, id)
    return existing === undefined ? CREATED : UPDATED
  }

  /**
   * Drops the oldest batches while over the bound (the newest batch always stays; a queued one is then never
   * processed); returns them.
   */
  private evictOverflow (): StoredBatch[] {
    const evicted: StoredBatch[] = []
    while (this.storedCustomers > this.maxCustomers && this.batches.size > 1) {
      const batch = this.stored.shift()!
      this.forget(batch)
      evicted.push(batch)
      this.evictedBatches++
      this.accounts.get(batch.account)!.evictedBatches++
    }
    if (evicted.length > 0) {
      this.log.info({
        evicted_batches: evicted.length,
        evicted_customers: evicted.reduce((n, b) => n + b.customerIds.length, 0)
      }, 'evicted the oldest batches to stay under MAX_STORED_CUSTOMERS; /__admin/stats counts them')
    }
    return evicted
  }

  /**
   * Removes a batch (a queued one leaves the queue: processDue skips it) and what it brought: the customers
   * whose latest version it holds, or its entries in its customers' histories.
   */
  private forget (batch: StoredBatch) {
    this.batches.delete(batch.id)
    this.parsed.delete(batch.id)
    this.bodies.release(batch.body)
    this.storedCustomers -= batch.customerIds.length
    const state = this.accounts.get(batch.account)!
    state.batches--
    if (batch.processedAt === undefined) {
      batch.pending = undefined
      state.queued--
      this.queued--
      return
    }
    state.rejected[batch.kind] -= batch.counts!.rejected
    for (const id of batch.customerIds) {
      const record = state.customers.get(id)
      if (record === undefined) continue
      if (batch.kind !== 'customers') {
        const kept = record.history.filter((entry) => entry.batch !== batch)
        record.history.splice(0, record.history.length, ...kept)
      } else if (record.batch === batch) {
        state.customers.delete(id)
        if (state.emailOwners.get(record.emailKey) === id) state.emailOwners.delete(record.emailKey)
      }
    }
  }

  /** Forgets everything, or one account's batches, customers and counters. */
  reset (account?: string) {
    if (account === undefined) {
      this.batches.clear()
      this.stored.clear()
      this.waiting.clear()
      this.accounts.clear()
      this.parsed.clear()
      this.bodies.clear()
      this.storedCustomers = 0
      this.evictedBatches = 0
      this.queued = 0
      return
    }
    const state = this.accounts.get(account)
    if (state === undefined) return
    for (const batch of this.stored.retain((batch) => batch.account !== account)) this.forget(batch)
    this.evictedBatches -= state.evictedBatches
    this.accounts.delete(account)
  }

  counts (account?: string): StoreCounts {
    if (account !== undefined) {
      const state = this.accounts.get(account)
      return {
        batches: state?.batches ?? 0,
        queuedBatches: state?.queued ?? 0,
        customers: state?.customers.size ?? 0,
        evictedBatches: state?.evictedBatches ?? 0,
        rejectedEntries: { ...state?.rejected ?? noRejections() }
      }
    }
    let customers = 0
    const rejectedEntries = noRejections()
    for (const state of this.accounts.values()) {
      customers += state.customers.size
      for (const kind of BATCH_KINDS) rejectedEntries[kind] += state.rejected[kind]
    }
    return { batches: this.batches.size, queuedBatches: this.queued, customers, evictedBatches: this.evictedBatches, rejectedEntries }
  }

  /** Rejected entries, newest batch first and in their batch's order within it, filtered, then paged. */
  listRejections ({ account, kind, customerId }: RejectionFilter, page: PageRequest): Page<RejectionRef> {
    const refs: RejectionRef[] = []
    for (const batch of this.stored.toArray()) {
      if (batch.reasons === undefined || (account !== undefined && batch.account !== account) || (kind !== undefined && batch.kind !== kind)) continue
      // pageOf reads from the end: each batch's entries are pushed last first, to come out in order
      const indexes = [...batch.reasons.keys()]
      for (let i = indexes.length - 1; i >= 0; i--) {
        const index = indexes[i]!
        if (customerId === undefined || batch.customerIds[index] === customerId) refs.push({ batch, index })
      }
    }
    return pageOf(refs, () => true, page, rejectionSize)
  }

  getBatch (id: string, account?: string): StoredBatch | undefined {
    const batch = this.batches.get(id)
    return account === undefined || batch?.account === account ? batch : undefined
  }

  listBatches (filter: BatchFilter, page: PageRequest): Page<StoredBatch> {
    return pageOf(this.stored.toArray(), batchMatches(filter), page, summarySize)
  }

  /** The latest version of a customer in each account that holds it (one account's, if given). */
  holdersOf (id: string, account?: string): CustomerRecord[] {
    const states = account === undefined ? [...this.accounts.values()] : [this.accounts.get(account)]
    return states.map((state) => state?.customers.get(id)).filter((record) => record !== undefined)
  }

  listCustomers (account: string | undefined, page: PageRequest): Page<CustomerRecord> {
    const states = account === undefined ? [...this.accounts.values()] : [this.accounts.get(account)].filter((s) => s !== undefined)
    if (states.length > 1) {
      const records = states.flatMap((state) => [...state.customers.values()])
      records.sort((a, b) => a.batch.seq - b.batch.seq || a.index - b.index)
      return pageOf(records, () => true, page, customerSize)
    }
    // one account: its Map is already in order of last update, so only the page's window is copied out
    const customers = states[0]?.customers ?? new Map<string, CustomerRecord>()
    const end = Math.max(0, customers.size - page.offset)
    const start = Math.max(0, end - page.limit)
    const window: CustomerRecord[] = []
    let i = 0
    for (const record of customers.values()) {
      if (i >= end) break
      if (i++ >= start) window.push(record)
    }
    return { items: pageOf(window, () => true, { limit: page.limit, offset: 0 }, customerSize).items, total: customers.size }
  }

  /** The transactions entry applied to a customer, as sent, with its batch; undefined when none was, or its batch was evicted. */
  appliedTransactions (record: CustomerRecord): { batch: StoredBatch, index: number, entry: unknown } | undefined {
    const ref = record.history.find(({ batch, index }) => batch.id === record.transactionsBatchId && outcomeOf(batch, index) === 'applied')
    if (ref === undefined || this.batches.get(ref.batch.id) !== ref.batch) return undefined
    return { ...ref, entry: this.customersOf(ref.batch)[ref.index] }
  }

  /** The request body of a batch, byte for byte. */
  bodyOf (batch: StoredBatch): Buffer {
    return this.bodies.read(batch.body)
  }

  /** The customers of a batch as sent, parsed from its bytes (the last few are kept parsed). */
  customersOf (batch: StoredBatch): unknown[] {
    let customers = this.parsed.get(batch.id)
    if (customers === undefined) {
      customers = (JSON.parse(this.bodyOf(batch).toString('utf8')) as { customers: unknown[] }).customers
      if (this.parsed.size >= PARSED_CACHE_SIZE) this.parsed.delete(this.parsed.keys().next().value!)
    } else {
      this.parsed.delete(batch.id) // re-inserted below as the most recently used
    }
    this.parsed.set(batch.id, customers)
    return customers
  }
}
