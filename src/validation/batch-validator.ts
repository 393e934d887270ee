/**
 * A migrate body, checked whole: forbidden keys first (a 400 of their own), then the schema and the batch
 * rules in one pass, so a 400 lists every violation of both, customer by customer.
 */
import type { TSchema } from '@sinclair/typebox'
import { ERR_BODY_FORBIDDEN_KEY, ViolationsError } from '../errors.js'
import { checkBatchRules } from './batch-rules.js'
import { forbiddenKeyFinder } from './forbidden-keys.js'
import { compileStrict, openUnknownFields } from './schema-validator.js'
import { sortByCustomer } from './violations.js'

/** A Fastify validator (true, or the error to answer with) for bodies of `documented`'s shape. */
export const batchValidator = (documented: TSchema, allowUnknownFields: boolean) => {
  const schema = allowUnknownFields ? openUnknownFields(documented) : documented
  const validate = compileStrict(schema)
  const findForbiddenKey = forbiddenKeyFinder(schema)
  return (body: unknown): true | { error: Error } => {
    const schemaViolations = validate(body)
    const forbidden = findForbiddenKey(body, schemaViolations)
    if (forbidden !== undefined) return { error: new ERR_BODY_FORBIDDEN_KEY(forbidden.key, forbidden.path) }
    const ruleViolations = checkBatchRules(body)
    if (schemaViolations.length === 0 && ruleViolations.length === 0) return true
    return { error: new ViolationsError(sortByCustomer(schemaViolations.concat(ruleViolations))) }
  }
}
