/** Long polls: `?wait_ms=` turns a list into an answer held until enough matches arrive. */
import type { FastifyReply } from 'fastify'

export interface WaitQuery {
  min_count?: number
  wait_ms?: number
}

/**
 * With `wait_ms`, holds the answer until `count()` reaches `min_count` (default 1), the time passes,
 * the scope is reset or the mock shuts down. Answers `timed_out` only when asked to wait.
 */
export const waitIfAsked = async (
  { min_count: minCount = 1, wait_ms: waitMs }: WaitQuery,
  reply: FastifyReply,
  scope: string | undefined,
  count: () => number
): Promise<{ timed_out?: boolean }> => {
  if (waitMs === undefined) return {}
  const clientGone = new AbortController()
  reply.raw.once('close', () => clientGone.abort())
  const timedOut = await reply.server.mock.waiters.waitUntil(() => count() >= minCount, waitMs, { signal: clientGone.signal, scope })
  return { timed_out: timedOut }
}
