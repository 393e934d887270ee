/** --split: valid records as request bodies of at most --batch-size and --body-limit, events batches within 1000 events. */
import t from 'tap'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { bodyBytes, SplitWriter } from '../../src/validate/split-writer.js'

const LIMIT = 16 * 1024 * 1024

const root = mkdtempSync(join(tmpdir(), 'split-'))
t.teardown(() => rmSync(root, { recursive: true, force: true }))
let folders = 0
/** A folder that does not exist yet. */
const folder = () => join(root, `batches-${++folders}`)

const bodies = (path: string) => readdirSync(path).sort().map((name) => [name, JSON.parse(readFileSync(join(path, name), 'utf8')) as { customers: unknown[] }] as const)

t.test('records as sent, in bodies of at most the batch size, numbered from 1', async (t) => {
  const path = folder()
  const writer = await SplitWriter.open(path, 2, LIMIT)
  for (const id of ['a', 'b', 'c', 'd', 'e']) await writer.add(Buffer.from(JSON.stringify({ id, note: 'kept  as   sent' })))
  await writer.flush()
  t.equal(writer.files, 3)
  t.same(bodies(path).map(([name, body]) => [name, body.customers.map((c) => (c as { id: string }).id)]), [
    ['batch-00001.json', ['a', 'b']], ['batch-00002.json', ['c', 'd']], ['batch-00003.json', ['e']]
  ])
  t.equal(readFileSync(join(path, 'batch-00001.json'), 'utf8'), '{"customers":[{"id":"a","note":"kept  as   sent"},{"id":"b","note":"kept  as   sent"}]}\n', 'the bytes as they were')
})

t.test('an events batch closes before it would pass 1000 events', async (t) => {
  const path = folder()
  const writer = await SplitWriter.open(path, 1000, LIMIT)
  for (const [id, events] of [['a', 600], ['b', 400], ['c', 1], ['d', 999], ['e', 1]] as const) await writer.add(Buffer.from(`{"id":"${id}"}`), events)
  await writer.flush()
  t.same(bodies(path).map(([, body]) => body.customers.length), [2, 2, 1], '600 + 400, then 1 + 999, then 1')
})

t.test('nothing written for no valid record; a folder that is not empty or cannot be made is refused', async (t) => {
  const path = folder()
  const writer = await SplitWriter.open(path, 10, LIMIT)
  await writer.flush()
  t.equal(writer.files, 0)
  writeFileSync(join(path, 'batch-00001.json'), '{}')
  await t.rejects(SplitWriter.open(path, 10, LIMIT), { message: `--split folder ${path} is not empty (1 entry): give an empty or new one` })
  await t.rejects(SplitWriter.open(join(path, 'batch-00001.json'), 10, LIMIT), { message: /^cannot use --split folder .*batch-00001\.json: / })
})

t.test('a body never past the body limit, its newline counted; each record written as it comes, not held', async (t) => {
  const path = folder()
  const writer = await SplitWriter.open(path, 1000, 40)
  // {"customers":[ + records and commas + ]}\n: 17 bytes around 23 of records
  for (const id of ['a', 'b', 'c', 'dddddddddd']) await writer.add(Buffer.from(`{"id":"${id}"}`))
  await writer.flush()
  t.same(readdirSync(path).sort().map((name) => readFileSync(join(path, name), 'utf8')), [
    '{"customers":[{"id":"a"},{"id":"b"}]}\n', '{"customers":[{"id":"c"}]}\n', '{"customers":[{"id":"dddddddddd"}]}\n'
  ])
  t.equal(bodyBytes(Buffer.byteLength('{"id":"dddddddddd"}')), 36)

  const large = await SplitWriter.open(folder(), 1000, 1024 * 1024 * 1024)
  const record = Buffer.alloc(2 * 1024 * 1024, 0x20)
  const before = process.memoryUsage().arrayBuffers
  for (let i = 0; i < 32; i++) await large.add(record)
  const held = process.memoryUsage().arrayBuffers - before
  t.ok(held < 8 * 1024 * 1024, `64 MB of records in one batch: ${(held / 1e6).toFixed(1)} MB held`)
  await large.flush()
})

t.test('a --split folder that cannot be made is refused at once (where a recursive mkdir would spin)', async (t) => {
  const began = Date.now()
  await t.rejects(SplitWriter.open('/proc/self/new-folder/batches', 10, LIMIT), { message: /^cannot use --split folder \/proc\/self\/new-folder\/batches: / })
  t.ok(Date.now() - began < 5000)
  const nested = join(folder(), 'a', 'b')
  await SplitWriter.open(nested, 10, LIMIT)
  t.same(readdirSync(nested), [], 'missing folders above it are made')
})

t.test('a batch being written is removed whole when the run fails: only whole batches are left', async (t) => {
  const path = folder()
  const writer = await SplitWriter.open(path, 1, LIMIT)
  await writer.add(Buffer.from('{"id":"a"}'))
  await writer.add(Buffer.from('{"id":"b"}'))
  await writer.discard()
  await writer.discard()
  t.same(readdirSync(path), ['batch-00001.json'])
  t.equal(writer.files, 1)
})
