/**
 * What a vitest suite pays for the mock: 20 test files, run as vitest runs them (each file in a worker of
 * its own, in parallel), four ways, alternating, each the median of its rounds:
 * - shared: one mock for the run (the `masivo-migrate-mock/vitest` globalSetup), files reading back through
 *   the client entry, against the same files talking to a bare Fastify that a globalSetup of the same kind starts;
 * - per file: each file starts its own `startMock()`, against each file starting its own bare Fastify;
 * and both mock variants as the package was before issue 21 (its main entry unbundled, its validators
 * compiled at start, no client entry: the files took MockClient from the main entry), for the same run's before.
 * Each file sends a customer, reads its batch back and sends a refused batch. The suite is written into
 * bench/suites.tmp/ (inside the package, so `masivo-migrate-mock` resolves to its own built entries).
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const DIR = join(ROOT, 'bench/suites.tmp')
const FILES = 20

/** The bare server: the two routes the files use, an answer each, no validation. */
const BARE_SERVER = `import Fastify from 'fastify'
export const startBare = async () => {
  const app = Fastify()
  const batches = new Map()
  app.post('/api/storefront/v1/customers/migrate', async (request, reply) => {
    if (!String(request.body.customers[0].email).includes('@')) return reply.code(400).send({ error: 'Bad Request', details: '1 violation' })
    const id = String(batches.size + 1)
    batches.set(id, { id, customers: request.body.customers })
    return reply.code(202).send({ batch_id: id })
  })
  app.get('/__admin/batches/:id', async (request) => batches.get(request.params.id))
  await app.listen({ port: 0, host: '127.0.0.1' })
  return { url: 'http://127.0.0.1:' + app.server.address().port, close: () => app.close() }
}
`

/** The work of one file, against the mock through its client, or against the bare server through fetch. */
const work = (client: 'mock' | 'bare') => client === 'mock'
  ? `
  const { batch_id: id } = await mock.migrate({ customers: [{ id: 'c-1', name: 'Ana', email: 'ana@example.com', registration_date: '2024-01-01T00:00:00Z' }] })
  expect((await mock.batch(id))?.customers[0]?.email).toBe('ana@example.com')
  await expect(mock.migrate({ customers: [{ id: 'c-2', name: 'Bo', email: 'bo', registration_date: '2024-01-01T00:00:00Z' }] })).rejects.toThrow(/400/)`
  : `
  const post = (customer) => fetch(url + '/api/storefront/v1/customers/migrate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ customers: [customer] }) })
  const { batch_id: id } = await (await post({ id: 'c-1', name: 'Ana', email: 'ana@example.com', registration_date: '2024-01-01T00:00:00Z' })).json()
  expect((await (await fetch(url + '/__admin/batches/' + id)).json()).customers[0].email).toBe('ana@example.com')
  expect((await post({ id: 'c-2', name: 'Bo', email: 'bo', registration_date: '2024-01-01T00:00:00Z' })).status).toBe(400)`

const VARIANTS = {
  sharedMock: {
    setup: "export { default } from 'masivo-migrate-mock/vitest'\n",
    file: `import { expect, test } from 'vitest'\nimport { accountClient } from 'masivo-migrate-mock/vitest'\ntest('a batch', async () => {\n  const mock = await accountClient()${work('mock')}\n})\n`
  },
  sharedBare: {
    setup: "import { startBare } from '../bare-server.mjs'\nexport default async ({ provide }) => { const bare = await startBare(); provide('url', bare.url); return () => bare.close() }\n",
    file: `import { expect, inject, test } from 'vitest'\ntest('a batch', async () => {\n  const url = inject('url')${work('bare')}\n})\n`
  },
  perFileMock: {
    file: `import { afterAll, beforeAll, expect, test } from 'vitest'\nimport { startMock } from 'masivo-migrate-mock'\nlet running\nbeforeAll(async () => { running = await startMock() })\nafterAll(() => running.close())\ntest('a batch', async () => {\n  const mock = running.client.forAccount('t')${work('mock')}\n})\n`
  },
  sharedMockBefore: {
    setup: "import { startMock } from '../../../dist/lib/src/index.js'\nexport default async ({ provide }) => { const mock = await startMock(); provide('url', mock.url); return () => mock.close() }\n",
    file: `import { expect, inject, test } from 'vitest'\nimport { MockClient } from '../../../dist/lib/src/index.js'\ntest('a batch', async () => {\n  const mock = new MockClient(inject('url'), { token: 't' })${work('mock')}\n})\n`
  },
  perFileMockBefore: {
    file: `import { afterAll, beforeAll, expect, test } from 'vitest'\nimport { startMock } from '../../../dist/lib/src/index.js'\nlet running\nbeforeAll(async () => { running = await startMock() })\nafterAll(() => running.close())\ntest('a batch', async () => {\n  const mock = running.client.forAccount('t')${work('mock')}\n})\n`
  },
  perFileBare: {
    file: `import { afterAll, beforeAll, expect, test } from 'vitest'\nimport { startBare } from '../bare-server.mjs'\nlet bare\nbeforeAll(async () => { bare = await startBare() })\nafterAll(() => bare.close())\ntest('a batch', async () => {\n  const url = bare.url${work('bare')}\n})\n`
  }
} satisfies Record<string, { setup?: string, file: string }>
type Variant = keyof typeof VARIANTS

const write = () => {
  rmSync(DIR, { recursive: true, force: true })
  mkdirSync(DIR, { recursive: true })
  writeFileSync(join(DIR, 'bare-server.mjs'), BARE_SERVER)
  for (const [name, { file, ...rest }] of Object.entries(VARIANTS)) {
    const folder = join(DIR, name)
    mkdirSync(folder)
    const setup = 'setup' in rest ? rest.setup : undefined
    if (setup !== undefined) writeFileSync(join(folder, 'setup.mjs'), setup)
    // the package's built files loaded by Node as they are, as vitest loads a package from node_modules (it
    // would otherwise transform them, being inside the project)
    const config = `${setup === undefined ? '' : "globalSetup: ['./setup.mjs'], "}include: ['*.test.mjs'], server: { deps: { external: [/\\/dist\\//] } }`
    writeFileSync(join(folder, 'vitest.config.mjs'), `export default { test: { ${config} } }\n`)
    for (let i = 0; i < FILES; i++) writeFileSync(join(folder, `file-${String(i).padStart(2, '0')}.test.mjs`), file)
  }
}

/** Milliseconds of one `vitest run` of a variant's 20 files. */
const runOnce = (variant: Variant): number => {
  const began = performance.now()
  const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--root', join(DIR, variant)], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })
  const ms = performance.now() - began
  if (run.status !== 0 || !new RegExp(`Tests +${FILES} passed`).test(run.stdout)) throw new Error(`suites, ${variant}: ${run.stdout}${run.stderr}`)
  return ms
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

/** The variants, alternating, `rounds` times; medians and the ratios. */
export const suitesCase = (rounds = 5) => {
  write()
  try {
    const samples = Object.fromEntries(Object.keys(VARIANTS).map((name) => [name, []])) as unknown as Record<Variant, number[]>
    for (const variant of Object.keys(VARIANTS) as Variant[]) runOnce(variant) // warm the disk cache
    for (let i = 0; i < rounds; i++) for (const variant of Object.keys(VARIANTS) as Variant[]) samples[variant].push(runOnce(variant))
    const ms = Object.fromEntries(Object.entries(samples).map(([name, xs]) => [name, median(xs)])) as Record<Variant, number>
    return {
      files: FILES,
      rounds,
      ms,
      shared: ms.sharedMock / ms.sharedBare,
      perFile: ms.perFileMock / ms.perFileBare,
      sharedBefore: ms.sharedMockBefore / ms.sharedBare,
      perFileBefore: ms.perFileMockBefore / ms.perFileBare,
      samples
    }
  } finally {
    rmSync(DIR, { recursive: true, force: true })
  }
}
