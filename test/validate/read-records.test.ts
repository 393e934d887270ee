/**
 * Reading an export: formats detected, gzip opened, records cut whole at chunk boundaries, and where the
 * text around the records stops being JSON said by line and column.
 */
import t from 'tap'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import type { Chunk, InputFormat } from '../../src/validate/check-records.js'
import { CHUNK_BYTES, ChunkBuffers, fileBytes, MAX_CHUNK_RECORDS, MAX_RECORD_BYTES, readRecords, type ReadItem } from '../../src/validate/read-records.js'

/** `bytes` in pieces of `piece` bytes, each written over the last in one buffer, as fileBytes reads a file. */
const reusedPieces = async function * (bytes: Buffer, piece: number) {
  const buffer = Buffer.alloc(piece)
  for (let at = 0; at < bytes.length; at += piece) yield buffer.subarray(0, bytes.copy(buffer, 0, at, at + piece))
}

/**
 * Reads `text` fed in pieces of `piece` bytes, each piece's memory used again for the next (so every test
 * proves the reader copies what it keeps); answers the format, the records' texts and places, and any failure.
 */
const read = async (input: string | Buffer, { piece = 7, format }: { piece?: number, format?: InputFormat } = {}) => {
  const bytes = typeof input === 'string' ? Buffer.from(input) : input
  let detected: InputFormat | undefined
  let counted = 0
  const items: ReadItem[] = []
  for await (const item of readRecords(reusedPieces(bytes, piece), { format, onFormat: (f) => { detected = f }, counted: (n) => { counted += n } })) items.push(item)
  const chunks = items.flatMap((item) => 'chunk' in item ? [item.chunk] : [])
  const failure = items.flatMap((item) => 'failure' in item ? [item.failure] : [])[0]
  return { format: detected, chunks, records: chunks.flatMap(recordsOf), failure, counted }
}

/** A chunk's records: [place, text] (NDJSON: its lines, blank ones included; arrays: their elements). */
const recordsOf = (chunk: Chunk): [string, string][] => {
  const text = Buffer.from(chunk.bytes).toString()
  if (chunk.bounds === undefined) return text.replace(/\n$/, '').split('\n').map((line, i) => [`line ${chunk.firstLine + i}`, line])
  const out: [string, string][] = []
  for (let r = 0; r < chunk.bounds.length / 2; r++) {
    out.push([`index ${chunk.firstIndex + r} at ${chunk.lines![r]}:${chunk.columns![r]}`, Buffer.from(chunk.bytes).subarray(chunk.bounds[2 * r]!, chunk.bounds[2 * r + 1]!).toString()])
  }
  return out
}

t.test('NDJSON: lines, numbered from 1, whatever pieces the input comes in', async (t) => {
  for (const piece of [1, 3, 64, 1 << 20]) {
    const { format, records, failure } = await read('{"id":"a"}\n{"id":"b"}\r\n\n{"id":"c"}', { piece })
    t.equal(format, 'ndjson')
    t.same(records, [['line 1', '{"id":"a"}'], ['line 2', '{"id":"b"}\r'], ['line 3', ''], ['line 4', '{"id":"c"}']], `pieces of ${piece}`)
    t.equal(failure, undefined)
  }
})

t.test('a JSON array: each element with its index, line and column, however nested or spaced', async (t) => {
  const text = '[\n  {"id": "a", "tags": {"x": [1, {"y": "]}"}]}},\n  {"id": "b\\"}\\\\"} ,"s", 12.5e3,null , [[]]\n]\n'
  for (const piece of [1, 2, 5, 1 << 20]) {
    const { format, records, failure } = await read(text, { piece })
    t.equal(format, 'array')
    t.same(records, [
      ['index 0 at 2:3', '{"id": "a", "tags": {"x": [1, {"y": "]}"}]}}'],
      ['index 1 at 3:3', '{"id": "b\\"}\\\\"}'],
      ['index 2 at 3:21', '"s"'],
      ['index 3 at 3:26', '12.5e3'],
      ['index 4 at 3:33', 'null'],
      ['index 5 at 3:40', '[[]]']
    ], `pieces of ${piece}`)
    t.equal(failure, undefined)
  }
})

t.test('a body { "customers": [...] }: its array\'s elements', async (t) => {
  const { format, records, failure } = await read(' {\n "customers" : [ {"id":"a"}, {"id":"b"} ] }\n', { piece: 3 })
  t.equal(format, 'body')
  t.same(records.map(([, text]) => text), ['{"id":"a"}', '{"id":"b"}'])
  t.equal(failure, undefined)
})

t.test('detection: the first bytes decide, --format-in overrides', async (t) => {
  t.equal((await read('{"customers_old": 1}\n')).format, 'ndjson', 'an object whose first member is another is a record')
  t.equal((await read('{"customers": {"a": 1}}\n')).format, 'ndjson', 'so is one whose customers is not an array')
  t.equal((await read('{"id":"a"}')).format, 'ndjson', 'one record, no newline')
  t.equal((await read('\ufeff[{"id":"a"}]')).format, 'array', 'a byte-order mark is skipped')
  t.same((await read('\ufeff{"id":"a"}\n')).records, [['line 1', '{"id":"a"}']])
  t.equal((await read('[{"id":"a"}]', { format: 'ndjson' })).format, 'ndjson')
  t.same((await read('[{"id":"a"}]', { format: 'ndjson' })).records, [['line 1', '[{"id":"a"}]']], 'as one NDJSON record, for the check to refuse')
  t.equal((await read('[]')).records.length, 0, 'an empty array holds no records')
  t.same((await read('[1]', { piece: 1 })).records, [['index 0 at 1:2', '1']], 'a scalar ended by the bracket')
  t.equal((await read('x\n')).format, 'ndjson', 'neither an object nor an array: NDJSON, for the check to refuse')
  t.equal((await read(`{${' '.repeat(5000)}"id": 1}`, { piece: 4096 })).format, 'ndjson', 'no member name in the first 4 kB')
  t.equal((await read('{"customers":[]}')).records.length, 0)
})

t.test('gzip: opened when the bytes say so, and the bytes counted as read', async (t) => {
  const text = '{"id":"a"}\n{"id":"b"}\n'
  const packed = gzipSync(text)
  const { records, counted } = await read(packed, { piece: 5 })
  t.same(records.map(([, r]) => r), ['{"id":"a"}', '{"id":"b"}'])
  t.equal(counted, packed.length, 'the compressed bytes, for the progress line against the file size')
  await t.rejects(read(Buffer.concat([packed.subarray(0, 12)])), { message: /^not readable as gzip: / }, 'cut short')
})

t.test('an empty input (or whitespace only) is unreadable, not a clean file', async (t) => {
  await t.rejects(read(''), { message: 'no records: the input is empty' })
  await t.rejects(read(' \n\t\n'), { message: 'no records: the input is empty' })
  await t.rejects(read('   \n\n  ', { format: 'ndjson', piece: 3 }), { message: 'no records: the input is empty' }, 'the format given, whitespace in many pieces')
})

t.test('where an array stops being JSON: after the records before it, by line and column', async (t) => {
  const cases: [string, string, number, number, number][] = [
    ['[{"id":"a"},\n {"id":"b"} x]', 'unexpected character', 2, 13, 2],
    ['[{"id":"a"},]', 'unexpected character', 1, 13, 1],
    ['[{"id":"a"}', 'it ends early', 1, 12, 1],
    ['[{"id":"a"', 'it ends early', 1, 11, 0],
    ['[{"id":"a"}] x', 'unexpected character', 1, 14, 1],
    ['{"customers":[{"id":"a"}], "other": 1}', 'unexpected character', 1, 26, 1],
    ['[1,', 'it ends early', 1, 4, 1],
    ['[1, "ab', 'it ends early', 1, 8, 1]
  ]
  const bodies: typeof cases = [
    ['{"customers" :{', 'unexpected character', 1, 15, 0],
    ['{"cust omers":[', 'unexpected character', 1, 7, 0]
  ]
  for (const [text, message, line, column, before] of [...cases, ...bodies]) {
    const { records, failure } = await read(text, { piece: 2, format: bodies.some(([body]) => body === text) ? 'body' : undefined })
    t.same(failure, { message: `not JSON: ${message}`, line, column }, text)
    t.equal(records.length, before, `${text}: the records before it are read`)
  }
})

t.test('records are cut whole into chunks of about CHUNK_BYTES, in order', async (t) => {
  const record = JSON.stringify({ id: 'x', padding: 'p'.repeat(5000) })
  const count = Math.ceil(3 * CHUNK_BYTES / record.length)
  for (const [format, text] of [['ndjson', Array(count).fill(record).join('\n')], ['array', `[${Array(count).fill(record).join(',')}]`]] as const) {
    const { chunks, records } = await read(text, { piece: 65536 })
    t.ok(chunks.length >= 3 && chunks.length <= 4, `${format}: ${chunks.length} chunks`)
    t.same(chunks.map((c) => c.seq), chunks.map((_, i) => i))
    t.equal(records.length, count)
    t.ok(records.every(([, r]) => r === record), `${format}: every record whole`)
    t.equal(records.at(-1)![0], format === 'ndjson' ? `line ${count}` : `index ${count - 1} at 1:${2 + (count - 1) * (record.length + 1)}`)
  }
  const exact = `${record}\n`.repeat(Math.ceil(CHUNK_BYTES / (record.length + 1)))
  const { chunks } = await read(exact, { piece: exact.length })
  t.equal(chunks.length, 1, 'a chunk that ends with the input: nothing left for the end')
})

t.test(`a chunk holds at most ${MAX_CHUNK_RECORDS} records, however small: their violations outweigh their bytes`, async (t) => {
  const count = 3 * MAX_CHUNK_RECORDS + 5
  /** Records per chunk (NDJSON: its lines that are not empty). */
  const sizes = (chunks: Chunk[]) => chunks.map((chunk) => chunk.bounds === undefined
    ? Buffer.from(chunk.bytes).toString().split('\n').filter((line) => line !== '').length
    : chunk.bounds.length / 2)
  for (const piece of [3, 1 << 20]) {
    for (const [format, text] of [['ndjson', '{}\n'.repeat(count)], ['array', `[${Array(count).fill('{}').join(',')}]`]] as const) {
      const { chunks, records } = await read(text, { piece })
      t.ok(sizes(chunks).every((size) => size <= MAX_CHUNK_RECORDS), `${format}, pieces of ${piece}: ${sizes(chunks).join(', ')} records a chunk`)
      t.equal(records.filter(([, r]) => r !== '').length, count, 'every record read')
      t.equal(records.at(-1)![0], format === 'ndjson' ? `line ${count}` : `index ${count - 1} at 1:${2 + 3 * (count - 1)}`)
    }
  }
  const blanks = 10 * MAX_CHUNK_RECORDS
  const { chunks, records } = await read(`{"id":"a"}${'\n'.repeat(blanks)}{"id":"b"}\n`, { piece: 1000 })
  t.equal(chunks.length, 1, 'empty lines are not records: they do not fill a chunk')
  t.same(records.filter(([, r]) => r !== ''), [['line 1', '{"id":"a"}'], [`line ${blanks + 1}`, '{"id":"b"}']], 'lines counted across runs of empty lines and pieces')
})

t.test('a run of empty lines is counted whatever pieces it comes in', async (t) => {
  for (const [run, pieces] of [[5000, [1, 2, 7]], [CHUNK_BYTES + 10, [4096, 1 << 21]]] as const) {
    const text = `\n\n{"id":"a"}\n${'\n'.repeat(run)}{"id":"b"}\r\n\n\n{"id":"c"}`
    for (const piece of pieces) {
      const { records } = await read(text, { piece })
      t.same(records.filter(([, r]) => r !== ''), [['line 3', '{"id":"a"}'], [`line ${run + 4}`, '{"id":"b"}\r'], [`line ${run + 7}`, '{"id":"c"}']], `a run of ${run}, pieces of ${piece}`)
    }
  }
})

t.test(`a record longer than ${MAX_RECORD_BYTES} bytes ends the reading, memory bounded`, async (t) => {
  const long = `{"id":"${'x'.repeat(MAX_RECORD_BYTES)}"}`
  const ndjson = await read(`{"id":"a"}\n{"id":"b"}\n${long}\n`, { piece: 1 << 20 })
  const unfinished = await read(`{"id":"a"}\n{"id":"b"}\n${long}${long}`, { piece: 1 << 16 })
  t.same(unfinished.failure, { message: `a record longer than ${MAX_RECORD_BYTES} bytes (is this NDJSON?)`, line: 3, column: 1 }, 'before its end comes')
  t.same(unfinished.records.map(([place]) => place), ['line 1', 'line 2'], 'the records before it are read, whatever the pieces')
  t.same(ndjson.failure, { message: `a record longer than ${MAX_RECORD_BYTES} bytes (is this NDJSON?)`, line: 3, column: 1 })
  t.equal(ndjson.records.length, 2, 'the records before it are read')
  const array = await read(`[{"id":"a"},\n ${long}]`, { piece: 1 << 20 })
  const unended = await read(`[{"id":"a"},\n ${long.slice(0, -2)}${long}`, { piece: 1 << 20 })
  t.same(unended.failure, array.failure, 'found before its end')
  t.same(array.failure, { message: `not JSON: a record longer than ${MAX_RECORD_BYTES} bytes`, line: 2, column: 2 })
  t.equal(array.records.length, 1, 'the record before it is read')
})

t.test('a chunk\'s bytes own their buffer, and a buffer given back is used again', async (t) => {
  const record = JSON.stringify({ id: 'x', padding: 'p'.repeat(5000) })
  const text = Buffer.from(Array(Math.ceil(4 * CHUNK_BYTES / record.length)).fill(record).join('\n'))
  const buffers = new ChunkBuffers()
  const seen: ArrayBufferLike[] = []
  for await (const item of readRecords(reusedPieces(text, 65536), { buffers })) {
    const { bytes } = (item as { chunk: Chunk }).chunk
    t.equal(bytes.byteOffset, 0)
    t.notOk(seen.slice(-1).includes(bytes.buffer), 'not the buffer of the chunk before, which is still held')
    seen.push(bytes.buffer)
    if (seen.length >= 2) buffers.give(new Uint8Array(seen.at(-2)!))
  }
  t.ok(seen.length >= 4)
  t.ok(new Set(seen).size < seen.length, `${new Set(seen).size} buffers for ${seen.length} chunks`)
})

t.test('fileBytes: a file\'s bytes in pieces, the file closed at the end or when the reading stops', async (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'read-records-'))
  t.teardown(() => rmSync(folder, { recursive: true, force: true }))
  const path = join(folder, 'export.ndjson')
  const text = '{"id":"a"}\n'.repeat(CHUNK_BYTES / 8)
  writeFileSync(path, text)
  const whole = await open(path)
  const pieces: string[] = []
  for await (const piece of fileBytes(whole)) pieces.push(piece.toString())
  t.equal(pieces.join(''), text)
  t.ok(pieces.length > 1, `${pieces.length} pieces`)
  t.equal(whole.fd, -1, 'closed at the end')
  const stopped = await open(path)
  for await (const item of readRecords(fileBytes(stopped))) if ('chunk' in item) break
  t.equal(stopped.fd, -1, 'closed when the reading stops')
})
