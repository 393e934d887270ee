/**
 * The `validate` run of docs/validate.md ("Pre-flight"): its commands, run as written in an empty folder
 * (the CLI from this repository in place of npx), print what the page shows, the summary's timing aside;
 * and the page's line for a file that is not JSON is the one the command prints.
 */
import t from 'tap'
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)
const readme = readFileSync(new URL('../docs/validate.md', import.meta.url), 'utf8')
const section = readme.slice(readme.indexOf('<!-- validate:start -->'), readme.indexOf('<!-- validate:end -->'))
const steps = [...section.matchAll(/```sh\n([\s\S]*?)\n```\n```text\n([\s\S]*?)\n```/g)].map(([, command, output]) => ({ command: command!, output: output! }))

// the CLI from source, with the loaders this test runs under (TypeScript)
const CLI = [process.execPath, ...process.execArgv, fileURLToPath(new URL('../src/cli.ts', import.meta.url))].map((word) => `'${word}'`).join(' ')
const steady = (text: string) => text.replace(/ read in [\d.]+ s \([\d,]+ records\/s\)/, ' read in <time>')

t.test('the guide\'s validate run prints what the guide shows', async (t) => {
  t.equal(steps.length, 3, 'every step found')
  const folder = mkdtempSync(join(tmpdir(), 'readme-validate-'))
  t.teardown(() => rmSync(folder, { recursive: true, force: true }))
  for (const { command, output } of steps) {
    const { stdout } = await run('bash', ['-c', command.replaceAll('npx masivo-migrate-mock', CLI)], { cwd: folder })
    t.equal(steady(stdout.trimEnd()), steady(output), command.split('\n').at(-1)!)
  }
})

t.test('the README\'s line for a file that is not JSON', async (t) => {
  const [, command, line, code] = /```sh\n(printf '\{"id":"c-1"\}.*)\n# (.*) \(exit code (\d)\)\n```/.exec(readme) ?? []
  t.ok(command, 'found')
  const failed = await run('bash', ['-c', command!.replaceAll('npx masivo-migrate-mock', CLI)]).then(() => undefined, (err: { code: number, stderr: string }) => err)
  t.equal(failed?.code, Number(code))
  t.equal(failed?.stderr.trimEnd(), line)
})
