/**
 * Compiles TypeBox schemas into validators that report every violation as a JSON Pointer.
 * The emulated API gets a strict ajv instance: no type coercion, no defaults, nothing removed, all errors.
 * The /__admin API gets a second one that fills defaults and converts query strings ("5" to 5).
 */
import { Ajv, type ErrorObject, type Options } from 'ajv'
import type { FastifySchemaCompiler } from 'fastify'
import { closest, distance } from 'fastest-levenshtein'
import type { TSchema } from '@sinclair/typebox'
import { ViolationsError } from '../errors.js'
import { isDateTime, isEmail, isUuid } from './formats.js'
import { pointerToken, resolvePointer, type Violation } from './violations.js'

const FORMAT_MESSAGES: Record<string, string> = {
  'date-time': 'must be an RFC 3339 date-time with an offset, e.g. 2023-11-07T05:31:56Z',
  uuid: 'must be a UUID, e.g. 3c90c3cc-0d44-4b50-8888-8dd25736052a',
  email: 'must be an email address, e.g. john.smith@example.com'
}

const ajvOptions = (lenient: boolean): Options => ({
  allErrors: true,
  validateSchema: false, // the schemas are TypeBox's and tested; checking them against the meta-schema would slow every start-up
  coerceTypes: lenient,
  useDefaults: lenient,
  removeAdditional: false,
  allowUnionTypes: true,
  messages: false, // ours are written below
  formats: {
    'date-time': { type: 'string', validate: isDateTime },
    uuid: { type: 'string', validate: isUuid },
    email: { type: 'string', validate: isEmail }
  }
})

const strictAjv = new Ajv(ajvOptions(false))
let adminAjv: Ajv | undefined // made on first use: /__admin is not needed to serve the first request

const article = (type: string) => (type === 'integer' || type === 'object' || type === 'array' ? 'an' : 'a')

/** Unicode code points, as JSON Schema counts string length. */
const lengthOf = (value: unknown) => (typeof value === 'string' ? [...value].length : 0)

/** The known field closest to a mistyped one, if it is close enough to be a likely typo. */
const suggestField = (unknown: string, known: string[]): string | undefined => {
  if (known.length === 0) return undefined
  const candidate = closest(unknown, known)
  return distance(unknown, candidate) <= Math.max(2, Math.floor(unknown.length / 4)) ? candidate : undefined
}

const toViolation = (e: ErrorObject, schema: TSchema, data: unknown): Violation => {
  const at = e.instancePath
  const limit = (e.params as { limit?: number }).limit
  switch (e.keyword) {
    case 'required':
      return { path: `${at}/${pointerToken(e.params.missingProperty)}`, rule: 'required', message: 'is required' }
    case 'additionalProperties': {
      const field: string = e.params.additionalProperty
      const parent = resolvePointer(schema, e.schemaPath.slice(1, -'/additionalProperties'.length)) as { properties?: object }
      const known = Object.keys(parent.properties ?? {})
      const suggestion = suggestField(field, known)
      const hint = suggestion === undefined ? '' : `; did you mean '${suggestion}'?`
      return { path: `${at}/${pointerToken(field)}`, rule: 'unknownField', message: `is not a field Masivo documents${hint}` }
    }
    case 'type': {
      const types: string[] = Array.isArray(e.params.type) ? e.params.type : [e.params.type]
      const words = types.map((t) => (t === 'null' ? 'null' : `${article(t)} ${t}`)).join(' or ')
      return { path: at, rule: 'type', message: `must be ${words}` }
    }
    case 'format':
      return { path: at, rule: 'format', message: FORMAT_MESSAGES[e.params.format] ?? `must be a ${e.params.format}` }
    case 'enum':
      return { path: at, rule: 'enum', message: `must be one of ${(e.params.allowedValues as unknown[]).join(', ')}` }
    case 'minLength':
      return { path: at, rule: 'minLength', message: limit === 1 ? 'must not be empty' : `must be at least ${limit} characters long` }
    case 'maxLength':
      return { path: at, rule: 'maxLength', message: `must be at most ${limit} characters long (it has ${lengthOf(resolvePointer(data, at))})` }
    case 'minimum':
      return { path: at, rule: 'minimum', message: `must be ${limit} or more` }
    case 'minItems':
      return { path: at, rule: 'minItems', message: `must hold at least ${limit} item${limit === 1 ? '' : 's'}` }
    case 'maxItems':
      return {
        path: at,
        rule: 'maxItems',
        message: `must hold at most ${limit} items (it has ${(resolvePointer(data, at) as unknown[]).length})`
      }
    default:
      return { path: at, rule: e.keyword, message: `violates the schema's ${e.keyword} rule` }
  }
}

/** A validator: the violations of `data`, none when it is valid. */
export type Validator = (data: unknown) => Violation[]

const NONE: Violation[] = []

const compileWith = (ajv: Ajv, schema: TSchema): Validator => {
  const validate = ajv.compile(schema)
  return (data) => (validate(data) ? NONE : validate.errors!.map((e) => toViolation(e, schema, data)))
}

/** Every object of the schema left open to unknown members (ALLOW_UNKNOWN_FIELDS=true). */
export const openUnknownFields = <T extends TSchema>(schema: T): T =>
  JSON.parse(JSON.stringify(schema), (key, value) => (key === 'additionalProperties' && value === false ? true : value))

export const compileStrict = (schema: TSchema): Validator => compileWith(strictAjv, schema)

/**
 * Fastify's validator compiler for /__admin (the migrate route brings its own): defaults filled and query
 * strings converted, in place. Each validator is compiled on first use, so start-up does not wait for
 * routes no one has called yet.
 */
export const adminValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema }) => {
  let validate: Validator | undefined
  return (data: unknown) => {
    validate ??= compileWith(adminAjv ??= new Ajv(ajvOptions(true)), schema)
    const violations = validate(data)
    return violations.length === 0 ? true : { error: new ViolationsError(violations) }
  }
}
