/**
 * What every request leaves behind: an x-request-id header, one log line (never the credential or the
 * body: bodies carry emails and document numbers), and for the emulated API a journal entry saying how
 * it was answered and why.
 */
import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ErrorBody } from '../schemas/error.js'
import type { FaultKind } from '../schemas/fault.js'
import type { Journal, JournalEntry } from './journal.js'

/** What the hooks and handlers learn about a request, for its journal entry. */
export interface RequestOutcome {
  receivedAt: Date
  /** Fingerprint of the credential, once authenticated. */
  account: string | null
  batchId?: string
  error?: ErrorBody
  fault?: FaultKind
  /** Set when the entry was written early (a fault that never answers). */
  journaled?: boolean
}

declare module 'fastify' {
  interface FastifyRequest {
    outcome: RequestOutcome
  }
}

/** A client's own x-request-id is kept when it is a plain token; otherwise the mock makes one. */
const CLIENT_REQUEST_ID = /^[\w.:-]{1,128}$/

export const requestIdOf = (req: IncomingMessage): string => {
  const given = req.headers['x-request-id']
  return typeof given === 'string' && CLIENT_REQUEST_ID.test(given) ? given : randomUUID()
}

const pathOf = (request: FastifyRequest) => request.url.split('?', 1)[0]!

/** The emulated Masivo API: everything but the mock's own /__admin and /health. */
const isEmulatedApi = (path: string) => !path.startsWith('/__admin') && path !== '/health'

export const journalEntryOf = (request: FastifyRequest, status: number | null): JournalEntry => {
  const { account, batchId, error, fault } = request.outcome
  return {
    id: request.id,
    received_at: request.outcome.receivedAt.toISOString(),
    method: request.method,
    path: pathOf(request),
    status,
    account,
    ...(batchId === undefined ? {} : { batch_id: batchId }),
    ...(error === undefined ? {} : error),
    ...(fault === undefined ? {} : { fault })
  }
}

export const registerRequestRecord = (app: FastifyInstance, journal: Journal, onJournal: () => void) => {
  app.decorateRequest('outcome', null as unknown as RequestOutcome)

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    request.outcome = { receivedAt: new Date(), account: null }
    reply.header('x-request-id', request.id)
  })

  app.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    const path = pathOf(request)
    request.log.info({
      method: request.method,
      path,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
      account: request.outcome.account
    }, 'request')
    if (isEmulatedApi(path) && request.outcome.journaled !== true) {
      journal.add(journalEntryOf(request, reply.statusCode))
      onJournal()
    }
  })
}
