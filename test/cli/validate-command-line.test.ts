/** What `validate`'s command line asks for: its file, format, kind, report, early stop, split, batch size and jobs. */
import t from 'tap'
import { availableParallelism } from 'node:os'
import { parseCommandLine } from '../../src/cli/command-line.js'

const see = ' (see masivo-migrate-mock validate --help)\n'

t.test('defaults: standard input, the format detected, customers, batches of 1000 within the mock\'s body limit, a worker per core', async (t) => {
  t.same(parseCommandLine(['validate'], {}), { validate: { kind: 'customers', batchSize: 1000, bodyLimit: 16 * 1024 * 1024, jobs: availableParallelism() } })
  t.same(parseCommandLine(['validate', '-'], {}), { validate: { kind: 'customers', batchSize: 1000, bodyLimit: 16 * 1024 * 1024, jobs: availableParallelism(), input: '-' } })
})

t.test('every flag, as given', async (t) => {
  const args = ['validate', 'export.ndjson.gz', '--format-in', 'array', '--kind', 'events', '--report', 'r.ndjson', '--max-violations', '50',
    '--split', 'out', '--batch-size', '500', '--body-limit', '2048', '--jobs', '3']
  t.same(parseCommandLine(args, { PORT: 'not read' }), {
    validate: { input: 'export.ndjson.gz', formatIn: 'array', kind: 'events', report: 'r.ndjson', maxViolations: 50, split: 'out', batchSize: 500, bodyLimit: 2048, jobs: 3 }
  })
})

t.test('--help says every flag and the exit codes', async (t) => {
  const { exit, stdout } = parseCommandLine(['validate', '--help'], {}) as { exit: number, stdout: string }
  t.equal(exit, 0)
  t.match(stdout, /^Usage: masivo-migrate-mock validate \[FILE\|-\] \[flags\]\n/)
  for (const flag of ['--format-in', '--kind', '--report', '--max-violations', '--split', '--batch-size', '--body-limit', '--customers', '--jobs']) t.match(stdout, `\n  ${flag} <`)
  t.match(stdout, 'Exit code: 0 clean, 1 violations found, 2 a usage error, an input that cannot be read or an output that\ncannot be written, 130 interrupted')
  t.match((parseCommandLine(['--help'], {}) as { stdout: string }).stdout, 'validate [FILE|-] [flags]', 'the main help names the command')
})

t.test('a bad validate command line is exit code 2 and one line saying what', async (t) => {
  for (const [args, message] of [
    [['--formt-in', 'x'], "unknown flag '--formt-in'; did you mean --format-in?"],
    [['--port', '1'], "unknown flag '--port'; did you mean --report?"],
    [['a.ndjson', 'b.ndjson'], "validate reads one file, not 'b.ndjson' too"],
    [['--format-in', 'csv'], "--format-in must be one of ndjson, array, body, not 'csv'"],
    [['--kind', 'orders'], "--kind must be one of customers, transactions, events, not 'orders'"],
    [['--batch-size', '1001'], "--batch-size must be a whole number from 1 to 1000, not '1001'"],
    [['--batch-size', '0'], "--batch-size must be a whole number from 1 to 1000, not '0'"],
    [['--max-violations', '1.5'], `--max-violations must be a whole number from 1 to ${Number.MAX_SAFE_INTEGER}, not '1.5'`],
    [['--body-limit', '1023'], "--body-limit must be a whole number from 1024 to 1073741824, not '1023'"],
    [['--customers', 'c.ndjson'], '--customers goes with --kind transactions or events: it names the customers export they are checked against'],
    [['--jobs', '0'], "--jobs must be a whole number from 1 to 256, not '0'"],
    [['--jobs=-1'], "--jobs must be a whole number from 1 to 256, not '-1'"],
    [['--report'], "Option '--report <value>' argument missing"]
  ] as const) {
    t.same(parseCommandLine(['validate', ...args], {}), { exit: 2, stderr: `masivo-migrate-mock: ${message}${see}` }, args.join(' '))
  }
})

t.test('--customers, with transactions or events', async (t) => {
  t.match(parseCommandLine(['validate', 't.ndjson', '--kind', 'transactions', '--customers', 'c.ndjson'], {}), { validate: { kind: 'transactions', customers: 'c.ndjson' } })
})
