/**
 * The validators generated at build time (src/validation/standalone-code.ts, put in the bundles by
 * scripts/bundle.mjs) answer exactly as the ones compiled at run time: the same errors, in the same order,
 * for valid bodies and for bodies that break many rules at once.
 */
import t from 'tap'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { ValidateFunction } from 'ajv'
import { BATCH_KINDS, MASIVO_MAX_BATCH_SIZE, type BatchKind } from '../../schemas/migrate.js'
import { batchSchema } from '../../src/validation/batch-validator.js'
import { compileStrict } from '../../src/validation/schema-validator.js'
import { standaloneValidators } from '../../src/validation/standalone-code.js'
import { batchOf, entriesOf, fullEvents, fullTransactions } from '../fixtures.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

const generated = async (): Promise<Record<BatchKind, ValidateFunction>> => {
  const dir = mkdtempSync(join(tmpdir(), 'masivo-standalone-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, 'precompiled.mjs')
  // the bundler resolves the generated code's require() of Ajv's runtime; a module run from a file needs one
  const prelude = `import { createRequire } from 'node:module'; const require = createRequire(${JSON.stringify(join(ROOT, 'package.json'))});\n`
  writeFileSync(file, prelude + standaloneValidators(pathToFileURL(join(ROOT, 'src/validation/formats.ts')).href))
  return (await import(pathToFileURL(file).href)).PRECOMPILED
}

const broken = (body: { customers: Record<string, unknown>[] }) => ({
  customers: body.customers.map((entry, i) => {
    const out: Record<string, unknown> = JSON.parse(JSON.stringify(entry))
    if (i % 4 === 0) out.id = ''
    if (i % 4 === 1) out.email = 'not-an-email'
    if (i % 4 === 2) out.registration_date = '2024-02-30T00:00:00Z'
    out.unknown_field = i
    for (const key of ['transactions', 'events']) if (Array.isArray(out[key])) (out[key] as Record<string, unknown>[])[0]!.amount = 'ten'
    return out
  })
})

const BODIES: Record<BatchKind, unknown[]> = {
  customers: [batchOf(3), broken(batchOf(4)), { customers: [] }, { customers: 'none' }, null, { customers: [{}], extra: 1 }],
  transactions: [entriesOf(3, fullTransactions), broken(entriesOf(4, fullTransactions)), { customers: [{ id: 'c', transactions: [] }] }],
  events: [entriesOf(3, fullEvents), broken(entriesOf(4, fullEvents)), { customers: [{ id: 'c', events: [{}] }] }]
}

t.test('each kind: the generated validator gives the errors the compiled one gives', async (t) => {
  const precompiled = await generated()
  t.same(Object.keys(precompiled).sort(), [...BATCH_KINDS].sort())
  for (const kind of BATCH_KINDS) {
    const schema = batchSchema(kind, MASIVO_MAX_BATCH_SIZE)
    const atRunTime = compileStrict(schema)
    const atBuildTime = compileStrict(schema, precompiled[kind])
    for (const [i, body] of BODIES[kind].entries()) {
      const expected = atRunTime.check(body)
      t.same(atBuildTime.check(body), expected, `${kind} body ${i}: ${expected.length} errors`)
      t.same(atBuildTime.violations(atBuildTime.check(body), body), atRunTime.violations(expected, body))
    }
  }
})
