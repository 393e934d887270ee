/** The threads that check chunks: results in the order asked, one job on this thread, and no chunk left waiting on a worker that is gone. */
import t from 'tap'
import type { Chunk } from '../../src/validate/check-records.js'
import { WorkerPool } from '../../src/validate/worker-pool.js'
import { minimalCustomer } from '../fixtures.js'

const text = (seq: number, count: number) => Array.from({ length: count }, (_, i) => JSON.stringify(minimalCustomer(seq * 1000 + i))).join('\n')

// in a buffer of its own, as the reader gives them: it moves to the worker
const chunk = (seq: number, count: number): Chunk => ({ seq, bytes: new Uint8Array(Buffer.from(text(seq, count))), firstLine: 1, firstIndex: 0 })

t.test('each chunk checked by a worker; the promises answer in the order asked', async (t) => {
  const pool = new WorkerPool(2, 'customers')
  t.teardown(() => pool.close())
  const checked = await Promise.all([chunk(0, 300), chunk(1, 5), chunk(2, 200), chunk(3, 1)].map((c) => pool.check(c)))
  t.same(checked.map((c) => [c.seq, c.count, c.violations.length]), [[0, 300, 0], [1, 5, 0], [2, 200, 0], [3, 1, 0]])
  t.same(checked.map((c) => Buffer.from(c.bytes).toString()), [text(0, 300), text(1, 5), text(2, 200), text(3, 1)], 'each chunk\'s bytes come back with its result')
})

t.test('one job: the chunk checked on this thread, its bytes never moved', async (t) => {
  const pool = new WorkerPool(1, 'customers')
  t.teardown(() => pool.close())
  const given = chunk(0, 50)
  const checked = await pool.check(given)
  t.same([checked.count, checked.violations], [50, []])
  t.equal(checked.bytes, given.bytes, 'the same bytes, still usable here')
})

t.test('a worker that stops with chunks waiting: they fail instead of waiting forever', async (t) => {
  const pool = new WorkerPool(2, 'customers')
  const waiting = [pool.check(chunk(0, 2000)), pool.check(chunk(1, 2000))] // one on each worker
  const failed = waiting.map((job) => t.rejects(job, { message: /^a worker thread exited with code \d+$/ }))
  await pool.close()
  await Promise.all(failed)
})
