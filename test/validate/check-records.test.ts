/**
 * A chunk's records checked by the endpoint's own validator: each violation taken back to its record and
 * a pointer inside it, the batch-wide rules left to the file, and where a record is not JSON or not UTF-8.
 */
import t from 'tap'
import { checkChunk, type CheckedChunk, type Chunk } from '../../src/validate/check-records.js'
import { checkMigrateRequest } from '../../src/validation/batch-validator.js'
import { fullCustomer, fullEvent, fullEvents, fullTransactions, minimalCustomer } from '../fixtures.js'

const ndjson = (records: unknown[], firstLine = 1): Chunk =>
  ({ seq: 0, bytes: Buffer.from(records.map((r) => typeof r === 'string' ? r : JSON.stringify(r)).join('\n')), firstLine, firstIndex: 0 })

/** An array chunk whose elements each start a line, at column 3. */
const array = (records: string[], firstIndex = 0): Chunk => {
  const bounds: number[] = []
  let text = ''
  for (const record of records) {
    if (text !== '') text += ',\n  '
    bounds.push(text.length, text.length + Buffer.byteLength(record))
    text += record
  }
  return { seq: 3, bytes: Buffer.from(text), firstLine: 0, firstIndex, bounds: Uint32Array.from(bounds), lines: Uint32Array.from(records, (_, i) => 10 + i), columns: Uint32Array.from(records, () => 3) }
}

const found = (checked: CheckedChunk) => checked.violations.map((v) => [checked.places[v.record], v.path, v.rule])

t.test('each violation at its record (line) and a pointer inside it, in the endpoint\'s words', async (t) => {
  const broken = fullCustomer(2)
  broken.email = 'not-an-email'
  delete (broken as Partial<typeof broken>).name
  const checked = checkChunk(ndjson([fullCustomer(1), broken, '', fullCustomer(3)], 41), 'customers')
  t.equal(checked.count, 3, 'the blank line is no record')
  t.same([...checked.places], [41, 42, 44])
  t.same(found(checked), [[42, '/name', 'required'], [42, '/email', 'format']])
  const endpoint = checkMigrateRequest({ customers: [broken] })
  t.same(checked.violations.map(({ message }) => message), endpoint.map(({ message }) => message), 'the same messages as the endpoint')
  t.equal(checked.failure, undefined)
})

t.test('chunks larger than one validator call, Windows line ends, non-ASCII text: the same', async (t) => {
  const records = Array.from({ length: 150 }, (_, i) => ({ ...minimalCustomer(i), name: `Zoë Ñúñez ${i}` }))
  ;(records[70] as Record<string, unknown>).gender = 'X'
  const bytes = Buffer.from(records.map((r) => JSON.stringify(r)).join('\r\n'))
  const checked = checkChunk({ seq: 0, bytes, firstLine: 1, firstIndex: 0 }, 'customers')
  t.equal(checked.count, 150)
  t.same(found(checked), [[71, '/gender', 'enum']])
  t.equal(bytes.subarray(checked.bounds[2], checked.bounds[3]).toString(), JSON.stringify(records[1]), 'a record\'s bounds leave its carriage return out')
})

t.test('array records keep their index; the bounds point at each record\'s bytes', async (t) => {
  const records = [JSON.stringify(minimalCustomer(0)), JSON.stringify({ ...minimalCustomer(1), gender: 'X' }), '"a string"']
  const chunk = array(records, 1000)
  const checked = checkChunk(chunk, 'customers')
  t.same([...checked.places], [1000, 1001, 1002])
  t.same(found(checked), [[1001, '/gender', 'enum'], [1002, '', 'type']])
  t.same([0, 1, 2].map((r) => Buffer.from(chunk.bytes.subarray(checked.bounds[2 * r], checked.bounds[2 * r + 1])).toString()), records)
})

t.test('repeats are the file\'s to find: ids and emails go back hashed, not as violations', async (t) => {
  const same = minimalCustomer(1)
  const checked = checkChunk(ndjson([same, { ...same, email: same.email.toUpperCase() }, { id: 5 }]), 'customers')
  t.same(found(checked).filter(([, , rule]) => String(rule).startsWith('duplicate')), [])
  t.same([...checked.hasKey], [3, 3, 0], 'id and email keyed; a number id is not')
  t.same([...checked.keys.subarray(0, 4)], [...checked.keys.subarray(4, 8)], 'the same id, the same email in another case: the same hashes')
})

t.test('a forbidden key is a violation at its place, and the other records are still checked', async (t) => {
  const checked = checkChunk(ndjson(['{"id":"a","name":"A","email":"a@example.com","registration_date":"2023-11-07T05:31:56Z","tags":{"__proto__":{}}}', { id: 'b' }]), 'customers')
  t.same(found(checked), [[1, '/tags/__proto__', 'forbiddenKey'], [2, '/name', 'required'], [2, '/email', 'required'], [2, '/registration_date', 'required']])
})

t.test('a lone surrogate is a violation at its place, as the endpoint refuses it; a pair is not', async (t) => {
  const customer = (id: string) => `{"id":"${id}","name":"A","email":"a@example.com","registration_date":"2023-11-07T05:31:56Z"}`
  const checked = checkChunk(ndjson([customer('\\ud800'), customer('\\ud83d\\ude00'), customer('b')]), 'customers')
  t.same(checked.violations, [{ record: 0, path: '/id', rule: 'loneSurrogate', message: 'holds a lone surrogate: a string with no UTF-8 form, which the endpoint refuses (MOCK_ERR_BODY_LONE_SURROGATE)' }])
})

t.test('transactions and events by their endpoints\' rules; an entry with more events than any batch may hold', async (t) => {
  const transactions = checkChunk(ndjson([fullTransactions(1), { id: 'x', transactions: [] }]), 'transactions')
  t.same(found(transactions), [[2, '/transactions', 'minItems']])
  t.same([...transactions.hasKey], [1, 1], 'ids keyed, no email')
  const many = { id: 'c', events: Array.from({ length: 1001 }, (_, i) => fullEvent(i)) }
  const events = checkChunk(ndjson([fullEvents(1), many, fullEvents(1)]), 'events')
  t.same(found(events), [[2, '/events', 'maxEvents']])
  t.same([...events.events!], [1, 1001, 1])
  t.same([...events.hasKey], [0, 0, 0], 'events may repeat a customer')
  t.same([...checkChunk(ndjson([[1], { id: 'x' }]), 'events').events!], [0, 0], 'no events counted where there is no events array')
})

t.test('a record that is not JSON: where, by line and column; the records before it are kept', async (t) => {
  const checked = checkChunk(ndjson([minimalCustomer(1), '{"id": "a",\t"name": tru}'], 7), 'customers')
  t.equal(checked.count, 1)
  t.same(checked.failure, { message: 'not JSON: unexpected character', line: 8, column: 21 })
  const early = checkChunk(array(['{"id": "a"', '{}']), 'customers')
  t.same(early.failure, { message: 'not JSON: the record ends early', line: 10, column: 13 }, 'the column counted from the element\'s own')
  const multiline = checkChunk(array(['{\n"id": x}']), 'customers')
  t.same(multiline.failure, { message: 'not JSON: unexpected character', line: 11, column: 7 })
})

t.test('bytes that are not UTF-8: where, by line and byte column', async (t) => {
  const bytes = Buffer.concat([Buffer.from('{"id":"a"}\n{"name":"\u00e9'), Buffer.from([0xff]), Buffer.from('"}\n')])
  const checked = checkChunk({ seq: 0, bytes, firstLine: 3, firstIndex: 0 }, 'customers')
  t.equal(checked.count, 1)
  t.same(checked.failure, { message: 'not UTF-8: no character starts at this byte', line: 4, column: 12 })
  const element = Buffer.concat([Buffer.from('{\n"a": "'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')])
  const inArray = checkChunk({ ...array(['']), bytes: element, bounds: Uint32Array.of(0, element.length) }, 'customers')
  t.same(inArray.failure, { message: 'not UTF-8: no character starts at this byte', line: 11, column: 7 }, 'on the element\'s second line')
})
