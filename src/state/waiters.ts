/**
 * Long polls: an admin read that waits until what it counts reaches a number, instead of the client
 * sleeping. Every change to the store or the journal re-checks the pending waits (no polling loop);
 * reset and shutdown release them at once.
 */

interface Wait {
  ready: () => boolean
  /** The account it watches; undefined: every account. */
  scope: string | undefined
  finish: (timedOut: boolean) => void
}

export interface WaitOptions {
  /** Aborted when the client goes away: the wait ends quietly. */
  signal?: AbortSignal
  scope?: string
}

export class Waiters {
  private readonly pending = new Set<Wait>()

  get size () {
    return this.pending.size
  }

  /**
   * Resolves `false` as soon as `ready()` holds (at once if it already does) or the wait is released,
   * `true` if `timeoutMs` passes first.
   */
  waitUntil (ready: () => boolean, timeoutMs: number, { signal, scope }: WaitOptions = {}): Promise<boolean> {
    if (ready() || signal?.aborted === true) return Promise.resolve(false)
    return new Promise((resolve) => {
      const onAbort = () => wait.finish(false)
      const timer = setTimeout(() => wait.finish(true), timeoutMs)
      const wait: Wait = {
        ready,
        scope,
        finish: (timedOut) => {
          clearTimeout(timer)
          signal?.removeEventListener('abort', onAbort)
          this.pending.delete(wait)
          resolve(timedOut)
        }
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      this.pending.add(wait)
    })
  }

  /** Something changed: finish the waits that are now satisfied. */
  notify () {
    for (const wait of this.pending) if (wait.ready()) wait.finish(false)
  }

  /**
   * Answers pending waits now, with what there is: on a reset of one account, the waits on it and
   * on every account; on a full reset or shutdown, all of them.
   */
  release (scope?: string) {
    for (const wait of this.pending) {
      if (scope === undefined || wait.scope === undefined || wait.scope === scope) wait.finish(false)
    }
  }
}
