/** Long polls: `?wait_ms=` turns a list into an answer held until enough matches arrive. */
import type { FastifyReply } from 'fastify'
import type { Watched } from '../../state/waiters.js'

export interface WaitQuery {
  min_count?: number
  wait_ms?: number
}

/**
 * With `wait_ms`, holds the answer until what `watched` counts reaches `min_count` (default 1), the time
 * passes, the scope is reset, the client goes away or the mock shuts down. Answers `timed_out` only when
 * asked to wait. `filter` names the filter's values: waits with the same scope and filter share a count.
 */
export const waitIfAsked = async (
  { min_count: min = 1, wait_ms: timeoutMs }: WaitQuery,
  reply: FastifyReply,
  scope: string | undefined,
  filter: string,
  watched: Watched
): Promise<{ timed_out?: boolean }> => {
  if (timeoutMs === undefined) return {}
  const clientGone = new AbortController()
  reply.raw.once('close', () => clientGone.abort())
  const timedOut = await reply.server.mock.waiters.waitUntil(watched, { scope, filter, min, timeoutMs, signal: clientGone.signal })
  // the answer is a read like any other: what fell due while it waited (the batch that released it) is processed first
  reply.server.mock.processDue()
  return { timed_out: timedOut }
}
