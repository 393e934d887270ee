/** The worker threads: results in the order asked, and no chunk left waiting on a worker that is gone. */
import t from 'tap'
import type { Chunk } from '../../src/validate/check-records.js'
import { WorkerPool } from '../../src/validate/worker-pool.js'
import { minimalCustomer } from '../fixtures.js'

const chunk = (seq: number, count: number): Chunk => ({
  seq,
  bytes: Buffer.from(Array.from({ length: count }, (_, i) => JSON.stringify(minimalCustomer(seq * 1000 + i))).join('\n')),
  firstLine: 1,
  firstIndex: 0
})

t.test('each chunk checked by a worker; the promises answer in the order asked', async (t) => {
  const pool = new WorkerPool(2, 'customers')
  t.teardown(() => pool.close())
  const checked = await Promise.all([chunk(0, 300), chunk(1, 5), chunk(2, 200), chunk(3, 1)].map((c) => pool.check(c)))
  t.same(checked.map((c) => [c.seq, c.count, c.violations.length]), [[0, 300, 0], [1, 5, 0], [2, 200, 0], [3, 1, 0]])
})

t.test('a worker that stops with chunks waiting: they fail instead of waiting forever', async (t) => {
  const pool = new WorkerPool(1, 'customers')
  const waiting = pool.check(chunk(0, 2000))
  await pool.close()
  await t.rejects(waiting, { message: /^a worker thread exited with code \d+$/ })
})
