/**
 * `masivo-migrate-mock validate`: a whole migration export checked by the migrate endpoint's contract
 * before anything is sent. One pipeline, in file order: with --customers, first read the customers export
 * it follows (customers-index.ts); read chunks of records (read-records.ts), check them on every core
 * (worker-pool.ts, check-records.ts), then, chunk by chunk as their results come back in order, find the
 * ids and emails the file repeats (unique-keys.ts), check each entry against the customers as the queue
 * would (customers-index.ts), count and report each violation (tally.ts), and gather the valid records
 * into batches (split-writer.ts); the report and the batches are written as they come (output-file.ts). Memory: the chunks in flight (two per worker), the write buffers,
 * the repeats table and the customers index; nothing grows with the file but the repeats table.
 */
import { open, stat, type FileHandle } from 'node:fs/promises'
import type { Readable, Writable } from 'node:stream'
import { performance } from 'node:perf_hooks'
import type { BatchKind } from '../../schemas/migrate.js'
import type { CheckedChunk, InputFailure, InputFormat } from './check-records.js'
import { describe, OutputError, OutputFile } from './output-file.js'
import { CustomersIndex } from './customers-index.js'
import { ChunkBuffers, fileBytes, InputError, readRecords } from './read-records.js'
import { bodyBytes, SplitWriter } from './split-writer.js'
import { Tally, type FileViolation } from './tally.js'
import { UniqueKeys } from './unique-keys.js'
import { WorkerPool } from './worker-pool.js'

export interface ValidateOptions {
  /** The export file; undefined or '-': standard input. */
  input?: string
  /** The input's format; undefined: detected. */
  formatIn?: InputFormat
  /** Which migrate endpoint the records are for (default customers). */
  kind: BatchKind
  /** Where to write every violation, as NDJSON. */
  report?: string
  /** Stop once this many violations are found. */
  maxViolations?: number
  /** Where to write the valid records as request bodies. */
  split?: string
  /** Records per written body (at most Masivo's 1000). */
  batchSize: number
  /** The largest body, in bytes: a record that cannot fit one alone is a violation, and no batch file is larger. */
  bodyLimit: number
  /** Worker threads. */
  jobs: number
  /** transactions, events: the customers export they follow, to check them against as the queue would (customers-index.ts). */
  customers?: string
}

export interface ValidateIo {
  stdin: Readable
  stdout: Writable
  /** Gets the progress line when it is a terminal (`isTTY`). */
  stderr: Writable & { isTTY?: boolean }
  /** Aborted to stop reading (the command line's SIGINT): what was read is finished, reported and summarized. */
  signal?: AbortSignal
}

/** The command's exit codes: `failed` for an input that cannot be read or an output that cannot be written; `interrupted` the shell's for a SIGINT. */
export const EXIT = { clean: 0, violations: 1, failed: 2, interrupted: 130 } as const

const PROGRESS_EVERY_MS = 250

/** Checks an export; writes its summary (and progress, report, batches); answers the exit code. */
export const validateExport = async (options: ValidateOptions, io: ValidateIo): Promise<number> => {
  const began = performance.now()
  const fromStdin = options.input === undefined || options.input === '-'
  const source = fromStdin ? 'standard input' : options.input!
  const fail = (message: string) => {
    io.stderr.write(`masivo-migrate-mock validate: ${message}\n`)
    return EXIT.failed
  }

  let index: CustomersIndex | undefined
  if (options.customers !== undefined) {
    const customers = await openFile(options.customers)
    if (typeof customers === 'string') return fail(`cannot read --customers ${options.customers}: ${customers}`)
    try {
      const loaded = await CustomersIndex.load(customers.handle, options.customers, options.jobs)
      if ('failure' in loaded) return fail(loaded.failure)
      index = loaded
    } catch (err) {
      if (err instanceof InputError) return fail(`--customers ${options.customers}: ${err.message}`)
      if (isSystemError(err)) return fail(`cannot read --customers ${options.customers}: ${describe(err)}`)
      throw err
    }
  }

  let handle: FileHandle | undefined
  let total: number | undefined
  if (!fromStdin) {
    const opened = await openFile(source)
    if (typeof opened === 'string') return fail(`cannot read ${source}: ${opened}`)
    ;({ handle, size: total } = opened)
  }
  let report: OutputFile | undefined
  let split: SplitWriter | undefined
  try {
    if (options.report !== undefined) report = await openReport(options.report, handle)
    if (options.split !== undefined) split = await SplitWriter.open(options.split, options.batchSize, options.bodyLimit)
  } catch (err) {
    if (handle === undefined) io.stdin.destroy()
    else await handle.close()
    await report?.discard()
    return fail((err as Error).message)
  }
  const input = handle === undefined ? io.stdin : fileBytes(handle)
  const buffers = new ChunkBuffers()

  let format: InputFormat = options.formatIn ?? 'ndjson'
  let tally = new Tally('line')
  const ids = new UniqueKeys()
  const emails = new UniqueKeys()
  const pool = new WorkerPool(options.jobs, options.kind, index !== undefined)
  let bytesRead = 0
  const showProgress = () => io.stderr.write(`\r\x1b[K${tally.progress(bytesRead, total, (performance.now() - began) / 1000)}`)
  let progress: NodeJS.Timeout | undefined
  if (io.stderr.isTTY === true) {
    showProgress() // at once, so a person sees the run has begun, however short it is
    progress = setInterval(showProgress, PROGRESS_EVERY_MS)
  }
  let failure: string | undefined
  let stoppedAt: number | undefined
  const where = ({ message, line, column }: InputFailure) => `${source}: ${message} at line ${line}, column ${column}`

  /** One chunk's results, in file order: repeats, counts, report, batches. False once it must stop. */
  const take = async (checked: CheckedChunk): Promise<boolean> => {
    let v = 0
    let lines = ''
    for (let r = 0; r < checked.count; r++) {
      const place = checked.places[r]!
      const found: FileViolation[] = []
      for (; v < checked.violations.length && checked.violations[v]!.record === r; v++) {
        const { path, rule, message } = checked.violations[v]!
        found.push({ place, path, rule, message })
      }
      const wellFormed = found.length === 0
      const keyed = checked.hasKey[r]!
      if ((keyed & 1) !== 0) {
        const first = ids.firstSeen(checked.keys[4 * r]!, checked.keys[4 * r + 1]!, place)
        if (first !== -1) found.push({ place, path: '/id', rule: 'duplicateId', message: `repeats the id of ${tally.where(first)}`, first })
      }
      if ((keyed & 2) !== 0) {
        const first = emails.firstSeen(checked.keys[4 * r + 2]!, checked.keys[4 * r + 3]!, place)
        if (first !== -1) found.push({ place, path: '/email', rule: 'duplicateEmail', message: `repeats the email of ${tally.where(first)} (emails compare case-insensitively)`, first })
      }
      // a record the endpoint takes (a repeat too: the queue sees it in a later batch), checked against the customers export as the queue would apply it
      const id = checked.extracted?.ids[r]
      if (index !== undefined && wellFormed && id !== undefined && id !== '') found.push(...index.check(options.kind, id, checked.extracted!.sums[r]!, place))
      const size = checked.bounds[2 * r + 1]! - checked.bounds[2 * r]!
      if (bodyBytes(size) > options.bodyLimit) {
        found.push({ place, path: '', rule: 'bodyLimit', message: `is ${size} bytes: a body holding it alone would be over the body limit of ${options.bodyLimit} bytes (--body-limit)` })
      }
      tally.records++
      if (found.length === 0) {
        if (split !== undefined) await split.add(checked.bytes.subarray(checked.bounds[2 * r], checked.bounds[2 * r + 1]), checked.events?.[r] ?? 0)
        continue
      }
      tally.invalid++
      for (const violation of found) {
        tally.count(violation)
        if (report !== undefined) lines += tally.reportLine(violation)
        if (tally.violations === options.maxViolations) {
          stoppedAt = place
          break
        }
      }
      if (stoppedAt !== undefined) break
    }
    if (report !== undefined && lines !== '') await report.write(lines)
    if (stoppedAt !== undefined) return false
    if (checked.failure !== undefined) {
      failure = where(checked.failure)
      return false
    }
    return true
  }

  let writeFailed = false
  const discardOutputs = () => Promise.all([report?.discard(), split?.discard()])

  const inFlight: Promise<CheckedChunk>[] = []
  const takeOldest = async () => {
    const checked = await inFlight.shift()!
    const going = await take(checked)
    buffers.give(checked.bytes)
    return going
  }
  try {
    let going = true
    const records = readRecords(input, {
      format: options.formatIn,
      onFormat: (read) => {
        format = read
        tally = new Tally(read === 'ndjson' ? 'line' : 'index')
      },
      counted: (bytes) => { bytesRead += bytes },
      buffers
    })
    for await (const item of records) {
      if (io.signal?.aborted === true) {
        // the chunks already read are checked and taken; nothing more is read
        while (going && inFlight.length > 0) going = await takeOldest()
        going = false
        break
      }
      if ('failure' in item) {
        while (going && inFlight.length > 0) going = await takeOldest()
        if (going) failure = where(item.failure)
        going = false
        break
      }
      const checked = pool.check(item.chunk)
      checked.catch(() => {}) // awaited in turn below; not an unhandled rejection if the run stops first
      inFlight.push(checked)
      if (inFlight.length >= 2 * options.jobs) going = await takeOldest()
      if (!going) break
    }
    while (going && inFlight.length > 0) going = await takeOldest()
    // transactions split over records, known once the whole file is read
    if (index !== undefined && going && io.signal?.aborted !== true) {
      const splits = index.splits((place) => tally.where(place))
      for (const violation of splits) tally.count(violation)
      if (report !== undefined && splits.length > 0) await report.write(splits.map((violation) => tally.reportLine(violation)).join(''))
    }
  } catch (err) {
    // an output that cannot be written, and the input's own errors (a disk's, a pipe's), end the run; anything else is a bug
    if (err instanceof OutputError) failure = err.message
    else if (err instanceof InputError) failure = `${source}: ${err.message}`
    else if (isSystemError(err)) failure = `cannot read ${source}: ${describe(err)}`
    else {
      await discardOutputs()
      throw err
    }
    writeFailed = err instanceof OutputError
  } finally {
    clearInterval(progress)
    if (progress !== undefined) io.stderr.write('\r\x1b[K')
    await pool.close()
  }
  // what was read is written whole, the last batch and the report (given its name only now), unless writing is what failed
  if (writeFailed) await discardOutputs()
  else {
    try {
      await split?.flush()
      await report?.complete()
    } catch (err) {
      if (!(err instanceof OutputError)) throw err
      failure = err.message
      await discardOutputs()
    }
  }

  const seconds = (performance.now() - began) / 1000
  const summary = tally.summary({
    source,
    format,
    kind: options.kind,
    seconds,
    ...(stoppedAt !== undefined ? { stoppedAt } : {}),
    ...(split !== undefined ? { split: { folder: options.split!, files: split.files } } : {}),
    ...(index !== undefined ? { customers: { source: index.source, count: index.size } } : {}),
    interrupted: io.signal?.aborted === true && failure === undefined && stoppedAt === undefined
  })
  io.stdout.write(summary)
  if (failure !== undefined) return fail(failure)
  if (io.signal?.aborted === true && stoppedAt === undefined) return EXIT.interrupted
  return tally.violations > 0 ? EXIT.violations : EXIT.clean
}

/**
 * Opens `--report PATH` (output-file.ts). Refused when PATH is the input itself (the same file, or a link
 * to it): an output never overwrites what it reports on.
 */
const openReport = async (path: string, input: FileHandle | undefined): Promise<OutputFile> => {
  if (input !== undefined) {
    const [given, read] = await Promise.all([stat(path).catch(() => undefined), input.stat()])
    if (given !== undefined && given.dev === read.dev && given.ino === read.ino) {
      throw new OutputError(`--report ${path} is the export being checked: give another file (it would be overwritten)`)
    }
  }
  return await OutputFile.create(path, `--report ${path}`)
}

/** A file opened for reading, with its size; or why it cannot be read (a folder, a system call's error). */
const openFile = async (path: string): Promise<{ handle: FileHandle, size: number } | string> => {
  let handle: FileHandle | undefined
  try {
    handle = await open(path)
    const stats = await handle.stat()
    if (!stats.isDirectory()) return { handle, size: stats.size }
    await handle.close()
    return 'it is a folder'
  } catch (err) {
    await handle?.close()
    return describe(err)
  }
}

/** An error of a system call (a read, an open), as Node reports them. */
const isSystemError = (err: unknown): boolean => typeof (err as { syscall?: unknown }).syscall === 'string'
