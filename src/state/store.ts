/**
 * Accepted batches and the customer view they build, per account, bounded by MAX_STORED_CUSTOMERS.
 *
 * A batch is kept as the bytes it arrived in (in BytePages, outside the JavaScript heap: one byte per
 * byte of JSON, where an object tree costs several), plus its customer ids; a customer is parsed back
 * out of its batch only when someone asks for it. Eviction lives here: past the bound the oldest batches
 * go, each eviction is logged, and the stats count them.
 */
import { randomUUID } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import { OUTCOMES, type Outcome } from '../../schemas/admin.js'
import { emailKey } from '../validation/batch-rules.js'
import { BytePages, type Extent } from './byte-pages.js'
import { Fifo } from './fifo.js'
import { pageOf, type Page, type PageRequest } from './paging.js'

export interface StoredBatch {
  readonly id: string
  /** Arrival order across all accounts. */
  readonly seq: number
  readonly receivedAt: Date
  readonly account: string
  readonly customerIds: readonly string[]
  /** Where the request body, as received, is in the store's pages. */
  readonly body: Extent
  /** One digit per customer: its outcome's index in OUTCOMES (a string is the cheapest array of them to keep). */
  readonly outcomes: string
  /** Why each rejected customer was rejected, by index; undefined when none was. */
  readonly reasons: ReadonlyMap<number, string> | undefined
}

const digitOf = (outcome: Outcome) => String(OUTCOMES.indexOf(outcome))
const CREATED = digitOf('created')
const UPDATED = digitOf('updated')
const REJECTED = digitOf('rejected')

export const outcomeOf = (batch: StoredBatch, index: number): Outcome => OUTCOMES[batch.outcomes.charCodeAt(index) - 48]!

/** Where the latest accepted version of a customer lives (its id and account are its batch's). */
export interface CustomerRecord {
  readonly emailKey: string
  readonly batch: StoredBatch
  readonly index: number
  readonly migrations: number
}

/** The id and email of each customer of a batch, which is all the store reads of it. */
export interface CustomerKey {
  id: string
  email: string
}

class AccountState {
  /** In order of last creation or update. */
  readonly customers = new Map<string, CustomerRecord>()
  /** Lower-cased email → the customer id that owns it (emails are unique per account). */
  readonly emailOwners = new Map<string, string>()
  batches = 0
  evictedBatches = 0
}

export interface StoreCounts {
  batches: number
  customers: number
  evictedBatches: number
}

/** What a batch's summary takes in a list answer, about: its fields and its customer ids. */
const summarySize = (batch: StoredBatch): number => batch.customerIds.reduce((bytes, id) => bytes + id.length + 3, 200)

/** What a customer takes in a list answer, about: its share of its batch's bytes, and the view's fields. */
const customerSize = (record: CustomerRecord): number => record.batch.body.length / record.batch.customerIds.length + 200

/** How many parsed batches to keep for reading customers one by one. */
const PARSED_CACHE_SIZE = 4

export class BatchStore {
  private readonly batches = new Map<string, StoredBatch>()
  /** Stored batches, oldest first: eviction takes from the front. */
  private readonly queue = new Fifo<StoredBatch>()
  private readonly accounts = new Map<string, AccountState>()
  private readonly parsed = new Map<string, unknown[]>()
  private readonly bodies = new BytePages()
  private storedCustomers = 0
  private evictedBatches = 0
  private seq = 0

  constructor (
    private readonly maxCustomers: number,
    private readonly log: Pick<FastifyBaseLogger, 'info'>
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
   * Stores a valid batch and processes it into the account's customer view the way Masivo's queue
   * would: a new id is created, a known id updated, and an email owned by another id rejected.
   */
  accept (account: string, customers: readonly CustomerKey[], bytes: Buffer, receivedAt: Date): { batch: StoredBatch, evicted: StoredBatch[] } {
    const state = this.account(account)
    const customerIds = new Array<string>(customers.length)
    // one digit per customer, joined once: appending to a string makes a chain of pieces per batch
    const outcomes = new Array<string>(customers.length)
    let reasons: Map<number, string> | undefined
    const batch = {
      id: randomUUID(),
      seq: ++this.seq,
      receivedAt,
      account,
      customerIds,
      body: this.bodies.append(bytes),
      outcomes: '',
      reasons
    }
    for (let index = 0; index < customers.length; index++) {
      const { id, email } = customers[index]!
      customerIds[index] = id
      const key = emailKey(email)
      const owner = state.emailOwners.get(key)
      if (owner !== undefined && owner !== id) {
        outcomes[index] = REJECTED
        reasons ??= new Map()
        reasons.set(index, `email ${email} already belongs to customer ${owner} in this account`)
        continue
      }
      const existing = state.customers.get(id)
      if (existing !== undefined) {
        outcomes[index] = UPDATED
        state.customers.delete(id) // re-inserted below: the Map stays in order of last update
        if (existing.emailKey !== key) state.emailOwners.delete(existing.emailKey)
      } else {
        outcomes[index] = CREATED
      }
      state.customers.set(id, { emailKey: key, batch, index, migrations: (existing?.migrations ?? 0) + 1 })
      state.emailOwners.set(key, id)
    }
    batch.outcomes = outcomes.join('')
    batch.reasons = reasons
    this.batches.set(batch.id, batch)
    this.queue.push(batch)
    state.batches++
    this.storedCustomers += customers.length
    return { batch, evicted: this.evictOverflow() }
  }

  /** Drops the oldest batches while over the bound (the newest batch always stays); returns them. */
  private evictOverflow (): StoredBatch[] {
    const evicted: StoredBatch[] = []
    while (this.storedCustomers > this.maxCustomers && this.batches.size > 1) {
      const batch = this.queue.shift()!
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

  /** Removes a batch and every customer whose latest version it holds. */
  private forget (batch: StoredBatch) {
    this.batches.delete(batch.id)
    this.parsed.delete(batch.id)
    this.bodies.release(batch.body)
    this.storedCustomers -= batch.customerIds.length
    const state = this.accounts.get(batch.account)!
    state.batches--
    batch.customerIds.forEach((id) => {
      const record = state.customers.get(id)
      if (record?.batch !== batch) return
      state.customers.delete(id)
      if (state.emailOwners.get(record.emailKey) === id) state.emailOwners.delete(record.emailKey)
    })
  }

  /** Forgets everything, or one account's batches, customers and counters. */
  reset (account?: string) {
    if (account === undefined) {
      this.batches.clear()
      this.queue.clear()
      this.accounts.clear()
      this.parsed.clear()
      this.bodies.clear()
      this.storedCustomers = 0
      this.evictedBatches = 0
      return
    }
    const state = this.accounts.get(account)
    if (state === undefined) return
    for (const batch of this.queue.retain((batch) => batch.account !== account)) this.forget(batch)
    this.evictedBatches -= state.evictedBatches
    this.accounts.delete(account)
  }

  counts (account?: string): StoreCounts {
    if (account !== undefined) {
      const state = this.accounts.get(account)
      return { batches: state?.batches ?? 0, customers: state?.customers.size ?? 0, evictedBatches: state?.evictedBatches ?? 0 }
    }
    let customers = 0
    for (const state of this.accounts.values()) customers += state.customers.size
    return { batches: this.batches.size, customers, evictedBatches: this.evictedBatches }
  }

  getBatch (id: string, account?: string): StoredBatch | undefined {
    const batch = this.batches.get(id)
    return account === undefined || batch?.account === account ? batch : undefined
  }

  listBatches (filter: { account?: string, customerId?: string }, page: PageRequest): Page<StoredBatch> {
    const { account, customerId } = filter
    return pageOf(this.queue.toArray(), (b) =>
      (account === undefined || b.account === account) &&
      (customerId === undefined || b.customerIds.includes(customerId)), page, summarySize)
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
