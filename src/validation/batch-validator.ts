/**
 * A migrate body, checked whole: the schema, then what the schema does not look into (a forbidden key
 * answers on its own; too deep a nesting is a violation), then the batch rules; a 400 lists every violation
 * of all three, customer by customer.
 */
import type { TSchema } from '@sinclair/typebox'
import { MASIVO_MAX_BATCH_SIZE, migrateRequestSchema } from '../../schemas/migrate.js'
import { ERR_BODY_FORBIDDEN_KEY, ViolationsError } from '../errors.js'
import { checkBatchRules } from './batch-rules.js'
import { compileStrict, openUnknownFields } from './schema-validator.js'
import { structureChecker } from './structure-rules.js'
import { sortByCustomer, type Violation } from './violations.js'

type BatchValidator = (body: unknown) => true | { error: Error }

/**
 * Compiled once per process for each schema object and setting: a second mock in a test process starts at
 * once (schemas/migrate.ts hands out one schema object per batch limit).
 */
const compiled = new WeakMap<TSchema, Map<boolean, BatchValidator>>()

/** A Fastify validator (true, or the error to answer with) for bodies of `documented`'s shape. */
export const batchValidator = (documented: TSchema, allowUnknownFields: boolean): BatchValidator => {
  let bySetting = compiled.get(documented)
  if (bySetting === undefined) compiled.set(documented, bySetting = new Map())
  let validator = bySetting.get(allowUnknownFields)
  if (validator === undefined) bySetting.set(allowUnknownFields, validator = compileBatchValidator(documented, allowUnknownFields))
  return validator
}

const compileBatchValidator = (documented: TSchema, allowUnknownFields: boolean): BatchValidator => {
  const schema = allowUnknownFields ? openUnknownFields(documented) : documented
  const { check, violations } = compileStrict(schema)
  const checkStructure = structureChecker(schema)
  return (body) => {
    const errors = check(body)
    const structure = checkStructure(body, errors)
    if (structure.forbidden !== undefined) return { error: new ERR_BODY_FORBIDDEN_KEY(structure.forbidden.key, structure.forbidden.path) }
    const ruleViolations = checkBatchRules(body)
    if (errors.length === 0 && structure.violations.length === 0 && ruleViolations.length === 0) return true
    return { error: new ViolationsError(sortByCustomer([...violations(errors, body), ...structure.violations, ...ruleViolations])) }
  }
}

export interface CheckOptions {
  /** MAX_BATCH_SIZE (default Masivo's 1000). */
  maxBatchSize?: number
  /** ALLOW_UNKNOWN_FIELDS (default false). */
  allowUnknownFields?: boolean
}

/**
 * Every violation the migrate endpoint would answer a body with, in its order; none when it would accept
 * it. For a client to check a batch before sending it. A "__proto__" or "constructor" key, which the
 * endpoint answers on its own, is one violation (rule forbiddenKey).
 */
export const checkMigrateRequest = (body: unknown, { maxBatchSize = MASIVO_MAX_BATCH_SIZE, allowUnknownFields = false }: CheckOptions = {}): Violation[] => {
  const result = batchValidator(migrateRequestSchema(maxBatchSize), allowUnknownFields)(body)
  if (result === true) return []
  if (result.error instanceof ViolationsError) return result.error.violations
  return [{ path: '', rule: 'forbiddenKey', message: result.error.message }]
}
