/**
 * `masivo-migrate-mock exec -- COMMAND`: one mock for a whole run of any test runner (node --test, whose
 * files each run in a process of their own, among them). The mock listens, COMMAND runs with
 * MASIVO_MOCK_URL set to its URL (and MASIVO_MOCK_ADMIN_TOKEN to its ADMIN_TOKEN, if it has one), SIGINT and SIGTERM are passed on to COMMAND, and when COMMAND ends the
 * mock is closed and its exit code is returned (128 + the signal's number when a signal ended it).
 */
import { spawn } from 'node:child_process'
import { constants } from 'node:os'
import type { Config } from '../config.js'
import { listeningUrl } from '../http/listening-url.js'
import { MOCK_ADMIN_TOKEN_VARIABLE, MOCK_URL_VARIABLE } from '../runners/mock-url.js'
import { listen } from '../server.js'

/** The shell's code for a command that cannot be found. */
const NOT_FOUND = 127

export const execBeside = async (config: Config, command: string[]): Promise<number> => {
  const app = await listen(config)
  if (app === undefined) return 1
  const env: NodeJS.ProcessEnv = { ...process.env, [MOCK_URL_VARIABLE]: listeningUrl(app) }
  if (config.ADMIN_TOKEN !== undefined) env[MOCK_ADMIN_TOKEN_VARIABLE] = config.ADMIN_TOKEN
  const child = spawn(command[0]!, command.slice(1), { stdio: 'inherit', env })
  const forward = (signal: NodeJS.Signals) => { child.kill(signal) }
  process.on('SIGINT', forward).on('SIGTERM', forward)
  const exit = await new Promise<number>((resolve) => {
    child.once('error', (err: NodeJS.ErrnoException) => {
      process.stderr.write(`masivo-migrate-mock exec: cannot run ${command[0]}: ${err.code === 'ENOENT' ? 'no such command' : err.message}\n`)
      resolve(NOT_FOUND)
    })
    child.once('exit', (code, signal) => resolve(code ?? 128 + (signal === null ? 0 : constants.signals[signal])))
  })
  process.off('SIGINT', forward).off('SIGTERM', forward)
  await app.close()
  return exit
}
