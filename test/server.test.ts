/** The server process (src/server.ts, run by the CLI): configuration from the environment, listening, and a graceful shutdown. */
import t from 'tap'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { Agent, request } from 'node:http'
import { connect } from 'node:net'
import { fileURLToPath } from 'node:url'
import { MIGRATE } from './helper.js'
import { minimalCustomer } from './fixtures.js'

const SERVER = fileURLToPath(new URL('../src/cli.ts', import.meta.url))
const ROOT = fileURLToPath(new URL('..', import.meta.url))

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

t.test('a REFERENCE_DATA file that cannot be read stops the start the same way', async (t) => {
  const server = startServer({ REFERENCE_DATA: '/nonexistent/reference.json' })
  const [code] = await server.exited
  t.equal(code, 1)
  t.same(server.output(), { stderr: 'Invalid configuration: REFERENCE_DATA=/nonexistent/reference.json cannot be read (ENOENT).\n', stdout: '' })
})

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

t.test('SIGTERM under keep-alive load: answers say Connection: close, none is lost, no kept-alive client is reset, exit 0', async (t) => {
  const server = startServer({ PORT: '0' })
  const port = await server.listening
  const agent = new Agent({ keepAlive: true, maxSockets: 8 })
  const body = JSON.stringify({ customers: [minimalCustomer(0)] })
  let terminated = false
  const seen = { answered: 0, closeAfterTerm: 0, answeredAfterTerm: 0, reset: 0, refused: 0 }
  const post = () => new Promise<void>((resolve) => {
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: MIGRATE, agent, headers: { authorization: 'Bearer t', 'content-type': 'application/json' } }, (res) => {
      res.resume()
      res.on('end', () => {
        if (res.statusCode === 202) seen.answered++
        if (terminated) {
          seen.answeredAfterTerm++
          if (res.headers.connection === 'close') seen.closeAfterTerm++
        }
        resolve()
      })
    })
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED') seen.refused++
      else if (req.reusedSocket) seen.reset++
      else seen.refused++ // a new connection met the listener closing: never received, like a refusal
      resolve()
    })
    req.end(body)
  })
  const worker = async () => { while (seen.refused === 0) await post() }
  const workers = Array.from({ length: 8 }, worker)
  await new Promise((resolve) => setTimeout(resolve, 300))
  terminated = true
  server.child.kill('SIGTERM')
  await Promise.all(workers)
  agent.destroy()
  const [code] = await server.exited
  t.equal(code, 0)
  const logged = server.output().stdout.split('\n').filter((line) => line.includes('"status":202')).length
  t.equal(seen.answered, logged, `every 202 the server logged reached its client (${seen.answered})`)
  t.equal(seen.reset, 0, 'no request on a kept-alive connection met a reset: its client was told to close first')
  t.ok(seen.closeAfterTerm > 0, `answers after SIGTERM say Connection: close (${seen.closeAfterTerm} of ${seen.answeredAfterTerm}; the rest were on their way as it came)`)
})

t.test('SIGTERM with a stalled upload: SHUTDOWN_GRACE_MS, then it is cut, the log says so, exit 0', async (t) => {
  const server = startServer({ PORT: '0', SHUTDOWN_GRACE_MS: '300' })
  const port = await server.listening
  const socket = connect(port, '127.0.0.1')
  await once(socket, 'connect')
  socket.write(`POST ${MIGRATE} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"customers": [`)
  socket.on('error', () => undefined)
  await new Promise((resolve) => setTimeout(resolve, 100))
  const began = performance.now()
  server.child.kill('SIGTERM')
  const [code] = await server.exited
  const ms = performance.now() - began
  t.equal(code, 0)
  t.ok(ms >= 250 && ms < 3000, `exited ${Math.round(ms)} ms after SIGTERM`)
  t.match(server.output().stdout, /"connections_cut":1,.*"msg":"shutdown: requests still unanswered after SHUTDOWN_GRACE_MS \(300 ms\)/)
})

t.test('npm start runs the server itself: SIGTERM to the PID it started stops it', async (t) => {
  // the built server, run as a user runs it (package.json keeps dist/ out of tap's coverage)
  const npm = spawn('npm', ['start', '--silent'], { cwd: ROOT, env: { ...process.env, PORT: '0', LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  npm.stdout.on('data', (chunk) => { stdout += chunk })
  const exited = once(npm, 'exit') as Promise<[number | null, string | null]>
  for (let k = 0; k < 200 && !/Server listening at http:\/\/127\.0\.0\.1:\d+/.test(stdout); k++) await new Promise((resolve) => setTimeout(resolve, 50))
  const port = Number(/Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(stdout)?.[1])
  t.equal((await fetch(`http://127.0.0.1:${port}/health`)).status, 200, 'served (run `npm run build` first if dist/ is missing)')
  npm.kill('SIGTERM')
  t.same(await exited, [0, null], 'npm exits 0')
  await t.rejects(fetch(`http://127.0.0.1:${port}/health`), 'and nothing listens any more')
})

t.test('a stdout nobody reads never stops the mock: requests are answered, SIGTERM still exits 0', async (t) => {
  const server = startServer({ PORT: '0' })
  const port = await server.listening
  server.child.stdout.pause() // from here on, the pipe fills (64 kB) and stays full
  server.child.stdout.removeAllListeners('data')
  let answered = 0
  // about 300 kB of log lines, several times what the pipe holds
  for (let i = 0; i < 2000; i++) {
    const response = await fetch(`http://127.0.0.1:${port}/__admin/stats`, { signal: AbortSignal.timeout(5000) })
    if (response.status === 200) answered++
  }
  t.equal(answered, 2000, 'every request answered')
  const began = performance.now()
  server.child.kill('SIGTERM')
  const [code] = await server.exited
  t.equal(code, 0)
  t.ok(performance.now() - began < 4000, `exited ${Math.round(performance.now() - began)} ms after SIGTERM (the log's flush waits 1 s at most)`)
})
