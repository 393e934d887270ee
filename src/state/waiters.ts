/**
 * Long polls: an admin read that waits until what it counts reaches a number, instead of the client
 * sleeping. A wait counts once, when it starts; from then on each arrival and eviction it is told of
 * moves its count (matched against its filter, never by rescanning), so many pending polls cost little
 * per request. Reset and shutdown release waits at once.
 */
import type { RequestRecord } from './journal.js'
import type { StoredBatch } from './store.js'

/** What a wait counts. Customers are counted by the store itself (cheaply); the others, here. */
export type Watched =
  | { kind: 'batches', matches: (batch: StoredBatch) => boolean, initial: number }
  | { kind: 'requests', matches: (record: RequestRecord) => boolean, initial: number }
  | { kind: 'customers', count: () => number }

interface Wait {
  readonly watched: Watched
  /** The account it watches; undefined: every account. */
  readonly scope: string | undefined
  readonly min: number
  /** For batches and requests: how many match now. */
  tally: number
  finish: (timedOut: boolean) => void
}

export interface WaitOptions {
  /** The account it watches; undefined: every account. */
  scope: string | undefined
  /** Wait until the count reaches this. */
  min: number
  timeoutMs: number
  /** Aborted when the client goes away: the wait ends quietly. */
  signal?: AbortSignal
}

const countOf = (wait: Wait) => (wait.watched.kind === 'customers' ? wait.watched.count() : wait.tally)

export class Waiters {
  /** Pending waits by the account they watch (undefined: every account). */
  private readonly byScope = new Map<string | undefined, Set<Wait>>()
  private pending = 0

  get size () {
    return this.pending
  }

  /**
   * Resolves `false` as soon as the count reaches `min` (at once if it already has) or the wait is
   * released, `true` if `timeoutMs` passes first.
   */
  waitUntil (watched: Watched, { scope, min, timeoutMs, signal }: WaitOptions): Promise<boolean> {
    const tally = watched.kind === 'customers' ? 0 : watched.initial
    if ((watched.kind === 'customers' ? watched.count() : tally) >= min || signal?.aborted === true) return Promise.resolve(false)
    return new Promise((resolve) => {
      const onAbort = () => wait.finish(false)
      const timer = setTimeout(() => wait.finish(true), timeoutMs)
      let waits = this.byScope.get(scope)
      if (waits === undefined) this.byScope.set(scope, waits = new Set())
      const wait: Wait = {
        watched,
        scope,
        min,
        tally,
        finish: (timedOut) => {
          clearTimeout(timer)
          signal?.removeEventListener('abort', onAbort)
          if (waits.delete(wait)) this.pending--
          if (waits.size === 0 && this.byScope.get(scope) === waits) this.byScope.delete(scope)
          resolve(timedOut)
        }
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      waits.add(wait)
      this.pending++
    })
  }

  /** A batch was accepted (and `evicted` went to make room): counts move, satisfied waits finish. */
  batchAccepted (batch: StoredBatch, evicted: readonly StoredBatch[]) {
    if (this.pending === 0) return
    for (const gone of evicted) this.tell(gone.account, 'batches', gone, -1)
    this.tell(batch.account, 'batches', batch, 1)
  }

  /** A request was recorded (and `evicted` records went to make room). */
  requestRecorded (record: RequestRecord, evicted: readonly RequestRecord[]) {
    if (this.pending === 0) return
    for (const gone of evicted) this.tell(gone.account ?? undefined, 'requests', gone, -1)
    this.tell(record.account ?? undefined, 'requests', record, 1)
  }

  /** Tells the waits that see `account` of an item come (+1) or gone (-1); finishes those now satisfied. */
  private tell (account: string | undefined, kind: 'batches' | 'requests', item: StoredBatch | RequestRecord, change: 1 | -1) {
    for (const scope of account === undefined ? [undefined] : [account, undefined]) {
      const waits = this.byScope.get(scope)
      if (waits === undefined) continue
      for (const wait of waits) {
        const { watched } = wait
        if (watched.kind === kind && (watched.matches as (item: unknown) => boolean)(item)) wait.tally += change
        if (change > 0 && (watched.kind === kind || (watched.kind === 'customers' && kind === 'batches')) && countOf(wait) >= wait.min) wait.finish(false)
      }
    }
  }

  /**
   * Answers pending waits now, with what there is: on a reset of one account, the waits on it and
   * on every account; on a full reset or shutdown, all of them.
   */
  release (scope?: string) {
    for (const [watching, waits] of this.byScope) {
      if (scope === undefined || watching === undefined || watching === scope) for (const wait of waits) wait.finish(false)
    }
  }
}
