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

t.test('validate: reads standard input, prints the summary, exits 0 clean, 1 with violations, 2 unreadable', async (t) => {
  const validate = async (input: string) => {
    const child = spawn(process.execPath, [...process.execArgv, CLI, 'validate', '-', '--jobs', '1'], { stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => { stdout += chunk })
    child.stderr.on('data', (chunk) => { stderr += chunk })
    child.stdin.end(input)
    const [code] = await once(child, 'exit') as [number | null]
    return { code, stdout, stderr }
  }
  const customer = '{"id":"c1","name":"Ana","email":"ana@example.com","registration_date":"2023-11-07T05:31:56Z"}\n'
  const clean = await validate(customer)
  t.equal(clean.code, 0)
  t.match(clean.stdout, /^standard input \(NDJSON, customers\): 1 records read/)
  t.equal(clean.stderr, '')
  const repeated = await validate(customer + customer)
  t.equal(repeated.code, 1)
  t.match(repeated.stdout, /e\.g\. line 2: \/id repeats the id of line 1/)
  const broken = await validate(`${customer}{"id": }\n`)
  t.equal(broken.code, 2)
  t.equal(broken.stderr, 'masivo-migrate-mock validate: standard input: not JSON: unexpected character at line 2, column 8\n')
})
