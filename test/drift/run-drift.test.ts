/** drift against a second mock (full agreement) and against targets that deviate in known ways. */
import t from 'tap'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { loadConfig } from '../../src/config.js'
import { runDrift, type DriftOptions, type ReportLine } from '../../src/drift/run-drift.js'
import { listening } from '../helper.js'
import { fakeTarget } from './fake-target.js'

const SECRET = 'drift-secret-token-0001'

const collector = () => {
  let text = ''
  const stream = new Writable({ write (chunk, _encoding, done) { text += String(chunk); done() } })
  return { stream, text: () => text }
}

const drift = async (options: Partial<DriftOptions> & { target: URL }, signal?: AbortSignal) => {
  const stdout = collector()
  const stderr = collector()
  const exit = await runDrift({ token: SECRET, allowWrites: false, config: loadConfig({}), ...options }, { stdout: stdout.stream, stderr: stderr.stream, ...(signal === undefined ? {} : { signal }) })
  return { exit, stdout: stdout.text(), stderr: stderr.text() }
}

const reportOf = (file: string): ReportLine[] => readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as ReportLine)

t.test('against a mock: every probe agrees, exit 0; the credential is never printed', async (t) => {
  const { port } = await listening(t)
  const report = join(t.testdir(), 'report.ndjson')
  const { exit, stdout, stderr } = await drift({ target: new URL(`http://127.0.0.1:${port}`), report })
  t.equal(exit, 0, stdout)
  const lines = reportOf(report)
  t.ok(lines.length > 400)
  t.same(lines.filter((line) => !line.agree), [])
  t.match(lines[0], { probe: 'read customer unknown', rule: 'customerNotFound', agree: true, mock: { status: 404 }, target: { status: 404 } })
  t.match(stderr, /^masivo-migrate-mock drift: \d+ probes to send \(\d+ to the migrate endpoints, 4 reads\); at a Dev account's limits \(250 migrate requests an hour\) about [\d.]+ h/)
  t.match(stdout, /^family +probes +agree +disagree +target error\nschema +\d+/)
  t.match(stdout, /\ntotal +(\d+) +\1 +0 +0\n$/)
  for (const text of [stdout, stderr, readFileSync(report, 'utf8')]) t.notOk(text.includes(SECRET))
})

t.test('against a target that deviates: exactly its deviations reported, its pacing honoured, exit 1', async (t) => {
  let throttled = false
  const { url, received } = await fakeTarget(t, (request) => {
    const body = request.body.toString()
    if (request.method === 'POST' && request.url === '/api/storefront/v1/customers/migrate') {
      // a rule it does not enforce: country's 100 characters
      const customer = (() => { try { return JSON.parse(body).customers?.[0] } catch { return undefined } })()
      if (typeof customer?.country === 'string' && customer.country.length > 100) return { status: 202, body: { message: 'Customers batch enqueued successfully' } }
      // a different status
      if (request.headers['content-type'] === 'text/plain') return { status: 400, body: { error: 'Bad Request', details: 'JSON only' } }
      // a different error shape
      if (body === '{"customers": [') return { status: 400, body: { message: 'Unexpected end of JSON input' } }
      // a dropped connection
      if (body === '') return 'drop'
    }
    // a 429 with Retry-After, once
    if (request.url === '/api/storefront/v1/customers/migrate/transactions' && !throttled) {
      throttled = true
      return { status: 429, headers: { 'retry-after': '1' }, body: { error: 'Too Many Requests', details: 'slow down' } }
    }
    // the rewards read answers with no request left in its window: the next request waits for its reset
    if (request.url.startsWith('/api/storefront/v1/rewards')) return { extraHeaders: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1' } }
    return undefined
  })
  const report = join(t.testdir(), 'report.ndjson')
  const started = performance.now()
  const { exit, stdout, stderr } = await drift({ target: url, report })
  t.equal(exit, 1)
  t.ok(performance.now() - started >= 2000, 'two waits of a second each')
  const lines = reportOf(report)
  const disagreeing = lines.filter((line) => !line.agree && line.target.status !== null).map((line) => line.probe)
  t.same(disagreeing.sort(), ['customers /customers/0/country maxLength', 'customers media not JSON', 'customers media text/plain'])
  t.same(lines.filter((line) => line.target.status === null).map((line) => line.probe), ['customers media empty'])
  const byProbe = new Map(lines.map((line) => [line.probe, line]))
  t.same(byProbe.get('customers /customers/0/country maxLength')!.differences, ['status: 400 from the mock, 202 from the target'])
  t.same(byProbe.get('customers media text/plain')!.differences, ['status: 415 from the mock, 400 from the target'])
  t.same(byProbe.get('customers media not JSON')!.differences, ['error body: the target\'s is not { error, details }'])
  const throttledLine = lines.find((line) => line.path === '/api/storefront/v1/customers/migrate/transactions')!
  t.ok(throttledLine.agree && throttledLine.waited_ms >= 1000, 'the 429 was waited out and the probe sent again')
  const afterRewards = lines[lines.findIndex((line) => line.path === '/api/storefront/v1/rewards') + 1]!
  t.ok(afterRewards.waited_ms >= 900, `the request after X-RateLimit-Remaining: 0 waited (${afterRewards.waited_ms} ms)`)
  t.match(stderr, /waiting 1 s for the target's rate limit \(it answered 429\)/)
  t.match(stdout, /✗ customers \/customers\/0\/country maxLength \(schema, rule maxLength\): POST \/api\/storefront\/v1\/customers\/migrate\n {4}status: 400 from the mock, 202 from the target\n {4}mock: {3}400 \{"error":"Bad Request"/)
  t.match(stdout, /✗ customers media empty \(media, rule emptyBody\)[^\n]*\n {4}no answer from the target: \w+/)
  // without --allow-writes, nothing it received is a request the mock accepts
  const { app: judge } = await listening(t)
  for (const request of received.filter((r) => r.method === 'POST')) {
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => name !== 'host' && name !== 'content-length')) as Record<string, string>
    const answer = await judge.inject({ method: 'POST', url: request.url, headers, ...(request.body.length > 0 ? { payload: request.body } : {}) })
    if (answer.statusCode < 300) t.fail(`the target received a body the mock accepts: ${request.url} ${request.body.toString().slice(0, 200)}`)
  }
  t.ok(received.length >= lines.length, `${received.length} requests received`)
})

t.test('exit 2: a target that cannot be reached, or that refuses the credential or the API key', async (t) => {
  const closed = await listening(t)
  const port = closed.port
  await closed.app.close()
  const unreachable = await drift({ target: new URL(`http://127.0.0.1:${port}`) })
  t.equal(unreachable.exit, 2)
  t.match(unreachable.stderr, /drift: cannot reach the target: ECONNREFUSED\n$/)
  const refusing = await fakeTarget(t, () => ({ status: 401, body: { error: 'Unauthorized', details: 'who are you?' } }))
  const refused = await drift({ target: refusing.url })
  t.equal(refused.exit, 2)
  t.match(refused.stderr, /drift: the target refused the credential: GET \/api\/storefront\/v1\/customers\/drift-\w+-unknown answered 401\n$/)
  t.equal(refusing.received.length, 1, 'nothing more sent')
  const keyRefused = await drift({ target: refusing.url, token: undefined, apiKey: 'bad-key' })
  t.equal(keyRefused.exit, 2)
  t.match(keyRefused.stderr, /drift: the target refused the API key: GET \/api\/storefront\/v1\/auth\/authorize answered 401\n$/)
  t.notOk(`${refused.stderr}${keyRefused.stderr}`.includes('bad-key'))
})

t.test('--resume: what a run compared is not sent again; the rest is appended', async (t) => {
  const target = await fakeTarget(t)
  const report = join(t.testdir(), 'report.ndjson')
  const first = await drift({ target: target.url, report })
  t.equal(first.exit, 0)
  const all = readFileSync(report, 'utf8').split('\n').filter((line) => line !== '')
  // an interrupted run: the first 100 lines, and half of the 101st
  writeFileSync(report, `${all.slice(0, 100).join('\n')}\n${all[100]!.slice(0, 40)}`)
  const before = target.received.length
  const resumed = await drift({ target: target.url, resume: report })
  t.equal(resumed.exit, 0)
  t.equal(target.received.length - before, all.length - 100, 'only the probes not compared were sent')
  t.match(resumed.stderr, /\(100 already compared, in .*report\.ndjson\)/)
  const lines = reportOf(report)
  t.equal(new Set(lines.map((line) => line.probe)).size, all.length, 'every probe once in the report')
  t.equal(new Set(lines.map((line) => line.run)).size, 1, 'one run id: the same customer ids')
})

t.test('an interrupted run stops after the probe in flight, exit 130, and says how to resume', async (t) => {
  const interrupt = new AbortController()
  const target = await fakeTarget(t, (_request, nth) => { if (nth === 5) interrupt.abort(); return undefined })
  const report = join(t.testdir(), 'report.ndjson')
  const { exit, stderr } = await drift({ target: target.url, report }, interrupt.signal)
  t.equal(exit, 130)
  t.equal(reportOf(report).length, 5)
  t.match(stderr, /interrupted after 5 probes; --resume .*report\.ndjson sends the rest/)
})

t.test('--allow-writes: a valid customer, its transactions and an event, read back from both and compared by shape', async (t) => {
  const { port, app } = await listening(t)
  const report = join(t.testdir(), 'report.ndjson')
  const { exit } = await drift({ target: new URL(`http://127.0.0.1:${port}`), apiKey: 'drift-key', token: undefined, allowWrites: true, report })
  t.equal(exit, 0)
  const tokens = reportOf(report).filter((line) => line.family === 'token' && line.rule === 'tokenFlow')
  t.same(tokens.map((line) => [line.agree, line.target.status === 200 && (line.target.body as { data: string }).data]), [[true, '(a token)'], [true, '(a token)']], 'no token the target issued is kept')
  const writes = reportOf(report).filter((line) => line.family === 'writes')
  t.same(writes.map((line) => [line.rule, line.agree]), [['customerMigrated', true], ['customerReadBack', true], ['transactionsMigrated', true], ['eventsMigrated', true], ['transactionsReadBack', true]])
  const id = writes[1]!.path.split('/').at(-1)!
  t.match(id, /^drift-[0-9a-f]{8}-customer$/)
  const held = await app.inject({ url: `/__admin/customers/${id}` })
  t.match(held.json(), { migrations: 1, transactions: [{ outcome: 'applied' }], events: [{ outcome: 'applied' }] }, 'the target holds it, applied')
})

t.test('nothing goes anywhere but the target: a redirect is an answer, never followed', async (t) => {
  const elsewhere = await fakeTarget(t)
  const redirecting = await fakeTarget(t, () => ({ status: 302, headers: { location: `${elsewhere.url.origin}/api/storefront/v1/customers/x` }, body: {} }))
  const { exit } = await drift({ target: redirecting.url })
  t.equal(exit, 1)
  t.ok(redirecting.received.length > 400)
  t.equal(elsewhere.received.length, 0)
})

t.test('a report that cannot be written, or a --resume that cannot be read: one line, exit code 2', async (t) => {
  const target = await fakeTarget(t)
  const dir = t.testdir()
  const unwritable = await drift({ target: target.url, report: join(dir, 'missing-folder', 'report.ndjson') })
  t.equal(unwritable.exit, 2)
  t.match(unwritable.stderr, /drift: cannot write the report .*missing-folder\/report\.ndjson: ENOENT\n$/)
  const unreadable = await drift({ target: target.url, resume: dir })
  t.equal(unreadable.exit, 2)
  t.match(unreadable.stderr, /drift: cannot read --resume .*: EISDIR\n$/)
  t.equal(target.received.length, 0, 'nothing sent')
})

t.test('--allow-writes against a target whose queue takes seconds: its read backs are sent again until applied', async (t) => {
  const target = await fakeTarget(t, () => undefined, { QUEUE_DELAY_MS: '2000' })
  const report = join(t.testdir(), 'report.ndjson')
  const { exit } = await drift({ target: target.url, allowWrites: true, report })
  t.equal(exit, 0)
  const readBacks = reportOf(report).filter((line) => line.family === 'writes' && line.method === 'GET')
  t.same(readBacks.map((line) => [line.rule, line.agree]), [['customerReadBack', true], ['transactionsReadBack', true]])
  t.ok(readBacks.every((line) => line.waited_ms >= 5000), 'each polled at least once, 5 s apart')
  const reads = target.received.filter((request) => request.method === 'GET' && request.url.includes('-customer')).length
  t.ok(reads >= 4, `${reads} reads: the first of each too early`)
})
