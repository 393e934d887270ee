/**
 * Repeats across a whole export file, in little memory: each key (an id, an email) is kept as a 64-bit
 * hash beside the place it was first seen, in an open-addressing table of 32-bit words (12 bytes a slot,
 * at most three quarters full): 16 to 32 bytes a key, where a Map of strings takes over 100. Two
 * different keys share a hash with odds of about n² / 2⁶⁵ (one in ten million for two million keys);
 * docs/validate.md says so.
 */

/** A key's 64-bit hash as two 32-bit halves (two multiply-xorshift lanes over its UTF-16 units, mixed as
 * MurmurHash3 finishes). crypto's hashes cost about ten times as much per key (bench/README.md). */
export const hashKey = (key: string, out: Uint32Array | number[], at: number) => {
  let h1 = 0x9e3779b9 ^ key.length
  let h2 = 0x85ebca6b ^ key.length
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 0xcc9e2d51)
    h1 = (h1 << 15) | (h1 >>> 17)
    h2 = Math.imul(h2 ^ c, 0x1b873593)
    h2 = (h2 << 13) | (h2 >>> 19)
    h2 = Math.imul(h2, 5) + 0xe6546b64
  }
  out[at] = fmix(h1 ^ Math.imul(h2, 0x85ebca6b))
  out[at + 1] = fmix(h2 ^ Math.imul(h1, 0xc2b2ae35))
}

const fmix = (h: number): number => {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

const WORDS_PER_SLOT = 3
const INITIAL_SLOTS = 1 << 16

/** Keys by hash, each with where it was first seen (a line or an index, below 2³² - 1). */
export class UniqueKeys {
  private slots = new Uint32Array(INITIAL_SLOTS * WORDS_PER_SLOT)
  private capacity = INITIAL_SLOTS
  private count = 0
  /** Where the key `insert` found was first seen (plus one). */
  private found = 0

  get size () {
    return this.count
  }

  /** Bytes the table holds. */
  get bytes () {
    return this.slots.byteLength
  }

  /**
   * Records the key hashed as (high, low) first seen at `place`, and answers -1; if it was seen before,
   * answers where, and keeps the first place.
   */
  firstSeen (high: number, low: number, place: number): number {
    if ((this.count + 1) * 4 > this.capacity * 3) this.grow()
    return this.insert(this.slots, this.capacity, high, low, place + 1) ? -1 : this.found - 1
  }

  /** Inserts unless present (then `found` holds the stored place); a place is stored plus one, 0 = empty. */
  private insert (slots: Uint32Array, capacity: number, high: number, low: number, stored: number): boolean {
    const mask = capacity - 1
    for (let slot = (low ^ Math.imul(high, 0x9e3779b1)) & mask; ; slot = (slot + 1) & mask) {
      const at = slot * WORDS_PER_SLOT
      const place = slots[at + 2]!
      if (place === 0) {
        slots[at] = high
        slots[at + 1] = low
        slots[at + 2] = stored
        if (slots === this.slots) this.count++
        return true
      }
      if (slots[at] === high && slots[at + 1] === low) {
        this.found = place
        return false
      }
    }
  }

  private grow () {
    const old = this.slots
    const capacity = this.capacity * 2
    const slots = new Uint32Array(capacity * WORDS_PER_SLOT)
    for (let at = 0; at < old.length; at += WORDS_PER_SLOT) {
      if (old[at + 2] !== 0) this.insert(slots, capacity, old[at]!, old[at + 1]!, old[at + 2]!)
    }
    this.slots = slots
    this.capacity = capacity
  }
}
