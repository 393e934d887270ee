/**
 * An export file read as chunks of whole records, in constant memory: gunzipped when it starts with gzip's
 * magic bytes, its format detected from its first bytes (or given), cut at record boundaries into chunks of
 * at most CHUNK_BYTES (and a read) and MAX_CHUNK_RECORDS records. NDJSON is cut
 * at line ends (the worker splits the lines); a JSON array, alone or as a body's `customers`, is scanned
 * for where each element starts and ends (following strings and nesting), and the worker
 * parses each element. Text between elements that is not JSON, or a record past MAX_RECORD_BYTES, ends
 * the reading with an `InputFailure` after the chunk of the records before it.
 */
import type { FileHandle } from 'node:fs/promises'
import { pipeline } from 'node:stream'
import { createGunzip } from 'node:zlib'
import type { Chunk, InputFailure, InputFormat } from './check-records.js'

/** About how many bytes a chunk holds: enough for a worker's turn to outweigh passing it (hundreds of records). */
export const CHUNK_BYTES = 1024 * 1024

/** The largest record read: a customer bigger than the mock's default body limit could never be sent. */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024

/**
 * The most records a chunk holds, whatever its bytes: a record's violations outweigh its bytes many times
 * over (`{}` is 2 bytes and 4 violations), so a chunk of a million tiny records would hold millions.
 */
export const MAX_CHUNK_RECORDS = 4096

export type ReadItem = { chunk: Chunk } | { failure: InputFailure }

/** The input cannot be read at all (empty, or broken gzip); the command's exit code 2. */
export class InputError extends Error {}

const NEWLINE = 0x0a
const QUOTE = 0x22
const BACKSLASH = 0x5c
const COMMA = 0x2c
const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d
const OPEN_BRACKET = 0x5b
const CLOSE_BRACKET = 0x5d

const isSpace = (byte: number) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09

/** Whether `bytes` are whitespace only (a loop: `every` with a callback costs several times as much a byte). */
const allSpace = (bytes: Buffer) => {
  for (let i = 0; i < bytes.length; i++) if (!isSpace(bytes[i]!)) return false
  return true
}

const isGzip = (bytes: Buffer) => bytes[0] === 0x1f && bytes[1] === 0x8b
const hasBom = (bytes: Buffer) => bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf

/** The size of the buffers chunks are gathered in: a chunk (CHUNK_BYTES) and a read's worth past it. */
const BUFFER_BYTES = 2 * CHUNK_BYTES

/**
 * The buffers chunks are gathered in, given back once a chunk's results are taken and used again: a
 * file's bytes are copied once into memory that is reused, instead of into new buffers for the garbage
 * collector to follow (bench/README.md). Each buffer's memory is its own, so a chunk can move to a worker
 * thread and back without a copy.
 */
export class ChunkBuffers {
  private readonly free: ArrayBuffer[] = []

  /** A buffer of at least `size` bytes. */
  get (size: number): Buffer {
    const reused = size <= BUFFER_BYTES ? this.free.pop() : undefined
    return reused === undefined ? Buffer.allocUnsafeSlow(Math.max(size, BUFFER_BYTES)) : Buffer.from(reused)
  }

  /** Gives back the buffer of a chunk's bytes, once nothing reads them any more. */
  give (bytes: Uint8Array) {
    if (bytes.buffer.byteLength === BUFFER_BYTES) this.free.push(bytes.buffer as ArrayBuffer)
  }
}

/** The input kept for the chunk being gathered, copied into one buffer, which the chunk takes when it is cut. */
class Pieces {
  private buffer: Buffer
  /** The absolute offset of the first kept byte. */
  base = 0
  size = 0

  constructor (private readonly buffers: ChunkBuffers) {
    this.buffer = buffers.get(0)
  }

  /** Keeps a copy of `bytes`, whose first byte is at absolute offset `at`. */
  add (bytes: Buffer, at: number) {
    if (this.size === 0) this.base = at
    if (this.size + bytes.length > this.buffer.length) {
      // doubled, so a long record read in small pieces is copied a few times, not once per piece
      const larger = this.buffers.get(Math.max(2 * this.buffer.length, this.size + bytes.length))
      this.buffer.copy(larger, 0, 0, this.size)
      this.buffers.give(this.buffer)
      this.buffer = larger
    }
    bytes.copy(this.buffer, this.size)
    this.size += bytes.length
  }

  /** The kept bytes from absolute `from` to `to`, in a buffer the caller now owns; nothing is kept after. */
  take (from: number, to: number): Buffer {
    const taken = this.buffer.subarray(from - this.base, to - this.base)
    this.buffer = this.buffers.get(0)
    this.size = 0
    return taken
  }

  clear () {
    this.size = 0
  }
}

/**
 * NDJSON: chunks that end at a line's end, each knowing its first line's number, cut at CHUNK_BYTES or at
 * MAX_CHUNK_RECORDS lines that hold something (empty lines cost a worker next to nothing). Newlines are
 * found with indexOf, and a run of empty lines byte by byte: a call per empty line would cost more than
 * the lines.
 */
class LineScanner {
  private readonly pieces: Pieces
  private seq = 0
  /** The number of the gathered chunk's first line. */
  private line = 1
  /** Newlines, and lines that are not empty, in what is gathered. */
  private newlines = 0
  private records = 0
  /** The absolute offset where the line being read starts, and its bytes so far. */
  private lineAt = 0
  private lineBytes = 0
  private offset = 0

  constructor (buffers: ChunkBuffers) {
    this.pieces = new Pieces(buffers)
  }

  push (data: Buffer): ReadItem[] {
    const out: ReadItem[] = []
    const at = this.offset
    this.offset += data.length
    /** Where the line being read starts in `data` (0: it began in an earlier piece), and where `data` is kept up to. */
    let lineStart = 0
    let kept = 0
    for (let i = data.indexOf(NEWLINE); i !== -1; i = data.indexOf(NEWLINE, lineStart)) {
      const length = this.lineBytes + i - lineStart
      if (length > MAX_RECORD_BYTES) return this.tooLong(out, data, at, kept)
      if (length > 0) this.records++
      this.newlines++
      this.lineBytes = 0
      let next = i + 1
      while (next < data.length && data[next] === NEWLINE) next++
      this.newlines += next - i - 1
      lineStart = next
      this.lineAt = at + next
      if (this.records >= MAX_CHUNK_RECORDS || this.pieces.size + next - kept >= CHUNK_BYTES) {
        this.pieces.add(data.subarray(kept, next), at + kept)
        out.push(this.chunk(at + next))
        kept = next
      }
      if (next === data.length) break
    }
    this.lineBytes += data.length - lineStart
    if (this.lineBytes > MAX_RECORD_BYTES) return this.tooLong(out, data, at, kept)
    if (kept < data.length) this.pieces.add(data.subarray(kept), at + kept)
    return out
  }

  end (): ReadItem[] {
    return this.pieces.size === 0 ? [] : [this.chunk(this.offset)]
  }

  /** The lines gathered, up to absolute offset `to`, as a chunk. */
  private chunk (to: number): ReadItem {
    const item = { chunk: { seq: this.seq++, bytes: this.pieces.take(this.pieces.base, to), firstLine: this.line, firstIndex: 0 } }
    this.line += this.newlines
    this.newlines = 0
    this.records = 0
    return item
  }

  /** The whole lines before the long one as a chunk (`data`, at absolute `at`, is kept from `kept`), then the failure. */
  private tooLong (out: ReadItem[], data: Buffer, at: number, kept: number): ReadItem[] {
    if (this.lineAt > at + kept) this.pieces.add(data.subarray(kept, this.lineAt - at), at + kept)
    if (this.pieces.size > 0 && this.lineAt > this.pieces.base) out.push(this.chunk(this.lineAt))
    out.push({ failure: { message: `a record longer than ${MAX_RECORD_BYTES} bytes (is this NDJSON?)`, line: this.line + this.newlines, column: 1 } })
    return out
  }
}

const enum Phase { Prefix, First, Before, Element, After, Suffix, End, Failed }

/**
 * A JSON array of records, or a body `{ "customers": [...] }`: follows strings and nesting to find each
 * element's bounds, and says where the text around the elements is not JSON. The elements' own syntax is
 * JSON.parse's, in the worker. Newlines inside strings are not counted: JSON allows none there, and the
 * element holding one fails to parse, which ends the reading before a wrong line number is used.
 */
class ArrayScanner {
  private readonly pieces: Pieces
  private readonly prefix: string
  private phase = Phase.Prefix
  private prefixAt = 0
  private offset = 0
  private line = 1
  private lineStart = 0
  private seq = 0
  private index = 0
  // the element being read
  private depth = 0
  private inString = false
  private escaped = false
  private elementStart = 0
  // the chunk being gathered: absolute bounds, and each element's line and column
  private bounds: number[] = []
  private lines: number[] = []
  private columns: number[] = []

  constructor (format: 'array' | 'body', buffers: ChunkBuffers) {
    this.pieces = new Pieces(buffers)
    this.prefix = format === 'body' ? '{"customers":[' : '['
  }

  push (data: Buffer): ReadItem[] {
    const out: ReadItem[] = []
    const at = this.offset
    this.offset += data.length
    if (this.bounds.length > 0 || this.phase === Phase.Element) this.pieces.add(data, at)
    for (let i = 0; i < data.length;) {
      if (this.phase === Phase.Failed) return out
      if (this.phase === Phase.Element) {
        i = this.scanElement(data, i, at, out)
        continue
      }
      const byte = data[i]!
      if (isSpace(byte) && !this.inPrefixKey()) {
        if (byte === NEWLINE) this.newline(at + i)
        i++
        continue
      }
      if (!this.structural(byte, at + i, data, at, out)) return out
      i++
    }
    if (this.phase === Phase.Element && this.offset - this.elementStart > MAX_RECORD_BYTES) {
      // the element goes on: stop keeping it
      this.fail(out, `a record longer than ${MAX_RECORD_BYTES} bytes`, this.elementStart, true)
    }
    return out
  }

  end (): ReadItem[] {
    const out: ReadItem[] = []
    // a scalar element at the very end is over; anything else unfinished ends early
    if (this.phase === Phase.Element && this.depth === 0 && !this.inString) this.elementEnd(this.offset, out)
    if (this.phase !== Phase.End) this.fail(out, 'it ends early', this.offset)
    return out
  }

  /**
   * Follows the element being read through `data` from `i`: strings (jumped over with indexOf, an escaped
   * quote told by the backslashes before it), nesting, a scalar's end at a delimiter. Ends the element where
   * it ends, and answers where the scan stopped: after the element, at the delimiter that ended a scalar, or
   * at the end of `data`.
   */
  private scanElement (data: Buffer, i: number, at: number, out: ReadItem[]): number {
    let { depth, inString } = this
    let end = -1
    if (this.escaped) {
      this.escaped = false
      i++
    }
    while (i < data.length && end === -1) {
      if (inString) {
        const quote = data.indexOf(QUOTE, i)
        const stop = quote === -1 ? data.length : quote
        let backslashes = 0
        while (stop - backslashes - 1 >= i && data[stop - backslashes - 1] === BACKSLASH) backslashes++
        if (quote === -1) {
          // the string goes on in the next piece, whose first byte is escaped after an odd run
          this.escaped = backslashes % 2 === 1
          i = data.length
        } else if (backslashes % 2 === 1) i = quote + 1
        else {
          inString = false
          i = quote + 1
          if (depth === 0) end = i
        }
        continue
      }
      const byte = data[i]!
      if (byte === QUOTE) inString = true
      else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth++
      else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
        if (depth === 0) end = i
        else if (--depth === 0) end = i + 1
      } else if (depth === 0 && (byte === COMMA || isSpace(byte))) end = i
      else if (byte === NEWLINE) this.newline(at + i)
      if (end !== i) i++
    }
    this.depth = depth
    this.inString = inString
    if (end !== -1) this.elementEnd(at + end, out)
    return i
  }

  /** Inside the prefix's `"customers"`, where whitespace would change the key. */
  private inPrefixKey () {
    return this.phase === Phase.Prefix && this.prefixAt > 1 && this.prefixAt < '{"customers"'.length
  }

  private newline (at: number) {
    this.line++
    this.lineStart = at + 1
  }

  /** A byte outside any element; false when it is not JSON there. */
  private structural (byte: number, at: number, data: Buffer, dataAt: number, out: ReadItem[]): boolean {
    switch (this.phase) {
      case Phase.Prefix:
        if (byte !== this.prefix.charCodeAt(this.prefixAt)) break
        // the prefix's key is matched whole; whitespace may come between its tokens only
        if (++this.prefixAt === this.prefix.length) this.phase = Phase.First
        return true
      case Phase.First:
        if (byte === CLOSE_BRACKET) {
          this.phase = Phase.Suffix
          if (this.prefix.length === 1) this.phase = Phase.End
          return true
        }
        this.elementBegin(byte, at, data, dataAt)
        return true
      case Phase.Before:
        if (byte === CLOSE_BRACKET) break // a trailing comma
        this.elementBegin(byte, at, data, dataAt)
        return true
      case Phase.After:
        if (byte === COMMA) {
          this.phase = Phase.Before
          return true
        }
        if (byte === CLOSE_BRACKET) {
          this.flush(out)
          this.phase = this.prefix.length === 1 ? Phase.End : Phase.Suffix
          return true
        }
        break
      case Phase.Suffix:
        if (byte !== CLOSE_BRACE) break
        this.phase = Phase.End
        return true
      default:
        break
    }
    this.fail(out, 'unexpected character', at)
    return false
  }

  private elementBegin (byte: number, at: number, data: Buffer, dataAt: number) {
    this.phase = Phase.Element
    this.elementStart = at
    this.depth = byte === OPEN_BRACE || byte === OPEN_BRACKET ? 1 : 0
    this.inString = byte === QUOTE
    this.lines.push(this.line)
    this.columns.push(at - this.lineStart + 1)
    if (this.bounds.length === 0) {
      this.pieces.clear()
      this.pieces.add(data.subarray(at - dataAt), at)
    }
  }

  private elementEnd (at: number, out: ReadItem[]) {
    if (at - this.elementStart > MAX_RECORD_BYTES) {
      this.fail(out, `a record longer than ${MAX_RECORD_BYTES} bytes`, this.elementStart, true)
      return
    }
    this.bounds.push(this.elementStart, at)
    this.phase = Phase.After
    if (at - this.bounds[0]! >= CHUNK_BYTES || this.bounds.length >= 2 * MAX_CHUNK_RECORDS) this.flush(out)
  }

  /** The elements gathered, as a chunk. */
  private flush (out: ReadItem[]) {
    if (this.bounds.length === 0) return
    const from = this.bounds[0]!
    const bytes = this.pieces.take(from, this.bounds[this.bounds.length - 1]!)
    out.push({
      chunk: {
        seq: this.seq++,
        bytes,
        firstLine: 0,
        firstIndex: this.index,
        bounds: Uint32Array.from(this.bounds, (offset) => offset - from),
        lines: Uint32Array.from(this.lines),
        columns: Uint32Array.from(this.columns)
      }
    })
    this.index += this.lines.length
    this.bounds = []
    this.lines = []
    this.columns = []
  }

  /** Ends the reading at `at`, or at the unfinished element's start (`atElement`). */
  private fail (out: ReadItem[], message: string, at: number, atElement = false) {
    let line = this.line
    let column = at - this.lineStart + 1
    if (this.phase === Phase.Element) {
      const [elementLine, elementColumn] = [this.lines.pop()!, this.columns.pop()!]
      if (atElement) [line, column] = [elementLine, elementColumn]
    }
    // the records before the failure are checked first: one of them may hold an earlier one
    this.flush(out)
    this.phase = Phase.Failed
    out.push({ failure: { message: `not JSON: ${message}`, line, column } })
  }
}

/** A file's bytes, read into one buffer used again for each read: each piece is good until the next is asked for. */
export const fileBytes = async function * (handle: FileHandle): AsyncGenerator<Buffer> {
  const buffer = Buffer.allocUnsafeSlow(CHUNK_BYTES)
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null)
      if (bytesRead === 0) return
      yield buffer.subarray(0, bytesRead)
    }
  } finally {
    await handle.close()
  }
}

/**
 * The source's bytes, gunzipped when they start as gzip does; `counted` sees the bytes as read (compressed).
 * A piece of the source is good until the next is asked for (fileBytes): what is kept longer is copied.
 */
const bytesOf = async function * (source: AsyncIterable<Buffer>, counted: (bytes: number) => void): AsyncGenerator<Buffer> {
  const iterator = source[Symbol.asyncIterator]()
  try {
    let head: Buffer = Buffer.alloc(0)
    let ended = false
    while (head.length < 2 && !ended) {
      const next = await iterator.next()
      if (next.done === true) ended = true
      else {
        counted(next.value.length)
        head = Buffer.concat([head, next.value])
      }
    }
    const all = async function * () {
      if (head.length > 0) yield head
      if (ended) return
      for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) {
        counted(next.value.length)
        yield next.value
      }
    }
    if (!isGzip(head)) {
      yield * all()
      return
    }
    // copied: gunzip holds on to its input past the next read
    const copies = async function * () { for await (const bytes of all()) yield Buffer.from(bytes) }
    const gunzip = createGunzip()
    // pipeline destroys the gunzip with the source's error too, and the loop below throws it
    pipeline(copies(), gunzip, () => {})
    try {
      for await (const bytes of gunzip) yield bytes as Buffer
    } catch (err) {
      throw new InputError(`not readable as gzip: ${(err as Error).message}`)
    }
  } finally {
    await iterator.return?.()
  }
}

/** The format the first bytes say: `[` an array, `{ "customers": [` a body, anything else NDJSON; undefined: too few bytes yet. */
const detect = (bytes: Buffer, ended: boolean): InputFormat | undefined => {
  const text = bytes.toString('latin1', 0, Math.min(bytes.length, 4096))
  const first = /\S/.exec(text)?.[0]
  if (first === undefined) return ended || bytes.length >= CHUNK_BYTES ? 'ndjson' : undefined
  if (first === '[') return 'array'
  if (first !== '{') return 'ndjson'
  if (/^\s*\{\s*"customers"\s*:\s*\[/.test(text)) return 'body'
  // a first member other than "customers": [ makes a record; until it is read, a body might still be coming
  const member = /^\s*\{\s*"([^"]*)"\s*:\s*(\S?)/.exec(text)
  if (member !== null && (member[1] !== 'customers' || member[2] !== '')) return 'ndjson'
  return ended || text.length >= 4096 ? 'ndjson' : undefined
}

export interface ReadOptions {
  /** The input's format; undefined: detected from its first bytes. */
  format?: InputFormat
  /** Told the format once it is known. */
  onFormat?: (format: InputFormat) => void
  /** Told each piece of input read, in bytes as read (compressed, for gzip). */
  counted?: (bytes: number) => void
  /** Where chunks' buffers come from; the caller gives each back once its results are taken. */
  buffers?: ChunkBuffers
}

/**
 * Chunks of whole records of `source` (a stream, or fileBytes), in order; the last item may be a failure,
 * past which nothing is read. Throws InputError for an input that is empty (whitespace only) or claims
 * gzip and is not. Stopped early (`return`), it closes the source.
 */
export const readRecords = async function * (
  source: AsyncIterable<Buffer>,
  { format, onFormat, counted = () => {}, buffers = new ChunkBuffers() }: ReadOptions = {}
): AsyncGenerator<ReadItem, void, undefined> {
  const input = bytesOf(source, counted)
  try {
    yield * scan(input, format, onFormat, buffers)
  } finally {
    await input.return(undefined)
  }
}

const scan = async function * (input: AsyncGenerator<Buffer>, format: InputFormat | undefined, onFormat: ReadOptions['onFormat'], buffers: ChunkBuffers) {
  let head: Buffer = Buffer.alloc(0)
  let ended = false
  let decided = format
  while (!ended && (decided === undefined || head.length < 3)) {
    const next = await input.next()
    if (next.done === true) ended = true
    else head = Buffer.concat([head, next.value]) // a copy: the next read may reuse the piece's memory
    decided ??= detect(hasBom(head) ? head.subarray(3) : head, ended)
  }
  // a byte-order mark, which some exporters write, is not part of the JSON
  if (hasBom(head)) head = head.subarray(3)
  let blank = allSpace(head)
  if (blank && ended) throw new InputError('no records: the input is empty')
  const read = decided ?? 'ndjson'
  onFormat?.(read)
  const scanner = read === 'ndjson' ? new LineScanner(buffers) : new ArrayScanner(read, buffers)
  for (let data: Buffer | undefined = head; data !== undefined;) {
    if (blank && data.length > 0) blank = allSpace(data)
    for (const item of scanner.push(data)) {
      yield item
      if ('failure' in item) return
    }
    const next = ended ? undefined : await input.next()
    data = next === undefined || next.done === true ? undefined : next.value
  }
  if (blank) throw new InputError('no records: the input is empty')
  for (const item of scanner.end()) yield item
}
