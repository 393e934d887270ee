/**
 * What `validate` writes (the report, each batch file): under a temporary name beside its own, given its
 * name once whole, so a reader never sees half of one; written through a buffer of WRITE_BYTES, so what is
 * held does not grow with the file. Any failure to write (a full disk, a file too large, a folder that is
 * gone) is an OutputError naming the output, with its partial file removed.
 */
import { open, rename, rm, type FileHandle } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/** An output that cannot be written: the command ends with one line and exit code 2, never a stack trace. */
export class OutputError extends Error {}

/** Bytes gathered before a write: few calls for small pieces (a report's lines, a batch's records). */
export const WRITE_BYTES = 1024 * 1024

/** An error's message for a person: a system call's without its code and call (`ENOSPC: …, write`). */
export const describe = (err: unknown): string => {
  const { code, message, syscall } = err as { code?: string, message: string, syscall?: string }
  if (code === 'ENOENT') return 'no such file or folder'
  if (code === undefined || syscall === undefined) return message
  const reason = message.replace(`${code}: `, '').replace(new RegExp(`, ${syscall}\\b.*$`), '')
  return `${reason} (${code})`
}

export class OutputFile {
  private readonly buffer = Buffer.allocUnsafe(WRITE_BYTES)
  private used = 0

  private constructor (
    private readonly handle: FileHandle,
    /** Its name, once whole. */
    readonly path: string,
    private readonly partial: string,
    /** What it is, for a person: "--report r.ndjson", "batch file batches/batch-00001.json". */
    private readonly label: string
  ) {}

  /** Opens `path`'s temporary file: `.NAME.PID.partial` beside it, hidden, one run's own. */
  static async create (path: string, label: string): Promise<OutputFile> {
    const partial = join(dirname(path), `.${basename(path)}.${process.pid}.partial`)
    try {
      return new OutputFile(await open(partial, 'w'), path, partial, label)
    } catch (err) {
      throw new OutputError(`cannot write ${label}: ${describe(err)}`)
    }
  }

  /** Adds bytes; they reach the disk when the buffer is full, or at `complete`. */
  async write (bytes: Uint8Array | string) {
    const data = typeof bytes === 'string' ? Buffer.from(bytes) : bytes
    if (this.used + data.length <= WRITE_BYTES) {
      this.buffer.set(data, this.used)
      this.used += data.length
      return
    }
    await this.flush()
    if (data.length < WRITE_BYTES) {
      this.buffer.set(data, 0)
      this.used = data.length
    } else {
      await this.guarded(() => this.writeAll(data))
    }
  }

  /** Writes what is buffered, closes it and gives it its name. */
  async complete () {
    await this.flush()
    await this.guarded(async () => {
      await this.handle.close()
      await rename(this.partial, this.path)
    })
  }

  /** Closes it and removes what was written; never fails. */
  async discard () {
    await this.handle.close().catch(() => {})
    await rm(this.partial, { force: true }).catch(() => {})
  }

  private async flush () {
    if (this.used === 0) return
    const data = this.buffer.subarray(0, this.used)
    this.used = 0
    await this.guarded(() => this.writeAll(data))
  }

  private async writeAll (data: Uint8Array) {
    for (let at = 0; at < data.length;) at += (await this.handle.write(data, at, data.length - at)).bytesWritten
  }

  /** Runs a write; a failure removes the partial file and becomes an OutputError. */
  private async guarded (write: () => Promise<void>) {
    try {
      await write()
    } catch (err) {
      await this.discard()
      throw new OutputError(`cannot write ${this.label}: ${describe(err)}`)
    }
  }
}
