/**
 * The package as a user gets it: `npm pack`, installed in an empty project outside this repository with no
 * engine warning, where every entry imports under plain node (the client entry loading no server module),
 * the guides' examples and a consumer type-check under `tsc --strict` (moduleResolution node16 and
 * bundler) and run, the example suites run as their runners run them (vitest files in parallel, Jest,
 * node:test), and the CLI serves and stops on SIGTERM.
 */
import t from 'tap'
import { execFile, spawn } from 'node:child_process'
import { once } from 'node:events'
import { copyFileSync, cpSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { withoutCoverage } from './child-env.js'
import { modulesLoadedBy } from './modules-loaded.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const run = promisify(execFile)
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string, devDependencies: Record<string, string> }

// packing builds (prepare), installing fetches the dependencies: minutes on a cold cache
t.setTimeout(600_000)

const project = mkdtempSync(join(tmpdir(), 'masivo-mock-consumer-'))
t.teardown(() => rmSync(project, { recursive: true, force: true }))
// a child's environment without tap's loaders: the consumer runs plain node
// (nor its coverage: the build, which packing runs, loads the sources through tsx)
const env = withoutCoverage(Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('NODE_OPTIONS') && !name.startsWith('TAP') && !name.startsWith('_TAPJS'))))
const inProject = async (command: string, args: string[]) => run(command, args, { cwd: project, env, maxBuffer: 64 * 1024 * 1024 })

let tarball = ''

t.test('npm pack makes a small tarball of the built entries, the license, the README and its guides', async (t) => {
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', project], { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024 })
  const [packed] = JSON.parse(stdout.slice(stdout.indexOf('['))) as { filename: string, size: number, files: { path: string }[] }[]
  tarball = join(project, packed!.filename)
  const paths = packed!.files.map((f) => f.path)
  for (const path of ['package.json', 'LICENSE', 'README.md', 'dist/mock.mjs', 'dist/lib/src/index.d.ts', 'dist/lib/schemas/index.js',
    'dist/lib/schemas/index.d.ts', 'dist/lib/src/testcontainers/index.js', 'dist/lib/src/testcontainers/index.d.ts', 'dist/lib/src/cli.js',
    'dist/lib/src/validate/worker.js', 'dist/lib/src/client/index.js', 'dist/cjs/client.cjs', 'dist/cjs/jest.cjs', 'dist/cjs/jest-global-setup.cjs',
    'dist/lib/src/runners/vitest.js', 'dist/lib/src/runners/node-test.js', 'docs/testing.md', 'docs/dashboard.png']) {
    t.ok(paths.includes(path), path)
  }
  t.notOk(paths.some((path) => /^(src|test|bench|scripts|examples)\//.test(path) || (path.endsWith('.ts') && !path.endsWith('.d.ts'))), 'no sources, tests or scripts')
  // the main entry is one bundled file (a start reads it instead of some 600 modules): most of the size
  t.ok(statSync(tarball).size < 1_000_000, `${statSync(tarball).size} bytes`)
  t.comment(`tarball: ${statSync(tarball).size} bytes, ${paths.length} files`)
})

t.test('installed in an empty project with no engine warning, then what a consumer brings', async (t) => {
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }))
  const alone = await inProject('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball])
  t.notMatch(`${alone.stdout}${alone.stderr}`, /EBADENGINE/, `no engine warning on Node ${process.version}`)
  const pin = (name: string) => `${name}@${manifest.devDependencies[name]}`
  await inProject('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', pin('typescript'), pin('@types/node'), pin('vitest'), pin('testcontainers'), pin('jest')])
  t.pass('installed')
})

t.test('every entry imports under plain node', async (t) => {
  const script = `
    const main = await import('masivo-migrate-mock')
    const schemas = await import('masivo-migrate-mock/schemas')
    const containers = await import('masivo-migrate-mock/testcontainers')
    const client = await import('masivo-migrate-mock/client')
    const jest = await import('masivo-migrate-mock/jest')
    const nodeTest = await import('masivo-migrate-mock/node-test')
    const { createRequire } = await import('node:module')
    const require = createRequire(process.cwd() + '/')
    const jestCommonJs = require('masivo-migrate-mock/jest')
    console.log(JSON.stringify({
      client: ['MockClient', 'MockApiError', 'MockTimeoutError'].filter((name) => client[name] !== main[name]),
      runners: [jest, nodeTest, jestCommonJs].map((m) => ['accountClient', 'mockUrl', 'mockClient', 'MockClient'].filter((name) => typeof m[name] !== 'function')).flat(),
      commonJsSetup: [require('masivo-migrate-mock/jest/global-setup'), require('masivo-migrate-mock/jest/global-teardown')].map((m) => typeof m.default),
      main: ['startMock', 'MockClient', 'MockApiError', 'MockTimeoutError', 'buildApp', 'loadConfig', 'checkMigrateRequest'].filter((name) => typeof main[name] !== 'function'),
      schemas: ['Customer', 'BalanceItem', 'MigrateAccepted', 'ErrorBody', 'BatchDetail', 'Fault'].filter((name) => typeof schemas[name] !== 'object'),
      containers: ['MasivoMockContainer', 'StartedMasivoMockContainer'].filter((name) => typeof containers[name] !== 'function'),
      version: main.VERSION
    }))`
  const { stdout } = await inProject(process.execPath, ['--input-type=module', '-e', script])
  t.same(JSON.parse(stdout), { client: [], runners: [], commonJsSetup: ['function', 'function'], main: [], schemas: [], containers: [], version: manifest.version },
    'nothing missing; one MockClient for the main entry and the client entry')
})

t.test('the client entry, installed, loads no server module', async (t) => {
  const installed = realpathSync(join(project, 'node_modules'))
  const loaded = (await modulesLoadedBy('masivo-migrate-mock/client', 'MockClient', { cwd: project, env }))
    .map((path) => path.startsWith(installed) ? path.slice(installed.length + 1) : path)
  t.same(loaded.sort(), ['masivo-migrate-mock/dist/lib/src/client/errors.js', 'masivo-migrate-mock/dist/lib/src/client/index.js',
    'masivo-migrate-mock/dist/lib/src/client/mock-client.js', 'masivo-migrate-mock/dist/lib/src/paths.js', 'masivo-migrate-mock/dist/lib/src/words.js'])
})

t.test("the guides' examples and a consumer type-check under tsc --strict, node16 and bundler", async (t) => {
  for (const example of ['node-test.test.ts', 'rehearsal.test.ts', 'vitest.test.ts', 'testcontainers.test.ts']) copyFileSync(join(ROOT, 'examples', example), join(project, example))
  for (const suite of ['vitest-suite', 'jest-suite', 'node-test-suite']) cpSync(join(ROOT, 'examples', suite), join(project, suite), { recursive: true })
  writeFileSync(join(project, 'consumer.ts'), `
    import { buildApp, loadConfig, MockTimeoutError, startMock, type Config, type MockClient, type StartMockOptions } from 'masivo-migrate-mock'
    import { Customer, type MigrateRequest, type BatchDetail } from 'masivo-migrate-mock/schemas'
    import { MockClient as LightClient } from 'masivo-migrate-mock/client'
    // every read-back typed from the schemas: no cast
    export const reads = async (client: LightClient): Promise<Array<string | number | undefined>> => {
      const batch = await client.batch('b')
      const view = await client.customer('c')
      const amounts: number[] = view?.transactions.flatMap((entry) => entry.transactions.map((t) => t.amount)) ?? []
      const events: string[] = view?.events.flatMap((entry) => entry.events.map((e) => e.order.purchase_id)) ?? []
      const outcome: 'created' | 'updated' | 'rejected' | 'applied' | 'queued' | undefined = batch?.results[0]?.outcome
      const byKind = batch?.kind === 'transactions' ? batch.customers[0]?.transactions[0]?.reward_id : undefined
      const { requests } = await client.requests()
      return [batch?.customers[0]?.email, view?.customer.email, view?.customer.balance?.[0]?.amount, outcome, byKind, ...amounts, ...events,
        requests[0]?.violations?.[0]?.path, (await client.stats()).queued_batches]
    }
    const options: StartMockOptions = { maxBatchSize: 10, rateLimit: 'masivo', authTokens: ['a'] }
    const config: Config = loadConfig({ PORT: '0' })
    export const built = buildApp(config)
    export const body: MigrateRequest = { customers: [{ id: 'c', name: 'n', email: 'e@example.com', registration_date: '2024-01-01T00:00:00Z' }] }
    export const title: string | undefined = Customer.title
    export const later = async (): Promise<BatchDetail | undefined> => {
      await using mock = await startMock(options)
      const client: MockClient = mock.client
      try { await client.waitForBatches({ minCount: 1, timeoutMs: 10 }) } catch (err) { if (!(err instanceof MockTimeoutError)) throw err }
      return client.batch('id')
    }
  `)
  const common = { strict: true, target: 'ES2022', lib: ['ES2022', 'esnext.disposable', 'DOM'], types: ['node'], noEmit: true, skipLibCheck: false }
  for (const [name, resolution] of [['node16', { module: 'node16', moduleResolution: 'node16' }], ['bundler', { module: 'esnext', moduleResolution: 'bundler' }]] as const) {
    writeFileSync(join(project, `tsconfig.${name}.json`), JSON.stringify({ compilerOptions: { ...common, ...resolution }, include: ['*.ts', 'vitest-suite/*.ts', 'node-test-suite/*.ts'] }))
    const checked = await inProject(process.execPath, ['node_modules/typescript/bin/tsc', '-p', `tsconfig.${name}.json`]).then(() => '', (err: { stdout: string }) => err.stdout)
    t.equal(checked, '', `moduleResolution ${name}: no error`)
  }
})

t.test('the node:test, rehearsal and vitest examples run: a batch, a fault, a long poll, the clock, reference data', async (t) => {
  writeFileSync(join(project, 'tsconfig.emit.json'), JSON.stringify({
    compilerOptions: { strict: true, target: 'ES2022', module: 'node16', moduleResolution: 'node16', types: ['node'], outDir: 'out' },
    files: ['node-test.test.ts', 'rehearsal.test.ts']
  }))
  await inProject(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.emit.json'])
  const nodeTest = await inProject(process.execPath, ['--test', 'out/node-test.test.js'])
  t.match(nodeTest.stdout, /# pass 2\n# fail 0/)
  const rehearsal = await inProject(process.execPath, ['--test', 'out/rehearsal.test.js'])
  t.match(rehearsal.stdout, /# pass 4\n# fail 0/)
  const vitest = await inProject(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', 'vitest.test.ts'])
  t.match(vitest.stdout, /Tests +1 passed/)
})

t.test('the vitest suite: its files in parallel, one mock from the globalSetup, an account per test', async (t) => {
  const { stdout } = await inProject(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--root', 'vitest-suite'])
  t.match(stdout, /Test Files +3 passed \(3\)/)
  t.match(stdout, /Tests +7 passed \(7\)/)
})

t.test('the Jest suite: CommonJS test files, one mock from the globalSetup', async (t) => {
  const { stdout, stderr } = await inProject(process.execPath, ['node_modules/jest/bin/jest.js', '--config', 'jest-suite/jest.config.js', '--rootDir', 'jest-suite'])
  t.match(`${stdout}${stderr}`, /Tests: +3 passed, 3 total/)
})

t.test('the node:test suite: two files in two processes, one mock started by exec', async (t) => {
  writeFileSync(join(project, 'tsconfig.suite.json'), JSON.stringify({
    compilerOptions: { strict: true, target: 'ES2022', module: 'node16', moduleResolution: 'node16', types: ['node'], lib: ['ES2022', 'DOM'], outDir: 'out-suite' },
    include: ['node-test-suite/*.ts']
  }))
  await inProject(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.suite.json'])
  const { stdout } = await inProject('npx', ['--no-install', 'masivo-migrate-mock', 'exec', '--', process.execPath, '--test', 'out-suite/customers.test.js', 'out-suite/isolation.test.js'])
  t.match(stdout, /# pass 2\n# fail 0/)
  const urls = new Set([...stdout.matchAll(/shared mock: (\S+)/g)].map((m) => m[1]))
  t.equal(urls.size, 1, `both files talked to one mock: ${[...urls].join(', ')}`)
})

t.test('a second startMock in a process starts far faster than the first', async (t) => {
  const script = `
    import { startMock } from 'masivo-migrate-mock'
    const times = []
    for (let i = 0; i < 12; i++) { const began = performance.now(); const mock = await startMock(); times.push(performance.now() - began); await mock.close() }
    console.log(JSON.stringify(times))`
  writeFileSync(join(project, 'starts.mjs'), script)
  const [first, ...rest] = JSON.parse((await inProject(process.execPath, ['starts.mjs'])).stdout) as number[]
  // the median of eleven later starts: one slow moment of this shared machine moves it little
  const second = rest.sort((a, b) => a - b)[5]!
  t.comment(`startMock: first ${first!.toFixed(1)} ms, then a median of ${second.toFixed(1)} ms`)
  t.ok(second < first! / 3, `${second.toFixed(1)} ms after ${first!.toFixed(1)} ms`)
})

t.test('the CLI: --version, and serving until SIGTERM, exit 0', async (t) => {
  t.equal((await inProject('npx', ['--no-install', 'masivo-migrate-mock', '--version'])).stdout, `${manifest.version}\n`)
  const child = spawn(join(project, 'node_modules/.bin/masivo-migrate-mock'), ['--port', '0', '--log-level', 'info', '--auth-tokens', 'test-token'], { cwd: project, env, stdio: ['ignore', 'pipe', 'pipe'] })
  const exited = once(child, 'exit') as Promise<[number | null, string | null]>
  let stdout = ''
  child.stdout.on('data', (chunk) => { stdout += chunk })
  for (let k = 0; k < 200 && !/Server listening at/.test(stdout); k++) await new Promise((resolve) => setTimeout(resolve, 50))
  const port = Number(/Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(stdout)?.[1])
  t.equal((await fetch(`http://127.0.0.1:${port}/health`)).status, 200)
  const page = await fetch(`http://127.0.0.1:${port}/__admin/ui`)
  t.equal(page.status, 200, 'the dashboard, from the installed package')
  t.match(await page.text(), /\/__admin\/ui\/app\.js/)
  t.equal((await fetch(`http://127.0.0.1:${port}/__admin/ui/app.js`)).status, 200)
  child.kill('SIGTERM')
  t.same(await exited, [0, null])
})

t.test('the CLI validates an export with its worker threads, from the installed package', async (t) => {
  const customer = { id: 'c1', name: 'Ana', email: 'ana@example.com', registration_date: '2023-11-07T05:31:56Z' }
  writeFileSync(join(project, 'export.ndjson'), `${JSON.stringify(customer)}\n${JSON.stringify({ ...customer, id: 'c2', email: 'bad' })}\n`)
  const failed = await inProject('npx', ['--no-install', 'masivo-migrate-mock', 'validate', 'export.ndjson', '--jobs', '2']).then(() => undefined, (err: { code: number, stdout: string }) => err)
  t.equal(failed?.code, 1)
  t.match(failed?.stdout, /export\.ndjson \(NDJSON, customers\): 2 records read[^]*1 × format at \/email/)
})
