/**
 * Rules on a body's structure, checked where the schema does not look: the objects it leaves open (tags,
 * metadata; everything under ALLOW_UNKNOWN_FIELDS), the values of unknown fields and values of the wrong
 * type. Everywhere else the schema has visited every key (a forbidden key there is an unknown field) and
 * bounds the depth. This spares a pass over the whole text for what is almost never there (bench/README.md).
 * - `__proto__` and `constructor` keys are refused anywhere (prototype poisoning); the first one found
 *   answers the request on its own (MOCK_ERR_BODY_FORBIDDEN_KEY);
 * - nesting past MAX_DEPTH levels is a `maxDepth` violation: such a value could not be written back out
 *   (JSON.stringify recurses) when the batch is read.
 */
import type { ErrorObject } from 'ajv'
import type { TSchema } from '@sinclair/typebox'
import { pointerOf, resolvePointer, unescapeToken, type Violation } from './violations.js'

/** The deepest a value may nest, counting the body itself as level 1. */
export const MAX_DEPTH = 64

const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor'])

type Token = string | number

export interface StructureFindings {
  /** The first forbidden key found: its name and JSON Pointer. */
  forbidden?: { key: string, path: string }
  /** maxDepth violations, one per subtree that nests too deep. */
  violations: Violation[]
}

interface Frame {
  node: unknown
  key: Token
  parent: Frame | undefined
  depth: number
}

const tokensOf = (frame: Frame, rootTokens: readonly Token[]): Token[] => {
  const tokens: Token[] = []
  for (let f: Frame | undefined = frame; f?.parent !== undefined; f = f.parent) tokens.unshift(f.key)
  return [...rootTokens, ...tokens]
}

/**
 * Walks the value at `rootTokens` (an explicit stack: it may nest deeper than the call stack); stops at
 * the first forbidden key, reports the first container past MAX_DEPTH and does not go below it.
 */
const walk = (root: unknown, rootTokens: readonly Token[], findings: StructureFindings) => {
  const stack: Frame[] = [{ node: root, key: '', parent: undefined, depth: rootTokens.length + 1 }]
  let tooDeep = false
  while (stack.length > 0) {
    const frame = stack.pop()!
    const { node, depth } = frame
    if (typeof node !== 'object' || node === null) continue
    if (depth > MAX_DEPTH) {
      if (!tooDeep) {
        findings.violations.push({ path: pointerOf(tokensOf(frame, rootTokens)), rule: 'maxDepth', message: `nests deeper than ${MAX_DEPTH} levels` })
        tooDeep = true
      }
      continue
    }
    const isArray = Array.isArray(node)
    for (const key in node) {
      if (!isArray && FORBIDDEN_KEYS.has(key)) {
        findings.forbidden = { key, path: pointerOf([...tokensOf(frame, rootTokens), key]) }
        return
      }
      const child = (node as Record<string, unknown>)[key]
      if (typeof child === 'object' && child !== null) stack.push({ node: child, key: isArray ? Number(key) : key, parent: frame, depth: depth + 1 })
    }
  }
}

type Step = string | typeof EACH
const EACH = Symbol('each item')

interface SchemaNode {
  type?: string | string[]
  properties?: Record<string, SchemaNode>
  additionalProperties?: unknown
  items?: SchemaNode
}

/** Where a schema leaves objects open: the steps (property names, EACH for array items) to reach each. */
const openObjects = (schema: SchemaNode, steps: Step[] = []): Step[][] => {
  if (schema.type === 'array' && schema.items !== undefined) return openObjects(schema.items, [...steps, EACH])
  if (schema.type !== 'object') return []
  if (schema.additionalProperties !== false) return [steps]
  return Object.entries(schema.properties ?? {}).flatMap(([name, property]) => openObjects(property, [...steps, name]))
}

/** Calls `visit` with each value the steps reach from `node`, and the tokens of its path. */
const reach = (node: unknown, steps: readonly Step[], tokens: Token[], visit: (value: unknown, tokens: readonly Token[]) => void) => {
  if (tokens.length === steps.length) {
    visit(node, tokens)
    return
  }
  const step = steps[tokens.length]!
  if (step === EACH) {
    if (!Array.isArray(node)) return
    for (let i = 0; i < node.length; i++) {
      tokens.push(i)
      reach(node[i], steps, tokens, visit)
      tokens.pop()
    }
    return
  }
  if (typeof node !== 'object' || node === null || !Object.hasOwn(node, step)) return
  tokens.push(step)
  reach((node as Record<string, unknown>)[step], steps, tokens, visit)
  tokens.pop()
}

/** The tokens of one of ajv's instance paths. */
const tokensOfPath = (instancePath: string): Token[] => instancePath.split('/').slice(1).map(unescapeToken)

/** For bodies just checked against `schema`: what its errors and its open objects hold. */
export const structureChecker = (schema: TSchema) => {
  const open = openObjects(schema as SchemaNode)
  return (body: unknown, errors: readonly ErrorObject[]): StructureFindings => {
    const findings: StructureFindings = { violations: [] }
    for (const e of errors) {
      if (e.keyword !== 'additionalProperties') continue
      const key: string = e.params.additionalProperty
      if (FORBIDDEN_KEYS.has(key)) return { forbidden: { key, path: pointerOf([...tokensOfPath(e.instancePath), key]) }, violations: [] }
    }
    for (const steps of open) {
      reach(body, steps, [], (value, tokens) => { if (findings.forbidden === undefined) walk(value, tokens, findings) })
      if (findings.forbidden !== undefined) return findings
    }
    // the schema did not look inside unknown fields, nor inside values of the wrong type
    for (const e of errors) {
      const at = tokensOfPath(e.instancePath)
      if (e.keyword === 'additionalProperties') {
        const key: string = e.params.additionalProperty
        walk((resolvePointer(body, e.instancePath) as Record<string, unknown>)[key], [...at, key], findings)
      } else if (e.keyword === 'type') {
        walk(resolvePointer(body, e.instancePath), at, findings)
      }
      if (findings.forbidden !== undefined) return findings
    }
    return findings
  }
}

/** For a small body (an admin request's): the rules checked everywhere in it. */
export const checkWholeStructure = (body: unknown): StructureFindings => {
  const findings: StructureFindings = { violations: [] }
  walk(body, [], findings)
  return findings
}
