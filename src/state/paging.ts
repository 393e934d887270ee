/**
 * Newest-first paging over lists the mock keeps oldest first. A page holds at most `limit` items and
 * stops early once its items are reckoned to pass PAGE_MAX_BYTES (always one item at least), so a list
 * answer stays small and quick to write whatever it holds; `total` still counts every match, and a client
 * pages on with `offset`.
 */

/** What the items of one page may be reckoned to take. */
export const PAGE_MAX_BYTES = 4 * 1024 * 1024

export interface Page<T> {
  items: T[]
  /** Every match, before paging. */
  total: number
}

export interface PageRequest {
  limit: number
  offset: number
}

/** Newest first, filtered, then paged; `sizeOf` reckons what an item will take in the answer. */
export const pageOf = <T>(oldestFirst: readonly T[], keep: (item: T) => boolean, { limit, offset }: PageRequest, sizeOf: (item: T) => number): Page<T> => {
  const items: T[] = []
  let total = 0
  let bytes = 0
  let full = limit === 0
  for (let i = oldestFirst.length - 1; i >= 0; i--) {
    const item = oldestFirst[i]!
    if (!keep(item)) continue
    if (total >= offset && !full) {
      items.push(item)
      bytes += sizeOf(item)
      full = items.length >= limit || bytes >= PAGE_MAX_BYTES
    }
    total++
  }
  return { items, total }
}
