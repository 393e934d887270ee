/** The bin as a process: it prints and exits with the command line's answer, or serves until SIGTERM (exit 0). */
import t from 'tap'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url))

/** Runs the CLI to its end (or until `until` shows in stdout, then SIGTERM). */
const run = async (args: string[], env: Record<string, string> = {}, until?: RegExp) => {
  // the same loaders as this test (tap's TypeScript loader and coverage)
  const child = spawn(process.execPath, [...process.execArgv, CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  let signalled = false
  child.stdout.on('data', (chunk) => {
    stdout += chunk
    // once: a second SIGTERM is an impatient user's, answered by exiting at once with 1
    if (!signalled && until?.test(stdout) === true) {
      signalled = true
      child.kill('SIGTERM')
    }
  })
  child.stderr.on('data', (chunk) => { stderr += chunk })
  const [code] = await once(child, 'exit') as [number | null]
  return { code, stdout, stderr }
}

t.test('a usage error: the line on stderr, exit code 2, nothing served', async (t) => {
  t.same(await run(['--prot', '80']), { code: 2, stdout: '', stderr: "masivo-migrate-mock: unknown flag '--prot'; did you mean --port? (see masivo-migrate-mock --help)\n" })
})

t.test('serves with the flags over the environment, and exits 0 on SIGTERM', async (t) => {
  const listening = /"Server listening at http:\/\/127\.0\.0\.1:(\d+)"/
  const { code, stdout, stderr } = await run(['--port', '0', '--log-level', 'info'], { PORT: '1', LOG_LEVEL: 'silent' }, listening)
  t.equal(code, 0)
  t.equal(stderr, '')
  t.match(stdout, listening, '--port 0 over PORT=1, --log-level info over LOG_LEVEL=silent')
})
