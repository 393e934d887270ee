/**
 * The probes `drift` sends, derived from the contract rather than listed by hand: for every member of the
 * three migrate bodies (schemas/), one body per schema keyword that breaks that keyword there and nothing
 * else; one per batch rule; the authentication cases, the body and batch limits, the media type; the token
 * flow and reads of unknown ids; and, only when asked (--allow-writes), a valid customer with its
 * transactions and one event. Every probe but the writes is one the mock refuses (src/drift/run-drift.ts
 * checks that before anything is sent).
 */
import { BATCH_KINDS, migrateEventsRequestSchema, migrateRequestSchema, migrateTransactionsRequestSchema, type BatchKind } from '../../schemas/migrate.js'
import type { Config } from '../config.js'
import { AUTHORIZE_PATH, AUTHORIZE_SHORT_PATH, CUSTOMER_PATH, CUSTOMER_TRANSACTIONS_PATH, MIGRATE_PATHS, REWARDS_PATH } from '../paths.js'
import { pointerOf } from '../validation/violations.js'
import { BASE_ENTRIES, baseCustomer, baseEvents, baseTransactions } from './base-entries.js'

/** The rule families the summary counts by. */
export const FAMILIES = ['schema', 'batch', 'limits', 'media', 'auth', 'token', 'read', 'writes'] as const
export type Family = (typeof FAMILIES)[number]

/**
 * How a probe presents itself: `bearer` the run's token, `apiKey` the run's API key (x-api-key), `none` no
 * credential, or an Authorization header of its own (a broken one: never the run's credential).
 */
export type Credential = 'bearer' | 'apiKey' | 'none' | { authorization: string }

export interface Probe {
  /** Stable across runs of the same settings: what --resume skips. */
  readonly id: string
  readonly family: Family
  /** The rule broken, named as the mock's violations name it, or the case's name. */
  readonly rule: string
  readonly method: 'GET' | 'POST'
  readonly path: string
  readonly credential: Credential
  /** undefined: none sent */
  readonly contentType?: string
  readonly body?: Buffer
  /** Writes only: a step that waits for the queue before it is sent. */
  readonly afterQueue?: boolean
  /** Writes only: what of the answers is compared beside the status (the members and types of a read back). */
  readonly compareShape?: boolean
}

type Json = Record<string, unknown>
interface SchemaNode {
  type?: string | string[]
  properties?: Record<string, SchemaNode>
  required?: string[]
  additionalProperties?: boolean | SchemaNode
  items?: SchemaNode
  minItems?: number
  maxItems?: number
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  format?: string
  enum?: unknown[]
}

type Token = string | number
/** One break of the base body: a member removed, set, or added. */
type Mutation = { at: Token[], op: 'delete' } | { at: Token[], op: 'set', value: unknown }

/** One break: the rule it breaks, its name in the probe's id, and how. */
interface Break { rule: string, label: string, mutation: Mutation }

/** A value of the wrong JSON type for a member of `types`. */
const wrongType = (types: string[]): unknown => (types.includes('string') ? 12_345 : 'drift')

/** A string of the right type and the wrong format. */
const BAD_FORMAT: Record<string, string> = {
  'date-time': '2024-02-30T00:00:00Z',
  uuid: 'drift-not-a-uuid',
  email: 'drift-not-an-email'
}

const UNKNOWN_MEMBER = 'drift_unknown_member'

/** Every single-keyword break of `node` (at `at` in the body, where the base has `value`), and of what it holds. */
const breaksOf = (node: SchemaNode, value: unknown, at: Token[], out: Break[]) => {
  const types = node.type === undefined ? [] : Array.isArray(node.type) ? node.type : [node.type]
  const set = (rule: string, wrong: unknown, where: Token[] = at, label = rule) => out.push({ rule, label, mutation: { at: where, op: 'set', value: wrong } })
  if (types.length > 0 && at.length > 0) set('type', wrongType(types))
  if (types.includes('integer')) set('type', 1.5, at, 'type (a fraction)')
  if (node.format !== undefined && BAD_FORMAT[node.format] !== undefined) set('format', BAD_FORMAT[node.format])
  if (node.enum !== undefined) set('enum', 'DRIFT_NOT_ONE_OF_THEM')
  if (node.minLength !== undefined && node.minLength > 0) set('minLength', 'x'.repeat(node.minLength - 1))
  if (node.maxLength !== undefined) set('maxLength', 'x'.repeat(node.maxLength + 1))
  if (node.minimum !== undefined) set('minimum', node.minimum - 1)
  if (node.maximum !== undefined) set('maximum', node.maximum + 1)
  if (types.includes('array') && Array.isArray(value)) {
    if (node.minItems !== undefined && node.minItems > 0) set('minItems', [])
    if (node.items !== undefined && value.length > 0) breaksOf(node.items, value[0], [...at, 0], out)
  }
  if (node.properties !== undefined && typeof value === 'object' && value !== null) {
    const object = value as Json
    for (const name of node.required ?? []) out.push({ rule: 'required', label: 'required', mutation: { at: [...at, name], op: 'delete' } })
    if (node.additionalProperties === false) set('unknownField', 1, [...at, UNKNOWN_MEMBER])
    for (const [name, property] of Object.entries(node.properties)) {
      if (name in object) breaksOf(property, object[name], [...at, name], out)
    }
  }
}

/** The members a schema defines that `value` leaves out, so a probe would never reach them (test/drift/ proves there are none). */
export const membersNotProbed = (node: SchemaNode, value: unknown, at = ''): string[] => {
  const missing: string[] = []
  if (node.items !== undefined && Array.isArray(value) && value.length > 0) missing.push(...membersNotProbed(node.items, value[0], `${at}/0`))
  if (node.properties !== undefined && typeof value === 'object' && value !== null) {
    for (const [name, property] of Object.entries(node.properties)) {
      if (name in (value as Json)) missing.push(...membersNotProbed(property, (value as Json)[name], `${at}/${name}`))
      else missing.push(`${at}/${name}`)
    }
  }
  return missing
}

const SCHEMAS: Record<BatchKind, (max: number) => unknown> = {
  customers: migrateRequestSchema,
  transactions: migrateTransactionsRequestSchema,
  events: migrateEventsRequestSchema
}

/** The schema of a kind's body, as the mock validates it under MAX_BATCH_SIZE. */
export const bodySchemaOf = (kind: BatchKind, maxBatchSize: number) => SCHEMAS[kind](maxBatchSize) as SchemaNode

const apply = (body: Json, { at, ...change }: Mutation): Json => {
  const copy = structuredClone(body)
  let parent: Json = copy
  for (const token of at.slice(0, -1)) parent = parent[token] as Json
  const last = at.at(-1)!
  if (change.op === 'delete') delete parent[last]
  else parent[last] = change.value
  return copy
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value))
const JSON_TYPE = 'application/json'

const migrateProbe = (family: Family, rule: string, kind: BatchKind, body: unknown, id: string, extra: Partial<Probe> = {}): Probe => ({
  id: `${kind} ${id}`,
  family,
  rule,
  method: 'POST',
  path: MIGRATE_PATHS[kind],
  credential: 'bearer',
  contentType: JSON_TYPE,
  body: Buffer.isBuffer(body) ? body : json(body),
  ...extra
})

/** Entries `n` customers long, each with its own id (and email): only the count breaks a rule. */
const manyEntries = (kind: BatchKind, n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => (kind === 'customers'
    ? { id: `${prefix}${i}`, name: 'Drift Probe', email: `${prefix}${i}@example.com`, registration_date: '2024-01-01T00:00:00Z' }
    : { ...(BASE_ENTRIES[kind](`${prefix}${i}`) as Json) }))

/** A JSON object nested `levels` deep. */
const nested = (levels: number): Json => {
  let value: Json = {}
  for (let i = 1; i < levels; i++) value = { n: value }
  return value
}

/** A JWT in the mock's shape whose signature no one made: refused by the mock, and by anyone who checks signatures. */
const FORGED_JWT = `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"sub":"drift","iss":"masivo-migrate-mock","exp":4102444800}').toString('base64url')}.${Buffer.from('not a signature').toString('base64url')}`

export interface PlanOptions {
  /** The prefix of every id the probes name: `drift-<run id>-`. */
  prefix: string
  /** Whether the run has an API key (the token flow's probes need one). */
  apiKey: boolean
  allowWrites: boolean
}

/** Every probe of a run, in the order they are sent: the read that also checks the credential first. */
export const planProbes = (config: Config, { prefix, apiKey, allowWrites }: PlanOptions): Probe[] => {
  const unknown = `${prefix}unknown`
  const probes: Probe[] = [
    { id: 'read customer unknown', family: 'read', rule: 'customerNotFound', method: 'GET', path: CUSTOMER_PATH.replace(':id', unknown), credential: 'bearer' },
    { id: 'read customer transactions unknown', family: 'read', rule: 'customerNotFound', method: 'GET', path: CUSTOMER_TRANSACTIONS_PATH.replace(':id', unknown), credential: 'bearer' },
    { id: 'read rewards without from and to', family: 'read', rule: 'required', method: 'GET', path: REWARDS_PATH, credential: 'bearer' },
    { id: 'token without an API key', family: 'token', rule: 'apiKeyMissing', method: 'GET', path: AUTHORIZE_PATH, credential: 'none' }
  ]
  if (apiKey) {
    for (const path of [AUTHORIZE_PATH, AUTHORIZE_SHORT_PATH]) {
      probes.push({ id: `token ${path}`, family: 'token', rule: 'tokenFlow', method: 'GET', path, credential: 'apiKey', compareShape: true })
    }
  }

  // authentication, with a body the mock refuses too (it authenticates first): nothing can be accepted
  const refusedBody = json({ customers: [] })
  const auth: [string, Credential][] = [
    ['authMissing', 'none'],
    ['authScheme', { authorization: 'Basic ZHJpZnQ6ZHJpZnQ=' }],
    ['authEmpty', { authorization: 'Bearer ' }],
    ['authMalformed', { authorization: 'Bearer drift token' }],
    ['tokenInvalid', { authorization: `Bearer ${FORGED_JWT}` }]
  ]
  for (const [rule, credential] of auth) probes.push(migrateProbe('auth', rule, 'customers', refusedBody, `auth ${rule}`, { credential }))

  // media type, and bodies that are not JSON
  probes.push(
    migrateProbe('media', 'mediaType', 'customers', refusedBody, 'media text/plain', { contentType: 'text/plain' }),
    migrateProbe('media', 'mediaType', 'customers', refusedBody, 'media none', { contentType: undefined }),
    migrateProbe('media', 'notJson', 'customers', Buffer.from('{"customers": ['), 'media not JSON'),
    migrateProbe('media', 'emptyBody', 'customers', Buffer.alloc(0), 'media empty'),
    migrateProbe('media', 'notUtf8', 'customers', Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]), 'media not UTF-8')
  )

  // every keyword of every member of each body
  for (const kind of BATCH_KINDS) {
    const base = { customers: [BASE_ENTRIES[kind](`${prefix}${kind}`)] }
    const breaks: Break[] = []
    breaksOf(bodySchemaOf(kind, config.MAX_BATCH_SIZE), base, [], breaks)
    for (const { rule, label, mutation } of breaks) {
      probes.push(migrateProbe('schema', rule, kind, apply(base, mutation), `${pointerOf(mutation.at) || '/'} ${label}`))
    }
  }

  // the rules beyond the schema
  const customer = baseCustomer(`${prefix}customers`)
  const { document_number: _number, ...unpaired } = customer
  const zero = { ...customer, balance: [{ ...customer.balance![0]!, amount: 0 }] }
  const reversed = { ...customer, metrics: { lifetime: { from: '2024-12-31T00:00:00Z', to: '2024-01-01T00:00:00Z' } } }
  const twin = { ...customer, email: `${prefix}twin@example.com` }
  const sameEmail = { ...customer, id: `${prefix}twin` }
  const transactions = baseTransactions(`${prefix}transactions`)
  const manyEvents = { ...baseEvents(`${prefix}events`), events: Array.from({ length: config.MAX_BATCH_SIZE + 1 }, () => baseEvents('x').events[0]) }
  probes.push(
    migrateProbe('batch', 'documentPair', 'customers', { customers: [unpaired] }, 'documentPair'),
    migrateProbe('batch', 'zeroAmountExpiration', 'customers', { customers: [zero] }, 'zeroAmountExpiration'),
    migrateProbe('batch', 'periodOrder', 'customers', { customers: [reversed] }, 'periodOrder'),
    migrateProbe('batch', 'duplicateId', 'customers', { customers: [customer, twin] }, 'duplicateId'),
    migrateProbe('batch', 'duplicateEmail', 'customers', { customers: [customer, sameEmail] }, 'duplicateEmail'),
    migrateProbe('batch', 'duplicateId', 'transactions', { customers: [transactions, transactions] }, 'duplicateId'),
    migrateProbe('batch', 'maxEvents', 'events', { customers: [manyEvents] }, 'maxEvents'),
    migrateProbe('batch', 'maxDepth', 'customers', { customers: [{ ...customer, metadata: nested(64) }] }, 'maxDepth'),
    migrateProbe('batch', 'forbiddenKey', 'customers', Buffer.from(`{"customers":[{"__proto__":{"id":"${prefix}proto"}}]}`), 'forbiddenKey'),
    migrateProbe('batch', 'loneSurrogate', 'customers', Buffer.from(`{"customers":[{"id":"${prefix}surrogate","name":"\\ud800"}]}`), 'loneSurrogate')
  )

  // the limits: a body one byte over, a batch one entry over
  const open = Buffer.from('{"customers":[')
  const padding = Buffer.alloc(config.BODY_LIMIT_BYTES + 1 - open.length - 2, 0x20)
  probes.push(migrateProbe('limits', 'bodyLimit', 'customers', Buffer.concat([open, padding, Buffer.from(']}')]), 'bodyLimit'))
  for (const kind of ['customers', 'transactions'] as const) {
    probes.push(migrateProbe('limits', 'maxItems', kind, { customers: manyEntries(kind, config.MAX_BATCH_SIZE + 1, `${prefix}many-`) }, 'batch size'))
  }

  if (allowWrites) {
    const id = `${prefix}customer`
    probes.push(
      migrateProbe('writes', 'customerMigrated', 'customers', { customers: [baseCustomer(id)] }, 'writes customer', { compareShape: true }),
      { id: 'writes customer read back', family: 'writes', rule: 'customerReadBack', method: 'GET', path: CUSTOMER_PATH.replace(':id', id), credential: 'bearer', afterQueue: true, compareShape: true },
      migrateProbe('writes', 'transactionsMigrated', 'transactions', { customers: [baseTransactions(id)] }, 'writes transactions', { compareShape: true, afterQueue: true }),
      migrateProbe('writes', 'eventsMigrated', 'events', { customers: [baseEvents(id)] }, 'writes events', { compareShape: true, afterQueue: true }),
      { id: 'writes transactions read back', family: 'writes', rule: 'transactionsReadBack', method: 'GET', path: `${CUSTOMER_TRANSACTIONS_PATH.replace(':id', id)}?year=2024`, credential: 'bearer', afterQueue: true, compareShape: true }
    )
  }
  return probes
}
