/**
 * `--split DIR`: the valid records, as they were written in the export, gathered into request bodies
 * `{"customers":[...]}` of at most `batchSize` records (and, for events, at most Masivo's 1000 events in
 * all), one file each: batch-00001.json, batch-00002.json, ... A sender posts them as they are. Each is
 * written under a temporary name (….partial) and renamed once whole.
 */
import { mkdir, readdir, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { MASIVO_MAX_BATCH_SIZE } from '../../schemas/migrate.js'
import { count } from '../words.js'

export class SplitWriter {
  private records: Uint8Array[] = []
  private events = 0
  private written = 0

  private constructor (private readonly folder: string, private readonly batchSize: number) {}

  /** A writer into `folder`, which must be absent or empty: a run never mixes its batches with another's. */
  static async open (folder: string, batchSize: number): Promise<SplitWriter> {
    let present
    try {
      await mkdir(folder, { recursive: true })
      present = await readdir(folder)
    } catch (err) {
      throw new Error(`cannot use --split folder ${folder}: ${(err as Error).message}`)
    }
    if (present.length > 0) throw new Error(`--split folder ${folder} is not empty (${count(present.length, 'entry', 'entries')}): give an empty or new one`)
    return new SplitWriter(folder, batchSize)
  }

  /** Files written so far. */
  get files () {
    return this.written
  }

  /** Adds a copy of a valid record (its events counted, for an events batch's limit): its chunk's buffer is used again. */
  async add (record: Uint8Array, events = 0) {
    if (this.records.length === this.batchSize || (events > 0 && this.events + events > MASIVO_MAX_BATCH_SIZE)) await this.flush()
    this.records.push(Buffer.from(record))
    this.events += events
  }

  /** Writes what is gathered, if anything. */
  async flush () {
    if (this.records.length === 0) return
    const parts: Uint8Array[] = [OPEN]
    this.records.forEach((record, i) => { if (i > 0) parts.push(COMMA); parts.push(record) })
    parts.push(CLOSE)
    this.written++
    // written whole under a temporary name, then given its own: a sender never posts half a batch
    const name = join(this.folder, `batch-${String(this.written).padStart(5, '0')}.json`)
    await writeFile(`${name}.partial`, Buffer.concat(parts))
    await rename(`${name}.partial`, name)
    this.records = []
    this.events = 0
  }
}

const OPEN = Buffer.from('{"customers":[')
const COMMA = Buffer.from(',')
const CLOSE = Buffer.from(']}\n')
