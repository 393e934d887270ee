/**
 * `npm run bench`: the mock against the smallest Fastify server that parses the body (bench/baseline.mjs),
 * case by case, in one run; every figure also as a ratio to the baseline's, since absolute figures on a
 * shared machine drift. Prints a table and writes bench/results.json. A benchmark, not a test: CI runs
 * none of it. Options: --seconds=N (measured seconds per round, default 5), --pairs=N (pairs of rounds per
 * throughput case, default 5), --only=case[,case], --profile-loads=load[,load] (the profile case's:
 * valid1, valid1000, valid1000AtCap), --validate-large=N (customers piped through `validate` for its
 * memory, default 2,000,000).
 */
import { spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import autocannon from 'autocannon'
import { distinctBatch, PAYLOADS } from './payloads.js'
import { writeExportFile } from './export-file.js'
import { suitesCase } from './suites.js'
import { profileCase, profileTable, readProfile, spentBy, type ProfileLoad } from './profile.js'
import { canPin, load, post, reset, rssOf, SERVERS, start, stop, type Running, type ServerName, type Span } from './servers.js'
import { MIGRATE_PATHS } from '../src/paths.js'
import { batchValidator } from '../src/validation/batch-validator.js'
import type { BatchKind } from '../schemas/migrate.js'

const option = (name: string, fallback: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback
const SECONDS = Number(option('seconds', '5'))
const WARMUP_SECONDS = 2
/** Pairs of measured rounds per throughput case, one round of each server, the order inside a pair alternating. */
const PAIRS = Number(option('pairs', '5'))
/** The subscriber case measures more pairs of rounds: the effect it looks for is smaller than one round's noise. */
const SUBSCRIBER_PAIRS = 8
const ONLY = option('only', 'valid1,valid1AtCap,valid1000,valid1000AtCap,invalid1000,transactions1000,events1000,profile,validation,subscriber,firstStart,suites,startup,memory,validate').split(',')
/** The profile case's loads: the three the throughput bars judge, or some of them. */
const PROFILE_LOADS = option('profile-loads', 'valid1,valid1000,valid1000AtCap').split(',')
const VALIDATE_LARGE = Number(option('validate-large', '2000000'))
const PORTS: Record<ServerName, number> = { baseline: 18181, mock: 18182 }
const MB = 1024 * 1024

if (canPin) spawnSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)], { stdio: 'ignore' })

interface Throughput {
  reqPerSec: number
  customersPerSec: number
  mbPerSec: number
  p50Ms: number
  p99Ms: number
  statuses: Record<string, number>
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b)
  const middle = sorted.length / 2
  return Number.isInteger(middle) ? (sorted[middle - 1]! + sorted[middle]!) / 2 : sorted[Math.floor(middle)]!
}

interface ThroughputOptions {
  customers: number
  connections: number
  /** The status the mock should answer with. */
  expected: number
  mockEnv?: Record<string, string>
  warmup?: Span
  /** Reset the mock before each measured round, so every round starts from an empty store. */
  emptyStore?: boolean
  /** The migrate endpoint (default customers'). */
  path?: string
}

/**
 * Warm-up, then PAIRS pairs of measured rounds on fresh servers, one round of each server per pair, the
 * order inside a pair alternating (baseline first, then mock first) so that a drift of the machine's speed
 * favours neither. The ratio is the median of the pairs' ratios: one slow round moves it little.
 */
const throughputCase = async (payload: string, { customers, connections, expected, mockEnv = {}, warmup = { seconds: WARMUP_SECONDS }, emptyStore = false, path }: ThroughputOptions) => {
  const servers = { baseline: await start('baseline', PORTS.baseline, PAYLOADS.valid1), mock: await start('mock', PORTS.mock, PAYLOADS.valid1, mockEnv) }
  const rounds: Record<ServerName, autocannon.Result[]> = { baseline: [], mock: [] }
  try {
    for (const server of Object.values(servers)) await load(server.port, payload, connections, warmup, path)
    for (let pair = 0; pair < PAIRS; pair++) {
      const order = pair % 2 === 0 ? [servers.baseline, servers.mock] : [servers.mock, servers.baseline]
      for (const server of order) {
        if (emptyStore && server.name === 'mock') await reset(server)
        rounds[server.name].push(await load(server.port, payload, connections, { seconds: SECONDS }, path))
      }
    }
  } finally {
    for (const server of Object.values(servers)) await stop(server)
  }
  const bytes = Buffer.byteLength(payload)
  const summarize = (results: autocannon.Result[]): Throughput => {
    const reqPerSec = mean(results.map((r) => r.requests.average))
    const statuses: Record<string, number> = {}
    for (const r of results) for (const key of ['2xx', '4xx', '5xx'] as const) statuses[key] = (statuses[key] ?? 0) + r[key]
    return {
      reqPerSec,
      customersPerSec: reqPerSec * customers,
      mbPerSec: (reqPerSec * bytes) / MB,
      p50Ms: mean(results.map((r) => r.latency.p50)),
      p99Ms: mean(results.map((r) => r.latency.p99)),
      statuses
    }
  }
  const baseline = summarize(rounds.baseline)
  const mock = summarize(rounds.mock)
  const mockAnswered = mock.statuses[`${String(expected)[0]}xx`]
  const ratios = rounds.mock.map((r, pair) => r.requests.average / rounds.baseline[pair]!.requests.average)
  return { baseline, mock, ratio: median(ratios), ratios, mockAnsweredAsExpected: mockAnswered }
}

/**
 * The validators alone, in this process, on the three 1000-entry bodies (parsed once): milliseconds per
 * batch, alternating kinds so drift hits them alike; each kind's ratio to the customers batch's.
 */
const validationCase = () => {
  const bodies: Record<BatchKind, unknown> = {
    customers: JSON.parse(PAYLOADS.valid1000),
    transactions: JSON.parse(PAYLOADS.transactions1000),
    events: JSON.parse(PAYLOADS.events1000)
  }
  const kinds = Object.keys(bodies) as BatchKind[]
  const validators = Object.fromEntries(kinds.map((kind) => [kind, batchValidator(kind, 1000, false)]))
  for (const kind of kinds) if (validators[kind]!(bodies[kind]) !== true) throw new Error(`the ${kind} body is not valid`)
  const spent: Record<string, number[]> = Object.fromEntries(kinds.map((kind) => [kind, []]))
  for (let round = 0; round < 20; round++) {
    for (const kind of kinds) {
      const began = performance.now()
      for (let i = 0; i < 10; i++) validators[kind]!(bodies[kind])
      spent[kind]!.push((performance.now() - began) / 10)
    }
  }
  const ms = Object.fromEntries(kinds.map((kind) => [kind, median(spent[kind]!)])) as Record<BatchKind, number>
  return { ms, bytes: Object.fromEntries(kinds.map((kind) => [kind, Buffer.byteLength(JSON.stringify(bodies[kind]))])) }
}

/**
 * One event-stream subscriber: curl, a cheap reader in a process of its own, free to run on either core
 * (pinned with the load generator it would slow the load; with the mock, charge the mock for the reader's work).
 */
const subscribe = (port: number) => {
  const command = ['curl', '-sN', '-o', '/dev/null', `http://127.0.0.1:${port}/__admin/events`]
  return canPin ? spawn('taskset', ['-c', '0,1', ...command], { stdio: 'ignore' }) : spawn(command[0]!, command.slice(1), { stdio: 'ignore' })
}

/** 1-customer batches at the cap: 20,000 stored customers. */
const AT_CAP_1 = { MAX_STORED_CUSTOMERS: '20000' }

/**
 * The dashboard's cost: the same mock, 1-customer batches at the cap, in pairs of rounds without and with one
 * event-stream subscriber (GET /__admin/events, read as it comes, as the dashboard reads it). Each pair gives
 * a ratio; the case reports their median. The order inside a pair alternates (without-with, with-without),
 * so a drift of the machine's speed during the run does not favour one side, and a control runs the same
 * schedule with no subscriber on either side: its median shows what this machine's noise alone does.
 */
const subscriberCase = async () => {
  const mock = await start('mock', PORTS.mock, PAYLOADS.valid1, AT_CAP_1)
  // the mock's own CPU per request (user + system clock ticks, /proc)
  const cpuTicks = () => {
    const fields = readFileSync(`/proc/${mock.process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return Number(fields[11]) + Number(fields[12])
  }
  const round = async (subscribed: boolean) => {
    const reader = subscribed ? subscribe(mock.port) : undefined
    if (reader) await sleep(200)
    const before = cpuTicks()
    const result = await load(mock.port, PAYLOADS.valid1, 10, { seconds: SECONDS })
    const ticks = cpuTicks() - before
    if (reader) {
      reader.kill()
      await once(reader, 'exit')
    }
    return { reqPerSec: result.requests.average, cpuPerRequest: ticks / result.requests.total }
  }
  /** Pairs of rounds; `second` says whether the second of each pair has a subscriber (false: the control). */
  const pairs = async (second: boolean) => {
    const ratios: number[] = []
    const cpuRatios: number[] = []
    for (let pair = 0; pair < SUBSCRIBER_PAIRS; pair++) {
      const flipped = pair % 2 === 1
      const first = await round(flipped && second)
      const other = await round(!flipped && second)
      const [without, withOne] = flipped ? [other, first] : [first, other]
      ratios.push(withOne.reqPerSec / without.reqPerSec)
      cpuRatios.push(without.cpuPerRequest / withOne.cpuPerRequest)
    }
    return { ratio: median(ratios), cpuRatio: median(cpuRatios), ratios }
  }
  let subscribed, control
  try {
    await load(mock.port, PAYLOADS.valid1, 10, { requests: 25_000 })
    subscribed = await pairs(true)
    control = await pairs(false)
  } finally {
    await stop(mock)
  }
  return { subscribed, control, profiled: await profiledSubscriber() }
}

/** Where the subscriber's work is done in the mock (dist/lib's files): the stream route and the hub. */
const SUBSCRIBER_CODE = /\/(routes\/admin\/events|state\/event-hub)\.js$/

/**
 * The share of the mock's busy time spent on its subscriber, from a CPU profile of it under full load with
 * one: a share of one process's samples taken at the same moments, which the machine's speed, moving from
 * round to round, cannot tilt. Every sample with a frame of the stream route or the hub on its stack counts
 * (building and writing the events, and the hub's work for each request); idle samples do not.
 */
const profiledSubscriber = async () => {
  const folder = mkdtempSync(join(tmpdir(), 'bench-profile-'))
  const command = [SERVERS.mock[0]!, ...SERVERS.mock.slice(1, -1), '--cpu-prof', `--cpu-prof-dir=${folder}`, 'dist/lib/src/cli.js']
  const mock = await start('mock', PORTS.mock, PAYLOADS.valid1, AT_CAP_1, command)
  let result: autocannon.Result
  try {
    await load(mock.port, PAYLOADS.valid1, 10, { requests: 25_000 })
    const reader = subscribe(mock.port)
    await sleep(200)
    result = await load(mock.port, PAYLOADS.valid1, 10, { seconds: SECONDS * 2 })
    reader.kill()
    await once(reader, 'exit')
  } finally {
    await stop(mock)
  }
  const { spent } = spentBy(readProfile(folder), ({ functionName, url }) =>
    functionName === '(idle)' ? 'idle' : SUBSCRIBER_CODE.test(url) ? 'subscriber' : undefined, 'other')
  rmSync(folder, { recursive: true })
  const [idle, subscriber, other] = (['idle', 'subscriber', 'other'] as const).map((category) => spent.get(category) ?? 0) as [number, number, number]
  return { share: subscriber / (subscriber + other), reqPerSec: result.requests.average, idleShare: idle / (idle + subscriber + other) }
}

/** `validate`'s records a second, from its summary line; its peak RSS, from GNU time. */
const runValidate = async (cores: string, jobs: number, input: string, feed?: string[]) => {
  const command = ['/usr/bin/time', '-f', 'peak-rss-kb %M', ...(canPin ? ['taskset', '-c', cores] : []), 'node', 'dist/cli.mjs', 'validate', input, '--jobs', String(jobs)]
  const child = spawn(command[0]!, command.slice(1), { stdio: [feed === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] })
  if (feed !== undefined) {
    const generator = spawn(feed[0]!, feed.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] })
    generator.stdout.pipe(child.stdin!)
  }
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (chunk) => { stdout += chunk })
  child.stderr!.on('data', (chunk) => { stderr += chunk })
  const [code] = await once(child, 'exit') as [number]
  const summary = /: ([\d,]+) records read in ([\d.]+) s/.exec(stdout)
  if (code !== 0 || summary === null) throw new Error(`validate exited ${code}: ${stdout}${stderr}`)
  return {
    records: Number(summary[1]!.replace(/,/g, '')),
    recordsPerSec: Number(summary[1]!.replace(/,/g, '')) / Number(summary[2]),
    peakRssBytes: Number(/peak-rss-kb (\d+)/.exec(stderr)?.[1] ?? NaN) * 1024
  }
}

/**
 * `validate` on 200,000 fully filled customers (NDJSON, 650 MB): on one core (--jobs 1, pinned to core 0)
 * and on two (--jobs 2), against JSON.parse of the same lines on one core, in the same run; then the peak
 * RSS of a VALIDATE_LARGE-customer export piped through it (its memory, not its speed: the generator shares
 * the cores).
 */
const validateCase = async () => {
  const folder = mkdtempSync(join(tmpdir(), 'bench-validate-'))
  const path = join(folder, 'export.ndjson')
  try {
    await writeExportFile(path, 200_000)
    // JSON.parse alone, line by line, on core 0: the floor under any check of these bytes
    const parseScript = `
      const { readFileSync } = await import('node:fs')
      const bytes = readFileSync(${JSON.stringify(path)})
      const began = performance.now()
      let records = 0
      for (let start = 0; start < bytes.length;) {
        const end = bytes.indexOf(10, start)
        JSON.parse(bytes.latin1Slice(start, end))
        records++
        start = end + 1
      }
      console.log(records / ((performance.now() - began) / 1000))`
    const parsed: number[] = []
    const one: Awaited<ReturnType<typeof runValidate>>[] = []
    const two: Awaited<ReturnType<typeof runValidate>>[] = []
    for (let round = 0; round < 3; round++) {
      const parseCommand = [...(canPin ? ['taskset', '-c', '0'] : []), 'node', '--input-type=module', '-e', parseScript]
      const parse = spawnSync(parseCommand[0]!, parseCommand.slice(1), { encoding: 'utf8' })
      parsed.push(Number(parse.stdout))
      one.push(await runValidate('0', 1, path))
      two.push(await runValidate('0,1', 2, path))
    }
    const large = await runValidate('0,1', 2, '-', ['node', '--import', 'tsx', 'bench/export-file.ts', String(VALIDATE_LARGE)])
    const best = (xs: number[]) => Math.max(...xs)
    return {
      jsonParsePerSec: best(parsed),
      oneCorePerSec: best(one.map((r) => r.recordsPerSec)),
      twoCoresPerSec: best(two.map((r) => r.recordsPerSec)),
      rounds: { parsed, one: one.map((r) => r.recordsPerSec), two: two.map((r) => r.recordsPerSec) },
      peakRss200k: Math.max(...two.map((r) => r.peakRssBytes)),
      large: { records: large.records, peakRssBytes: large.peakRssBytes }
    }
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
}

const startupCase = async () => {
  const samples: Record<ServerName, number[]> = { baseline: [], mock: [] }
  for (let i = 0; i < 5; i++) {
    for (const name of ['baseline', 'mock'] as const) {
      const server = await start(name, PORTS[name], PAYLOADS.valid1)
      samples[name].push(server.startupMs)
      await stop(server)
    }
  }
  const baseline = median(samples.baseline)
  const mock = median(samples.mock)
  return { baselineMs: baseline, mockMs: mock, ratio: mock / baseline, samples }
}

/** What a test file pays before its first request: a fresh process imports a server and has it listening. */
const FIRST_START: Record<'bare' | 'mock' | 'unbundled', string> = {
  // the smallest server a suite could start instead: Fastify with one route
  bare: "const { default: Fastify } = await import('fastify'); const app = Fastify(); app.post('/', async () => ({})); await app.listen({ port: 0, host: '127.0.0.1' }); const done = performance.now(); await app.close()",
  // the package's main entry, as a user imports it (the bundle, dist/mock.mjs)
  mock: "const { startMock } = await import('masivo-migrate-mock'); const mock = await startMock(); const done = performance.now(); await mock.close()",
  // the same sources as tsc compiles them, unbundled, every validator compiled at start: what the entry was before issue 21
  unbundled: "const { startMock } = await import('./dist/lib/src/index.js'); const mock = await startMock(); const done = performance.now(); await mock.close()"
}

/** Milliseconds from the process's start (Node's own boot included) to listening, alternating the three, median of 11. */
const firstStartCase = () => {
  const samples: Record<keyof typeof FIRST_START, number[]> = { bare: [], mock: [], unbundled: [] }
  for (let i = 0; i < 11; i++) {
    for (const name of Object.keys(FIRST_START) as (keyof typeof FIRST_START)[]) {
      const script = FIRST_START[name].replace('await mock.close()', 'await mock.close(); console.log(done)').replace('await app.close()', 'await app.close(); console.log(done)')
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })
      if (run.status !== 0) throw new Error(`first start, ${name}: ${run.stderr}`)
      samples[name].push(Number(run.stdout))
    }
  }
  const bare = median(samples.bare)
  return { bareMs: bare, mockMs: median(samples.mock), unbundledMs: median(samples.unbundled), ratio: median(samples.mock) / bare, unbundledRatio: median(samples.unbundled) / bare, samples }
}

/** Sends `count` distinct 1000-customer batches, two at a time; returns the JSON bytes sent. */
const sendBatches = async (server: Running, from: number, count: number) => {
  let bytes = 0
  for (let k = from; k < from + count; k += 2) {
    const bodies = [distinctBatch(k), distinctBatch(k + 1)].slice(0, from + count - k)
    const responses = await Promise.all(bodies.map((b) => post(server.port, b)))
    for (const r of responses) if (r.status !== 202) throw new Error(`${server.name}: ${r.status} ${await r.text()}`)
    bytes += bodies.reduce((n, b) => n + Buffer.byteLength(b), 0)
  }
  return bytes
}

/** RSS once the server has had a moment to collect garbage. */
const settledRss = async (server: Running) => {
  await sleep(1000)
  return rssOf(server)
}

const memoryCase = async () => {
  const cap = 200_000
  const mock = await start('mock', PORTS.mock, PAYLOADS.valid1, { MAX_STORED_CUSTOMERS: String(cap) })
  const baseline = await start('baseline', PORTS.baseline, PAYLOADS.valid1)
  try {
    const growth = async (server: Running) => {
      const before = await settledRss(server)
      const bytes = await sendBatches(server, 1_000_000, 100) // 100,000 customers
      return { rssBefore: before, rssAfter: await settledRss(server), jsonBytes: bytes }
    }
    const mockGrowth = await growth(mock)
    const baselineGrowth = await growth(baseline)
    await sendBatches(mock, 2_000_000, 100) // the cap of 200,000 is reached
    const atCap = await settledRss(mock)
    await sendBatches(mock, 3_000_000, 200) // 200,000 more: the oldest are evicted
    const afterMore = await settledRss(mock)
    const perByte = (g: typeof mockGrowth) => (g.rssAfter - g.rssBefore) / g.jsonBytes
    return {
      mockRssPerJsonByte: perByte(mockGrowth),
      baselineRssPerJsonByte: perByte(baselineGrowth),
      storedJsonMB: mockGrowth.jsonBytes / MB,
      mock: mockGrowth,
      baseline: baselineGrowth,
      atCapMB: atCap / MB,
      afterMoreMB: afterMore / MB,
      growthAtCap: (afterMore - atCap) / atCap
    }
  } finally {
    await stop(mock)
    await stop(baseline)
  }
}

const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  node: process.version,
  pinned: canPin,
  seconds: SECONDS,
  pairs: PAIRS
}
const rows: string[][] = []
/** The profile case's tables, printed after the others. */
const profiles: string[] = []
const f = (n: number, digits = 1) => n.toFixed(digits)
/** A case's two rows; without a target, the ratio is there to be read beside the other cases' of the same run. */
const addThroughputRows = (name: string, r: Awaited<ReturnType<typeof throughputCase>>, target?: number) => {
  for (const who of ['baseline', 'mock'] as const) {
    const t = r[who]
    const judged = who === 'mock' && target !== undefined
    rows.push([name, who, f(t.reqPerSec), f(t.customersPerSec, 0), f(t.mbPerSec), f(t.p50Ms), f(t.p99Ms),
      who === 'mock' ? f(r.ratio, 2) : '1.00', judged ? `>= ${target}` : '', judged ? (r.ratio >= target ? 'yes' : 'NO') : ''])
  }
}

/** The largest MAX_STORED_CUSTOMERS: no run of this benchmark comes near it. */
const NO_CAP = { MAX_STORED_CUSTOMERS: '100000000' }

const cases: Record<string, () => Promise<void>> = {
  // Two regimes for valid batches. Filling: each round starts from an empty store, under a cap it never
  // reaches, so every batch is kept and the store grows. At the cap: reached during warm-up, so every
  // batch evicts the oldest and reuses its memory.
  valid1: async () => {
    const r = await throughputCase(PAYLOADS.valid1, { customers: 1, connections: 10, expected: 202, mockEnv: NO_CAP, emptyStore: true })
    results.valid1 = r
    addThroughputRows('valid, 1 customer, store filling', r, 0.7)
  },
  valid1AtCap: async () => {
    const r = await throughputCase(PAYLOADS.valid1, {
      customers: 1, connections: 10, expected: 202, mockEnv: AT_CAP_1, warmup: { requests: 25_000 }
    })
    results.valid1AtCap = r
    addThroughputRows('valid, 1 customer, at the cap', r, 0.7)
  },
  valid1000: async () => {
    const r = await throughputCase(PAYLOADS.valid1000, { customers: 1000, connections: 4, expected: 202, mockEnv: NO_CAP, emptyStore: true })
    results.valid1000 = r
    addThroughputRows('valid, 1000 customers, store filling', r, 0.8)
  },
  valid1000AtCap: async () => {
    // the default cap of 200,000 customers: 200 batches
    const r = await throughputCase(PAYLOADS.valid1000, { customers: 1000, connections: 4, expected: 202, warmup: { requests: 250 } })
    results.valid1000AtCap = r
    addThroughputRows('valid, 1000 customers, at the cap', r, 0.7)
  },
  invalid1000: async () => {
    const mock = await start('mock', PORTS.mock, PAYLOADS.valid1)
    const answer = (await (await post(mock.port, PAYLOADS.invalid1000)).json()) as { violations: unknown[] }
    await stop(mock)
    if (answer.violations.length !== 1000) throw new Error(`expected 1000 violations, got ${answer.violations.length}`)
    const r = await throughputCase(PAYLOADS.invalid1000, { customers: 1000, connections: 4, expected: 400 })
    results.invalid1000 = { ...r, violationsListed: answer.violations.length }
    addThroughputRows('invalid, 1000 customers', r, 0.5)
  },
  // the other two migrate endpoints, each body 1000 entries with every field filled (no customers migrated
  // first: the queue rejects every entry, which costs it about what applying would); the bar on their cost
  // is the validation case's
  transactions1000: async () => {
    const r = await throughputCase(PAYLOADS.transactions1000, { customers: 1000, connections: 4, expected: 202, mockEnv: NO_CAP, emptyStore: true, path: MIGRATE_PATHS.transactions })
    results.transactions1000 = r
    addThroughputRows('valid transactions, 1000 customers x 2', r)
  },
  events1000: async () => {
    const r = await throughputCase(PAYLOADS.events1000, { customers: 1000, connections: 4, expected: 201, mockEnv: NO_CAP, emptyStore: true, path: MIGRATE_PATHS.events })
    results.events1000 = r
    addThroughputRows('valid events, 1000 events', r)
  },
  // where each server's time per request goes, under the three loads the throughput bars judge
  profile: async () => {
    const loads: Record<string, ProfileLoad> = {
      valid1: { name: 'valid, 1 customer, store filling', body: PAYLOADS.valid1, connections: 10, warmup: { seconds: WARMUP_SECONDS }, mockEnv: NO_CAP, emptyStore: true },
      valid1000: { name: 'valid, 1000 customers, store filling', body: PAYLOADS.valid1000, connections: 4, warmup: { seconds: WARMUP_SECONDS }, mockEnv: NO_CAP, emptyStore: true },
      valid1000AtCap: { name: 'valid, 1000 customers, at the cap', body: PAYLOADS.valid1000, connections: 4, warmup: { requests: 250 }, mockEnv: {} }
    }
    const r = await profileCase(PROFILE_LOADS.map((name) => loads[name]!), SECONDS * 2, PORTS)
    results.profile = r
    profiles.push(...r.map(profileTable))
  },
  validation: async () => {
    const r = validationCase()
    results.validation = r
    for (const kind of ['customers', 'transactions', 'events'] as const) {
      const ratio = r.ms[kind] / r.ms.customers
      rows.push([`validation alone, 1000 ${kind} (${f(r.bytes[kind]! / MB, 2)} MB)`, 'mock', '', '', '', f(r.ms[kind], 2), '', f(ratio, 2),
        kind === 'customers' ? '' : '<= 1.0', kind === 'customers' ? '' : (ratio <= 1 ? 'yes' : 'NO')])
    }
  },
  subscriber: async () => {
    const r = await subscriberCase()
    results.subscriber = r
    const met = (ratio: number) => ratio >= 0.95 ? 'yes' : 'NO'
    rows.push(['1 customer at the cap, one event-stream subscriber over none (median of pairs)', 'mock', '', '', '', '', '', f(r.subscribed.ratio, 2), '>= 0.95', met(r.subscribed.ratio)])
    rows.push(['the same, as the mock\'s CPU per request (none over one)', 'mock', '', '', '', '', '', f(r.subscribed.cpuRatio, 2), '>= 0.95', met(r.subscribed.cpuRatio)])
    rows.push(['control: the same pairs, no subscriber on either side', 'mock', '', '', '', '', '', f(r.control.ratio, 2), '', ''])
    rows.push([`the mock's busy time spent on one subscriber (CPU profile, ${f(r.profiled.reqPerSec)} req/s), as 1 - share`, 'mock', f(r.profiled.reqPerSec), '', '', '', '', f(1 - r.profiled.share, 3), '>= 0.95', met(1 - r.profiled.share)])
  },
  firstStart: async () => {
    const r = firstStartCase()
    results.firstStart = r
    rows.push(['first start in a fresh process: import, listen (ms, median of 11)', 'fastify, 1 route', '', '', '', f(r.bareMs), '', '1.00', '', ''])
    rows.push(['first start: the main entry, startMock()', 'mock', '', '', '', f(r.mockMs), '', f(r.ratio, 2), '<= 1.5', r.ratio <= 1.5 ? 'yes' : 'NO'])
    rows.push(['first start: the same unbundled, validators compiled at start (before issue 21)', 'mock', '', '', '', f(r.unbundledMs), '', f(r.unbundledRatio, 2), '', ''])
  },
  suites: async () => {
    const r = suitesCase()
    results.suites = r
    const met = (ratio: number, bar: number) => ratio <= bar ? 'yes' : 'NO'
    rows.push([`vitest, ${r.files} files, one bare Fastify from a globalSetup (ms, median of ${r.rounds})`, 'fastify', '', '', '', f(r.ms.sharedBare), '', '1.00', '', ''])
    rows.push(['the same, one mock from masivo-migrate-mock/vitest, the client entry', 'mock', '', '', '', f(r.ms.sharedMock), '', f(r.shared, 2), '<= 1.3', met(r.shared, 1.3)])
    rows.push([`vitest, ${r.files} files, a bare Fastify started in each`, 'fastify', '', '', '', f(r.ms.perFileBare), '', '1.00', '', ''])
    rows.push(['the same, startMock() in each', 'mock', '', '', '', f(r.ms.perFileMock), '', f(r.perFile, 2), '<= 1.5', met(r.perFile, 1.5)])
    rows.push(['before issue 21: one mock, MockClient from the unbundled main entry', 'mock', '', '', '', f(r.ms.sharedMockBefore), '', f(r.sharedBefore, 2), '', ''])
    rows.push(['before issue 21: startMock() in each, from the unbundled main entry', 'mock', '', '', '', f(r.ms.perFileMockBefore), '', f(r.perFileBefore, 2), '', ''])
  },
  startup: async () => {
    const r = await startupCase()
    results.startup = r
    rows.push(['start-up to first 202', 'baseline', '', '', '', f(r.baselineMs), '', '1.00', '', ''])
    rows.push(['start-up to first 202', 'mock', '', '', '', f(r.mockMs), '', f(r.ratio, 2), '<= 1.5', r.ratio <= 1.5 ? 'yes' : 'NO'])
  },
  validate: async () => {
    const r = await validateCase()
    results.validate = r
    const perCore = r.twoCoresPerSec / 2
    rows.push(['JSON.parse alone, 200k fully filled customers, line by line, 1 core (best of 3)', 'node', '', f(r.jsonParsePerSec, 0), '', '', '', '1.00', '', ''])
    rows.push(['validate --jobs 1, 1 core (best of 3)', 'mock', '', f(r.oneCorePerSec, 0), '', '', '', f(r.oneCorePerSec / r.jsonParsePerSec, 2), '>= 50000/s', r.oneCorePerSec >= 50_000 ? 'yes' : 'NO'])
    rows.push(['validate --jobs 2, 2 cores (best of 3), per core', 'mock', '', f(perCore, 0), '', '', '', f(perCore / r.jsonParsePerSec, 2), '>= 50000/s', perCore >= 50_000 ? 'yes' : 'NO'])
    rows.push(['validate, peak RSS (MB): 200k file', 'mock', '', '', '', '', '', f(r.peakRss200k / MB, 0), 'flat', ''])
    rows.push([`validate, peak RSS (MB): ${r.large.records.toLocaleString('en-US')} customers piped`, 'mock', '', '', '', '', '', f(r.large.peakRssBytes / MB, 0), 'flat', ''])
  },
  memory: async () => {
    const r = await memoryCase()
    results.memory = r
    rows.push(['RSS per byte of stored JSON (100k customers)', 'mock', '', '', '', '', '', f(r.mockRssPerJsonByte, 2), '<= 1.5',
      r.mockRssPerJsonByte <= 1.5 ? 'yes' : 'NO'])
    rows.push(['RSS growth at the cap (200k more customers)', 'mock', '', '', '', '', '', `${f(r.growthAtCap * 100)} %`, 'flat',
      Math.abs(r.growthAtCap) <= 0.1 ? 'yes' : 'NO'])
  }
}

for (const name of ONLY) {
  process.stderr.write(`bench: ${name}...\n`)
  await cases[name]!()
}

const header = ['case', 'server', 'req/s', 'customers/s', 'MB/s', 'p50 ms', 'p99 ms', 'ratio', 'target', 'met']
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`
if (rows.length > 0) console.log([line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'))
for (const table of profiles) console.log(`\n${table}`)
writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`)
