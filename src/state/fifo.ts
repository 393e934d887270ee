/**
 * A first-in, first-out list whose oldest item is taken in constant time: `Array#shift` moves every item,
 * and a `Map` keeps deleted entries as holes that each walk from its front must step over. The store and
 * the journal evict from one.
 */
export class Fifo<T> {
  private items: (T | undefined)[] = []
  /** Index of the oldest item. */
  private head = 0

  get size (): number {
    return this.items.length - this.head
  }

  push (item: T) {
    this.items.push(item)
  }

  /** The oldest item, left in. */
  peek (): T | undefined {
    return this.head === this.items.length ? undefined : this.items[this.head]
  }

  /** Takes the oldest item out. */
  shift (): T | undefined {
    if (this.head === this.items.length) return undefined
    const item = this.items[this.head]
    this.items[this.head++] = undefined // not kept alive until the next compaction
    if (this.head * 2 > this.items.length) this.compact()
    return item
  }

  /** The items, oldest first (a copy). */
  toArray (): T[] {
    return this.items.slice(this.head) as T[]
  }

  /** Keeps the items `keep` says yes to, in order; returns the others. */
  retain (keep: (item: T) => boolean): T[] {
    const removed: T[] = []
    this.items = this.toArray().filter((item) => keep(item) || (removed.push(item), false))
    this.head = 0
    return removed
  }

  clear () {
    this.items = []
    this.head = 0
  }

  private compact () {
    this.items = this.items.slice(this.head)
    this.head = 0
  }
}
