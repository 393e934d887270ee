/** The bin as a process: it prints and exits with the command line's answer, or serves until SIGTERM (exit 0). */
import t from 'tap'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer, type AddressInfo } from 'node:net'
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
  t.equal(stderr, `masivo-migrate-mock: listening on http://127.0.0.1:${listening.exec(stdout)?.[1]}\n`, 'where it listens, on stderr')
  t.match(stdout, listening, '--port 0 over PORT=1, --log-level info over LOG_LEVEL=silent')
})

t.test('says where it listens on stderr at every log level, silent included', async (t) => {
  const child = spawn(process.execPath, [...process.execArgv, CLI, '--port', '0', '--log-level', 'silent'], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  let stdout = ''
  child.stdout.on('data', (chunk) => { stdout += chunk })
  const port = await new Promise<string>((resolve) => child.stderr.on('data', (chunk) => {
    stderr += chunk
    const found = /listening on http:\/\/127\.0\.0\.1:(\d+)\n/.exec(stderr)
    if (found !== null) resolve(found[1]!)
  }))
  t.equal((await fetch(`http://127.0.0.1:${port}/health`)).status, 200, 'the URL printed is the one served')
  child.kill('SIGTERM')
  t.same(await once(child, 'exit'), [0, null])
  t.equal(stdout, '', 'no log line')
})

t.test('a port in use: one readable line on stderr, exit code 1', async (t) => {
  const taken = createServer()
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
  t.teardown(() => taken.close())
  const { port } = taken.address() as AddressInfo
  const { code, stderr } = await run(['--port', String(port), '--log-level', 'silent'])
  t.equal(code, 1)
  t.equal(stderr, `masivo-migrate-mock: cannot listen on 127.0.0.1:${port}: the port is in use (choose another with --port or PORT, or 0 for a free one)\n`)
})

t.test('exec: a mock for the length of a command, its URL in MASIVO_MOCK_URL, the command\'s exit code', async (t) => {
  const script = "const r = await fetch(process.env.MASIVO_MOCK_URL + '/health'); console.log(process.env.MASIVO_MOCK_URL, r.status); process.exit(7)"
  const { code, stdout, stderr } = await run(['exec', '--max-batch-size', '5', '--', process.execPath, '--input-type=module', '-e', script], { PORT: '1' })
  t.equal(code, 7, "the command's exit code")
  const url = /^(http:\/\/127\.0\.0\.1:\d+) 200\n$/.exec(stdout)?.[1]
  t.ok(url, `the command reached the mock: ${stdout}`)
  t.equal(stderr, `masivo-migrate-mock: listening on ${url}\n`, 'a free port despite PORT=1; no log line below warn')
  await t.rejects(fetch(`${url}/health`), 'the mock stopped with the command')
})

t.test('exec: a mock with ADMIN_TOKEN hands it to the command in MASIVO_MOCK_ADMIN_TOKEN', async (t) => {
  const script = "const r = await fetch(process.env.MASIVO_MOCK_URL + '/__admin/stats', { headers: { 'x-admin-token': process.env.MASIVO_MOCK_ADMIN_TOKEN } }); console.log(r.status)"
  const { code, stdout } = await run(['exec', '--', process.execPath, '--input-type=module', '-e', script], { ADMIN_TOKEN: 'exec-admin-token-0123' })
  t.equal(code, 0)
  t.equal(stdout, '200\n')
})

t.test('exec: SIGTERM is passed on to the command, and its end ends the mock', async (t) => {
  const script = "process.on('SIGTERM', () => { console.log('command got SIGTERM'); process.exit(0) }); console.log('ready'); setInterval(() => {}, 1000)"
  const { code, stdout } = await run(['exec', '--', process.execPath, '-e', script], {}, /ready/)
  t.equal(code, 0)
  t.match(stdout, /command got SIGTERM/)
})

t.test('exec: a command that does not exist is exit code 127 and a line saying so', async (t) => {
  const { code, stderr } = await run(['exec', '--', 'no-such-command-here'])
  t.equal(code, 127)
  t.match(stderr, /masivo-migrate-mock exec: cannot run no-such-command-here: no such command\n$/)
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
  t.match(clean.stdout, /^standard input \(NDJSON, customers\): 1 record read/)
  t.equal(clean.stderr, '')
  const repeated = await validate(customer + customer)
  t.equal(repeated.code, 1)
  t.match(repeated.stdout, /e\.g\. line 2: \/id repeats the id of line 1/)
  const broken = await validate(`${customer}{"id": }\n`)
  t.equal(broken.code, 2)
  t.equal(broken.stderr, 'masivo-migrate-mock validate: standard input: not JSON: unexpected character at line 2, column 8\n')
})

t.test('validate: SIGINT stops reading, and the summary of what was read comes out with exit code 130', async (t) => {
  const child = spawn(process.execPath, [...process.execArgv, CLI, 'validate', '-', '--jobs', '1'], { stdio: ['pipe', 'pipe', 'pipe'] })
  let stdout = ''
  child.stdout.on('data', (chunk) => { stdout += chunk })
  const record = (i: number) => `{"id":"c${i}","name":"Ana","email":"a${i}@example.com","registration_date":"2023-11-07T05:31:56Z"}\n`
  let i = 0
  const taken = { bytes: 0 }
  const feed = setInterval(() => {
    const chunk = Array.from({ length: 100 }, () => record(i++)).join('')
    child.stdin.write(chunk, () => { taken.bytes += chunk.length })
  }, 10)
  child.stdin.on('error', () => undefined)
  // past what a pipe holds, the command is reading: it listens for SIGINT from before it reads
  while (taken.bytes < 300_000) await new Promise((resolve) => setTimeout(resolve, 20))
  child.kill('SIGINT')
  const [code] = await once(child, 'exit') as [number | null]
  clearInterval(feed)
  t.equal(code, 130)
  t.match(stdout, /^standard input \(NDJSON, customers\): [\d,]+ records read[^]* {2}interrupted \(SIGINT\) after [\d,]+ records: the rest of the file was not read/)
})

t.test('validate: an output that cannot be written (a full disk) is one line and exit code 2, its partial file removed', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'full-disk-'))
  t.teardown(() => rmSync(root, { recursive: true, force: true }))
  const customer = (i: number) => `{"id":"c${i}","name":"Ana","email":"a${i}@example.com","registration_date":"2023-11-07T05:31:56Z","metadata":{"notes":"${'n'.repeat(3000)}"}}\n`
  writeFileSync(join(root, 'invalid.ndjson'), '{}\n'.repeat(40_000)) // 160,000 violations: a report of 12 MB
  writeFileSync(join(root, 'valid.ndjson'), Array.from({ length: 2000 }, (_, i) => customer(i)).join('')) // batches of 3 MB
  /**
   * The command with files limited to 1 or 2 MB (ulimit counts blocks of 512 or 1024 bytes): a write past it
   * fails as on a full disk. Run through tsx by `env -i`, out of reach of tap's process tracking, whose
   * signal handling turns the SIGXFSZ that Node ignores into the process's end.
   */
  const limited = async (args: string[]) => {
    const command = ['sh', '-c', 'ulimit -f 2048 && exec "$@"', 'sh', process.execPath, '--import', 'tsx', CLI, 'validate', ...args, '--jobs', '1']
    const child = spawn('/usr/bin/env', ['-i', `PATH=${process.env.PATH}`, ...command], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk) => { stderr += chunk })
    child.stdout.resume()
    const [code] = await once(child, 'exit') as [number | null]
    return { code, stderr }
  }
  const report = join(root, 'report.ndjson')
  const reported = await limited([join(root, 'invalid.ndjson'), '--report', report])
  t.same(reported, { code: 2, stderr: `masivo-migrate-mock validate: cannot write --report ${report}: file too large (EFBIG)\n` })
  const batches = join(root, 'batches')
  const split = await limited([join(root, 'valid.ndjson'), '--split', batches])
  t.equal(split.code, 2)
  t.match(split.stderr, new RegExp(`^masivo-migrate-mock validate: cannot write batch file ${batches}/batch-\\d{5}\\.json: file too large \\(EFBIG\\)\\n$`))
  t.same(readdirSync(root).filter((name) => name.endsWith('.partial')), [], 'no partial report')
  t.same(readdirSync(batches).filter((name) => name.endsWith('.partial')), [], 'no partial batch')
})

t.test('drift: against a mock, every probe agrees, exit 0; against nothing listening, exit 2', async (t) => {
  const { app } = await import('./helper.js').then(({ listening }) => listening(t))
  const port = (app.server.address() as AddressInfo).port
  const agreed = await run(['drift', '--target', `http://127.0.0.1:${port}`], { MASIVO_TOKEN: 'cli-drift-token' })
  t.equal(agreed.code, 0, agreed.stderr)
  t.match(agreed.stdout, /\ntotal +(\d+) +\1 +0 +0\n$/)
  t.notOk(`${agreed.stdout}${agreed.stderr}`.includes('cli-drift-token'))
  await app.close()
  const unreachable = await run(['drift', '--target', `http://127.0.0.1:${port}`, '--token', 'x'])
  t.equal(unreachable.code, 2)
  t.match(unreachable.stderr, /cannot reach the target: ECONNREFUSED/)
})
