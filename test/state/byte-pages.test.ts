/** Stored bodies: packed into pages, read back byte for byte, pages reused once their batches are gone. */
import t from 'tap'
import { BytePages } from '../../src/state/byte-pages.js'

const MiB = 1024 * 1024

/** `length` bytes that differ from any other call's (a counter runs through them). */
let counter = 0
const bytesOf = (length: number) => Buffer.from(Array.from({ length }, () => counter++ % 251))

t.test('bytes come back as written, across page boundaries', async (t) => {
  const log = new BytePages()
  const written = [bytesOf(10), bytesOf(MiB - 5), bytesOf(2 * MiB + 3), bytesOf(1)]
  const extents = written.map((bytes) => log.append(bytes))
  written.forEach((bytes, i) => t.same(log.read(extents[i]!), bytes, `extent ${i}`))
  t.equal(log.capacity, 4 * MiB, 'packed: 3 MiB and 9 bytes take four pages')
})

t.test('pages whose bytes are all released are reused, so capacity stays flat', async (t) => {
  const log = new BytePages()
  const live = [] as { extent: ReturnType<BytePages['append']>, bytes: Buffer }[]
  let peak = 0
  for (let k = 0; k < 400; k++) {
    const bytes = bytesOf(50_000 + (k % 7) * 1000)
    live.push({ extent: log.append(bytes), bytes })
    if (live.length > 60) log.release(live.shift()!.extent) // about 3 MiB stay stored
    if (k === 100) peak = log.capacity
  }
  t.equal(log.capacity, peak, 'no page added after the first hundred batches')
  t.ok(log.capacity <= 5 * MiB, `about the live bytes (${log.capacity} bytes of pages)`)
  t.same(live.map(({ extent }) => log.read(extent)), live.map(({ bytes }) => bytes), 'the stored batches read back intact')
})

t.test('a release in the middle frees no page another batch still uses', async (t) => {
  const log = new BytePages()
  const a = bytesOf(MiB - 100)
  const b = bytesOf(200) // spans the first two pages
  const c = bytesOf(300)
  const [ea, eb, ec] = [a, b, c].map((bytes) => log.append(bytes))
  log.release(eb!)
  const d = bytesOf(MiB) // would overwrite a or c if a page had been wrongly reused
  const ed = log.append(d)
  t.same(log.read(ea!), a)
  t.same(log.read(ec!), c)
  t.same(log.read(ed), d)
})

t.test('a read is a copy: reusing the page later does not change it', async (t) => {
  const log = new BytePages()
  const a = bytesOf(MiB)
  const ea = log.append(a)
  const copy = log.read(ea)
  log.release(ea)
  log.append(bytesOf(MiB))
  t.same(copy, a)
})

t.test('clear gives every page back', async (t) => {
  const log = new BytePages()
  log.release(log.append(bytesOf(3 * MiB)))
  t.ok(log.capacity > 0)
  log.clear()
  t.equal(log.capacity, 0)
  const bytes = bytesOf(100)
  t.same(log.read(log.append(bytes)), bytes, 'and writing goes on')
})
