/**
 * `masivo-migrate-mock/client` loads no server code: a fresh process imports it with a module hook that
 * records every module loaded, and only the client's own files, the paths and the words may appear.
 * test/package.test.ts checks the same of the installed package.
 */
import t from 'tap'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { withoutCoverage } from '../child-env.js'
import { modulesLoadedBy } from '../modules-loaded.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** What importing a source file loads, relative to the repository. */
const loadedFromSource = async (entry: string, exportName: string) =>
  (await modulesLoadedBy(pathToFileURL(`${ROOT}${entry}`).href, exportName, { cwd: ROOT, nodeArgs: ['--import', 'tsx'], env: withoutCoverage(process.env) }))
    .map((path) => path.startsWith(ROOT) ? path.slice(ROOT.length) : path)

t.test('the client entry loads the client and the paths, nothing else of the project or its dependencies', async (t) => {
  const loaded = await loadedFromSource('src/client/index.ts', 'MockClient')
  t.same(loaded.filter((path) => path.startsWith('src/') || path.startsWith('schemas/')).sort(),
    ['src/client/errors.ts', 'src/client/index.ts', 'src/client/mock-client.ts', 'src/paths.ts', 'src/words.ts'])
  // tsx, which runs the sources here, is the only package loaded
  t.same(loaded.filter((path) => path.startsWith('node_modules/') && !path.startsWith('node_modules/tsx/')), [])
})

t.test('the main entry, by contrast, loads the server (so the check above can fail)', async (t) => {
  const loaded = await loadedFromSource('src/index.ts', 'startMock')
  t.ok(loaded.some((path) => path.startsWith('node_modules/fastify/')), 'fastify')
  t.ok(loaded.some((path) => path.startsWith('node_modules/ajv/')), 'ajv')
})
