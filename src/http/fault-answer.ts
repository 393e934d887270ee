/**
 * A queued fault (POST /__admin/faults) answering instead of the mock: after authentication and after the
 * body was read (a preValidation hook), before validation; or, `after_accept`, once the batch is accepted
 * and queued (the route's handler), in place of its 202 or 201. It answers with a status (the error shape,
 * or the body it was given), resets the connection, or holds it open without answering.
 */
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify'
import { ERR_FAULT_INJECTED } from '../errors.js'
import type { Fault } from '../state/faults.js'
import { JSON_MEDIA_TYPE } from '../validation/fault-rules.js'
import { finishRecord } from './request-record.js'
import { MIGRATE_PATHS } from '../paths.js'
import type { BatchKind } from '../../schemas/migrate.js'

const KIND_BY_PATH = new Map(Object.entries(MIGRATE_PATHS).map(([kind, path]) => [path, kind as BatchKind]))

export const answerWithFault = async (request: FastifyRequest, reply: FastifyReply, fault: Fault) => {
  const { shutdown } = request.server.mock
  request.record.fault = fault.kind
  await shutdown.pause(fault.delay_ms)
  if (fault.kind !== 'respond') {
    reply.hijack() // no hooks run from here on: the request is logged and journaled now, with no status
    finishRecord(request, null, reply.elapsedTime)
    if (fault.kind === 'reset') request.raw.socket.destroy()
    else shutdown.hold(request.raw.socket)
    return
  }
  reply.headers(fault.headers ?? {})
  if (fault.body === undefined) {
    // through the error handler, so the body is the error shape and the journal records it
    const err = new ERR_FAULT_INJECTED(fault.status)
    err.statusCode = fault.status
    throw err
  }
  const type = reply.getHeader('content-type')
  // a string body with a media type of its own (an HTML page from a proxy, say) is sent as it is
  if (typeof fault.body === 'string' && typeof type === 'string' && !JSON_MEDIA_TYPE.test(type)) reply.code(fault.status).send(fault.body)
  else reply.code(fault.status).type(typeof type === 'string' ? type : 'application/json; charset=utf-8').send(JSON.stringify(fault.body))
}

/** preValidation hook of the migrate routes. */
export const injectFault = (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
  // the hook is only on the migrate routes: their path names the kind
  const fault = request.server.mock.faults.take(request.record.account!, KIND_BY_PATH.get(request.routeOptions.url!)!, false)
  if (fault === undefined) done()
  else answerWithFault(request, reply, fault).catch(done)
}
