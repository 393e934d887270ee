/**
 * `validate` end to end, in process (the command line's own tests spawn it): a 200,000-customer export with
 * defects planted at known lines gives exactly those violations and exit code 1, the same file fixed gives
 * 0; the report, the summary, the split, early stops, the inputs it reads and those it cannot.
 */
import t from 'tap'
import { once } from 'node:events'
import { createWriteStream, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough, Readable, Writable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import { gzipSync } from 'node:zlib'
import type { Customer } from '../../schemas/customer.js'
import { validateExport, type ValidateOptions } from '../../src/validate/validate-export.js'
import { checkMigrateRequest } from '../../src/validation/batch-validator.js'
import { fullCustomer, fullEvents, fullTransactions, minimalCustomer } from '../fixtures.js'

const root = mkdtempSync(join(tmpdir(), 'validate-'))
t.teardown(() => rmSync(root, { recursive: true, force: true }))

/** A writable that keeps what it is given; `isTTY` as asked. */
const sink = (isTTY = false) => {
  const stream = new Writable({ write (chunk, _encoding, done) { stream.text += String(chunk); done() } }) as Writable & { text: string, isTTY?: boolean }
  stream.text = ''
  if (isTTY) stream.isTTY = true
  return stream
}

/** The command line's defaults, two workers. */
const DEFAULTS: ValidateOptions = { kind: 'customers', batchSize: 1000, bodyLimit: 16 * 1024 * 1024, jobs: 2 }

const validate = async (options: Partial<ValidateOptions>, stdin: Readable = Readable.from([])) => {
  const stdout = sink()
  const stderr = sink()
  const code = await validateExport({ ...DEFAULTS, ...options }, { stdin, stdout, stderr })
  return { code, stdout: stdout.text, stderr: stderr.text }
}

const file = (name: string, content: string | Buffer) => {
  const path = join(root, name)
  writeFileSync(path, content)
  return path
}

const lines = (records: unknown[]) => records.map((r) => `${JSON.stringify(r)}\n`).join('')
const reportOf = (path: string) => readFileSync(path, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>)

/** The endpoint's message for one customer's violation (the command must say the same). */
const endpointMessage = (customer: unknown, rule: string) => checkMigrateRequest({ customers: [customer] }).find((v) => v.rule === rule)!.message

t.test('200,000 fully filled customers, defects planted at known lines: exactly those, then the fixed file is clean', async (t) => {
  const COUNT = 200_000
  const defects = new Map<number, { path: string, rule: string, plant: (c: Customer) => void, first?: number }>([
    [7, { path: '/email', rule: 'format', plant: (c) => { c.email = 'not-an-email' } }],
    [1_001, { path: '/name', rule: 'required', plant: (c) => { delete (c as Partial<Customer>).name } }],
    [50_000, { path: '/id', rule: 'duplicateId', plant: (c) => { c.id = fullCustomer(9).id }, first: 10 }],
    [120_000, { path: '/email', rule: 'duplicateEmail', plant: (c) => { c.email = fullCustomer(19).email.toUpperCase() }, first: 20 }],
    [150_000, { path: '/nmae', rule: 'unknownField', plant: (c) => { (c as Record<string, unknown>).nmae = c.name } }],
    [199_999, { path: '/document_number', rule: 'documentPair', plant: (c) => { delete c.document_number } }],
    [200_000, { path: '/metrics/lifetime/from', rule: 'periodOrder', plant: (c) => { c.metrics!.lifetime!.from = '2030-01-01T00:00:00Z' } }]
  ])
  const write = async (path: string, planted: boolean) => {
    const out = createWriteStream(path)
    let text = ''
    for (let line = 1; line <= COUNT; line++) {
      const customer = fullCustomer(line - 1)
      if (planted) defects.get(line)?.plant(customer)
      text += `${JSON.stringify(customer)}\n`
      if (text.length > 1 << 20 && !out.write(text)) await once(out, 'drain')
      if (text.length > 1 << 20) text = ''
    }
    out.end(text)
    await once(out, 'close')
  }
  const path = join(root, 'export.ndjson')
  await write(path, true)
  const report = join(root, 'report.ndjson')
  const planted = await validate({ input: path, report })
  t.equal(planted.code, 1, 'exit code 1')
  const expected = [...defects].map(([line, { path, rule, plant, first }]) => {
    const customer = fullCustomer(line - 1)
    plant(customer)
    const message = first !== undefined
      ? `repeats the ${rule === 'duplicateId' ? 'id' : 'email'} of line ${first}${rule === 'duplicateEmail' ? ' (emails compare case-insensitively)' : ''}`
      : endpointMessage(customer, rule)
    return { line, path, rule, message, ...(first !== undefined ? { first_line: first } : {}) }
  })
  t.same(reportOf(report), expected, 'the report: each planted defect, at its line and path, in the endpoint\'s words')
  t.match(planted.stdout, /: 200,000 records read in [\d.]+ s/)
  t.match(planted.stdout, /\n {2}valid {7}199,993\n {2}invalid {5}7\n {2}violations {2}7\n/)
  t.equal(planted.stderr, '', 'nothing on stderr when it is not a terminal')

  await write(path, false)
  const fixed = await validate({ input: path })
  t.equal(fixed.code, 0, 'the same file fixed: exit code 0')
  t.match(fixed.stdout, /\n {2}valid {7}200,000\n {2}invalid {5}0\n {2}violations {2}0\n/)
  rmSync(path)
})

t.test('a JSON array: places are indexes, repeats name the first index; the summary groups problems', async (t) => {
  const customers: unknown[] = Array.from({ length: 30 }, (_, i) => minimalCustomer(i))
  for (const i of [3, 4, 5]) (customers[i] as Customer).email = `bad-${i}`
  customers[12] = { ...minimalCustomer(40), id: minimalCustomer(2).id }
  const report = join(root, 'array-report.ndjson')
  const { code, stdout } = await validate({ input: file('array.json', JSON.stringify(customers, null, 2)), report })
  t.equal(code, 1)
  t.same(reportOf(report).map((v) => [v.index, v.path, v.rule, v.first_index]), [
    [3, '/email', 'format', undefined], [4, '/email', 'format', undefined], [5, '/email', 'format', undefined], [12, '/id', 'duplicateId', 2]
  ])
  t.match(stdout, /\(JSON array, customers\): 30 records/)
  t.match(stdout, /Violations by rule:\n {2}format {7}3\n {2}duplicateId {2}1\n/)
  t.match(stdout, /3 × format at \/email\n {6}e\.g\. index 3: \/email must be an email address/)
  t.match(stdout, /1 × duplicateId at \/id\n {6}e\.g\. index 12: \/id repeats the id of index 2/)
})

t.test('a record that is not an object: the record itself is the place', async (t) => {
  const { code, stdout } = await validate({ input: file('scalars.json', '[1, "two"]') })
  t.equal(code, 1)
  t.match(stdout, /2 × type at \(the record\)\n {6}e\.g\. index 0: \(the record\) must be an object/)
})

t.test('gzipped, from standard input', async (t) => {
  const text = lines([minimalCustomer(1), { ...minimalCustomer(2), gender: 'OTHER' }])
  const { code, stdout } = await validate({}, Readable.from([gzipSync(text)]))
  t.equal(code, 1)
  t.match(stdout, /^standard input \(NDJSON, customers\): 2 records/)
  t.match(stdout, /1 × enum at \/gender\n {6}e\.g\. line 2: /)
})

t.test('--max-violations: stops there, the report holds that many, the summary says where', async (t) => {
  // several chunks' worth: the stop comes while later chunks are still being checked
  const records = Array.from({ length: 5000 }, (_, i) => ({ ...fullCustomer(i), email: `bad-${i}` }))
  const report = join(root, 'max-report.ndjson')
  const { code, stdout } = await validate({ input: file('max.ndjson', lines(records)), report, maxViolations: 25 })
  t.equal(code, 1)
  t.equal(reportOf(report).length, 25)
  t.match(stdout, /violations {2}25\n {2}stopped at line 25: --max-violations reached; the rest of the file was not read\n/)
})

t.test('--split: only the valid records (a repeat is not), in bodies of --batch-size', async (t) => {
  const records: unknown[] = Array.from({ length: 2500 }, (_, i) => minimalCustomer(i))
  records[10] = { ...minimalCustomer(10), gender: 'X' }
  records[2000] = minimalCustomer(5)
  const folder = join(root, 'split')
  const { code, stdout } = await validate({ input: file('split.ndjson', lines(records)), split: folder, batchSize: 1000 })
  t.equal(code, 1)
  const bodies = readdirSync(folder).sort().map((name) => JSON.parse(readFileSync(join(folder, name), 'utf8')) as { customers: { id: string }[] })
  t.same(bodies.map((b) => b.customers.length), [1000, 1000, 498])
  const ids = bodies.flatMap((b) => b.customers.map((c) => c.id))
  t.notOk(ids.includes(minimalCustomer(10).id), 'the invalid record is left out')
  t.equal(ids.filter((id) => id === minimalCustomer(5).id).length, 1, 'a repeat is left out, its first kept')
  t.same(bodies.flatMap((b) => checkMigrateRequest(b)), [], 'every body passes the endpoint')
  t.match(stdout, /\n3 batch files of valid records written to /)
})

t.test('--split over many chunks: each body holds its records as written, though the chunks\' buffers are used again', async (t) => {
  const records = Array.from({ length: 1500 }, (_, i) => fullCustomer(i)) // about 5 MB: several chunks a body
  const input = file('split-many.ndjson', lines(records))
  for (const jobs of [1, 2]) {
    const folder = join(root, `split-many-${jobs}`)
    const { code } = await validate({ input, split: folder, batchSize: 1000, jobs })
    t.equal(code, 0)
    const bodies = readdirSync(folder).sort().map((name) => readFileSync(join(folder, name), 'utf8'))
    t.same(bodies, [records.slice(0, 1000), records.slice(1000)].map((batch) => `{"customers":[${batch.map((r) => JSON.stringify(r)).join(',')}]}\n`), `--jobs ${jobs}`)
  }
})

t.test('transactions and events files, by their endpoints\' rules', async (t) => {
  const transactions = await validate({ input: file('transactions.ndjson', lines([fullTransactions(1), fullTransactions(2), fullTransactions(1)])), kind: 'transactions' })
  t.equal(transactions.code, 1)
  t.match(transactions.stdout, /\(NDJSON, transactions\): 3 records[^]*1 × duplicateId at \/id\n {6}e\.g\. line 3: \/id repeats the id of line 1/)
  const events = await validate({ input: file('events.ndjson', lines([fullEvents(1), fullEvents(1)])), kind: 'events', split: join(root, 'events-split') })
  t.equal(events.code, 0, 'a customer\'s events may come twice')
  t.same(readdirSync(join(root, 'events-split')), ['batch-00001.json'])
})

t.test('unreadable input: exit code 2 and one line saying what and where', async (t) => {
  const syntax = await validate({ input: file('broken.ndjson', `${lines([minimalCustomer(1), minimalCustomer(2)])}{"id": "c",, "name": "C"}\n${lines([minimalCustomer(4)])}`) })
  t.equal(syntax.code, 2)
  t.equal(syntax.stderr, `masivo-migrate-mock validate: ${join(root, 'broken.ndjson')}: not JSON: unexpected character at line 3, column 12\n`)
  t.match(syntax.stdout, /: 2 records read/, 'the summary of what came before')
  const between = await validate({ input: file('broken.json', `[\n${JSON.stringify(minimalCustomer(1))}\n${JSON.stringify(minimalCustomer(2))}]`) })
  t.equal(between.code, 2)
  t.match(between.stderr, /: not JSON: unexpected character at line 3, column 1\n$/)
  for (const [name, options, message] of [
    ['a missing file', { input: join(root, 'missing.ndjson') }, `cannot read ${join(root, 'missing.ndjson')}: no such file or folder`],
    ['a folder', { input: root }, `cannot read ${root}: it is a folder`],
    ['an empty file', { input: file('empty.ndjson', '\n\n') }, `${join(root, 'empty.ndjson')}: no records: the input is empty`],
    ['a report that cannot be written', { input: file('one.ndjson', lines([minimalCustomer(1)])), report: join(root, 'missing', 'report.ndjson') }, /^cannot write --report .*: no such file or folder$/],
    ['a split folder in use', { input: join(root, 'one.ndjson'), split: join(root, 'split') }, /^--split folder .* is not empty/],
    ['a report opened, then a split folder in use', { input: join(root, 'one.ndjson'), report: join(root, 'unused-report.ndjson'), split: join(root, 'split') }, /^--split folder .* is not empty/],
    ['a report under a file', { input: join(root, 'one.ndjson'), report: join(root, 'one.ndjson', 'report.ndjson') }, /^cannot write --report .*one\.ndjson\/report\.ndjson: not a directory \(ENOTDIR\)$/]
  ] as const) {
    const { code, stderr } = await validate(options)
    t.equal(code, 2, name)
    t.match(stderr.replace(/^masivo-migrate-mock validate: /, '').trimEnd(), message, name)
  }
})

t.test('an input that fails while it is read: exit code 2, what failed, and the records before it', async (t) => {
  const failing = Readable.from((async function * () {
    yield Buffer.from(lines([minimalCustomer(1)]))
    await sleep(10)
    throw Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO', syscall: 'read' })
  })())
  const { code, stderr } = await validate({}, failing)
  t.equal(code, 2)
  t.equal(stderr, 'masivo-migrate-mock validate: cannot read standard input: i/o error (EIO)\n')
  const broken = Readable.from((async function * () {
    yield Buffer.from('{"id":"a"}\n')
    throw new TypeError('a bug, not the input')
  })())
  await t.rejects(validate({}, broken), { message: 'a bug, not the input' }, 'anything else is not hidden')
})

t.test('a syntax error behind records still being checked: the records first, then the error', async (t) => {
  const records = Array.from({ length: 4000 }, (_, i) => ({ ...fullCustomer(i), email: i === 3500 ? 'bad' : fullCustomer(i).email }))
  const text = `[${records.map((r) => JSON.stringify(r)).join(',')}] x`
  const report = join(root, 'behind-report.ndjson')
  const { code, stdout, stderr } = await validate({ input: file('behind.json', text), report, jobs: 1 })
  t.equal(code, 2)
  t.match(stderr, /: not JSON: unexpected character at line 1, column \d+\n$/)
  t.match(stdout, /: 4,000 records read/)
  t.same(reportOf(report).map((v) => v.index), [3500], 'the records before it were all checked')
})

t.test('a progress line on a terminal: bytes, records a second, violations; erased at the end', async (t) => {
  const slow = Readable.from((async function * () {
    for (let i = 0; i < 6; i++) {
      yield Buffer.from(lines([{ ...minimalCustomer(i), email: i % 2 === 0 ? 'bad' : minimalCustomer(i).email }]))
      await sleep(100)
    }
  })())
  const stdout = sink()
  const stderr = sink(true)
  const code = await validateExport({ ...DEFAULTS, jobs: 1 }, { stdin: slow, stdout, stderr })
  t.equal(code, 1)
  const ERASE = '\r\u001b[K' // back to the line's start, erase it
  t.ok(stderr.text.startsWith(ERASE), 'each progress line replaces the last')
  t.match(stderr.text, /[\d.]+ MB read · [\d,]+ records\/s · \d+ violations/)
  t.ok(stderr.text.endsWith(ERASE), 'the line erased before the summary')
  const fromFile = sink(true)
  await validateExport({ ...DEFAULTS, jobs: 1, input: file('progress.ndjson', lines(Array.from({ length: 3000 }, (_, i) => fullCustomer(i)))) }, { stdin: Readable.from([]), stdout: sink(), stderr: fromFile })
  t.match(fromFile.text, /[\d.]+ of [\d.]+ MB \(\d+ %\) · /, 'of how many, from a file')
  const piped = new PassThrough()
  piped.end(lines([minimalCustomer(1)]))
  const quiet = await validate({}, piped)
  t.equal(quiet.stderr, '', 'nothing of it when stderr is not a terminal')
})

t.test('--report never overwrites the export it checks (the same path, or a link to it); a report appears whole', async (t) => {
  const customer = JSON.stringify(minimalCustomer(0))
  const path = file('own.ndjson', `${customer}\n{}\n`)
  const linked = join(root, 'own-link.ndjson')
  symlinkSync(path, linked)
  for (const report of [path, linked]) {
    const { code, stderr } = await validate({ input: path, report })
    t.equal(code, 2)
    t.equal(stderr, `masivo-migrate-mock validate: --report ${report} is the export being checked: give another file (it would be overwritten)\n`)
    t.equal(readFileSync(path, 'utf8'), `${customer}\n{}\n`, 'the export is untouched')
  }
  const report = join(root, 'own-report.ndjson')
  const { code } = await validate({ input: path, report })
  t.equal(code, 1)
  t.equal(readFileSync(report, 'utf8').split('\n').filter((line) => line !== '').length, 4, "the report, under its own name: {}'s four violations")
  t.same(readdirSync(root).filter((name) => name.endsWith('.partial')), [], 'no temporary file left')
})

t.test('interrupted (SIGINT): what was read is checked, summarized, reported and split whole; exit code 130', async (t) => {
  const interrupt = new AbortController()
  let produced = 0
  // an endless export: after the first chunks the command is interrupted, and reads no more
  const stdin = Readable.from((async function * () {
    for (;;) {
      produced++
      if (produced === 20) interrupt.abort()
      yield Buffer.from(Array.from({ length: 1000 }, (_, i) => `${JSON.stringify({ ...minimalCustomer(0), id: `c-${produced}-${i}`, email: `c${produced}x${i}@example.com` })}\n`).join(''))
      await sleep(1)
    }
  })())
  const folder = join(root, 'interrupted-split')
  const report = join(root, 'interrupted-report.ndjson')
  const stdout = sink()
  const stderr = sink()
  const code = await validateExport({ ...DEFAULTS, split: folder, report }, { stdin, stdout, stderr, signal: interrupt.signal })
  t.equal(code, 130)
  const read = Number(/: ([\d,]+) records? read/.exec(stdout.text)?.[1]?.replaceAll(',', ''))
  t.ok(read >= 1000 && read < produced * 1000, `${read} records read of ${produced * 1000} produced`)
  t.match(stdout.text, new RegExp(`  interrupted \\(SIGINT\\) after ${read.toLocaleString('en-US')} records: the rest of the file was not read`))
  const files = readdirSync(folder)
  t.notOk(files.some((name) => name.endsWith('.partial')), 'no partial batch')
  const sent = files.reduce((n, name) => n + (JSON.parse(readFileSync(join(folder, name), 'utf8')) as { customers: unknown[] }).customers.length, 0)
  t.equal(sent, read, 'every record read is in a whole batch')
  t.equal(readFileSync(report, 'utf8'), '', 'the report, complete: no violation')
})

t.test('--body-limit: no batch file is larger, and a record too large for a body alone is a violation', async (t) => {
  // 20 kB of notes a customer: 60 of them are 1.2 MB, over a 100 kB limit in one batch of --batch-size 1000
  const customers = Array.from({ length: 60 }, (_, i) => ({ ...minimalCustomer(i), metadata: { notes: 'n'.repeat(20_000) } }))
  const huge = { ...minimalCustomer(60), metadata: { notes: 'n'.repeat(150_000) } }
  const folder = join(root, 'limited-split')
  const report = join(root, 'limited-report.ndjson')
  const { code, stdout } = await validate({ input: file('large.ndjson', lines([...customers.slice(0, 30), huge, ...customers.slice(30)])), split: folder, report, bodyLimit: 100_000 })
  t.equal(code, 1)
  const size = JSON.stringify(huge).length
  t.same(reportOf(report), [{ line: 31, path: '', rule: 'bodyLimit', message: `is ${size} bytes: a body holding it alone would be over the body limit of 100000 bytes (--body-limit)` }])
  const files = readdirSync(folder).sort()
  const sizes = files.map((name) => readFileSync(join(folder, name)).length)
  t.ok(sizes.every((bytes) => bytes <= 100_000), `batch files of ${sizes.join(', ')} bytes`)
  t.ok(sizes.slice(0, -1).every((bytes) => bytes > 100_000 - 20_100), 'each as full as the limit allows')
  const sent = files.flatMap((name) => (JSON.parse(readFileSync(join(folder, name), 'utf8')) as { customers: Customer[] }).customers.map((c) => c.id))
  t.same(sent, customers.map((c) => c.id), 'every valid customer, in order; not the one too large')
  t.match(stdout, `${files.length} batch files of valid records written to ${folder}`)
  const fits = await validate({ input: join(root, 'large.ndjson'), bodyLimit: size + 17 })
  t.equal(fits.code, 0, 'a record exactly as large as a body of its own allows is valid')
})

t.test('an output that fails as the run ends (its folder gone): exit code 2, one line, no partial batch', async (t) => {
  const folder = join(root, 'vanishing')
  const batches = join(folder, 'batches')
  const report = join(folder, 'report.ndjson')
  mkdirSync(folder)
  const stdin = Readable.from((async function * () {
    // two chunks of 4096 records: the first is taken (its valid customer opens batch 1) while the second is read
    yield Buffer.from(lines([minimalCustomer(1), ...Array(2 * 4096 - 1).fill({})]))
    await sleep(50)
    rmSync(folder, { recursive: true }) // as a disk unmounted mid-run would: batch 1 cannot be given its name
    yield Buffer.from(lines([{}]))
  })())
  const { code, stdout, stderr } = await validate({ split: batches, report, jobs: 1 }, stdin)
  t.equal(code, 2)
  t.equal(stderr, `masivo-migrate-mock validate: cannot write batch file ${join(batches, 'batch-00001.json')}: no such file or folder\n`)
  t.match(stdout, /: 8,193 records read/, 'the summary of what was checked')
})

t.test('--customers: transactions and events checked against the customers export as the queue applies them, by line and rule', async (t) => {
  const customers = file('cross-customers.ndjson', lines(Array.from({ length: 6 }, (_, i) => fullCustomer(i))))
  const half = (i: number, part: 0 | 1) => ({ ...fullTransactions(i), transactions: fullTransactions(i).transactions.slice(part, part + 1) })
  const planted = [
    fullTransactions(0), // 1: applied
    half(1, 0), // 2: +200 against 150: balanceMismatch
    fullTransactions(9), // 3: no such customer: unknownCustomer
    half(2, 0), // 4: +200 ... and 6: -50, together 150: balanceMismatch each, and splitTransactions both
    fullTransactions(3), // 5: applied
    half(2, 1),
    fullTransactions(3) // 7: a repeat of an applied customer: duplicateId (the queue: already migrated)
  ]
  const report = join(root, 'cross-report.ndjson')
  const { code, stdout } = await validate({ input: file('cross-transactions.ndjson', lines(planted)), kind: 'transactions', customers, report })
  t.equal(code, 1)
  t.same(reportOf(report).map((v) => [v.line, v.rule]), [
    [2, 'balanceMismatch'], [3, 'unknownCustomer'], [4, 'balanceMismatch'], [6, 'duplicateId'], [6, 'balanceMismatch'], [7, 'duplicateId'],
    [4, 'splitTransactions'], [6, 'splitTransactions']
  ])
  t.match(reportOf(report)[0]!.message, /^its transactions do not match its migrated balance \(reward 3c90c3cc-0d44-4b50-8888-000000000001: the transactions add up to 200, the migrated balance is 150\)$/, "the queue's own words")
  t.match(stdout, `  checked against 6 customers of ${customers}, as the queue would apply them`)
  const fixed = await validate({ input: file('fixed-transactions.ndjson', lines(Array.from({ length: 6 }, (_, i) => fullTransactions(i)))), kind: 'transactions', customers })
  t.equal(fixed.code, 0, 'the fixed file: clean')
  const events = await validate({ input: file('cross-events.ndjson', lines([fullEvents(1), fullEvents(7)])), kind: 'events', customers, report })
  t.equal(events.code, 1)
  t.same(reportOf(report).map((v) => [v.line, v.path, v.rule]), [[2, '/id', 'unknownCustomer']])
  const broken = await validate({ input: join(root, 'fixed-transactions.ndjson'), kind: 'transactions', customers: file('broken-customers.ndjson', '{"id":"a"}\n{"id": }\n') })
  t.same([broken.code, broken.stderr], [2, `masivo-migrate-mock validate: --customers ${join(root, 'broken-customers.ndjson')}: not JSON: unexpected character at line 2, column 8\n`])
  const missing = await validate({ input: join(root, 'fixed-transactions.ndjson'), kind: 'transactions', customers: join(root, 'none.ndjson') })
  t.same([missing.code, missing.stderr], [2, `masivo-migrate-mock validate: cannot read --customers ${join(root, 'none.ndjson')}: no such file or folder\n`])
})
