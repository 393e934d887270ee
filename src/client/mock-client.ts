/**
 * A typed client of the mock, built on fetch (no dependencies): the token flow, the three migrate
 * endpoints, reading a customer back, and one method per /__admin route. Without a credential it sees every account; with one (`token`, `apiKey`,
 * or `account`, a fingerprint) it sees only that account, as the admin API scopes any request.
 */
import type {
  AccountQuery, BatchDetail, BatchesQuery, BatchList, CustomerList, CustomersQuery, CustomerView, QueueFlushed, RejectionList,
  RejectionsQuery, RequestList, RequestsQuery, RequestView, Stats
} from '../../schemas/admin.js'
import type { AuthorizeResponse } from '../../schemas/auth.js'
import type { Fault, FaultList, FaultRequest } from '../../schemas/fault.js'
import type {
  MigrateAccepted, MigrateEventsAccepted, MigrateEventsRequest, MigrateRequest, MigrateTransactionsAccepted, MigrateTransactionsRequest
} from '../../schemas/migrate.js'
import type { ClockState } from '../../schemas/clock.js'
import type { ReferenceData, ReferenceView, RewardRecord, RewardsQuery, TierRecord } from '../../schemas/reference.js'
import type { CustomerReadBack, CustomerTransactionList, CustomerTransactionsQuery, TransactionRow } from '../../schemas/storefront.js'
import {
  ADMIN_PREFIX, ADMIN_TOKEN_HEADER, AUTHORIZE_PATH, CUSTOMER_PATH, CUSTOMER_TRANSACTIONS_PATH, MIGRATE_PATH, MIGRATE_PATHS, REWARDS_PATH, TIERS_PATH
} from '../paths.js'
import { MockApiError, MockRejectedError, MockTimeoutError } from './errors.js'
import { count } from '../words.js'

export interface MockClientOptions {
  /** A bearer token: sent to the migrate endpoint, and scopes admin calls to its account. */
  token?: string
  /** An API key: exchanged for a token when migrate needs one, and scopes admin calls to its account. */
  apiKey?: string
  /** An account fingerprint (as /__admin shows them): scopes admin calls to it. */
  account?: string
  /** The mock's ADMIN_TOKEN, sent with every admin call (X-Admin-Token); kept by forAccount and newAccount. */
  adminToken?: string
  /** The fetch to use (default: the global one). */
  fetch?: typeof fetch
}

/** Whose data a client sees: a token (a string is one), an API key, or an account fingerprint. */
export type Credential = string | { token: string } | { apiKey: string } | { account: string }

/** The parameters of a list; `wait_ms` and `min_count` belong to waitFor…. */
type ListQuery<Q> = Omit<Q, 'wait_ms' | 'min_count' | 'account'>
export type BatchesFilter = ListQuery<BatchesQuery>
export type CustomersFilter = ListQuery<CustomersQuery>
export type RequestsFilter = ListQuery<RequestsQuery>
export type RejectionsFilter = Omit<RejectionsQuery, 'account'>

export interface ExpectAllAppliedOptions {
  /** Process the queued batches now (as POST /__admin/queue/flush) rather than wait for the queue (default false). */
  flush?: boolean
  /** How long the queued batches may take to be processed (default 5000 ms); past it, a MockTimeoutError. */
  timeoutMs?: number
}

export type WaitOptions = {
  /** Resolve once the list's total reaches this (default 1). */
  minCount?: number
  /** Reject with a MockTimeoutError after this long (default 5000 ms). */
  timeoutMs?: number
}

/** The longest a single long poll may wait (the admin API's maximum `wait_ms`). */
const LONG_POLL_MAX_MS = 30_000
const DEFAULT_TIMEOUT_MS = 5000
/** How many of the items that arrived, and of the latest requests, the message of a MockTimeoutError describes. */
const ARRIVED_SHOWN = 10
/** How many rejected entries, and batches holding them, a MockRejectedError names. */
const REJECTIONS_SHOWN = 10
const RECENT_REQUESTS = 5

type Query = Record<string, string | number | boolean | undefined>

export class MockClient {
  /** The mock's base URL, without a trailing slash. */
  readonly baseUrl: string
  private readonly options: MockClientOptions
  private readonly fetch: typeof fetch
  private issuedToken: string | undefined

  constructor (baseUrl: string | URL, options: MockClientOptions = {}) {
    this.baseUrl = String(baseUrl).replace(/\/+$/, '')
    this.options = options
    this.fetch = options.fetch ?? globalThis.fetch
  }

  /** The API key this client was made with, for the code under test to use (undefined without one). */
  get apiKey (): string | undefined {
    return this.options.apiKey
  }

  /** The bearer token this client sends: the one it was made with, or the one its API key was exchanged for. */
  get token (): string | undefined {
    return this.options.token ?? this.issuedToken
  }

  /** A client of the same mock that sees only `credential`'s account (a string is a bearer token). */
  forAccount (credential: Credential): MockClient {
    const scope = typeof credential === 'string' ? { token: credential } : credential
    return new MockClient(this.baseUrl, { fetch: this.fetch, ...this.adminTokenOption(), ...scope })
  }

  /**
   * A client of a fresh account of its own: a new random API key, already exchanged for a token. Hand
   * `apiKey` (or `token`) to the code under test; this client then sees that code's batches and no one
   * else's, so tests running in parallel against one mock need no reset. Needs a mock that accepts any API
   * key (API_KEYS unset, the default).
   */
  async newAccount (): Promise<MockClient> {
    const client = new MockClient(this.baseUrl, { fetch: this.fetch, ...this.adminTokenOption(), apiKey: `test-account-${globalThis.crypto.randomUUID()}` })
    client.issuedToken = await client.authorize()
    return client
  }

  /** GET /api/storefront/v1/auth/authorize: exchanges an API key (default: this client's) for a token. */
  async authorize (apiKey = this.options.apiKey): Promise<string> {
    if (apiKey === undefined) throw new TypeError('authorize needs an API key: authorize(key), or new MockClient(url, { apiKey })')
    const { data } = await this.call<AuthorizeResponse>('GET', AUTHORIZE_PATH, { headers: { 'x-api-key': apiKey } })
    return data
  }

  /**
   * POST /api/storefront/v1/customers/migrate with this client's token (or one its API key is exchanged
   * for, once). Throws a MockApiError for anything but 202, e.g. a 400 with every violation.
   */
  async migrate (body: MigrateRequest): Promise<MigrateAccepted> {
    return this.call('POST', MIGRATE_PATH, { headers: await this.bearer('migrate'), body })
  }

  /** POST /api/storefront/v1/customers/migrate/transactions (202), authenticated as migrate is. */
  async migrateTransactions (body: MigrateTransactionsRequest): Promise<MigrateTransactionsAccepted> {
    return this.call('POST', MIGRATE_PATHS.transactions, { headers: await this.bearer('migrateTransactions'), body })
  }

  /** POST /api/storefront/v1/customers/migrate/events (201; a MockApiError with status 422 for violations). */
  async migrateEvents (body: MigrateEventsRequest): Promise<MigrateEventsAccepted> {
    return this.call('POST', MIGRATE_PATHS.events, { headers: await this.bearer('migrateEvents'), body })
  }

  /**
   * GET /api/storefront/v1/customers/{id}, as Masivo answers it: the latest processed version of the
   * customer and its wallet; undefined when the account holds no such customer (or its batch is still queued).
   */
  async readCustomer (id: string): Promise<CustomerReadBack | undefined> {
    return this.orUndefined(this.call('GET', CUSTOMER_PATH.replace(':id', encodeURIComponent(id)), { headers: await this.bearer('readCustomer') }))
  }

  /**
   * GET /api/storefront/v1/customers/{id}/transactions: the customer's applied migrated transactions, newest
   * first, of the last 3 months (of the mock's clock) or of `query.year`; undefined when the account holds no such customer.
   */
  async readCustomerTransactions (id: string, query: CustomerTransactionsQuery = {}): Promise<TransactionRow[] | undefined> {
    const path = CUSTOMER_TRANSACTIONS_PATH.replace(':id', encodeURIComponent(id))
    const answer = await this.orUndefined(this.call<CustomerTransactionList>('GET', path, { query, headers: await this.bearer('readCustomerTransactions') }))
    return answer?.data
  }

  /** GET /api/storefront/v1/rewards: the account's rewards from index `from` to `to` (default: the first 1,000). */
  async readRewards (query: Partial<RewardsQuery> = {}): Promise<RewardRecord[]> {
    const { data } = await this.call<{ data: RewardRecord[] }>('GET', REWARDS_PATH, { query: { from: 0, to: 999, ...query }, headers: await this.bearer('readRewards') })
    return data
  }

  /** GET /api/storefront/v1/tiers: the account's tiers, by level. */
  async readTiers (): Promise<TierRecord[]> {
    return (await this.call<{ data: TierRecord[] }>('GET', TIERS_PATH, { headers: await this.bearer('readTiers') })).data
  }

  /** POST /__admin/queue/flush: processes this client's account's queued batches now (every account's, without a credential). */
  async flushQueue (): Promise<number> {
    return (await this.admin<QueueFlushed>('POST', '/queue/flush')).processed
  }

  /** This client's token (or one its API key is exchanged for, once), as an Authorization header. */
  private async bearer (method: string): Promise<Record<string, string>> {
    let token = this.options.token ?? this.issuedToken
    if (token === undefined && this.options.apiKey !== undefined) token = this.issuedToken = await this.authorize()
    if (token === undefined) throw new TypeError(`${method} needs a credential: new MockClient(url, { token }) or client.forAccount(token)`)
    return { authorization: `Bearer ${token}` }
  }

  /** Accepted batches of the three kinds, newest first (filter by `kind` and `status`: queued or processed). */
  batches (query: BatchesFilter = {}): Promise<BatchList> {
    return this.admin('GET', '/batches', { query })
  }

  /** One batch, its customers as sent and what became of each; undefined when the mock holds no such batch. */
  batch (id: string): Promise<BatchDetail | undefined> {
    return this.orUndefined(this.admin('GET', `/batches/${encodeURIComponent(id)}`))
  }

  /** The body of an accepted batch, byte for byte; undefined when the mock holds no such batch. */
  batchBody (id: string): Promise<string | undefined> {
    return this.orUndefined(this.admin('GET', `/batches/${encodeURIComponent(id)}/body`, { text: true }))
  }

  /** Entries the queue rejected, newest batch first, each with its reason and what was sent (filter by `kind` and `customer_id`). */
  rejections (query: RejectionsFilter = {}): Promise<RejectionList> {
    return this.admin('GET', '/rejections', { query })
  }

  /**
   * The assertion a migration suite wants: resolves once every entry this client's account sent (every
   * account's, without a credential) was applied. The queued batches are waited for (or, with `flush`,
   * processed at once); then any rejected entry makes it throw a MockRejectedError whose message says how
   * many were rejected, in which batches, and each customer id with its reason (the first 10, and a count).
   */
  async expectAllApplied ({ flush = false, timeoutMs = DEFAULT_TIMEOUT_MS }: ExpectAllAppliedOptions = {}): Promise<void> {
    if (flush) await this.flushQueue()
    else {
      const { total } = await this.batches({ limit: 1 })
      if (total > 0) await this.waitForBatches({ status: 'processed', minCount: total, timeoutMs })
    }
    const rejected = await this.rejections({ limit: REJECTIONS_SHOWN })
    if (rejected.total === 0) return
    const batches = await this.batches({ has_rejected: true, limit: REJECTIONS_SHOWN })
    const lines = [
      `Expected every entry${this.scopeWords()} to be applied, but the queue rejected ${count(rejected.total, 'entry', 'entries')}, in ${count(batches.total, 'batch', 'batches')}:`,
      ...batches.batches.map(({ id, kind, count: entries, outcomes }) => `  ${kind} batch ${id}: ${outcomes?.rejected ?? 0} of ${entries} rejected`),
      ...(batches.total > batches.batches.length ? [`  ... and ${batches.total - batches.batches.length} more batches`] : []),
      'Rejected:',
      ...rejected.rejections.map(({ kind, customer_id: id, reason, batch_id: batch, index }) => `  - ${JSON.stringify(id)} (${kind} batch ${batch.slice(0, 8)}, entry ${index}): ${reason}`),
      ...(rejected.total > rejected.rejections.length ? [`  ... and ${rejected.total - rejected.rejections.length} more (client.rejections() lists them all)`] : [])
    ]
    throw new MockRejectedError(lines.join('\n'), rejected.rejections, rejected.total)
  }

  /** The latest processed version of every customer, most recently migrated first. */
  customers (query: CustomersFilter = {}): Promise<CustomerList> {
    return this.admin('GET', '/customers', { query })
  }

  /**
   * The latest processed version of one customer, with its transactions and events; undefined when none is held. Throws a MockApiError (409)
   * when several accounts hold the id and this client names none: use forAccount, or `query.account`.
   */
  customer (id: string, query: AccountQuery = {}): Promise<CustomerView | undefined> {
    return this.orUndefined(this.admin('GET', `/customers/${encodeURIComponent(id)}`, { query }))
  }

  /** Every request to the emulated API, newest first (in a list, each with its first 3 violations). */
  requests (query: RequestsFilter = {}): Promise<RequestList> {
    return this.admin('GET', '/requests', { query })
  }

  /** One request with every violation it was answered with; undefined when the journal holds no such request. */
  request (id: string): Promise<RequestView | undefined> {
    return this.orUndefined(this.admin('GET', `/requests/${encodeURIComponent(id)}`))
  }

  /** Counts of what is held and what was evicted. */
  stats (): Promise<Stats> {
    return this.admin('GET', '/stats')
  }

  /** Forgets this client's account (everything, for a client without a credential). */
  async reset (): Promise<void> {
    await this.admin('POST', '/reset')
  }

  /** Queues a fault for the next migrate requests of this client's account (of every account, without a credential). */
  addFault (fault: FaultRequest = {}): Promise<Fault> {
    return this.admin('POST', '/faults', { body: fault })
  }

  /** The faults queued (for this client's account: its own and everyone's). */
  async faults (): Promise<Fault[]> {
    return (await this.admin<FaultList>('GET', '/faults')).faults
  }

  /** Clears the queued faults (this client's account's, or all). */
  async clearFaults (): Promise<void> {
    await this.admin('DELETE', '/faults')
  }

  /** The mock's clock: its now, and how far ahead of real time it is (every account shares it). */
  clock (): Promise<ClockState> {
    return this.admin('GET', '/clock')
  }

  /** Moves the mock's clock `ms` forward: tokens expire, rate-limit windows pass and queued batches fall due as if that much time had passed. */
  advanceClock (ms: number): Promise<ClockState> {
    return this.admin('POST', '/clock', { body: { advance_ms: ms } })
  }

  /** Moves the mock's clock to `date` (never back: a MockApiError, 409). */
  setClock (date: Date | string): Promise<ClockState> {
    return this.admin('POST', '/clock', { body: { now: typeof date === 'string' ? date : date.toISOString() } })
  }

  /** Back to real time. */
  resetClock (): Promise<ClockState> {
    return this.admin('DELETE', '/clock')
  }

  /** The reference data this client's account is checked against (without a credential: every account's, "*"). */
  referenceData (): Promise<ReferenceView> {
    return this.admin('GET', '/reference')
  }

  /** Replaces this client's account's rewards, tiers and brands (without a credential: every account's, "*"). */
  setReferenceData (data: ReferenceData): Promise<ReferenceView> {
    return this.admin('PUT', '/reference', { body: data })
  }

  /** Forgets this client's account's reference data (without a credential: every account's, "*"). */
  async clearReferenceData (): Promise<void> {
    await this.admin('DELETE', '/reference')
  }

  /** The OpenAPI document of the mock. */
  openapi (): Promise<Record<string, unknown>> {
    return this.admin('GET', '/openapi.json')
  }

  /** Resolves with the batch list once it holds at least `minCount` batches (matching the filters). */
  waitForBatches (options: WaitOptions & BatchesFilter = {}): Promise<BatchList> {
    return this.waitFor(['batch', 'batches'], '/batches', options, (list: BatchList) => list.batches.map((b) => `${b.id} (${count(b.count, 'customer')}: ${preview(b.customer_ids)})`))
  }

  /** Resolves with the customer list once it holds at least `minCount` customers. */
  waitForCustomers (options: WaitOptions & CustomersFilter = {}): Promise<CustomerList> {
    return this.waitFor(['customer', 'customers'], '/customers', options, (list: CustomerList) => list.customers.map((c) => JSON.stringify(c.id)))
  }

  /** Resolves with the request list once it holds at least `minCount` requests (matching the filters). */
  waitForRequests (options: WaitOptions & RequestsFilter = {}): Promise<RequestList> {
    return this.waitFor(['request', 'requests'], '/requests', options, (list: RequestList) => list.requests.map(describeRequest))
  }

  private async waitFor<L extends { total: number, timed_out?: boolean }> (
    noun: [singular: string, plural: string],
    path: string,
    { minCount = 1, timeoutMs = DEFAULT_TIMEOUT_MS, ...filters }: WaitOptions & Query,
    describe: (list: L) => string[]
  ): Promise<L> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const waitMs = Math.max(0, Math.min(LONG_POLL_MAX_MS, deadline - Date.now()))
      const list = await this.admin<L>('GET', path, { query: { ...filters, min_count: minCount, wait_ms: waitMs } })
      if (list.total >= minCount) return list
      if (Date.now() >= deadline) throw await this.timeoutError(noun, minCount, timeoutMs, filters, list, describe(list))
    }
  }

  /** Says what was awaited, what arrived, and the latest requests the mock refused (the usual why). */
  private async timeoutError ([singular, plural]: [string, string], minCount: number, timeoutMs: number, filters: Query, list: { total: number }, arrived: string[]): Promise<MockTimeoutError> {
    const named = Object.entries(filters).filter(([, value]) => value !== undefined).map(([name, value]) => `${name}=${JSON.stringify(value)}`)
    const awaited = `at least ${count(minCount, singular, plural)}${named.length > 0 ? ` with ${named.join(', ')}` : ''}${this.scopeWords()}`
    const lines = [`Timed out after ${timeoutMs} ms waiting for ${awaited}; ${list.total} arrived${arrived.length > 0 ? ':' : '.'}`]
    lines.push(...arrived.slice(0, ARRIVED_SHOWN).map((item) => `  - ${item}`))
    if (list.total > ARRIVED_SHOWN) lines.push(`  ... and ${list.total - ARRIVED_SHOWN} more`)
    if (singular !== 'request') {
      const { requests, total } = await this.requests({ limit: RECENT_REQUESTS })
      const refused = requests.filter((r) => r.status === null || r.status >= 300)
      lines.push(total === 0
        ? 'The mock received no request to its emulated API.'
        : `Of the latest ${requests.length} of ${total} requests to the emulated API, ${refused.length} ${refused.length === 1 ? 'was' : 'were'} not accepted${refused.length > 0 ? ':' : '.'}`)
      lines.push(...refused.map((r) => `  - ${describeRequest(r)}`))
    }
    return new MockTimeoutError(lines.join('\n'), awaited, list)
  }

  private scopeWords (): string {
    const { token, apiKey, account } = this.options
    if (token !== undefined) return " in this client's token's account"
    if (apiKey !== undefined) return " in this client's API key's account"
    return account === undefined ? '' : ` in account ${account}`
  }

  private adminTokenOption (): Pick<MockClientOptions, 'adminToken'> {
    return this.options.adminToken === undefined ? {} : { adminToken: this.options.adminToken }
  }

  private admin<T> (method: string, path: string, options: { query?: Query, body?: unknown, text?: boolean } = {}): Promise<T> {
    const { token, apiKey, account, adminToken } = this.options
    const headers: Record<string, string> = adminToken === undefined ? {} : { [ADMIN_TOKEN_HEADER]: adminToken }
    if (token !== undefined) headers.authorization = `Bearer ${token}`
    else if (apiKey !== undefined) headers['x-api-key'] = apiKey
    const query = account === undefined || token !== undefined || apiKey !== undefined ? options.query : { ...options.query, account }
    return this.call(method, `${ADMIN_PREFIX}${path}`, { ...options, query, headers })
  }

  private async orUndefined<T> (answer: Promise<T>): Promise<T | undefined> {
    try {
      return await answer
    } catch (err) {
      if (err instanceof MockApiError && err.status === 404) return undefined
      throw err
    }
  }

  private async call<T> (method: string, path: string, { query, headers = {}, body, text = false }: { query?: Query | undefined, headers?: Record<string, string>, body?: unknown, text?: boolean }): Promise<T> {
    const search = new URLSearchParams()
    for (const [name, value] of Object.entries(query ?? {})) if (value !== undefined) search.set(name, String(value))
    const url = `${this.baseUrl}${path}${search.size > 0 ? `?${search}` : ''}`
    const init: RequestInit = { method, headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' } }
    if (body !== undefined) init.body = JSON.stringify(body)
    const response = await this.fetch(url, init)
    const raw = await response.text()
    const isJson = (response.headers.get('content-type') ?? '').includes('json')
    if (!response.ok) throw new MockApiError(method, path, response.status, isJson && raw !== '' ? JSON.parse(raw) : raw)
    if (text) return raw as T
    return (raw === '' ? undefined : JSON.parse(raw)) as T
  }
}

const preview = (ids: string[]): string => ids.slice(0, 5).map((id) => JSON.stringify(id)).join(', ') + (ids.length > 5 ? `, ... ${ids.length - 5} more` : '')

const describeRequest = (r: RequestView): string => {
  const answered = r.status === null ? `no answer (fault ${r.fault ?? 'unknown'})` : `${r.status}${r.code === undefined ? '' : ` ${r.code}`}`
  const why = r.details === undefined ? '' : `: ${r.details}`
  return `${r.method} ${r.path} → ${answered}${why}`
}
