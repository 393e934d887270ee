#!/usr/bin/env node
/**
 * The package's bin, `masivo-migrate-mock`, and the image's entry: the command line (src/cli/command-line.ts)
 * answered, the mock served until SIGTERM (src/server.ts), served while a command runs (src/cli/exec-command.ts),
 * an export validated (src/validate/), or the mock compared with a real Masivo account (src/drift/).
 */
import { parseCommandLine } from './cli/command-line.js'
import { serve } from './server.js'

const outcome = parseCommandLine(process.argv.slice(2), process.env)
if ('serve' in outcome) {
  await serve(outcome.serve)
} else if ('exec' in outcome) {
  const { execBeside } = await import('./cli/exec-command.js')
  process.exitCode = await execBeside(outcome.exec, outcome.command)
} else if ('drift' in outcome) {
  // loaded only for this command
  const { runDrift } = await import('./drift/run-drift.js')
  const interrupt = new AbortController()
  process.once('SIGINT', () => interrupt.abort())
  process.exitCode = await runDrift(outcome.drift, { stdout: process.stdout, stderr: process.stderr, signal: interrupt.signal })
} else if ('validate' in outcome) {
  // loaded only for this command: serving starts without it
  const { validateExport } = await import('./validate/validate-export.js')
  // a first SIGINT stops reading and finishes what was read (summary, report, batches); a second one, Node's default, ends it at once
  const interrupt = new AbortController()
  process.once('SIGINT', () => interrupt.abort())
  try {
    process.exitCode = await validateExport(outcome.validate, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, signal: interrupt.signal })
  } catch (err) {
    // not exit code 1, which says the export has violations
    process.stderr.write(`masivo-migrate-mock validate: stopped by an internal error: ${(err as Error).message}\n`)
    process.exitCode = 2
  }
} else {
  if (outcome.stdout !== undefined) process.stdout.write(outcome.stdout)
  if (outcome.stderr !== undefined) process.stderr.write(outcome.stderr)
  process.exitCode = outcome.exit
}
