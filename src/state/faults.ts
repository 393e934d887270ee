/**
 * Faults queued for the next migrate requests of an account, or of everyone: the way a suite makes the
 * mock fail on purpose to exercise its client's retries.
 */
import { randomUUID } from 'node:crypto'
import type { Fault, FilledFaultRequest } from '../../schemas/fault.js'
import type { BatchKind } from '../../schemas/migrate.js'

export type { Fault }

export class FaultQueue {
  /** Oldest first: faults hit in the order they were queued. */
  private queue: Fault[] = []

  /** Queues a fault for `account`, or for every account when it is null. */
  add (account: string | null, { count, endpoint, ...fault }: FilledFaultRequest): Fault {
    const queued: Fault = { id: randomUUID(), account, remaining: count, endpoint: endpoint ?? null, ...fault }
    this.queue.push(queued)
    return queued
  }

  /**
   * The fault that hits a request of `account` to the `endpoint` migrate endpoint now, if any: its own first,
   * then everyone's. `afterAccept`: one that answers once the batch is accepted (or one that answers before).
   */
  take (account: string, endpoint: BatchKind, afterAccept: boolean): Fault | undefined {
    const hits = (f: Fault) => f.after_accept === afterAccept && (f.endpoint === null || f.endpoint === endpoint)
    const fault = this.queue.find((f) => f.account === account && hits(f)) ?? this.queue.find((f) => f.account === null && hits(f))
    if (fault === undefined) return undefined
    fault.remaining--
    if (fault.remaining === 0) this.queue = this.queue.filter((f) => f !== fault)
    return { ...fault }
  }

  /** What is queued: for one account (its own and everyone's), or all. */
  list (account?: string): Fault[] {
    return this.queue.filter((f) => account === undefined || f.account === account || f.account === null)
  }

  /** Clears one account's faults, or all of them. */
  clear (account?: string) {
    this.queue = account === undefined ? [] : this.queue.filter((f) => f.account !== account)
  }
}
