/** The server process: configuration from the environment, listening, and a graceful shutdown. */
import t from 'tap'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { MIGRATE } from './helper.js'
import { minimalCustomer } from './fixtures.js'

const SERVER = fileURLToPath(new URL('../src/server.ts', import.meta.url))

const startServer = (env: Record<string, string>) => {
  // the same loaders as this test (tap's TypeScript loader and coverage), so coverage maps alike
  const child = spawn(process.execPath, [...process.execArgv, SERVER], { env: { ...process.env, LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => { stdout += chunk })
  child.stderr.on('data', (chunk) => { stderr += chunk })
  const exited = once(child, 'exit') as Promise<[number | null, string | null]>
  const listening = new Promise<number>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /"Server listening at http:\/\/127\.0\.0\.1:(\d+)"/.exec(stdout)
      if (match !== null) { clearInterval(timer); resolve(Number(match[1])) }
    }, 20)
    exited.then(() => { clearInterval(timer); reject(new Error(`exited before listening: ${stderr}`)) }, () => undefined)
  })
  listening.catch(() => undefined) // a server that is expected to fail never listens
  return { child, exited, listening, output: () => ({ stdout, stderr }) }
}

t.test('a bad variable stops the start: exit code 1 and one line naming it', async (t) => {
  const server = startServer({ PORT: 'eighty' })
  const [code] = await server.exited
  t.equal(code, 1)
  const { stderr, stdout } = server.output()
  t.equal(stderr, 'Invalid configuration: PORT="eighty"; PORT expects an integer from 0 to 65535 (0 picks a free port).\n')
  t.equal(stdout, '')
})

t.test('serves on HOST:PORT, and on SIGTERM lets requests in flight finish, then exits 0', async (t) => {
  const server = startServer({ PORT: '0', RESPONSE_DELAY_MS: '400' })
  const port = await server.listening
  const inFlight = fetch(`http://127.0.0.1:${port}${MIGRATE}`, {
    method: 'POST',
    headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
    body: JSON.stringify({ customers: [minimalCustomer(0)] })
  })
  await new Promise((resolve) => setTimeout(resolve, 100))
  server.child.kill('SIGTERM')
  const response = await inFlight
  t.equal(response.status, 202, 'the request in flight was answered')
  const [code] = await server.exited
  t.equal(code, 0)
  t.match(server.output().stdout, /"msg":"closing"/)
})

t.test('a port in use: a fatal log line and exit code 1', async (t) => {
  const first = startServer({ PORT: '0' })
  const port = await first.listening
  const second = startServer({ PORT: String(port) })
  const [code] = await second.exited
  t.equal(code, 1)
  t.match(second.output().stdout, /"level":60.*cannot listen on 127\.0\.0\.1/)
  first.child.kill('SIGINT')
  t.same(await first.exited, [0, null])
})
