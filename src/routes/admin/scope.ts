/** Which account an admin request speaks for, and long polls over the lists. */
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { MockState } from '../../state.js'

/**
 * The account whose data an admin request sees: the one its credential names, else `?account=` if
 * given, else undefined (every account).
 */
export const scopeOf = (request: FastifyRequest, state: MockState, queryAccount?: string): string | undefined =>
  state.authenticator.identify(request.headers) ?? queryAccount

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
  state: MockState,
  scope: string | undefined,
  count: () => number
): Promise<{ timed_out?: boolean }> => {
  if (waitMs === undefined) return {}
  const clientGone = new AbortController()
  reply.raw.once('close', () => clientGone.abort())
  const timedOut = await state.waiters.waitUntil(() => count() >= minCount, waitMs, { signal: clientGone.signal, scope })
  return { timed_out: timedOut }
}
