/** Newest-first paging over lists the mock keeps oldest first. */

export interface Page<T> {
  items: T[]
  /** Every match, before paging. */
  total: number
}

export interface PageRequest {
  limit: number
  offset: number
}

/** Newest first, filtered, then paged; `total` counts every match. */
export const pageOf = <T>(oldestFirst: readonly T[], keep: (item: T) => boolean, { limit, offset }: PageRequest): Page<T> => {
  const items: T[] = []
  let total = 0
  for (let i = oldestFirst.length - 1; i >= 0; i--) {
    const item = oldestFirst[i]!
    if (!keep(item)) continue
    if (total >= offset && items.length < limit) items.push(item)
    total++
  }
  return { items, total }
}
