/** How drift reads a target's pacing headers. */
import t from 'tap'
import { waitOf } from '../../src/drift/target.js'

t.test('seconds, a Unix time, or an HTTP date; anything else is no wait said', async (t) => {
  const now = Date.parse('2026-12-06T15:00:00Z')
  t.equal(waitOf('5', now), 5000)
  t.equal(waitOf(' 0 ', now), 0)
  t.equal(waitOf(String(now / 1000 + 30), now), 30_000, 'a Unix time in seconds')
  t.equal(waitOf(String(now / 1000 - 30), now), 0, 'one already past')
  t.equal(waitOf('Sun, 06 Dec 2026 15:01:00 GMT', now), 60_000)
  t.equal(waitOf('soon', now), undefined)
  t.equal(waitOf(null, now), undefined)
  t.equal(waitOf('-5', now), undefined)
})
