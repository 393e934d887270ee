/**
 * Long polls: an admin read that waits until what it counts reaches a number, instead of the client
 * sleeping. Waits that count the same thing (the same list, account and filter) share one count, made
 * once when the first of them starts; from then on each arrival and eviction moves it (matched against
 * the filter once per group, never by rescanning), so many pending polls cost a request next to nothing.
 * Reset and shutdown release waits at once.
 */
import type { RequestRecord } from './journal.js'
import type { StoredBatch } from './store.js'

/** What a wait counts. Customers are counted by the store itself (cheaply); batches and requests, here. */
export type Watched =
  | { kind: 'batches', matches: (batch: StoredBatch) => boolean, count: () => number }
  | { kind: 'requests', matches: (record: RequestRecord) => boolean, count: () => number }
  | { kind: 'customers', count: () => number }

interface Wait {
  readonly min: number
  finish: (timedOut: boolean) => void
}

/** The waits that count the same thing, and that count. */
interface Group {
  readonly watched: Watched
  /** For batches and requests: how many match now. */
  tally: number
  readonly waits: Set<Wait>
}

export interface WaitOptions {
  /** The account it watches; undefined: every account. */
  scope: string | undefined
  /** What, besides the kind and the scope, decides what it counts (the filter's values), e.g. "status=400". */
  filter: string
  /** Wait until the count reaches this. */
  min: number
  timeoutMs: number
  /** Aborted when the client goes away: the wait ends quietly. */
  signal?: AbortSignal
}

const countOf = (group: Group) => (group.watched.kind === 'customers' ? group.watched.count() : group.tally)

export class Waiters {
  /** Groups by the account they watch (undefined: every account), then by kind and filter. */
  private readonly byScope = new Map<string | undefined, Map<string, Group>>()
  private pending = 0

  get size () {
    return this.pending
  }

  /**
   * Resolves `false` as soon as the count reaches `min` (at once if it already has) or the wait is
   * released, `true` if `timeoutMs` passes first. `watched.count` is called only when no wait on the
   * same thing is pending already (their count is shared).
   */
  waitUntil (watched: Watched, { scope, filter, min, timeoutMs, signal }: WaitOptions): Promise<boolean> {
    if (signal?.aborted === true) return Promise.resolve(false)
    let groups = this.byScope.get(scope)
    if (groups === undefined) this.byScope.set(scope, groups = new Map())
    const key = `${watched.kind}|${filter}`
    let group = groups.get(key)
    if (group === undefined) {
      group = { watched, tally: watched.kind === 'customers' ? 0 : watched.count(), waits: new Set() }
      if (countOf(group) >= min) {
        if (groups.size === 0) this.byScope.delete(scope)
        return Promise.resolve(false)
      }
      groups.set(key, group)
    } else if (countOf(group) >= min) {
      return Promise.resolve(false)
    }
    const joined = group
    return new Promise((resolve) => {
      const onAbort = () => wait.finish(false)
      const timer = setTimeout(() => wait.finish(true), timeoutMs)
      const wait: Wait = {
        min,
        finish: (timedOut) => {
          clearTimeout(timer)
          signal?.removeEventListener('abort', onAbort)
          if (joined.waits.delete(wait)) this.pending--
          if (joined.waits.size === 0 && groups.get(key) === joined) {
            groups.delete(key)
            if (groups.size === 0 && this.byScope.get(scope) === groups) this.byScope.delete(scope)
          }
          resolve(timedOut)
        }
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      joined.waits.add(wait)
      this.pending++
    })
  }

  /** A batch was accepted (and `evicted` went to make room): counts move, satisfied waits finish. */
  batchAccepted (batch: StoredBatch, evicted: readonly StoredBatch[]) {
    if (this.pending === 0) return
    for (const gone of evicted) this.tell(gone.account, 'batches', gone, -1)
    this.tell(batch.account, 'batches', batch, 1)
  }

  /** A batch was processed: it leaves the lists of queued batches for those of processed ones, and may add customers. */
  batchProcessed (batch: StoredBatch) {
    if (this.pending === 0) return
    this.tell(batch.account, 'batches', { ...batch, processedAt: undefined }, -1)
    this.tell(batch.account, 'batches', batch, 1)
  }

  /** A request was recorded (and `evicted` records went to make room). */
  requestRecorded (record: RequestRecord, evicted: readonly RequestRecord[]) {
    if (this.pending === 0) return
    for (const gone of evicted) this.tell(gone.account ?? undefined, 'requests', gone, -1)
    this.tell(record.account ?? undefined, 'requests', record, 1)
  }

  /** Tells the groups that see `account` of an item come (+1) or gone (-1); finishes the waits now satisfied. */
  private tell (account: string | undefined, kind: 'batches' | 'requests', item: StoredBatch | RequestRecord, change: 1 | -1) {
    for (const scope of account === undefined ? [undefined] : [account, undefined]) {
      const groups = this.byScope.get(scope)
      if (groups === undefined) continue
      for (const group of groups.values()) {
        const { watched } = group
        if (watched.kind === kind) {
          if (!(watched.matches as (item: unknown) => boolean)(item)) continue
          group.tally += change
        } else if (watched.kind !== 'customers' || kind !== 'batches') {
          continue
        }
        if (change < 0) continue
        const count = countOf(group)
        for (const wait of group.waits) if (count >= wait.min) wait.finish(false)
      }
    }
  }

  /**
   * Answers pending waits now, with what there is: on a reset of one account, the waits on it and
   * on every account; on a full reset or shutdown, all of them.
   */
  release (scope?: string) {
    for (const [watching, groups] of this.byScope) {
      if (scope !== undefined && watching !== undefined && watching !== scope) continue
      for (const group of groups.values()) for (const wait of group.waits) wait.finish(false)
    }
  }
}
