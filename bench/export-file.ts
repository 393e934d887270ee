/**
 * A migration export of fully filled customers (test/fixtures.ts), one per line, for the `validate` case:
 * written to a file, or, run as a script (`node --import tsx bench/export-file.ts COUNT`), to standard
 * output, so a 2,000,000-customer export (6.5 GB) can be piped without being stored.
 */
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import type { Writable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { fullCustomer } from '../test/fixtures.js'

export const writeExport = async (out: Writable, count: number) => {
  let text = ''
  for (let i = 0; i < count; i++) {
    text += `${JSON.stringify(fullCustomer(i))}\n`
    if (text.length >= 1 << 20) {
      if (!out.write(text)) await once(out, 'drain')
      text = ''
    }
  }
  out.end(text)
  await once(out, 'finish')
}

export const writeExportFile = async (path: string, count: number) => writeExport(createWriteStream(path), count)

if (process.argv[1] === fileURLToPath(import.meta.url)) await writeExport(process.stdout, Number(process.argv[2]))
