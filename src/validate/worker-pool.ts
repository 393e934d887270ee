/**
 * The threads that check an export's chunks, one per core by default: each chunk goes to the worker with
 * the fewest waiting, and its result comes back as a promise, so the reader keeps the results in file order
 * whatever order they finish in. One job is the main thread alone: on one core a worker would only add its
 * start-up and the passing of chunks to the same work (bench/README.md).
 */
import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { BatchKind } from '../../schemas/migrate.js'
import { checkChunk, type CheckedChunk, type Chunk } from './check-records.js'

// beside this module, with its extension: worker.ts from source (tests, tsx), worker.js in dist/lib,
// worker.mjs beside the bundle (dist/cli.mjs, scripts/bundle.mjs)
const OWN_EXTENSION = extname(fileURLToPath(import.meta.url))
const FROM_SOURCE = OWN_EXTENSION === '.ts'
const WORKER = new URL(`./worker${OWN_EXTENSION}`, import.meta.url)

/** A worker; from source, its thread first registers tsx, whose hooks a worker does not inherit on Node 20. */
const startWorker = (workerData: unknown): Worker => FROM_SOURCE
  ? new Worker(`import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER.href)}) })`, { eval: true, workerData })
  : new Worker(WORKER, { workerData })

interface Job {
  resolve: (checked: CheckedChunk) => void
  reject: (err: Error) => void
}

export class WorkerPool {
  private readonly workers: { worker: Worker, waiting: Job[] }[]

  /** `extract`: each record's id and sums come back too (check-records.ts), for validate --customers. */
  constructor (jobs: number, private readonly kind: BatchKind, private readonly extract = false) {
    this.workers = Array.from({ length: jobs === 1 ? 0 : jobs }, () => {
      const entry = { worker: startWorker({ kind, extract }), waiting: [] as Job[] }
      entry.worker.on('message', (checked: CheckedChunk) => entry.waiting.shift()!.resolve(checked))
      const failAll = (err: Error) => { for (const job of entry.waiting.splice(0)) job.reject(err) }
      entry.worker.on('error', failAll)
      // a worker gone without an error (terminated, out of memory) must not leave its chunks waiting forever
      entry.worker.on('exit', (code) => failAll(new Error(`a worker thread exited with code ${code}`)))
      return entry
    })
  }

  /** Checks a chunk; its bytes move to a worker (unusable here until they come back in the result). */
  check (chunk: Chunk): Promise<CheckedChunk> {
    if (this.workers.length === 0) return new Promise((resolve) => resolve(checkChunk(chunk, this.kind, this.extract)))
    const entry = this.workers.reduce((least, next) => next.waiting.length < least.waiting.length ? next : least)
    return new Promise((resolve, reject) => {
      entry.waiting.push({ resolve, reject })
      entry.worker.postMessage(chunk, [chunk.bytes.buffer as ArrayBuffer])
    })
  }

  async close () {
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()))
  }
}
