/**
 * `__proto__` and `constructor` keys are refused anywhere in a migrate body (prototype poisoning).
 * Finding them costs almost nothing: schema validation already visits every key of every closed object
 * and reports these as unknown, so only the objects the schema leaves open (tags, metadata; everything
 * under ALLOW_UNKNOWN_FIELDS) are walked, instead of a regex pass over the whole text as
 * secure-json-parse makes (bench/README.md has what each costs).
 */
import type { TSchema } from '@sinclair/typebox'
import { lastKeyOf, pointerOf, type Violation } from './violations.js'

const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor'])

export interface ForbiddenKey {
  key: string
  /** JSON Pointer to the key. */
  path: string
}

interface Frame {
  node: unknown
  key: string | number
  parent: Frame | undefined
}

/** The first own `__proto__` or `constructor` key under `root` (at `rootTokens`), if any. */
export const findForbiddenKey = (root: unknown, rootTokens: readonly (string | number)[] = []): ForbiddenKey | undefined => {
  // an explicit stack (JSON may nest deeper than the call stack), paths spelled out only for a hit
  const stack: Frame[] = [{ node: root, key: '', parent: undefined }]
  while (stack.length > 0) {
    const frame = stack.pop()!
    const { node } = frame
    if (typeof node !== 'object' || node === null) continue
    const isArray = Array.isArray(node)
    for (const key in node) {
      if (!isArray && FORBIDDEN_KEYS.has(key)) {
        const tokens: (string | number)[] = [key]
        for (let f: Frame | undefined = frame; f?.parent !== undefined; f = f.parent) tokens.unshift(f.key)
        return { key, path: pointerOf([...rootTokens, ...tokens]) }
      }
      const child = (node as Record<string, unknown>)[key]
      if (typeof child === 'object' && child !== null) stack.push({ node: child, key, parent: frame })
    }
  }
  return undefined
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
const reach = (node: unknown, steps: readonly Step[], tokens: (string | number)[], visit: (value: unknown, tokens: readonly (string | number)[]) => boolean): boolean => {
  if (tokens.length === steps.length) return visit(node, tokens)
  const step = steps[tokens.length]!
  if (step === EACH) {
    if (!Array.isArray(node)) return false
    for (let i = 0; i < node.length; i++) {
      tokens.push(i)
      const stop = reach(node[i], steps, tokens, visit)
      tokens.pop()
      if (stop) return true
    }
    return false
  }
  if (typeof node !== 'object' || node === null || !Object.hasOwn(node, step)) return false
  tokens.push(step)
  const stop = reach((node as Record<string, unknown>)[step], steps, tokens, visit)
  tokens.pop()
  return stop
}

/** For bodies just validated against `schema`: the forbidden key among its violations or in its open objects. */
export const forbiddenKeyFinder = (schema: TSchema) => {
  const open = openObjects(schema as SchemaNode)
  return (body: unknown, violations: readonly Violation[]): ForbiddenKey | undefined => {
    for (const v of violations) {
      const key = lastKeyOf(v.path)
      if (v.rule === 'unknownField' && FORBIDDEN_KEYS.has(key)) return { key, path: v.path }
    }
    let found: ForbiddenKey | undefined
    for (const steps of open) {
      reach(body, steps, [], (value, tokens) => (found = findForbiddenKey(value, tokens)) !== undefined)
      if (found !== undefined) return found
    }
    return undefined
  }
}
