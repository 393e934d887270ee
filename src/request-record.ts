/**
 * What every request leaves behind: an x-request-id header, one log line (never the credential or the
 * body: bodies carry emails and document numbers), and for the emulated API a journal record saying
 * how it was answered and why. Hooks and handlers fill in `request.record` as they learn.
 */
import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify'
import type { Journal, JournalRecord } from './journal.js'

declare module 'fastify' {
  interface FastifyRequest {
    record: JournalRecord
  }
}

/** A client's own x-request-id is kept when it is a plain token; otherwise the mock makes one. */
const CLIENT_REQUEST_ID = /^[\w.:-]{1,128}$/

export const requestIdOf = (req: IncomingMessage): string => {
  const given = req.headers['x-request-id']
  return typeof given === 'string' && CLIENT_REQUEST_ID.test(given) ? given : randomUUID()
}

/** The emulated Masivo API: everything but the mock's own /__admin and /health. */
const isEmulatedApi = (path: string) => !path.startsWith('/__admin') && path !== '/health'

/** Logs a request and journals it (if it was to the emulated API): once it is answered, or given up on. */
export type FinishRecord = (request: FastifyRequest, status: number | null, ms: number) => void

export const registerRequestRecord = (app: FastifyInstance, journal: Journal, onJournal: () => void): FinishRecord => {
  app.decorateRequest('record', null as unknown as JournalRecord)

  const finish: FinishRecord = (request, status, ms) => {
    const { record } = request
    record.status = status
    // health probes come several times a second: their lines only at debug level
    request.log[record.path === '/health' ? 'debug' : 'info']({
      method: record.method,
      path: record.path,
      status,
      ms: Math.round(ms * 10) / 10,
      account: record.account
    }, 'request')
    if (isEmulatedApi(record.path)) {
      journal.add(record)
      onJournal()
    }
  }

  app.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    const query = request.url.indexOf('?')
    request.record = {
      id: request.id,
      receivedAt: new Date(),
      method: request.method,
      path: query === -1 ? request.url : request.url.slice(0, query),
      status: null,
      account: null
    }
    reply.header('x-request-id', request.id)
    done()
  })

  // not run for a hijacked reply (a fault that resets or never answers): that path calls finish itself
  app.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    finish(request, reply.statusCode, reply.elapsedTime)
    done()
  })
  return finish
}
