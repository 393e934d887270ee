/**
 * A graceful shutdown that loses no answer. When the mock closes: every answer from then on says
 * `Connection: close`, so no client sends another request on a connection about to go; delays are cut
 * short and requests held open on purpose (the `timeout` fault) are closed; requests keep being answered
 * until they stop arriving for a moment (QUIET_MS, at most DRAIN_MAX_MS), so a keep-alive client that
 * sends its next request as its last answer arrives is answered too, not reset; then the server stops
 * accepting and closes idle connections (Node), requests in flight get SHUTDOWN_GRACE_MS to finish, every
 * connection still open is ended, and the log says how many were cut.
 */
import type { Socket } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify'
import { count } from '../words.js'

/** How long no request may arrive before the server stops accepting. */
const QUIET_MS = 20
/** The longest the server keeps accepting once closing has begun. */
const DRAIN_MAX_MS = 500

export class Shutdown {
  private readonly controller = new AbortController()
  private readonly held = new Set<Socket>()
  /** performance.now() of the latest request's arrival. */
  lastArrival = -Infinity

  get begun (): boolean {
    return this.controller.signal.aborted
  }

  /** Resolves after `ms`, or at once when the mock shuts down. */
  async pause (ms: number): Promise<void> {
    if (ms <= 0) return
    await sleep(ms, undefined, { signal: this.controller.signal }).catch(() => undefined)
  }

  /** Keeps a connection open without answering, until its client leaves or the mock shuts down. */
  hold (socket: Socket) {
    if (this.begun) {
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

  /** Resolves once no request has arrived for QUIET_MS (at once when the mock is idle), or after DRAIN_MAX_MS. */
  async drained (): Promise<void> {
    const deadline = performance.now() + DRAIN_MAX_MS
    for (let now = performance.now(); now - this.lastArrival < QUIET_MS && now < deadline; now = performance.now()) {
      await sleep(QUIET_MS - (now - this.lastArrival))
    }
  }
}

/** Installs the shutdown's hooks on the app; its state's `close` (a preClose hook too) begins the shutdown. */
export const registerShutdown = (app: FastifyInstance, graceMs: number) => {
  const { shutdown } = app.mock
  let grace: NodeJS.Timeout | undefined

  app.addHook('onRequest', (_request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
    shutdown.lastArrival = performance.now()
    done()
  })
  app.addHook('onSend', (_request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, payload: unknown) => void) => {
    if (shutdown.begun) reply.header('connection', 'close')
    done(null, payload)
  })

  // after the state's close (registered before this): answers say Connection: close from here on
  app.addHook('preClose', async () => {
    await shutdown.drained()
    grace = setTimeout(() => {
      app.server.getConnections((_err, open) => {
        app.log.warn({ connections_cut: open },
          `shutdown: requests still unanswered after SHUTDOWN_GRACE_MS (${graceMs} ms); ending the ${count(open, 'connection')} still open`)
        app.server.closeAllConnections()
      })
    }, graceMs)
  })
  app.addHook('onClose', (_instance, done) => {
    clearTimeout(grace)
    done()
  })
}
