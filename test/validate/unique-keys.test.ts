/** The repeats table: the first place of each key kept, a repeat answered with it, through its growth. */
import t from 'tap'
import { hashKey, UniqueKeys } from '../../src/validate/unique-keys.js'

const hashed = (key: string) => {
  const words = new Uint32Array(2)
  hashKey(key, words, 0)
  return [words[0]!, words[1]!] as const
}

t.test('a key seen again answers where it was first seen, and keeps that place', async (t) => {
  const keys = new UniqueKeys()
  t.equal(keys.firstSeen(...hashed('cust-1'), 10), -1)
  t.equal(keys.firstSeen(...hashed('cust-2'), 11), -1)
  t.equal(keys.firstSeen(...hashed('cust-1'), 12), 10)
  t.equal(keys.firstSeen(...hashed('cust-1'), 13), 10)
  t.equal(keys.size, 2)
})

t.test('a million distinct keys: none taken for another, each repeat found, about 25 bytes a key', async (t) => {
  const keys = new UniqueKeys()
  const count = 1_000_000
  let repeats = 0
  for (let i = 0; i < count; i++) if (keys.firstSeen(...hashed(`customer.${i}@example.com`), i) !== -1) repeats++
  t.equal(repeats, 0, 'no two distinct keys share a hash')
  t.equal(keys.size, count)
  let found = 0
  for (let i = 0; i < count; i += 997) if (keys.firstSeen(...hashed(`customer.${i}@example.com`), count + i) === i) found++
  t.equal(found, Math.ceil(count / 997))
  t.ok(keys.bytes / count <= 26, `${(keys.bytes / count).toFixed(1)} bytes a key`)
})

t.test('keys differing in one character, or only in length, hash apart', async (t) => {
  const seen = new Set<string>()
  for (const key of ['', 'a', 'b', 'aa', 'ab', 'ba', '\u0000', '\u0000\u0000', 'é', 'e\u0301', 'cust-000001', 'cust-000002', 'cust-000010']) {
    seen.add(hashed(key).join(':'))
  }
  t.equal(seen.size, 13)
})
