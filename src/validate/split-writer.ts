/**
 * `--split DIR`: the valid records, as they were written in the export, gathered into request bodies
 * `{"customers":[...]}`, one file each: batch-00001.json, batch-00002.json, ... A sender posts them as
 * they are. A body holds at most `batchSize` records, at most `bodyLimit` bytes (its newline included)
 * and, for events, at most Masivo's 1000 events in all. Each record is written as it comes (output-file.ts):
 * what is held is a write buffer, whatever the records' size.
 */
import { mkdir, readdir, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { MASIVO_MAX_BATCH_SIZE } from '../../schemas/migrate.js'
import { count } from '../words.js'
import { describe, OutputError, OutputFile } from './output-file.js'

const OPEN = Buffer.from('{"customers":[')
const COMMA = Buffer.from(',')
const CLOSE = Buffer.from(']}\n')

/** The bytes of a body holding records of `recordBytes` bytes alone (the records' commas aside). */
export const bodyBytes = (recordBytes: number) => OPEN.length + recordBytes + CLOSE.length

/**
 * Makes `folder` and the folders above it that are missing, one at a time: `mkdir(…, { recursive: true })`
 * spins forever where a folder cannot be made in one that exists (`/proc/self/new`, Node 20).
 */
const makeFolder = async (folder: string): Promise<void> => {
  try {
    await mkdir(folder)
  } catch (err) {
    const code = (err as { code?: string }).code
    if (code === 'EEXIST') return
    const parent = dirname(folder)
    if (code !== 'ENOENT' || parent === folder || await stat(parent).then(() => true, () => false)) throw err
    await makeFolder(parent)
    await mkdir(folder)
  }
}

export class SplitWriter {
  /** The batch being written, its records, events and bytes. */
  private file: OutputFile | undefined
  private records = 0
  private events = 0
  private bytes = 0
  private started = 0
  private completed = 0

  private constructor (private readonly folder: string, private readonly batchSize: number, private readonly bodyLimit: number) {}

  /** A writer into `folder`, which must be absent or empty: a run never mixes its batches with another's. */
  static async open (folder: string, batchSize: number, bodyLimit: number): Promise<SplitWriter> {
    let present
    try {
      await makeFolder(folder)
      present = await readdir(folder)
    } catch (err) {
      throw new OutputError(`cannot use --split folder ${folder}: ${describe(err)}`)
    }
    if (present.length > 0) throw new OutputError(`--split folder ${folder} is not empty (${count(present.length, 'entry', 'entries')}): give an empty or new one`)
    return new SplitWriter(folder, batchSize, bodyLimit)
  }

  /** Batch files written whole. */
  get files () {
    return this.completed
  }

  /**
   * Adds a valid record (its events counted, for an events batch's limit), which must fit a body alone
   * (bodyBytes); it is written before this returns, so its chunk's buffer can be used again.
   */
  async add (record: Uint8Array, events = 0) {
    if (this.file !== undefined && (this.records === this.batchSize ||
      (events > 0 && this.events + events > MASIVO_MAX_BATCH_SIZE) ||
      this.bytes + COMMA.length + record.length + CLOSE.length > this.bodyLimit)) await this.flush()
    if (this.file === undefined) {
      const name = `batch-${String(++this.started).padStart(5, '0')}.json`
      this.file = await OutputFile.create(join(this.folder, name), `batch file ${join(this.folder, name)}`)
      await this.file.write(OPEN)
      this.bytes = OPEN.length
    } else {
      await this.file.write(COMMA)
      this.bytes += COMMA.length
    }
    await this.file.write(record)
    this.bytes += record.length
    this.records++
    this.events += events
  }

  /** Ends the batch being written, if any, and gives it its name. */
  async flush () {
    const file = this.file
    if (file === undefined) return
    this.file = undefined
    this.records = 0
    this.events = 0
    await file.write(CLOSE)
    await file.complete()
    this.completed++
  }

  /** Removes the batch being written, if any (the run failed): only whole batches are left. */
  async discard () {
    await this.file?.discard()
    this.file = undefined
  }
}
