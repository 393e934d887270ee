/**
 * A migrate body, checked whole: the schema, then what the schema does not look into (a forbidden key
 * answers on its own; too deep a nesting is a violation), then the batch rules of its kind; the error
 * lists every violation of all three, customer entry by customer entry.
 */
import type { TSchema } from '@sinclair/typebox'
import type { ValidateFunction } from 'ajv'
import {
  MASIVO_MAX_BATCH_SIZE, migrateEventsRequestSchema, migrateRequestSchema, migrateTransactionsRequestSchema, type BatchKind
} from '../../schemas/migrate.js'
import { ERR_BODY_FORBIDDEN_KEY, ViolationsError } from '../errors.js'
import { customerBatchRules, eventBatchRules, transactionBatchRules } from './batch-rules.js'
import { PRECOMPILED } from './precompiled.js'
import { compileStrict, openUnknownFields } from './schema-validator.js'
import { structureChecker } from './structure-rules.js'
import { sortByCustomer, type Violation } from './violations.js'

/** True, or the error to answer with; a forbidden key (which answers on its own) also says where it is. */
type BatchValidator = (body: unknown) => true | { error: Error, forbidden?: { key: string, path: string } }

const NO_RULES = (): Violation[] => []

/** How each kind of batch is checked: its schema, its rules, and the status its violations are answered with. */
const KINDS: Record<BatchKind, {
  schema: (maxBatchSize: number) => TSchema
  /** Its rules; `acrossEntries` false: only those that look at one entry at a time. */
  rules: (maxBatchSize: number, acrossEntries: boolean) => (body: unknown) => Violation[]
  status: 400 | 422
}> = {
  customers: { schema: migrateRequestSchema, rules: (_max, acrossEntries) => customerBatchRules(acrossEntries), status: 400 },
  transactions: { schema: migrateTransactionsRequestSchema, rules: (_max, acrossEntries) => acrossEntries ? transactionBatchRules : NO_RULES, status: 400 },
  // Masivo documents 422 "Invalid customer entry" for this endpoint
  events: { schema: migrateEventsRequestSchema, rules: (max, acrossEntries) => acrossEntries ? eventBatchRules(max) : NO_RULES, status: 422 }
}

/** The schema a kind of batch is documented and checked with, for a batch limit. */
export const batchSchema = (kind: BatchKind, maxBatchSize: number): TSchema => KINDS[kind].schema(maxBatchSize)

/**
 * Compiled once per process for each schema object and setting: a second mock in a test process starts at
 * once (schemas/migrate.ts hands out one schema object per kind and batch limit).
 */
const compiled = new WeakMap<TSchema, Map<string, BatchValidator>>()

/**
 * A Fastify validator (true, or the error to answer with) for bodies of a kind of batch. `acrossEntries`
 * false leaves out the rules that compare entries with each other (unique ids, a batch's total of events):
 * for `validate`, which checks those across a whole file.
 */
export const batchValidator = (kind: BatchKind, maxBatchSize: number, allowUnknownFields: boolean, acrossEntries = true): BatchValidator => {
  const documented = batchSchema(kind, maxBatchSize)
  let bySetting = compiled.get(documented)
  if (bySetting === undefined) compiled.set(documented, bySetting = new Map())
  const setting = `${allowUnknownFields}/${acrossEntries}`
  let validator = bySetting.get(setting)
  if (validator === undefined) {
    const { rules, status } = KINDS[kind]
    const prebuilt = !allowUnknownFields && maxBatchSize === MASIVO_MAX_BATCH_SIZE ? PRECOMPILED[kind] : undefined
    validator = compileBatchValidator(documented, allowUnknownFields, rules(maxBatchSize, acrossEntries), status, prebuilt)
    bySetting.set(setting, validator)
  }
  return validator
}

const compileBatchValidator = (
  documented: TSchema, allowUnknownFields: boolean, rules: (body: unknown) => Violation[], status: 400 | 422, prebuilt: ValidateFunction | undefined
): BatchValidator => {
  const schema = allowUnknownFields ? openUnknownFields(documented) : documented
  const { check, violations } = compileStrict(schema, prebuilt)
  const checkStructure = structureChecker(schema)
  return (body) => {
    const errors = check(body)
    const structure = checkStructure(body, errors)
    const { forbidden } = structure
    if (forbidden !== undefined) return { error: new ERR_BODY_FORBIDDEN_KEY(forbidden.key, forbidden.path), forbidden }
    const ruleViolations = rules(body)
    if (errors.length === 0 && structure.violations.length === 0 && ruleViolations.length === 0) return true
    return { error: new ViolationsError(sortByCustomer([...violations(errors, body), ...structure.violations, ...ruleViolations]), status) }
  }
}

export interface CheckOptions {
  /** Which migrate endpoint's body: customers (default), transactions or events. */
  kind?: BatchKind
  /** MAX_BATCH_SIZE (default Masivo's 1000). */
  maxBatchSize?: number
  /** ALLOW_UNKNOWN_FIELDS (default false). */
  allowUnknownFields?: boolean
}

/**
 * Every violation a migrate endpoint would answer a body with, in its order; none when it would accept
 * it. For a client to check a batch before sending it. A "__proto__" or "constructor" key, which the
 * endpoint answers on its own, is one violation (rule forbiddenKey, at the key).
 */
export const checkMigrateRequest = (
  body: unknown,
  { kind = 'customers', maxBatchSize = MASIVO_MAX_BATCH_SIZE, allowUnknownFields = false }: CheckOptions = {}
): Violation[] => {
  const result = batchValidator(kind, maxBatchSize, allowUnknownFields)(body)
  if (result === true) return []
  if (result.error instanceof ViolationsError) return result.error.violations
  return [{ path: result.forbidden?.path ?? '', rule: 'forbiddenKey', message: result.error.message }]
}
