/** The error catalog: every code is unique, answered in the body, and listed in docs/errors.md with its status. */
import t from 'tap'
import { readFileSync } from 'node:fs'
import * as catalog from '../src/errors.js'

interface Entry { code: string, statusCode: number }

/** Every error of the catalog, made once to read its code and status (arguments do not matter here). */
const entries: Entry[] = [
  ...Object.entries(catalog)
    .filter(([name]) => name.startsWith('ERR_'))
    .map(([, make]) => new (make as new (...args: unknown[]) => Entry)('x', 'y')),
  new catalog.ViolationsError([])
]

t.test('every code is unique and starts with the catalog prefix', async (t) => {
  const codes = entries.map((e) => e.code)
  t.equal(new Set(codes).size, codes.length)
  for (const code of codes) t.ok(code.startsWith(catalog.CATALOG_PREFIX), code)
})

t.test('the error codes guide lists every code with its status, and no other', async (t) => {
  const section = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8')
  const rows = [...section.matchAll(/^\| `(MOCK_ERR_[A-Z0-9_]+)` \| (\d{3}|[^|]+?) \|/gm)].map((m) => [m[1], m[2]])
  const documented = Object.fromEntries(rows)
  t.same(Object.keys(documented).sort(), entries.map((e) => e.code).sort())
  for (const { code, statusCode } of entries) {
    if (code === 'MOCK_ERR_FAULT_INJECTED') t.equal(documented[code], "the fault's", code)
    else t.equal(documented[code], String(statusCode), code)
  }
})
