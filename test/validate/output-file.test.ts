/** validate's outputs: written under a hidden temporary name and renamed when whole; a failure is one OutputError. */
import t from 'tap'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, OutputError, OutputFile, WRITE_BYTES } from '../../src/validate/output-file.js'

const root = mkdtempSync(join(tmpdir(), 'output-'))
t.teardown(() => rmSync(root, { recursive: true, force: true }))

t.test('written under a hidden name beside its own, in order, whatever the pieces; named when complete', async (t) => {
  const path = join(root, 'report.ndjson')
  const file = await OutputFile.create(path, '--report report.ndjson')
  const large = Buffer.alloc(WRITE_BYTES + 10, 0x62)
  await file.write('a\n')
  await file.write(large)
  await file.write(Buffer.alloc(WRITE_BYTES - 1, 0x63))
  await file.write('d\n')
  t.same(readdirSync(root), [`.report.ndjson.${process.pid}.partial`], 'only the partial file until it is whole')
  await file.complete()
  t.same(readdirSync(root), ['report.ndjson'])
  const text = readFileSync(path, 'latin1')
  t.equal(text, `a\n${'b'.repeat(WRITE_BYTES + 10)}${'c'.repeat(WRITE_BYTES - 1)}d\n`)
})

t.test('a failure to write is an OutputError naming the output, and the partial file is removed', async (t) => {
  const folder = join(root, 'gone')
  mkdirSync(folder)
  const file = await OutputFile.create(join(folder, 'batch-00001.json'), 'batch file gone/batch-00001.json')
  await file.write('{"customers":[')
  rmSync(folder, { recursive: true })
  await t.rejects(file.complete(), new OutputError('cannot write batch file gone/batch-00001.json: no such file or folder'))
  await t.rejects(OutputFile.create(join(folder, 'r.ndjson'), '--report gone/r.ndjson'), new OutputError('cannot write --report gone/r.ndjson: no such file or folder'))
  const kept = await OutputFile.create(join(root, 'discarded.json'), 'discarded.json')
  await kept.write('x')
  await kept.discard()
  await kept.discard()
  t.notOk(readdirSync(root).some((name) => name.includes('discarded')), 'discarded: nothing left, and twice is harmless')
})

t.test("a system call's error said for a person: the reason and its code, without the call", async (t) => {
  t.equal(describe(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' })), 'no space left on device (ENOSPC)')
  t.equal(describe(Object.assign(new Error("EACCES: permission denied, open '/x/.r.partial'"), { code: 'EACCES', syscall: 'open' })), 'permission denied (EACCES)')
  t.equal(describe(new Error('plain')), 'plain')
})
