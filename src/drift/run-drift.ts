/**
 * `masivo-migrate-mock drift`: the same probes to a real Masivo account (the target) and to a mock built
 * in this process with the same settings, and where their answers differ. Top-down: the plan
 * (src/drift/probes.ts), the credential checked with the first read, then each probe answered by the mock
 * (app.inject: no socket) and, only if the mock refuses it (or it is one of the writes asked for), sent to
 * the target (src/drift/target.ts, paced by its limits), compared (src/drift/compare.ts) and written to the
 * report as it comes, so an interrupted run resumes where it stopped.
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import type { Writable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../app.js'
import type { Config } from '../config.js'
import { AUTHORIZE_PATH } from '../paths.js'
import { count } from '../words.js'
import { compareAnswers, type Answer } from './compare.js'
import { FAMILIES, planProbes, type Family, type Probe } from './probes.js'
import { bodyOf, Target, type Sent } from './target.js'

export interface DriftOptions {
  target: URL
  apiKey?: string
  token?: string
  allowWrites: boolean
  /** Where each probe's result goes, one JSON object per line (started afresh). */
  report?: string
  /** A report of an interrupted run: its probes are not sent again, and the new ones are appended to it. */
  resume?: string
  /** The mock's settings (its rate limit is left off: pacing is the target's). */
  config: Config
}

export interface DriftIo {
  stdout: Writable
  stderr: Writable & { isTTY?: boolean }
  signal?: AbortSignal
}

/** One line of the report. */
export interface ReportLine {
  run: string
  probe: string
  family: Family
  rule: string
  method: string
  path: string
  agree: boolean
  differences: string[]
  waited_ms: number
  mock: Answer
  target: Answer | { status: null, error: string }
}

/** How long the target's queue may take to apply a write before its read back is compared as it is. */
const QUEUE_WAIT_MS = 10 * 60_000
const QUEUE_POLL_MS = 5_000
/** Masivo's Dev limits (resources/resource-limits), for the estimate said up front. */
const DEV_MIGRATE_PER_HOUR = 250
const DEV_REQUESTS_PER_DAY = 1_000
const PROD_MIGRATE_PER_HOUR = 1_000

const NAME = 'masivo-migrate-mock drift'

const hours = (requests: number, perHour: number) => {
  const h = requests / perHour
  return h < 1 ? `${Math.ceil(h * 60)} min` : `${(Math.ceil(h * 10) / 10).toString()} h`
}

/** What the run will send and how long it takes at Masivo's limits: said before anything is sent. */
const estimate = (probes: readonly Probe[]) => {
  const migrate = probes.filter((probe) => probe.method === 'POST').length
  const days = probes.length > DEV_REQUESTS_PER_DAY ? `, and more than a day: ${DEV_REQUESTS_PER_DAY} requests a day` : ''
  return `${count(probes.length, 'probe')} to send (${migrate} to the migrate endpoints, ${probes.length - migrate} reads); ` +
    `at a Dev account's limits (${DEV_MIGRATE_PER_HOUR} migrate requests an hour) about ${hours(migrate, DEV_MIGRATE_PER_HOUR)}${days}; ` +
    `at Prod's, about ${hours(migrate, PROD_MIGRATE_PER_HOUR)}; it paces itself by the target's X-RateLimit-* and Retry-After headers`
}

/** A file drift cannot read or write: the run stops with one line, exit code 2. */
class FileProblem extends Error {}

const fileProblem = (what: string, file: string, err: unknown) =>
  new FileProblem(`cannot ${what} ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)

const readResume = (file: string): ReportLine[] => {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw fileProblem('read --resume', file, err)
  }
  // a last line cut short by the interruption is sent again
  return text.split('\n').flatMap((line) => { try { return [JSON.parse(line) as ReportLine] } catch { return [] } })
}

const writeReport = (file: string, text: string, append: boolean) => {
  try {
    if (append) appendFileSync(file, text)
    else writeFileSync(file, text)
  } catch (err) {
    throw fileProblem('write the report', file, err)
  }
}

export const runDrift = async (options: DriftOptions, io: DriftIo): Promise<number> => {
  const secrets = [options.apiKey, options.token].filter((s): s is string => s !== undefined && s !== '')
  const redact = (text: string) => secrets.reduce((out, secret) => out.split(secret).join('(credential)'), text)
  const say = (line: string) => io.stderr.write(`${redact(line)}\n`)
  try {
    // the token an API key is exchanged for joins the secrets once the target issued it
    return await compareAll(options, io, redact, say, (token) => secrets.push(token))
  } catch (err) {
    if (!(err instanceof FileProblem)) throw err
    say(`${NAME}: ${err.message}`)
    return 2
  }
}

const compareAll = async (
  options: DriftOptions, io: DriftIo, redact: (text: string) => string, say: (line: string) => void, secret: (token: string) => void
): Promise<number> => {
  const done = options.resume === undefined ? [] : readResume(options.resume)
  const run = done[0]?.run ?? randomBytes(4).toString('hex')
  const reportFile = options.resume ?? options.report
  // a report started afresh; a resumed one rewritten without the line its interruption cut short
  if (reportFile !== undefined) writeReport(reportFile, done.map((line) => `${JSON.stringify(line)}\n`).join(''), false)
  const results = new Map(done.map((line) => [line.probe, line]))

  const probes = planProbes(options.config, { prefix: `drift-${run}-`, apiKey: options.apiKey !== undefined, allowWrites: options.allowWrites })
  const pending = probes.filter((probe) => !results.has(probe.id))
  say(`${NAME}: ${estimate(pending)}${done.length > 0 ? ` (${results.size} already compared, in ${options.resume})` : ''}`)

  const mock = await buildApp({ ...options.config, RATE_LIMIT: 'off', RATE_LIMIT_MAX: undefined, QUEUE_DELAY_MS: 0, LOG_LEVEL: 'silent' })
  try {
    const target = new Target(options.target, say)
    const credentials = await credentialsOf(options, mock, target)
    if ('exit' in credentials) {
      say(`${NAME}: ${credentials.message}`)
      return credentials.exit
    }
    secret(credentials.targetToken)
    let sent = 0
    for (const probe of pending) {
      if (io.signal?.aborted === true) break
      const line = await runProbe(probe, run, mock, target, credentials, sent === 0 && done.length === 0)
      if ('exit' in line) {
        say(`${NAME}: ${line.message}`)
        return line.exit
      }
      sent++
      results.set(probe.id, line)
      if (reportFile !== undefined) writeReport(reportFile, `${redact(JSON.stringify(line))}\n`, true)
      progress(io, sent, pending.length, results)
    }
    if (io.stderr.isTTY === true) io.stderr.write('\n')
    io.stdout.write(redact(summary(probes, results)))
    if (io.signal?.aborted === true) {
      say(`${NAME}: interrupted after ${count(sent, 'probe')}; --resume ${reportFile ?? '<the report>'} sends the rest`)
      return 130
    }
    return [...results.values()].every((line) => line.agree) ? 0 : 1
  } finally {
    await mock.close()
  }
}

interface Credentials { mockToken: string, targetToken: string, apiKey: string | undefined }

/** The run's bearer token on each side: the one given, or one the API key is exchanged for (the target refusing it ends the run). */
const credentialsOf = async (options: DriftOptions, mock: FastifyInstance, target: Target): Promise<Credentials | { exit: number, message: string }> => {
  if (options.apiKey === undefined) return { mockToken: options.token!, targetToken: options.token!, apiKey: undefined }
  const mockAnswer = await mock.inject({ method: 'GET', url: AUTHORIZE_PATH, headers: { 'x-api-key': options.apiKey } })
  const sent = await target.send({ method: 'GET', path: AUTHORIZE_PATH, headers: { 'x-api-key': options.apiKey } })
  if (sent.answer === undefined) return { exit: 2, message: `cannot reach the target ${options.target.origin}: ${sent.error}` }
  const token = (sent.answer.body as { data?: unknown } | undefined)?.data
  if (sent.answer.status !== 200 || typeof token !== 'string') {
    return { exit: 2, message: `the target refused the API key: GET ${AUTHORIZE_PATH} answered ${sent.answer.status}` }
  }
  return { mockToken: (mockAnswer.json() as { data: string }).data, targetToken: token, apiKey: options.apiKey }
}

const headersOf = (probe: Probe, token: string, apiKey: string | undefined): Record<string, string> => {
  const headers: Record<string, string> = {}
  if (probe.contentType !== undefined) headers['content-type'] = probe.contentType
  if (probe.credential === 'bearer') headers.authorization = `Bearer ${token}`
  else if (probe.credential === 'apiKey') headers['x-api-key'] = apiKey!
  else if (probe.credential !== 'none') headers.authorization = probe.credential.authorization
  return headers
}

/** The mock's answer to a probe: after its queue has applied what came before, for the writes. */
const askMock = async (mock: FastifyInstance, probe: Probe, headers: Record<string, string>): Promise<Answer> => {
  if (probe.family === 'writes') await mock.inject({ method: 'POST', url: '/__admin/queue/flush' })
  const response = await mock.inject({ method: probe.method, url: probe.path, headers, ...(probe.body === undefined ? {} : { payload: probe.body }) })
  return { status: response.statusCode, body: bodyOf(response.body) }
}

/** A read back of a write, sent until the target's queue has applied it (a 2xx with data), for at most QUEUE_WAIT_MS. */
const applied = (sent: Sent) => {
  const answer = sent.answer
  if (answer === undefined || answer.status >= 300) return false
  const data = (answer.body as { data?: unknown } | undefined)?.data
  return !(Array.isArray(data) && data.length === 0)
}

const runProbe = async (probe: Probe, run: string, mock: FastifyInstance, target: Target, credentials: Credentials, first: boolean): Promise<ReportLine | { exit: number, message: string }> => {
  const mockAnswer = await askMock(mock, probe, headersOf(probe, credentials.mockToken, credentials.apiKey))
  const line = { run, probe: probe.id, family: probe.family, rule: probe.rule, method: probe.method, path: probe.path, mock: mockAnswer }
  if (probe.family !== 'writes' && probe.method === 'POST' && mockAnswer.status < 300) {
    // never sent: without --allow-writes nothing the mock would accept reaches the target
    return { ...line, agree: false, differences: ['not sent: the mock accepts this probe, so it would write to the target'], waited_ms: 0, target: { status: null, error: 'not sent' } }
  }
  const request = { method: probe.method, path: probe.path, headers: headersOf(probe, credentials.targetToken, credentials.apiKey), body: probe.body }
  let sent = await target.send(request)
  let waited = sent.waitedMs
  if (probe.afterQueue === true && probe.method === 'GET') {
    for (const started = Date.now(); !applied(sent) && Date.now() - started < QUEUE_WAIT_MS;) {
      await new Promise((resolve) => setTimeout(resolve, QUEUE_POLL_MS))
      sent = await target.send(request)
      waited += QUEUE_POLL_MS + sent.waitedMs
    }
  }
  if (sent.answer === undefined) {
    if (first) return { exit: 2, message: `cannot reach the target: ${sent.error}` }
    return { ...line, agree: false, differences: [`no answer from the target: ${sent.error}`], waited_ms: waited, target: { status: null, error: sent.error! } }
  }
  if (first && (sent.answer.status === 401 || sent.answer.status === 403)) {
    return { exit: 2, message: `the target refused the credential: ${probe.method} ${probe.path} answered ${sent.answer.status}` }
  }
  const { agree, differences } = compareAnswers(probe, mockAnswer, sent.answer)
  return { ...line, mock: withoutToken(mockAnswer), agree, differences, waited_ms: waited, target: withoutToken(sent.answer) }
}

/** A token the target issued is a credential of the account: the report keeps that one was answered, not the token. */
const withoutToken = (answer: Answer): Answer => {
  const data = (answer.body as { data?: unknown } | undefined)?.data
  return typeof data === 'string' && answer.status < 300 ? { ...answer, body: { ...(answer.body as object), data: '(a token)' } } : answer
}

const progress = (io: DriftIo, sent: number, total: number, results: Map<string, ReportLine>) => {
  const lines = [...results.values()]
  const text = `[${sent}/${total}] ${lines.filter((l) => l.agree).length} agree, ${lines.filter((l) => !l.agree && l.target.status !== null).length} disagree, ${lines.filter((l) => l.target.status === null).length} target errors`
  if (io.stderr.isTTY === true) io.stderr.write(`\r${text}`)
  else if (sent === total || sent % 50 === 0) io.stderr.write(`${text}\n`)
}

const shown = (answer: ReportLine['target']) =>
  answer.status === null ? `no answer (${(answer as { error: string }).error})` : `${answer.status} ${JSON.stringify(answer.body ?? '').slice(0, 300)}`

/** The table by family, then each disagreement with both answers. */
const summary = (probes: readonly Probe[], results: Map<string, ReportLine>): string => {
  const lines = probes.map((probe) => results.get(probe.id)).filter((line): line is ReportLine => line !== undefined)
  const counts = (of: ReportLine[]): [number, number, number, number] =>
    [of.length, of.filter((l) => l.agree).length, of.filter((l) => !l.agree && l.target.status !== null).length, of.filter((l) => l.target.status === null).length]
  const rows: (string | number)[][] = FAMILIES.map((family) => [family, ...counts(lines.filter((line) => line.family === family))]).filter((row) => row[1] !== 0)
  rows.push(['total', ...counts(lines)])
  const table = [['family', 'probes', 'agree', 'disagree', 'target error'], ...rows]
    .map((row) => row.map((cell, i) => (i === 0 ? String(cell).padEnd(8) : String(cell).padStart(i === 4 ? 12 : 8))).join(' '))
  const disagreements = lines.filter((line) => !line.agree).flatMap((line) => [
    '',
    `✗ ${line.probe} (${line.family}, rule ${line.rule}): ${line.method} ${line.path.length > 80 ? `${line.path.slice(0, 80)}…` : line.path}`,
    ...line.differences.map((difference) => `    ${difference}`),
    `    mock:   ${shown(line.mock)}`,
    `    target: ${shown(line.target)}`
  ])
  return [...table, ...disagreements, ''].join('\n')
}
