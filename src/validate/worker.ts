/**
 * A worker thread of `validate`: checks the chunks it is sent (src/validate/check-records.ts) and posts
 * each result back with the chunk's bytes, its arrays moved, not copied.
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { BatchKind } from '../../schemas/migrate.js'
import { checkChunk, type Chunk } from './check-records.js'

const { kind, extract } = workerData as { kind: BatchKind, extract: boolean }

parentPort!.on('message', (chunk: Chunk) => {
  const checked = checkChunk(chunk, kind, extract)
  const moved = [checked.bytes.buffer, checked.bounds.buffer, checked.places.buffer, checked.keys.buffer, checked.hasKey.buffer]
  if (checked.events !== undefined) moved.push(checked.events.buffer)
  parentPort!.postMessage(checked, moved as ArrayBuffer[])
})
