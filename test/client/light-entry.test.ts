/**
 * `masivo-migrate-mock/client` loads no server code: a child process imports it with a module hook that
 * records every module loaded, and only the client's own files and the one file of paths may appear.
 */
import t from 'tap'
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const run = promisify(execFile)

/** The modules a fresh process loads to import `entry` (relative to the repository), builtins left out. */
const modulesLoadedBy = async (entry: string): Promise<string[]> => {
  const dir = mkdtempSync(join(tmpdir(), 'masivo-light-'))
  try {
    const record = join(dir, 'loaded.txt')
    // module hooks run on their own thread: each loaded URL is appended to a file the test reads after
    const hooks = join(dir, 'hooks.mjs')
    writeFileSync(hooks, `import { appendFileSync } from 'node:fs'
export async function load (url, context, next) {
  if (!url.startsWith('node:')) appendFileSync(${JSON.stringify(record)}, url + '\\n')
  return next(url, context)
}`)
    const register = join(dir, 'register.mjs')
    writeFileSync(register, `import { register } from 'node:module'\nregister(${JSON.stringify(pathToFileURL(hooks).href)})`)
    writeFileSync(record, '')
    const script = `const client = await import(${JSON.stringify(pathToFileURL(join(ROOT, entry)).href)}); if (typeof client.MockClient !== 'function') process.exit(3)`
    await run(process.execPath, ['--import', 'tsx', '--import', pathToFileURL(register).href, '--input-type=module', '-e', script], { cwd: ROOT })
    return readFileSync(record, 'utf8').split('\n').filter((url) => url !== '')
      .map((url) => url.startsWith('file:') ? fileURLToPath(url).slice(ROOT.length) : url)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

t.test('the client entry loads the client and the paths, nothing else of the project or its dependencies', async (t) => {
  const loaded = await modulesLoadedBy('src/client/index.ts')
  const project = loaded.filter((path) => !path.startsWith('node_modules/') && !path.startsWith('data:'))
  t.same(project.sort(), ['src/client/errors.ts', 'src/client/index.ts', 'src/client/mock-client.ts', 'src/paths.ts'])
  // tsx, which runs the sources here, is the only package loaded
  t.same(loaded.filter((path) => path.startsWith('node_modules/') && !path.startsWith('node_modules/tsx/')), [])
})

t.test('the main entry, by contrast, loads the server (so the check above can fail)', async (t) => {
  const loaded = await modulesLoadedBy('src/index.ts')
  t.ok(loaded.some((path) => path.startsWith('node_modules/fastify/')), 'fastify')
  t.ok(loaded.some((path) => path.startsWith('node_modules/ajv/')), 'ajv')
})
