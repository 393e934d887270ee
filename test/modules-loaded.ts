/** Which modules a fresh Node process loads to import one module: recorded by a module hook, builtins left out. */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)

/**
 * The files loaded (absolute paths; other URLs as they are) when a process started in `cwd` with
 * `nodeArgs` imports `specifier`, which must export `exportName`.
 */
export const modulesLoadedBy = async (specifier: string, exportName: string, { cwd, nodeArgs = [], env = process.env }: { cwd: string, nodeArgs?: string[], env?: NodeJS.ProcessEnv }): Promise<string[]> => {
  const dir = mkdtempSync(join(tmpdir(), 'masivo-loaded-'))
  try {
    const record = join(dir, 'loaded.txt')
    // hooks run on a thread of their own: each URL loaded is appended to a file read afterwards
    const hooks = join(dir, 'hooks.mjs')
    writeFileSync(hooks, `import { appendFileSync } from 'node:fs'
export async function load (url, context, next) {
  if (!url.startsWith('node:')) appendFileSync(${JSON.stringify(record)}, url + '\\n')
  return next(url, context)
}`)
    const register = join(dir, 'register.mjs')
    writeFileSync(register, `import { register } from 'node:module'\nregister(${JSON.stringify(pathToFileURL(hooks).href)})`)
    writeFileSync(record, '')
    const script = `const loaded = await import(${JSON.stringify(specifier)}); if (typeof loaded[${JSON.stringify(exportName)}] !== 'function') process.exit(3)`
    await run(process.execPath, [...nodeArgs, '--import', pathToFileURL(register).href, '--input-type=module', '-e', script], { cwd, env })
    return readFileSync(record, 'utf8').split('\n').filter((url) => url !== '').map((url) => url.startsWith('file:') ? fileURLToPath(url) : url)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
