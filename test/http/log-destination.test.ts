/** The log's destination: written out whole when the mock closes, even when closing comes during a write. */
import t from 'tap'
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { flushWithin, LOG_WRITE_MIN_BYTES, logDestination } from '../../src/http/log-destination.js'

t.test('closing during a write: the lines held behind it are written too', async (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'log-destination-'))
  t.teardown(() => rmSync(folder, { recursive: true, force: true }))
  const path = join(folder, 'log')
  const destination = logDestination(openSync(path, 'w'))
  const long = `${'x'.repeat(LOG_WRITE_MIN_BYTES)}\n` // past what the destination gathers: a write begins
  destination.write(long)
  destination.write('{"status":202,"path":"/customers/josé-✓"}\n') // held while that write is in progress
  await flushWithin(destination, 1000)
  t.equal(readFileSync(path, 'utf8'), `${long}{"status":202,"path":"/customers/josé-✓"}\n`, 'every line, UTF-8 as written')
  destination.destroy()
})
