/** --split: valid records as request bodies of at most --batch-size, events batches within 1000 events. */
import t from 'tap'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SplitWriter } from '../../src/validate/split-writer.js'

const root = mkdtempSync(join(tmpdir(), 'split-'))
t.teardown(() => rmSync(root, { recursive: true, force: true }))
let folders = 0
/** A folder that does not exist yet. */
const folder = () => join(root, `batches-${++folders}`)

const bodies = (path: string) => readdirSync(path).sort().map((name) => [name, JSON.parse(readFileSync(join(path, name), 'utf8')) as { customers: unknown[] }] as const)

t.test('records as sent, in bodies of at most the batch size, numbered from 1', async (t) => {
  const path = folder()
  const writer = await SplitWriter.open(path, 2)
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
  const writer = await SplitWriter.open(path, 1000)
  for (const [id, events] of [['a', 600], ['b', 400], ['c', 1], ['d', 999], ['e', 1]] as const) await writer.add(Buffer.from(`{"id":"${id}"}`), events)
  await writer.flush()
  t.same(bodies(path).map(([, body]) => body.customers.length), [2, 2, 1], '600 + 400, then 1 + 999, then 1')
})

t.test('nothing written for no valid record; a folder that is not empty or cannot be made is refused', async (t) => {
  const path = folder()
  const writer = await SplitWriter.open(path, 10)
  await writer.flush()
  t.equal(writer.files, 0)
  writeFileSync(join(path, 'batch-00001.json'), '{}')
  await t.rejects(SplitWriter.open(path, 10), { message: `--split folder ${path} is not empty (1 entry): give an empty or new one` })
  await t.rejects(SplitWriter.open(join(path, 'batch-00001.json'), 10), { message: /^cannot use --split folder .*batch-00001\.json: / })
})
