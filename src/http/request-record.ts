/**
 * What every request leaves behind: an x-request-id header, one log line (never the credential or the
 * body: bodies carry emails and document numbers), and for the emulated API a record in the journal
 * saying how it was answered and why. The record is `request.record`; src/state/journal.ts names the
 * one writer of each of its fields.
 */
import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify'
import { HEALTH_PATH, isEmulatedApi } from '../paths.js'
import type { RequestRecord } from '../state/journal.js'

declare module 'fastify' {
  interface FastifyRequest {
    record: RequestRecord
  }
}

/** A client's own x-request-id is kept when it is a plain token; otherwise the mock makes one. */
const CLIENT_REQUEST_ID = /^[\w.:-]{1,128}$/

/** Fastify's `genReqId`. */
export const requestIdOf = (req: IncomingMessage): string => {
  const given = req.headers['x-request-id']
  return typeof given === 'string' && CLIENT_REQUEST_ID.test(given) ? given : randomUUID()
}

/**
 * Logs a request and journals it (if it was to the emulated API): once it is answered (`status`), or
 * given up on (`null`: a fault reset it or never answers, and no hook runs for it).
 */
export const finishRecord = (request: FastifyRequest, status: number | null, ms: number) => {
  const { record } = request
  record.status = status
  // health probes come several times a second: their lines only at debug level
  request.log[record.path === HEALTH_PATH ? 'debug' : 'info']({
    method: record.method,
    path: record.path,
    status,
    ms: Math.round(ms * 10) / 10,
    account: record.account
  }, 'request')
  if (isEmulatedApi(record.path)) request.server.mock.recordRequest(record)
}

/** Makes the request's record and sends its id back: the first thing done for every request. */
export const startRecord = (request: FastifyRequest, reply: FastifyReply) => {
  const query = request.url.indexOf('?')
  request.record = {
    id: request.id,
    receivedAt: request.server.mock.clock.date(),
    method: request.method,
    path: query === -1 ? request.url : request.url.slice(0, query),
    status: null,
    account: null
  }
  reply.header('x-request-id', request.id)
}

export const registerRequestRecord = (app: FastifyInstance) => {
  app.decorateRequest('record', null as unknown as RequestRecord)

  app.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    startRecord(request, reply)
    done()
  })

  app.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    finishRecord(request, reply.statusCode, reply.elapsedTime)
    done()
  })
}
