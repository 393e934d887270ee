/** Starting, probing and stopping the two servers the benchmark compares. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { MIGRATE_PATH } from '../src/paths.js'

export { MIGRATE_PATH }
export const TOKEN = 'bench-token'

const root = fileURLToPath(new URL('..', import.meta.url))

/** The mock runs exactly as `npm start` runs it (flags included); the baseline with Node's defaults. */
const startScript = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } }).scripts.start
export const SERVERS = {
  baseline: ['node', 'bench/baseline.mjs'],
  mock: startScript.replace(/^exec /, '').split(' ')
} as const
export type ServerName = keyof typeof SERVERS

/**
 * Core 0 for the server, core 1 for the load generator, where the machine has two and taskset. Decided
 * once, on import: after the benchmark pins itself to core 1, the machine looks like it has one core.
 */
export const canPin: boolean = availableParallelism() >= 2 && spawnSync('taskset', ['-c', '0', 'true']).status === 0

export interface Running {
  name: ServerName
  port: number
  process: ChildProcess
  /** Milliseconds from spawn to the first 202. */
  startupMs: number
}

export const post = async (port: number, body: string) =>
  fetch(`http://127.0.0.1:${port}${MIGRATE_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body
  })

/** How long a load runs: some seconds, or a number of requests (enough to fill the store to its cap). */
export type Span = { seconds: number } | { requests: number }

/** autocannon's load: one body posted over and over, on `connections` connections. */
export const load = async (port: number, body: string, connections: number, span: Span, path = MIGRATE_PATH) =>
  autocannon({
    url: `http://127.0.0.1:${port}${path}`,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body,
    connections,
    ...('requests' in span ? { amount: span.requests } : { duration: span.seconds })
  })

/** Empties the mock's store and journal. */
export const reset = async ({ port }: Running) => {
  const response = await fetch(`http://127.0.0.1:${port}/__admin/reset`, { method: 'POST' })
  if (response.status !== 204) throw new Error(`reset answered ${response.status}`)
}

/** Spawns a server (its usual command, or `command`) and waits for its first 202 to `probe`. */
export const start = async (name: ServerName, port: number, probe: string, env: Record<string, string> = {}, command: readonly string[] = SERVERS[name]): Promise<Running> => {
  const [file, ...args] = canPin ? ['taskset', '-c', '0', ...command] : command
  const began = performance.now()
  const child = spawn(file!, args, { cwd: root, env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] })
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode} before answering`)
    try {
      const response = await post(port, probe)
      if (response.status === 202) return { name, port, process: child, startupMs: performance.now() - began }
      throw new Error(`${name} answered the probe with ${response.status}: ${await response.text()}`)
    } catch (err) {
      if (!(err instanceof TypeError)) throw err // TypeError: not listening yet
      await sleep(2)
    }
  }
}

export const stop = async ({ process: child }: Running) => {
  if (child.exitCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
}

/** Resident set size of the server process, in bytes. */
export const rssOf = ({ process: child }: Running): number => {
  // with taskset the child is taskset itself until it execs node: same pid
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024
}
