/**
 * A chunk of an export file checked record by record, in a worker: each record parsed on its own (a
 * syntax error is located by line and column), then checked by the migrate endpoint's own validator
 * (src/validation/batch-validator.ts), a few dozen records wrapped into one body, the violations taken
 * back to their record. The rules of a batch as a whole are the file's to check (the
 * caller: a repeated id or email anywhere in the file), except one: an events entry holding more events
 * than any batch may is a violation of its own. Each record's keys go back hashed, for the file's check.
 */
import { isAscii, isUtf8 } from 'node:buffer'
import { MASIVO_MAX_BATCH_SIZE, type BatchKind } from '../../schemas/migrate.js'
import { ViolationsError } from '../errors.js'
import { batchValidator } from '../validation/batch-validator.js'
import { emailKey, eventBatchRules, isObject } from '../validation/batch-rules.js'
import { firstBadUtf8Byte, lineAndColumn, syntaxErrorAt } from '../validation/json-text.js'
import { loneSurrogateAt } from '../validation/lone-surrogates.js'
import { keptBalance } from '../state/amounts.js'
import type { Violation } from '../validation/violations.js'
import { hashKey } from './unique-keys.js'

export type InputFormat = 'ndjson' | 'array' | 'body'

/** Whole records of an export file, cut by the reader (src/validate/read-records.ts). */
export interface Chunk {
  seq: number
  /** In a buffer of their own (read-records.ts ChunkBuffers): it moves to the worker and back, uncopied. */
  bytes: Uint8Array
  /** ndjson: the chunk is whole lines, the first of them `firstLine`. */
  firstLine: number
  /** array, body: each record's start and end offset in `bytes`, and the line and column it starts at. */
  bounds?: Uint32Array
  lines?: Uint32Array
  columns?: Uint32Array
  /** array, body: the index of the chunk's first record in the file's array. */
  firstIndex: number
}

/** A violation of one record: `record` counts from the chunk's first, `path` points inside the record. */
export interface RecordViolation extends Violation {
  record: number
}

/** Where the file stops being readable: a JSON syntax error, or bytes that are not UTF-8. */
export interface InputFailure {
  message: string
  line: number
  column: number
}

export interface CheckedChunk {
  seq: number
  /** The chunk's bytes, given back. */
  bytes: Uint8Array
  /** Records read (all of the chunk's, unless `failure`). */
  count: number
  /** Each record's start and end offset in the chunk's bytes. */
  bounds: Uint32Array
  /** Each record's place: its line (ndjson) or index (array, body). */
  places: Uint32Array
  violations: RecordViolation[]
  /** Per record, the hashes of its id and (customers) email key, 2 words each; `hasKey` bit 1 id, bit 2 email. */
  keys: Uint32Array
  hasKey: Uint8Array
  /** events: each record's number of events (what a batch holds at most MASIVO_MAX_BATCH_SIZE of). */
  events?: Uint32Array
  /**
   * With `extract` (validate --customers): each record's id ('' when it has none that is a string) and its
   * amounts summed by reward (a customer's `balance`, an entry's `transactions`), as keptBalance keeps them,
   * joined by spaces ('' for none).
   */
  extracted?: { ids: string[], sums: string[] }
  failure?: InputFailure
}

const NEWLINE = 0x0a
const RETURN = 0x0d

/**
 * The text of a record's bytes, or where they are not UTF-8 (an offset within them). An all-ASCII chunk
 * (the usual export) is checked once and each record decoded as Latin-1: the same characters for less work.
 */
const decoder = (chunk: Buffer) => {
  if (isAscii(chunk)) return (start: number, end: number): string | number => chunk.toString('latin1', start, end)
  const wellFormed = isUtf8(chunk)
  return (start: number, end: number): string | number => {
    if (wellFormed) return chunk.toString('utf8', start, end)
    const record = chunk.subarray(start, end)
    return isUtf8(record) ? record.toString('utf8') : firstBadUtf8Byte(record)
  }
}

/** A line of whitespace only (trim only when it starts with some: records rarely do). */
const isBlank = (text: string) => text.length === 0 || (text.charCodeAt(0) <= 0x20 && text.trim() === '')

/** A pointer into a wrapped body's customer: its index, and the rest, the pointer inside the record. */
const CUSTOMER_PATH = /^\/customers\/(\d+)(.*)$/

const tooManyEvents = eventBatchRules(MASIVO_MAX_BATCH_SIZE)

/** What sums a record brings to the cross-file check: a customer's balance, an entry's transactions ('' when it cannot be kept). */
const sumsOf = (record: unknown, kind: BatchKind): string => {
  if (!isObject(record) || kind === 'events') return ''
  try {
    const kept = keptBalance(kind === 'customers' ? record.balance : record.transactions)
    return Array.isArray(kept) ? kept.join(' ') : ''
  } catch {
    return '' // amounts that are not numbers: the schema's violations say so
  }
}

/**
 * Records parsed and checked together (one validator call; at most MASIVO_MAX_BATCH_SIZE), then let go: held
 * for a whole chunk, parsed records outlive the young generation and cost the garbage collector more.
 */
const GROUP_SIZE = 64

/**
 * Checks the records of one chunk. Stops at a record that is not JSON or not UTF-8 (`failure`): the file
 * is unreadable from there, and earlier chunks may hold an earlier failure, which the caller reports first.
 */
export const checkChunk = (chunk: Chunk, kind: BatchKind, extract = false): CheckedChunk => {
  const bytes = Buffer.from(chunk.bytes.buffer, chunk.bytes.byteOffset, chunk.bytes.length)
  const decode = decoder(bytes)
  const starts: number[] = []
  const ends: number[] = []
  const places: number[] = []
  const keys: number[] = []
  const hasKey: number[] = []
  const events: number[] | undefined = kind === 'events' ? [] : undefined
  const extracted = extract ? { ids: [] as string[], sums: [] as string[] } : undefined
  const violations: RecordViolation[] = []
  let count = 0
  let failure: InputFailure | undefined
  let group: unknown[] = []
  const checkParsed = () => {
    const first = count - group.length
    checkGroup(group, first, kind, violations)
    group.forEach((record, g) => {
      const r = first + g
      let keyed = 0
      keys.push(0, 0, 0, 0)
      if (isObject(record)) {
        if (typeof record.id === 'string' && kind !== 'events') {
          hashKey(record.id, keys, 4 * r)
          keyed |= 1
        }
        if (typeof record.email === 'string' && kind === 'customers') {
          hashKey(emailKey(record.email), keys, 4 * r + 2)
          keyed |= 2
        }
      }
      hasKey.push(keyed)
      events?.push(isObject(record) && Array.isArray(record.events) ? record.events.length : 0)
      if (extracted !== undefined) {
        extracted.ids.push(isObject(record) && typeof record.id === 'string' ? record.id : '')
        extracted.sums.push(sumsOf(record, kind))
      }
    })
    group = []
  }

  const parse = (start: number, end: number, line: number, column: number): boolean => {
    const text = decode(start, end)
    if (typeof text === 'number') {
      // the column of the bad byte, counted in bytes of its line (it has no character)
      const before = bytes.subarray(start, start + text)
      const newline = before.lastIndexOf(NEWLINE)
      const lines = before.reduce((n, byte) => n + (byte === NEWLINE ? 1 : 0), 0)
      failure = { message: 'not UTF-8: no character starts at this byte', line: line + lines, column: newline === -1 ? column + text : text - newline }
      return false
    }
    if (chunk.bounds === undefined && isBlank(text)) return true
    let record: unknown
    try {
      record = JSON.parse(text)
    } catch {
      const position = syntaxErrorAt(text)
      const [inLine, inColumn] = lineAndColumn(text, position)
      failure = {
        message: `not JSON: ${position >= text.length ? 'the record ends early' : 'unexpected character'}`,
        line: line + inLine - 1,
        column: inLine === 1 ? column + inColumn - 1 : inColumn
      }
      return false
    }
    group.push(record)
    const lone = loneSurrogateAt(text, record)
    if (lone !== undefined) violations.push({ record: count, path: lone, rule: 'loneSurrogate', message: 'holds a lone surrogate: a string with no UTF-8 form, which the endpoint refuses (MOCK_ERR_BODY_LONE_SURROGATE)' })
    starts.push(start)
    ends.push(end)
    places.push(chunk.bounds === undefined ? line : chunk.firstIndex + count)
    count++
    if (group.length === GROUP_SIZE) checkParsed()
    return true
  }

  if (chunk.bounds === undefined) {
    let line = chunk.firstLine
    for (let start = 0; start < bytes.length; line++) {
      if (bytes[start] === NEWLINE) {
        start++ // an empty line: nothing to decode
        continue
      }
      let next = bytes.indexOf(NEWLINE, start)
      if (next === -1) next = bytes.length
      const end = next > start && bytes[next - 1] === RETURN ? next - 1 : next
      if (!parse(start, end, line, 1)) break
      start = next + 1
    }
  } else {
    for (let r = 0; r < chunk.bounds.length / 2; r++) {
      if (!parse(chunk.bounds[2 * r]!, chunk.bounds[2 * r + 1]!, chunk.lines![r]!, chunk.columns![r]!)) break
    }
  }
  if (group.length > 0) checkParsed()
  violations.sort((a, b) => a.record - b.record) // stable: each record's violations keep their order

  const bounds = new Uint32Array(starts.length * 2)
  starts.forEach((start, r) => { bounds[2 * r] = start; bounds[2 * r + 1] = ends[r]! })
  const checked: CheckedChunk = {
    seq: chunk.seq, bytes: chunk.bytes, count, bounds, places: Uint32Array.from(places), violations, keys: Uint32Array.from(keys), hasKey: Uint8Array.from(hasKey)
  }
  if (events !== undefined) checked.events = Uint32Array.from(events)
  if (extracted !== undefined) checked.extracted = extracted
  if (failure !== undefined) checked.failure = failure
  return checked
}

/** One body's worth of records, through the endpoint's validator; violations taken back to their record. */
const checkGroup = (group: unknown[], first: number, kind: BatchKind, out: RecordViolation[]) => {
  const result = batchValidator(kind, MASIVO_MAX_BATCH_SIZE, false, false)({ customers: group })
  if (result !== true) {
    if (!(result.error instanceof ViolationsError)) {
      // a forbidden key answers a body on its own: check each record alone to find every record's violations
      if (group.length > 1) {
        group.forEach((record, r) => checkGroup([record], first + r, kind, out))
        return
      }
      const path = CUSTOMER_PATH.exec(result.forbidden?.path ?? '')?.[2] ?? ''
      out.push({ record: first, path, rule: 'forbiddenKey', message: 'is refused: "__proto__" and "constructor" keys never are accepted' })
      return
    }
    for (const violation of result.error.violations) {
      const match = CUSTOMER_PATH.exec(violation.path)
      if (match === null) continue // none: a group is within every batch-wide limit
      out.push({ record: first + Number(match[1]), path: match[2]!, rule: violation.rule, message: violation.message })
    }
  }
  if (kind === 'events') {
    group.forEach((record, r) => {
      const [violation] = tooManyEvents({ customers: [record] })
      if (violation !== undefined) out.push({ record: first + r, path: '/events', rule: violation.rule, message: violation.message })
    })
  }
}
