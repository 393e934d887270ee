/**
 * Live events for `GET /__admin/events` (the dashboard, or any client): a request journaled, a batch
 * accepted or processed, an account reset. Subscribers see one account's events or everyone's. Nothing is
 * done when no one subscribes, so the hub costs the mock nothing unwatched.
 */
import type { RequestRecord } from './journal.js'
import type { StoredBatch } from './store.js'

export type HubEvent =
  | { type: 'request', record: RequestRecord }
  | { type: 'batch', batch: StoredBatch }
  | { type: 'reset', account: string | undefined }

export interface Subscriber {
  /** The account it watches; undefined: every account. */
  readonly scope: string | undefined
  readonly send: (event: HubEvent) => void
  /** The mock is closing: end the stream. */
  readonly close: () => void
}

const accountOf = (event: HubEvent): string | null | undefined => {
  switch (event.type) {
    case 'request': return event.record.account
    case 'batch': return event.batch.account
    case 'reset': return event.account
  }
}

export class EventHub {
  private readonly subscribers = new Set<Subscriber>()

  get size () {
    return this.subscribers.size
  }

  subscribe (subscriber: Subscriber): () => void {
    this.subscribers.add(subscriber)
    return () => this.subscribers.delete(subscriber)
  }

  /** Ends every stream: the mock is closing. */
  closeAll () {
    for (const subscriber of [...this.subscribers]) subscriber.close()
    this.subscribers.clear()
  }

  /** Tells every subscriber that sees the event's account (a reset of everyone is seen by all). */
  publish (event: HubEvent) {
    if (this.subscribers.size === 0) return
    const account = accountOf(event)
    for (const subscriber of this.subscribers) {
      if (subscriber.scope === undefined || account === undefined || subscriber.scope === account) subscriber.send(event)
    }
  }
}
