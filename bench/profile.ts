/**
 * Where a server's time per request goes: CPU profiles (V8's `--cpu-prof`) of the mock and of the baseline
 * under the same load, each sample charged to a subsystem, as microseconds per request and as shares of the
 * busy samples. The mock profiled is the built command line (scripts/bundle.mjs's, with a source map: the
 * same code `npm start` runs), each sampled function mapped back to its source file.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { SourceMap } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { load, reset, SERVERS, start, stop, type Span } from './servers.js'

interface CallFrame { functionName: string, url: string, lineNumber: number, columnNumber: number }
interface ProfileNode { id: number, callFrame: CallFrame, children?: number[] }
export interface CpuProfile { nodes: ProfileNode[], startTime: number, samples: number[], timeDeltas: number[] }

/** What a frame says of the sample it is in: a subsystem, or nothing (look at its caller). */
export type FrameVerdict<C extends string> = (frame: CallFrame) => C | undefined

/**
 * Microseconds of samples per category, between `from` and `to` (µs of the monotonic clock, the one
 * `process.hrtime` reads: V8 stamps its samples with it). A sample goes to the innermost frame of its stack
 * that has a verdict, or to `fallback`. With `nameOf`, also the microseconds of each category's sampled
 * functions (self time, by name).
 */
export const spentBy = <C extends string>(profile: CpuProfile, verdict: FrameVerdict<C>, fallback: C, from = -Infinity, to = Infinity, nameOf?: (frame: CallFrame) => string) => {
  const parent = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const known = new Map<number, C>()
  const categoryOf = (id: number): C => {
    let category = known.get(id)
    if (category === undefined) {
      const up = parent.get(id)
      category = verdict(byId.get(id)!.callFrame) ?? (up === undefined ? fallback : categoryOf(up))
      known.set(id, category)
    }
    return category
  }
  const spent = new Map<C, number>()
  const functions = new Map<C, Map<string, number>>()
  let at = profile.startTime
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0
    at += delta
    if (at < from || at > to) return
    const category = categoryOf(id)
    spent.set(category, (spent.get(category) ?? 0) + delta)
    if (nameOf === undefined) return
    const name = nameOf(byId.get(id)!.callFrame)
    const named = functions.get(category) ?? functions.set(category, new Map()).get(category)!
    named.set(name, (named.get(name) ?? 0) + delta)
  })
  return { spent, functions }
}

/** The profile a process left in `folder` (it exits normally: SIGTERM is handled by both servers). */
export const readProfile = (folder: string): CpuProfile =>
  JSON.parse(readFileSync(join(folder, readdirSync(folder).find((name) => name.endsWith('.cpuprofile'))!), 'utf8')) as CpuProfile

/** The subsystems, in the issue's order; the first rule a frame's source file matches names its subsystem. */
export const SUBSYSTEMS = [
  'Node: HTTP parser and sockets',
  'HTTP plumbing and hooks',
  'authentication and rate limit',
  'body parser',
  'validation',
  'request record and journal',
  'store and queue',
  'event hub and waiters',
  'route handler',
  'logging',
  'GC',
  'V8 and Node, no JS on the stack',
  'other'
] as const
export type Subsystem = typeof SUBSYSTEMS[number] | 'idle'

const RULES: [Subsystem, RegExp][] = [
  ['logging', /node_modules\/(pino|sonic-boom|pino-std-serializers|@pinojs\/redact|fast-redact|quick-format-unescaped|on-exit-leak-free|atomic-sleep|fast-safe-stringify)\/|fastify\/lib\/(logger-pino|logger-factory|log-controller)|src\/http\/log-destination/],
  ['authentication and rate limit', /src\/access\/|node_modules\/(fast-jwt|@fastify\/rate-limit)\//],
  ['body parser', /src\/http\/json-body|src\/validation\/(lone-surrogates|json-text)|fastify\/lib\/content-type-parser|node_modules\/secure-json-parse\//],
  ['validation', /src\/validation\/|node_modules\/ajv\//],
  ['request record and journal', /src\/http\/request-record|src\/state\/journal/],
  ['event hub and waiters', /src\/state\/(event-hub|waiters)/],
  ['store and queue', /src\/state\//],
  ['route handler', /src\/routes\/|src\/http\/fault-answer|bench\/baseline\.mjs/],
  ['HTTP plumbing and hooks', /node_modules\/|src\//],
  ['Node: HTTP parser and sockets', /^node:(_http_|net$|internal\/(stream_base_commons|http|streams\/|net|js_stream))/]
]

/**
 * A frame's subsystem, from its source file (`sourceOf`). Frames of Node's other internals, of native
 * functions (JSON.parse, Buffer's) and of toad-cache (Fastify's caches and the rate limiter's) have none:
 * their caller's counts.
 */
const subsystemVerdict = (sourceOf: (frame: CallFrame) => string): FrameVerdict<Subsystem> => (frame) => {
  switch (frame.functionName) {
    case '(idle)': return 'idle'
    case '(garbage collector)': return 'GC'
    case '(program)': return 'V8 and Node, no JS on the stack'
  }
  const source = sourceOf(frame)
  if (source === '' || source.includes('node_modules/toad-cache/')) return undefined
  return RULES.find(([, rule]) => rule.test(source))?.[0]
}

/** The built command line with a source map, in a folder of its own; its frames' sources through the map. */
const mappedBuild = () => {
  const folder = mkdtempSync(join(tmpdir(), 'bench-build-'))
  const built = spawnSync(process.execPath, ['scripts/bundle.mjs', `--profile-into=${folder}`], { stdio: 'inherit' })
  if (built.status !== 0) throw new Error('the profiling build failed')
  const cli = join(folder, 'cli.mjs')
  const map = new SourceMap(JSON.parse(readFileSync(`${cli}.map`, 'utf8')))
  const url = pathToFileURL(cli).href
  const entryOf = (frame: CallFrame) => map.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string, originalLine?: number }
  const sourceOf = (frame: CallFrame) => frame.url === url ? entryOf(frame).originalSource ?? '' : frame.url
  const lineOf = (frame: CallFrame) => frame.url === url ? entryOf(frame).originalLine ?? 0 : frame.lineNumber
  return { folder, cli, sourceOf, lineOf }
}

export interface ProfileLoad {
  name: string
  body: string
  connections: number
  /** Before the profiled span: some seconds, or requests enough to fill the store to its cap. */
  warmup: Span
  mockEnv: Record<string, string>
  /** Reset the mock after the warm-up, so the profiled span starts from an empty store. */
  emptyStore?: boolean
}

export interface ProfileRow {
  subsystem: typeof SUBSYSTEMS[number]
  baselineUs: number
  mockUs: number
  mockShare: number
  /** Each server's functions that took most of the subsystem's samples (self time), µs per request. */
  hottest: Record<'baseline' | 'mock', [string, number][]>
}

/** A function, for the list of the hottest: its name, its source file (from the package or Node on) and line. */
const describeFunction = (sourceOf: (frame: CallFrame) => string, lineOf: (frame: CallFrame) => number) => (frame: CallFrame) => {
  const source = sourceOf(frame).replace(/^.*?\/(node_modules|src|bench)\//, '$1/').replace(/^precompiled:.*\//, 'precompiled ')
  return `${frame.functionName || '(anonymous)'}${source === '' ? '' : ` ${source}:${lineOf(frame) + 1}`}`
}

/**
 * Each server in turn, profiled while it answers `seconds` of the load: its samples in that span, charged to
 * subsystems, per request answered in it.
 */
export const profileCase = async (loads: ProfileLoad[], seconds: number, ports: { baseline: number, mock: number }) => {
  const build = mappedBuild()
  try {
    const results = []
    for (const profiled of loads) {
      const measured = {} as Record<'baseline' | 'mock', { perRequest: Map<Subsystem, number>, hottest: Map<Subsystem, Map<string, number>>, reqPerSec: number, idleShare: number }>
      for (const name of ['baseline', 'mock'] as const) {
        const out = mkdtempSync(join(tmpdir(), 'bench-profile-'))
        const [node, ...flags] = SERVERS[name].slice(0, -1)
        const command = [node!, ...flags, '--cpu-prof', `--cpu-prof-dir=${out}`, name === 'mock' ? build.cli : SERVERS.baseline.at(-1)!]
        const server = await start(name, ports[name], profiled.body, name === 'mock' ? profiled.mockEnv : {}, command)
        let from = 0
        let to = 0
        let requests = 0
        try {
          await load(server.port, profiled.body, profiled.connections, profiled.warmup)
          if (profiled.emptyStore === true && name === 'mock') await reset(server)
          from = Number(process.hrtime.bigint() / 1000n)
          const result = await load(server.port, profiled.body, profiled.connections, { seconds })
          to = Number(process.hrtime.bigint() / 1000n)
          requests = result.requests.total
        } finally {
          await stop(server)
        }
        const sourceOf = name === 'mock' ? build.sourceOf : (frame: CallFrame) => frame.url
        const lineOf = name === 'mock' ? build.lineOf : (frame: CallFrame) => frame.lineNumber
        const { spent, functions } = spentBy(readProfile(out), subsystemVerdict(sourceOf), 'other', from, to, describeFunction(sourceOf, lineOf))
        rmSync(out, { recursive: true })
        const all = [...spent.values()].reduce((a, b) => a + b, 0)
        const idle = spent.get('idle') ?? 0
        spent.delete('idle')
        measured[name] = {
          perRequest: new Map([...spent].map(([subsystem, us]) => [subsystem, us / requests])),
          hottest: new Map([...functions].map(([subsystem, named]) => [subsystem, new Map([...named].map(([fn, us]) => [fn, us / requests]))])),
          reqPerSec: requests / ((to - from) / 1e6),
          idleShare: idle / all
        }
      }
      const busy = (name: 'baseline' | 'mock') => [...measured[name].perRequest.values()].reduce((a, b) => a + b, 0)
      const rows: ProfileRow[] = SUBSYSTEMS.map((subsystem) => ({
        subsystem,
        baselineUs: measured.baseline.perRequest.get(subsystem) ?? 0,
        mockUs: measured.mock.perRequest.get(subsystem) ?? 0,
        mockShare: (measured.mock.perRequest.get(subsystem) ?? 0) / busy('mock'),
        hottest: {
          baseline: [...measured.baseline.hottest.get(subsystem) ?? []].sort((a, b) => b[1] - a[1]).slice(0, 5),
          mock: [...measured.mock.hottest.get(subsystem) ?? []].sort((a, b) => b[1] - a[1]).slice(0, 5)
        }
      }))
      results.push({
        name: profiled.name,
        rows,
        busyUs: { baseline: busy('baseline'), mock: busy('mock') },
        reqPerSec: { baseline: measured.baseline.reqPerSec, mock: measured.mock.reqPerSec },
        idleShare: { baseline: measured.baseline.idleShare, mock: measured.mock.idleShare }
      })
    }
    return results
  } finally {
    rmSync(build.folder, { recursive: true, force: true })
  }
}

/** One load's table, in Markdown: µs per request by subsystem, the baseline's beside the mock's. */
export const profileTable = (result: Awaited<ReturnType<typeof profileCase>>[number]) => {
  const us = (n: number) => n.toFixed(n >= 100 ? 0 : 1)
  const lines = [
    `${result.name}: baseline ${result.reqPerSec.baseline.toFixed(0)} req/s (${(result.idleShare.baseline * 100).toFixed(0)} % idle), mock ${result.reqPerSec.mock.toFixed(0)} req/s (${(result.idleShare.mock * 100).toFixed(0)} % idle), under the profiler`,
    '',
    '| subsystem | baseline µs/request | mock µs/request | mock share of busy | the mock\'s hottest functions there (self, µs/request) |',
    '|---|---|---|---|---|',
    ...result.rows.filter((row) => row.baselineUs + row.mockUs > 0).map((row) =>
      `| ${row.subsystem} | ${us(row.baselineUs)} | ${us(row.mockUs)} | ${(row.mockShare * 100).toFixed(1)} % | ${row.hottest.mock.slice(0, 3).map(([fn, n]) => `\`${fn}\` ${us(n)}`).join(', ')} |`),
    `| **busy, in all** | **${us(result.busyUs.baseline)}** | **${us(result.busyUs.mock)}** | 100 % | |`
  ]
  return lines.join('\n')
}
