/** What a command line asks for: flags for every setting over the environment, --help, --version, usage errors. */
import t from 'tap'
import { readFileSync } from 'node:fs'
import { ConfigSchema } from '../../schemas/config.js'
import { parseCommandLine } from '../../src/cli/command-line.js'
import { flagName, SETTINGS } from '../../src/config.js'

t.test('--help lists every setting as a flag, with what it does, its variable and its default', async (t) => {
  for (const args of [['--help'], ['-h'], ['serve', '--help'], ['--port', '1', '--help']]) {
    const outcome = parseCommandLine(args, {})
    t.match(outcome, { exit: 0, stdout: /^Usage: masivo-migrate-mock \[serve\] \[flags\]\n/ }, args.join(' '))
    t.notOk('stderr' in outcome)
  }
  const { stdout } = parseCommandLine(['--help'], {}) as { stdout: string }
  const lines = stdout.split('\n')
  for (const setting of SETTINGS) {
    const { title, default: defaultValue, type } = ConfigSchema.properties[setting] as { title: string, default?: unknown, type?: string }
    const flag = `${flagName(setting)}${type === 'boolean' ? '' : ' <value>'}`
    const line = lines.find((l) => l.trimStart().startsWith(`${flag}  `))
    t.ok(line, `${flag} is listed`)
    t.match(line, `${title} [${setting}; default: ${defaultValue === undefined ? 'unset' : String(defaultValue)}]`)
  }
  t.match(stdout, /-v, --version +print the version/)
})

t.test('--version prints the package version', async (t) => {
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  t.same(parseCommandLine(['--version'], {}), { exit: 0, stdout: `${version}\n` })
  t.same(parseCommandLine(['-v'], {}), { exit: 0, stdout: `${version}\n` })
})

t.test('a bad command line is exit code 2 and one line saying what', async (t) => {
  const see = ' (see masivo-migrate-mock --help)\n'
  const cases: [string[], string][] = [
    [['--prot', '80'], "masivo-migrate-mock: unknown flag '--prot'; did you mean --port?" + see],
    [['-x'], "masivo-migrate-mock: unknown flag '-x'; did you mean --"],
    [['--port', 'eighty'], 'masivo-migrate-mock: Invalid configuration: --port="eighty"; --port expects an integer from 0 to 65535 (0 picks a free port).' + see],
    [['--rate-limit', 'masivo', '--rate-limit-max', '5'], 'masivo-migrate-mock: Invalid configuration: --rate-limit=masivo and --rate-limit-max are both set; set one of them.' + see],
    [['--auth-tokens', 'a b'], 'masivo-migrate-mock: Invalid configuration: --auth-tokens=(not shown); --auth-tokens expects a list of bearer tokens'],
    [['--port'], "masivo-migrate-mock: Option '--port <value>' argument missing" + see],
    [['--allow-unknown-fields=false'], "masivo-migrate-mock: Option '--allow-unknown-fields' does not take an argument" + see],
    [['start'], "masivo-migrate-mock: unknown command 'start'; the commands are serve, exec, validate, drift" + see],
    [['serve', 'now'], "masivo-migrate-mock: unexpected argument 'now'" + see],
    [['serve', '--', 'npm', 'test'], "masivo-migrate-mock: unexpected argument '--'" + see],
    [['exec'], 'masivo-migrate-mock: exec needs a command to run after --, e.g. exec -- node --test' + see],
    [['exec', '--'], 'masivo-migrate-mock: exec needs a command to run after --, e.g. exec -- node --test' + see],
    [['exec', 'npm', 'test'], "masivo-migrate-mock: unexpected argument 'npm' (the command to run goes after --)" + see]
  ]
  for (const [args, message] of cases) {
    const outcome = parseCommandLine(args, {}) as { exit: number, stderr: string }
    t.equal(outcome.exit, 2, args.join(' '))
    t.match(outcome.stderr, message)
    t.equal(outcome.stderr.split('\n').length, 2, 'one line')
  }
  t.match(parseCommandLine(['--port', 'x'], { PORT: 'also bad' }), { exit: 2 }, 'the flag is blamed first')
})

t.test('a bad environment is exit code 1, as without flags', async (t) => {
  t.same(parseCommandLine([], { MAX_BATCH_SIZE: '0' }), {
    exit: 1,
    stderr: 'Invalid configuration: MAX_BATCH_SIZE="0"; MAX_BATCH_SIZE expects an integer from 1 to 100000 (customers per batch).\n'
  })
  t.match(parseCommandLine(['--rate-limit', 'masivo'], { RATE_LIMIT_MAX: '3' }), { exit: 1, stderr: /--rate-limit=masivo and RATE_LIMIT_MAX are both set/ })
})

t.test('flags win over their variables; a boolean flag needs no value', async (t) => {
  const outcome = parseCommandLine(['serve', '--port', '0', '--log-level=debug', '--allow-unknown-fields', '--auth-tokens', 'a,b'], { PORT: '1', LOG_LEVEL: 'silent', MAX_BATCH_SIZE: '7' })
  t.match(outcome, { serve: { PORT: 0, LOG_LEVEL: 'debug', ALLOW_UNKNOWN_FIELDS: true, AUTH_TOKENS: 'a,b', MAX_BATCH_SIZE: 7 } })
  t.match(parseCommandLine([], {}), { serve: { PORT: 8080, HOST: '127.0.0.1' } }, 'no flags: serve with the defaults')
})

t.test('exec: the command after --, its flags its own; a free port and warnings only unless said otherwise', async (t) => {
  t.same(parseCommandLine(['exec', '--', 'node', '--test', '--port', '1'], { PORT: '3000' }), {
    exec: { ...(parseCommandLine([], {}) as { serve: object }).serve, PORT: 0, LOG_LEVEL: 'warn' },
    command: ['node', '--test', '--port', '1']
  })
  t.match(parseCommandLine(['exec', '--port', '9000', '--log-level', 'info', '--', 'npm', 'test'], { QUEUE_DELAY_MS: '5' }), {
    exec: { PORT: 9000, LOG_LEVEL: 'info', QUEUE_DELAY_MS: 5 },
    command: ['npm', 'test']
  })
  t.match(parseCommandLine(['exec', '--', 'npm', 'test'], { LOG_LEVEL: 'debug' }), { exec: { LOG_LEVEL: 'debug' } }, 'LOG_LEVEL in the environment is kept')
})

t.test('--help names exec and what it does', async (t) => {
  t.match((parseCommandLine(['--help'], {}) as { stdout: string }).stdout, /masivo-migrate-mock exec \[flags\] -- COMMAND \[ARGS\.\.\.\][^]*MASIVO_MOCK_URL set to its URL/)
})
