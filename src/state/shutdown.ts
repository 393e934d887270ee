/**
 * What must end when the mock shuts down: delays cut short, and requests held open on purpose (the
 * `timeout` fault) closed, so a graceful shutdown never waits on them.
 */
import type { Socket } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'

export class Shutdown {
  private readonly controller = new AbortController()
  private readonly held = new Set<Socket>()

  /** Resolves after `ms`, or at once when the mock shuts down. */
  async pause (ms: number): Promise<void> {
    if (ms <= 0) return
    await sleep(ms, undefined, { signal: this.controller.signal }).catch(() => undefined)
  }

  /** Keeps a connection open without answering, until its client leaves or the mock shuts down. */
  hold (socket: Socket) {
    if (this.controller.signal.aborted) {
      socket.destroy()
      return
    }
    this.held.add(socket)
    socket.once('close', () => this.held.delete(socket))
  }

  /** Ends every pause and held connection now, and any that start later. */
  begin () {
    this.controller.abort()
    for (const socket of this.held) socket.destroy()
  }
}
