/**
 * Compiles TypeBox schemas into validators that report every violation as a JSON Pointer, with a rule name
 * and a message in words. The emulated API's validator is strict: no type coercion, no defaults, nothing
 * removed, all errors. /__admin's fills defaults, and converts query strings that are plain decimal
 * integers where the schema wants an integer ("5" to 5, not "1e400" or "Infinity"); its bodies are never converted.
 */
import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv'
import type { FastifySchemaCompiler } from 'fastify'
import { closest, distance } from 'fastest-levenshtein'
import type { TSchema } from '@sinclair/typebox'
import { ERR_BODY_FORBIDDEN_KEY, ViolationsError } from '../errors.js'
import { AJV_FORMATS, dateTimeProblem } from './formats.js'
import { checkWholeStructure } from './structure-rules.js'
import { CLIENT_TEXT_MAX, clipPointer, pointerToken, resolvePointer, type Violation } from './violations.js'
import { count } from '../words.js'

const FORMAT_MESSAGES: Record<string, string> = {
  'date-time': 'must be an RFC 3339 date-time with an offset, e.g. 2023-11-07T05:31:56Z',
  uuid: 'must be a UUID, e.g. 3c90c3cc-0d44-4b50-8888-8dd25736052a',
  email: 'must be an email address, e.g. john.smith@example.com'
}

export const ajvOptions = (defaults: boolean): Options => ({
  allErrors: true,
  validateSchema: false, // the schemas are TypeBox's and tested; checking them against the meta-schema would slow every start-up
  coerceTypes: false,
  useDefaults: defaults,
  removeAdditional: false,
  allowUnionTypes: true,
  messages: false, // ours are written below
  formats: AJV_FORMATS
})

const strictAjv = new Ajv(ajvOptions(false))
let adminAjv: Ajv | undefined // made on first use: /__admin is not needed to serve the first request

const article = (type: string) => (type === 'integer' || type === 'object' || type === 'array' ? 'an' : 'a')

/** Unicode code points, as JSON Schema counts string length (without spreading a long string into an array). */
const lengthOf = (value: unknown): number => {
  if (typeof value !== 'string') return 0
  let n = value.length
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    if (code >= 0xdc00 && code <= 0xdfff && i > 0 && value.charCodeAt(i - 1) >= 0xd800 && value.charCodeAt(i - 1) <= 0xdbff) n--
  }
  return n
}

/** The known field closest to a mistyped one, if it is close enough to be a likely typo. */
const suggestField = (unknown: string, known: string[]): string | undefined => {
  // a long name is no typo of a short one, and comparing it would cost its length times theirs
  if (known.length === 0 || unknown.length > CLIENT_TEXT_MAX) return undefined
  const candidate = closest(unknown, known)
  return distance(unknown, candidate) <= Math.max(2, Math.floor(unknown.length / 4)) ? candidate : undefined
}

/** How a validator speaks of a member its schema does not know, e.g. "is not a field Masivo documents". */
export type UnknownMemberWords = string

const toViolation = (e: ErrorObject, schema: TSchema, data: unknown, unknownWords: UnknownMemberWords): Violation => {
  const at = clipPointer(e.instancePath)
  const limit = (e.params as { limit?: number }).limit
  switch (e.keyword) {
    case 'required':
      return { path: `${at}/${pointerToken(e.params.missingProperty)}`, rule: 'required', message: 'is required' }
    case 'additionalProperties': {
      const field: string = e.params.additionalProperty
      const parent = resolvePointer(schema, e.schemaPath.slice(1, -'/additionalProperties'.length)) as { properties?: object }
      const suggestion = suggestField(field, Object.keys(parent.properties ?? {}))
      const hint = suggestion === undefined ? '' : `; did you mean '${suggestion}'?`
      return { path: `${at}/${pointerToken(field)}`, rule: 'unknownField', message: `${unknownWords}${hint}` }
    }
    case 'type': {
      const types: string[] = Array.isArray(e.params.type) ? e.params.type : [e.params.type]
      const words = types.map((t) => (t === 'null' ? 'null' : `${article(t)} ${t}`)).join(' or ')
      return { path: at, rule: 'type', message: `must be ${words}` }
    }
    case 'format': {
      // a date-time of the right shape whose day does not exist says which day, not what the shape must be
      const problem = e.params.format === 'date-time' ? dateTimeProblem(resolvePointer(data, e.instancePath) as string) : undefined
      return { path: at, rule: 'format', message: problem ?? FORMAT_MESSAGES[e.params.format] ?? `must be a ${e.params.format}` }
    }
    case 'enum':
      return { path: at, rule: 'enum', message: `must be one of ${(e.params.allowedValues as unknown[]).join(', ')}` }
    case 'minLength':
      return { path: at, rule: 'minLength', message: limit === 1 ? 'must not be empty' : `must be at least ${count(limit!, 'character')} long` }
    case 'maxLength':
      return { path: at, rule: 'maxLength', message: `must be at most ${count(limit!, 'character')} long (it has ${lengthOf(resolvePointer(data, e.instancePath))})` }
    case 'minimum':
      return { path: at, rule: 'minimum', message: `must be ${limit} or more` }
    case 'maximum':
      return { path: at, rule: 'maximum', message: `must be ${limit} or less` }
    case 'minItems':
      return { path: at, rule: 'minItems', message: `must hold at least ${count(limit!, 'item')}` }
    case 'maxItems':
      return {
        path: at,
        rule: 'maxItems',
        message: `must hold at most ${count(limit!, 'item')} (it has ${(resolvePointer(data, e.instancePath) as unknown[]).length})`
      }
    default:
      return { path: at, rule: e.keyword, message: `violates the schema's ${e.keyword} rule` }
  }
}

/**
 * A compiled schema: `check` gives ajv's raw errors (none when valid), for callers that look further at
 * where the schema did not look (src/validation/structure-rules.ts); `violations` words them.
 */
export interface CompiledSchema {
  check: (data: unknown) => readonly ErrorObject[]
  violations: (errors: readonly ErrorObject[], data: unknown) => Violation[]
}

const NO_ERRORS: readonly ErrorObject[] = []

/** Keywords a schema declares for other readers, which the mock checks by its own code (schemas/customer.ts). */
const DECLARED_ONLY = new Set(['dependentRequired', 'if', 'then'])
/** Members whose values are data, not schemas: copied as they are. */
const DATA_MEMBERS = new Set(['const', 'enum', 'default', 'examples'])

/**
 * The schema as ajv compiles it: without the declared-only rules, nor a `pattern` beside a `format` (the
 * format's own check is stricter, and one violation says what is wrong).
 */
export const compilable = (node: unknown): unknown => {
  if (Array.isArray(node)) return node.map(compilable)
  if (typeof node !== 'object' || node === null) return node
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(node)) {
    if (DECLARED_ONLY.has(key) || (key === 'pattern' && 'format' in node)) continue
    if (DATA_MEMBERS.has(key)) out[key] = value
    else if (key === 'properties') out[key] = Object.fromEntries(Object.entries(value as object).map(([name, property]) => [name, compilable(property)]))
    else out[key] = compilable(value)
  }
  return out
}

const compileWith = (ajv: Ajv, documented: TSchema, unknownWords: UnknownMemberWords, prebuilt?: ValidateFunction): CompiledSchema => {
  const schema = compilable(documented) as TSchema
  const validate = prebuilt ?? ajv.compile(schema)
  return {
    check: (data) => (validate(data) ? NO_ERRORS : validate.errors!),
    violations: (errors, data) => {
      // a value of the wrong type breaks that rule alone (ajv also reports its enum, format, ... at the same path)
      const mistyped = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath))
      return errors
        .filter((e) => e.keyword === 'type' || !mistyped.has(e.instancePath))
        .map((e) => toViolation(e, schema, data, unknownWords))
    }
  }
}

/** Every object of the schema left open to unknown members (ALLOW_UNKNOWN_FIELDS=true). */
export const openUnknownFields = <T extends TSchema>(schema: T): T =>
  JSON.parse(JSON.stringify(schema), (key, value) => (key === 'additionalProperties' && value === false ? true : value))

/**
 * For the emulated API: nothing converted, nothing filled in. `prebuilt`: the schema's validator as code
 * generated at build time (src/validation/precompiled.ts), which spares compiling it.
 */
export const compileStrict = (schema: TSchema, prebuilt?: ValidateFunction): CompiledSchema =>
  compileWith(strictAjv, schema, 'is not a field Masivo documents', prebuilt)

interface SchemaNode { type?: string, properties?: Record<string, SchemaNode> }

/**
 * Query strings arrive as text: a member the schema wants as an integer becomes one when it is written as
 * a plain decimal integer. Anything else ("1e400", "Infinity", " 5", a repeated parameter) is left as it
 * came, for the validator to refuse.
 */
const convertQuery = (schema: SchemaNode, query: unknown) => {
  if (typeof query !== 'object' || query === null) return
  const members = query as Record<string, unknown>
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const text = members[name]
    if (property.type === 'integer' && typeof text === 'string' && /^-?\d{1,15}$/.test(text)) members[name] = Number(text)
    if (property.type === 'boolean' && (text === 'true' || text === 'false')) members[name] = text === 'true'
  }
}

const ADMIN_UNKNOWN_WORDS: Record<string, UnknownMemberWords> = {
  querystring: 'is not a query parameter of this endpoint',
  body: 'is not a field of this request',
  params: 'is not a parameter of this endpoint',
  headers: 'is not a header of this endpoint'
}

/** Compiled admin validators by schema and part, shared by every app of the process (the schemas are module constants). */
const adminCache = new WeakMap<object, Map<string, CompiledSchema>>()

const adminCompiled = (schema: TSchema, httpPart: string): CompiledSchema => {
  let byPart = adminCache.get(schema)
  if (byPart === undefined) adminCache.set(schema, byPart = new Map())
  let compiled = byPart.get(httpPart)
  if (compiled === undefined) byPart.set(httpPart, compiled = compileWith(adminAjv ??= new Ajv(ajvOptions(true)), schema, ADMIN_UNKNOWN_WORDS[httpPart]!))
  return compiled
}

/** Checks data that came from outside a request (a file given at start) as an admin body is checked: defaults filled in, in place. */
export const adminViolations = (schema: TSchema, data: unknown): Violation[] => {
  const compiled = adminCompiled(schema, 'body')
  const { forbidden, violations } = checkWholeStructure(data)
  if (forbidden !== undefined) return [{ path: forbidden.path, rule: 'forbiddenKey', message: `"${forbidden.key}" keys are refused` }]
  const errors = compiled.check(data)
  return [...(errors.length === 0 ? [] : compiled.violations(errors, data)), ...violations]
}

/**
 * Fastify's validator compiler for /__admin (the migrate route brings its own): defaults filled, query
 * integers converted, in place. Each validator is compiled on first use, so start-up does not wait for
 * routes no one has called yet, and once per process.
 */
export const adminValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  let compiled: CompiledSchema | undefined
  return (data: unknown) => {
    compiled ??= adminCompiled(schema, httpPart ?? 'body')
    if (httpPart === 'querystring') convertQuery(schema as SchemaNode, data)
    const structure = httpPart === 'body' ? checkWholeStructure(data) : { violations: [] }
    if (structure.forbidden !== undefined) return { error: new ERR_BODY_FORBIDDEN_KEY(structure.forbidden.key, structure.forbidden.path) }
    const errors = compiled.check(data)
    if (errors.length === 0 && structure.violations.length === 0) return true
    return { error: new ViolationsError([...compiled.violations(errors, data), ...structure.violations]) }
  }
}
