/**
 * Accepted batches and the customer view they build, per account, bounded by MAX_STORED_CUSTOMERS.
 *
 * A batch is kept as the bytes it arrived in, plus its customer ids; a customer is parsed back out of
 * its batch only when someone asks for it. Bytes outside the JavaScript heap cost one byte per byte
 * of JSON (an object tree costs several), and V8 reclaims them soon after eviction, so memory stays
 * flat at the bound (as heap strings, garbage piled up to several times the live size first).
 * Past the bound the oldest batches go, and the stats count them.
 */
import { randomUUID } from 'node:crypto'
import type { Outcome } from '../schemas/admin.js'
import { pageOf, type Page, type PageRequest } from './paging.js'

export interface StoredBatch {
  readonly id: string
  /** Arrival order across all accounts. */
  readonly seq: number
  readonly receivedAt: Date
  readonly account: string
  readonly customerIds: readonly string[]
  /** The request body as received. */
  readonly bytes: Buffer
  /** One character per customer: c(reated), u(pdated) or r(ejected). */
  readonly outcomes: string
  /** Why each rejected customer was rejected, by index; undefined when none was. */
  readonly reasons: ReadonlyMap<number, string> | undefined
}

const OUTCOMES: Record<string, Outcome> = { c: 'created', u: 'updated', r: 'rejected' }

export const outcomeOf = (batch: StoredBatch, index: number): Outcome => OUTCOMES[batch.outcomes[index]!]!

/** Where the latest accepted version of a customer lives. */
export interface CustomerRecord {
  readonly id: string
  readonly account: string
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

/** Bytes that own their memory: a small Buffer from Node's pool would keep its whole 8 kB slab alive. */
const ownCopy = (bytes: Buffer): Buffer => {
  if (bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.length) return bytes
  const copy = Buffer.allocUnsafeSlow(bytes.length)
  bytes.copy(copy)
  return copy
}

/** How many parsed batches to keep for reading customers one by one. */
const PARSED_CACHE_SIZE = 4

export class BatchStore {
  /** Oldest first (Map keeps insertion order), so eviction takes from the front. */
  private readonly batches = new Map<string, StoredBatch>()
  private readonly accounts = new Map<string, AccountState>()
  private readonly parsed = new Map<string, unknown[]>()
  private storedCustomers = 0
  private evictedBatches = 0
  private seq = 0

  constructor (
    private readonly maxCustomers: number,
    private readonly onEvict: (evicted: StoredBatch[]) => void
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
  accept (account: string, customers: readonly CustomerKey[], bytes: Buffer, receivedAt: Date): StoredBatch {
    const state = this.account(account)
    const batch = {
      id: randomUUID(),
      seq: ++this.seq,
      receivedAt,
      account,
      customerIds: [] as string[],
      bytes: ownCopy(bytes),
      outcomes: '',
      reasons: undefined as Map<number, string> | undefined
    }
    for (let index = 0; index < customers.length; index++) {
      const { id, email } = customers[index]!
      batch.customerIds.push(id)
      const emailKey = email.toLowerCase()
      const owner = state.emailOwners.get(emailKey)
      if (owner !== undefined && owner !== id) {
        batch.outcomes += 'r'
        batch.reasons ??= new Map()
        batch.reasons.set(index, `email ${email} already belongs to customer ${owner} in this account`)
        continue
      }
      const existing = state.customers.get(id)
      if (existing !== undefined) {
        batch.outcomes += 'u'
        state.customers.delete(id) // re-inserted below: the Map stays in order of last update
        if (existing.emailKey !== emailKey) state.emailOwners.delete(existing.emailKey)
      } else {
        batch.outcomes += 'c'
      }
      state.customers.set(id, { id, account, emailKey, batch, index, migrations: (existing?.migrations ?? 0) + 1 })
      state.emailOwners.set(emailKey, id)
    }
    this.batches.set(batch.id, batch)
    state.batches++
    this.storedCustomers += customers.length
    this.evictOverflow()
    return batch
  }

  /** Drops the oldest batches while over the bound; the newest batch always stays. */
  private evictOverflow () {
    const evicted: StoredBatch[] = []
    for (const batch of this.batches.values()) {
      if (this.storedCustomers <= this.maxCustomers || this.batches.size === 1) break
      this.forget(batch)
      evicted.push(batch)
      this.evictedBatches++
      this.accounts.get(batch.account)!.evictedBatches++
    }
    if (evicted.length > 0) this.onEvict(evicted)
  }

  /** Removes a batch and every customer whose latest version it holds. */
  private forget (batch: StoredBatch) {
    this.batches.delete(batch.id)
    this.parsed.delete(batch.id)
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
      this.accounts.clear()
      this.parsed.clear()
      this.storedCustomers = 0
      this.evictedBatches = 0
      return
    }
    const state = this.accounts.get(account)
    if (state === undefined) return
    for (const batch of this.batches.values()) if (batch.account === account) this.forget(batch)
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
    return pageOf([...this.batches.values()], (b) =>
      (account === undefined || b.account === account) &&
      (customerId === undefined || b.customerIds.includes(customerId)), page)
  }

  /** The latest version of a customer: in one account, or across all (the most recently received). */
  getCustomer (id: string, account?: string): CustomerRecord | undefined {
    if (account !== undefined) return this.accounts.get(account)?.customers.get(id)
    let latest: CustomerRecord | undefined
    for (const state of this.accounts.values()) {
      const record = state.customers.get(id)
      if (record !== undefined && (latest === undefined || record.batch.seq > latest.batch.seq)) latest = record
    }
    return latest
  }

  listCustomers (account: string | undefined, page: PageRequest): Page<CustomerRecord> {
    const states = account === undefined ? [...this.accounts.values()] : [this.accounts.get(account)].filter((s) => s !== undefined)
    const records = states.flatMap((state) => [...state.customers.values()])
    if (states.length > 1) records.sort((a, b) => a.batch.seq - b.batch.seq || a.index - b.index)
    return pageOf(records, () => true, page)
  }

  /** The customers of a batch as sent, parsed from its bytes (the last few are kept parsed). */
  customersOf (batch: StoredBatch): unknown[] {
    let customers = this.parsed.get(batch.id)
    if (customers === undefined) {
      customers = (JSON.parse(batch.bytes.toString('utf8')) as { customers: unknown[] }).customers
      if (this.parsed.size >= PARSED_CACHE_SIZE) this.parsed.delete(this.parsed.keys().next().value!)
    } else {
      this.parsed.delete(batch.id) // re-inserted below as the most recently used
    }
    this.parsed.set(batch.id, customers)
    return customers
  }
}
