/** `masivo-migrate-mock drift`'s command line: what it needs, what it refuses, and a help that says what it sends. */
import t from 'tap'
import { parseCommandLine } from '../../src/cli/command-line.js'

t.test('a target, one credential (a flag or its variable), the report or the resume, and the settings of the mock', async (t) => {
  t.match(parseCommandLine(['drift', '--target', 'https://app.masivo.ai', '--api-key', 'k'], {}), {
    drift: { target: new URL('https://app.masivo.ai'), apiKey: 'k', allowWrites: false, config: { MAX_BATCH_SIZE: 1000 } }
  })
  t.match(parseCommandLine(['drift', '--target', 'http://127.0.0.1:9', '--allow-writes', '--report', 'r.ndjson', '--max-batch-size', '500'], { MASIVO_TOKEN: 't' }), {
    drift: { token: 't', allowWrites: true, report: 'r.ndjson', config: { MAX_BATCH_SIZE: 500 } }
  })
  t.match(parseCommandLine(['drift', '--target', 'http://x.test', '--resume', 'r.ndjson', '--report', 'r.ndjson'], { MASIVO_API_KEY: 'k' }), { drift: { resume: 'r.ndjson' } })
})

t.test('what it refuses: exit code 2 and one line', async (t) => {
  const see = ' (see masivo-migrate-mock drift --help)\n'
  const cases: [string[], Record<string, string>, string][] = [
    [['drift'], {}, 'masivo-migrate-mock: drift needs --target URL, the Masivo API to compare with' + see],
    [['drift', '--target', 'ftp://x'], { MASIVO_TOKEN: 't' }, "masivo-migrate-mock: --target must be an http or https URL, not 'ftp://x'" + see],
    [['drift', '--target', 'not a url'], { MASIVO_TOKEN: 't' }, "masivo-migrate-mock: --target must be an http or https URL, not 'not a url'" + see],
    [['drift', '--target', 'http://x.test'], {}, 'masivo-migrate-mock: drift needs one credential: --api-key (or MASIVO_API_KEY) or --token (or MASIVO_TOKEN)' + see],
    [['drift', '--target', 'http://x.test', '--token', 't'], { MASIVO_API_KEY: 'k' }, 'masivo-migrate-mock: drift needs one credential'],
    [['drift', '--target', 'http://x.test', '--token', 't', '--report', 'a', '--resume', 'b'], {}, 'masivo-migrate-mock: --resume appends to the report it resumes: give it alone, or the same file to both' + see],
    [['drift', '--targett', 'x'], {}, "masivo-migrate-mock: unknown flag '--targett'; did you mean --target?" + see],
    [['drift', 'extra'], {}, "masivo-migrate-mock: Unexpected argument 'extra'"]
  ]
  for (const [args, env, message] of cases) {
    const outcome = parseCommandLine(args, env) as { exit: number, stderr: string }
    t.equal(outcome.exit, 2, args.join(' '))
    t.match(outcome.stderr, message)
  }
  t.match(parseCommandLine(['drift', '--target', 'http://x.test', '--token', 't'], { MAX_BATCH_SIZE: '0' }), { exit: 1, stderr: /^Invalid configuration: MAX_BATCH_SIZE="0"/ })
})

t.test('--help says exactly what it sends, and to whom', async (t) => {
  const { exit, stdout } = parseCommandLine(['drift', '--help'], {}) as { exit: number, stdout: string }
  t.equal(exit, 0)
  for (const said of [/to the target only \(redirects are not followed\)/, /a probe it would accept is never sent: without --allow-writes nothing is written/,
    /never your\s+credential/, /one byte over\s+BODY_LIMIT_BYTES/, /with --allow-writes only: one valid customer \(id drift-<run>-customer/, /never prints the credential/]) t.match(stdout, said)
  t.match((parseCommandLine(['--help'], {}) as { stdout: string }).stdout, /drift --target URL \(--api-key KEY \| --token TOKEN\)/)
})
