/**
 * Each account's reference data (schemas/reference.ts): what was seeded at start (REFERENCE_DATA,
 * startMock's `referenceData`), replaced through PUT /__admin/reference. An account without its own uses
 * the data given for "*", if any. The queue asks here which ids an entry names that its account does not
 * hold (src/state/store.ts); GET /rewards and /tiers serve it.
 *
 * Bounded in bytes (MAX_REFERENCE_BYTES, all accounts together, the seed included) as well as by Masivo's
 * entity limits per account: a PUT past the bound is refused, nothing is evicted.
 */
import { readFileSync, statSync } from 'node:fs'
import type { BatchKind } from '../../schemas/migrate.js'
import { ReferenceData, type BrandRecord, type ReferenceDataFile, type RewardRecord, type TierRecord } from '../../schemas/reference.js'
import { fingerprint } from '../access/authentication.js'
import { ConfigError, type Config } from '../config.js'
import { ERR_REFERENCE_FULL } from '../errors.js'
import { referenceViolations } from '../validation/reference-rules.js'
import { adminViolations } from '../validation/schema-validator.js'
import { clip } from '../validation/violations.js'
import { rewardKey } from './amounts.js'

/** The key of the data every account without its own uses. */
export const EVERY_ACCOUNT = '*'

/** An account's reference data as stored: the lists as given (defaults filled in), and their ids for lookups. */
export interface AccountReference {
  readonly rewards?: RewardRecord[]
  readonly tiers?: TierRecord[]
  readonly brands?: BrandRecord[]
  /** By lower-cased id (reward ids compare in either case, as the balance rule compares them). */
  readonly rewardsById?: ReadonlyMap<string, RewardRecord>
  readonly tierIds?: ReadonlySet<string>
  readonly brandIds?: ReadonlySet<string>
  readonly bytes: number
}

const referenceOf = (data: ReferenceData): AccountReference => ({
  ...data,
  rewardsById: data.rewards && new Map(data.rewards.map((reward) => [rewardKey(reward.id), reward])),
  tierIds: data.tiers && new Set(data.tiers.map(({ id }) => id.toLowerCase())),
  brandIds: data.brands && new Set(data.brands.map(({ id }) => id)),
  bytes: Buffer.byteLength(JSON.stringify(data))
})

/** A file's keys are credentials: each names the account it belongs to (a fingerprint), "*" every account. */
const accountOfKey = (key: string) => (key === EVERY_ACCOUNT ? EVERY_ACCOUNT : fingerprint(key))

/** One id an entry names, where, and which list should hold it. */
interface Named { list: 'rewards' | 'tiers' | 'brands', id: string, at: string }

type Json = Record<string, unknown>
const arrayOf = (value: unknown) => (Array.isArray(value) ? value as Json[] : [])
const objectOf = (value: unknown) => (typeof value === 'object' && value !== null ? value as Json : {})

/** The reward, tier and brand ids one entry of a batch names, with their pointers within the entry. */
const namedIn = (kind: BatchKind, entry: Json): Named[] => {
  const named: Named[] = []
  const add = (list: Named['list'], id: unknown, at: string) => { if (typeof id === 'string') named.push({ list, id, at }) }
  if (kind === 'customers') {
    arrayOf(entry.balance).forEach((item, i) => {
      add('rewards', item.reward_id, `/balance/${i}/reward_id`)
      add('brands', item.brand_id, `/balance/${i}/brand_id`)
    })
    for (const [period, metrics] of Object.entries(objectOf(entry.metrics))) add('tiers', objectOf(metrics).tier_id, `/metrics/${period}/tier_id`)
  } else if (kind === 'transactions') {
    arrayOf(entry.transactions).forEach((transaction, i) => {
      add('rewards', transaction.reward_id, `/transactions/${i}/reward_id`)
      add('brands', transaction.brand_id, `/transactions/${i}/brand_id`)
    })
  } else {
    arrayOf(entry.events).forEach((event, i) => {
      add('brands', event.brand_id, `/events/${i}/brand_id`)
      const order = objectOf(event.order)
      arrayOf(order.redeem).forEach((redeem, j) => add('rewards', redeem.id, `/events/${i}/order/redeem/${j}/id`))
      arrayOf(order.products).forEach((product, k) =>
        arrayOf(product.redeem).forEach((redeem, j) => add('rewards', redeem.id, `/events/${i}/order/products/${k}/redeem/${j}/id`)))
    })
  }
  return named
}

const holds = (reference: AccountReference, { list, id }: Named): boolean | undefined => {
  if (list === 'rewards') return reference.rewardsById?.has(rewardKey(id))
  if (list === 'tiers') return reference.tierIds?.has(id.toLowerCase())
  return reference.brandIds?.has(id)
}

const MEMBER: Record<Named['list'], string> = { rewards: 'reward', tiers: 'tier', brands: 'brand' }
/** How many unknown ids a reason names; the rest are counted. */
const NAMED_IN_REASON = 5

export class ReferenceBook {
  private readonly seeded = new Map<string, AccountReference>()
  private current = new Map<string, AccountReference>()
  private bytes = 0

  /** `seed`: a file's accounts, already checked and with their defaults filled in; it counts toward `maxBytes` but is never refused. */
  constructor (seed: ReferenceDataFile, private readonly maxBytes: number) {
    for (const [key, data] of Object.entries(seed)) this.seeded.set(accountOfKey(key), referenceOf(data))
    this.reset()
  }

  /** The data an account's entries are checked against and its reads served from, and whose it is. */
  of (account: string): { reference: AccountReference | undefined, applies: 'account' | 'every account' | 'none' } {
    const own = account === EVERY_ACCOUNT ? undefined : this.current.get(account)
    if (own !== undefined) return { reference: own, applies: 'account' }
    const every = this.current.get(EVERY_ACCOUNT)
    return { reference: every, applies: every === undefined ? 'none' : 'every account' }
  }

  /** Replaces an account's data (EVERY_ACCOUNT: the data of every account without its own). */
  put (account: string, data: ReferenceData) {
    const reference = referenceOf(data)
    const others = this.bytes - (this.current.get(account)?.bytes ?? 0)
    if (others + reference.bytes > this.maxBytes) throw new ERR_REFERENCE_FULL(reference.bytes, Math.max(0, this.maxBytes - others))
    this.current.set(account, reference)
    this.bytes = others + reference.bytes
  }

  /** Forgets an account's data (EVERY_ACCOUNT: the data for every account); what was seeded for it comes back at reset. */
  delete (account: string) {
    this.bytes -= this.current.get(account)?.bytes ?? 0
    this.current.delete(account)
  }

  /** Back to what was seeded: for one account, or for all. */
  reset (account?: string) {
    if (account === undefined) {
      this.current = new Map(this.seeded)
      this.bytes = [...this.current.values()].reduce((sum, { bytes }) => sum + bytes, 0)
      return
    }
    this.delete(account)
    const seeded = this.seeded.get(account)
    if (seeded === undefined) return
    this.current.set(account, seeded)
    this.bytes += seeded.bytes
  }

  /**
   * Why the queue rejects an entry whose account has reference data: the ids it names that the data does
   * not hold, each with its pointer within the entry. Undefined when all are held, or no list checks them.
   */
  unknownIn (account: string, kind: BatchKind, entry: object): string | undefined {
    const { reference } = this.of(account)
    if (reference === undefined) return undefined
    // each unknown id once, where it first appears, with how many other places name it
    const unknown = new Map<string, { named: Named, places: number }>()
    for (const named of namedIn(kind, entry as Json)) {
      if (holds(reference, named) !== false) continue
      const key = `${named.list} ${named.id}`
      const seen = unknown.get(key)
      if (seen === undefined) unknown.set(key, { named, places: 1 })
      else seen.places++
    }
    if (unknown.size === 0) return undefined
    const listed = [...unknown.values()].slice(0, NAMED_IN_REASON).map(({ named: { list, id, at }, places }) =>
      `${MEMBER[list]} ${clip(id)} (${at}${places > 1 ? ` and ${places - 1} more` : ''})`)
    const more = unknown.size > NAMED_IN_REASON ? `; and ${unknown.size - NAMED_IN_REASON} more` : ''
    return `not in this account's reference data: ${listed.join(', ')}${more}`
  }
}

/** How many violations a start-up error lists. */
const LISTED_AT_START = 10

/**
 * The seed: `given` (startMock's `referenceData`) or REFERENCE_DATA's file, checked as PUT
 * /__admin/reference checks a body, defaults filled in. Throws a ConfigError saying what is wrong, naming
 * an account by its fingerprint, never by the credential that is its key.
 */
export const referenceSeed = (config: Config, given?: ReferenceDataFile): ReferenceDataFile => {
  const source = given === undefined ? `REFERENCE_DATA=${config.REFERENCE_DATA}` : 'referenceData'
  // a copy: checking fills defaults in, and the caller's object stays as it was
  let seed: unknown = given === undefined ? undefined : JSON.parse(JSON.stringify(given))
  if (given === undefined) {
    if (config.REFERENCE_DATA === undefined) return {}
    seed = readSeedFile(config.REFERENCE_DATA, config.MAX_REFERENCE_BYTES, source)
  }
  if (typeof seed !== 'object' || seed === null || Array.isArray(seed)) {
    throw new ConfigError(`Invalid configuration: ${source} must be a JSON object of API keys or tokens ("*": every account) to reference data.`)
  }
  const problems: string[] = []
  for (const [key, data] of Object.entries(seed)) {
    const account = key === EVERY_ACCOUNT ? '"*"' : `account ${fingerprint(key)}`
    const violations = adminViolations(ReferenceData, data)
    if (violations.length === 0) violations.push(...referenceViolations(data as ReferenceData))
    for (const { path, message } of violations) problems.push(`${account} ${path === '' ? '(its data)' : path} ${message}`)
  }
  if (problems.length > 0) {
    const more = problems.length > LISTED_AT_START ? `; and ${problems.length - LISTED_AT_START} more` : ''
    throw new ConfigError(`Invalid configuration: ${source}: ${problems.slice(0, LISTED_AT_START).join('; ')}${more}.`)
  }
  return seed as ReferenceDataFile
}

const readSeedFile = (path: string, maxBytes: number, source: string): unknown => {
  let text: string
  try {
    const { size } = statSync(path)
    if (size > maxBytes) throw new ConfigError(`Invalid configuration: ${source} is ${size} bytes, more than MAX_REFERENCE_BYTES (${maxBytes}).`)
    text = readFileSync(path, 'utf8')
  } catch (err) {
    if (err instanceof ConfigError) throw err
    const { code } = err as NodeJS.ErrnoException
    throw new ConfigError(`Invalid configuration: ${source} cannot be read (${code ?? (err as Error).message}).`)
  }
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new ConfigError(`Invalid configuration: ${source} is not JSON (${(err as Error).message}).`)
  }
}
