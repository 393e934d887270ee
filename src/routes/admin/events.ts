/**
 * GET /__admin/events: a server-sent event stream of what happens, for the dashboard and any client:
 * `request` (a request journaled, as the journal lists it: an accepted one names its batch), `batch` (a batch
 * processed, its summary without the customer ids), `reset`, and `skipped` (how many events a busy moment's
 * flush left out: read them from the lists). Scoped like every admin read. Each subscriber gets at most SUBSCRIBER_BACKLOG_MAX_BYTES
 * of backlog: a subscriber that does not read is dropped (its stream closed), never buffered without bound;
 * at most MAX_EVENT_SUBSCRIBERS subscribe at once, and each event's frame is built once for all of them.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { AccountQuery } from '../../../schemas/admin.js'
import type { HubEvent } from '../../state/event-hub.js'
import type { BatchStore } from '../../state/store.js'
import { ERR_TOO_MANY_SUBSCRIBERS } from '../../errors.js'
import { errorResponses, SECURITY } from '../../openapi.js'
import { batchHeader, requestView } from './views.js'
import { routes } from '../plugin.js'

/** What a subscriber may leave unread before it is dropped. */
export const SUBSCRIBER_BACKLOG_MAX_BYTES = 1024 * 1024

/** How long an event may wait to be written with those after it (the dashboard promises "within a second"). */
const FLUSH_EVERY_MS = 100

/**
 * At most this many events are written per flush; past it they are counted, not built, and the flush says
 * how many were skipped (`skipped`): under a suite's full load (thousands of requests a second) building
 * each event would cost the mock a fifth of its throughput, and no one reads that fast.
 */
const EVENTS_PER_FLUSH_MAX = 100

/** A comment line this often keeps proxies and clients from closing an idle stream. */
const KEEP_ALIVE_MS = 15_000

const dataOf = (event: HubEvent, store: BatchStore): unknown => {
  switch (event.type) {
    case 'request': return requestView(event.record, false, store)
    // without its customer ids: a 1000-customer batch's would weigh 15 kB in every event
    case 'batch': return batchHeader(event.batch)
    case 'reset': return { account: event.account ?? null }
  }
}

/** Each event's frame, built once for however many subscribers write it. */
const frames = new WeakMap<HubEvent, string>()

/** One event in the text/event-stream format. */
const frameOf = (event: HubEvent, store: BatchStore): string => {
  let frame = frames.get(event)
  if (frame === undefined) frames.set(event, frame = `event: ${event.type}\ndata: ${JSON.stringify(dataOf(event, store))}\n\n`)
  return frame
}

const STREAM_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform' }

export const eventsRoute = routes('eventsRoute', async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { events, store, authenticator } = app.mock
  const maxSubscribers = app.mock.config.MAX_EVENT_SUBSCRIBERS

  app.get('/events', {
    schema: {
      operationId: 'streamEvents',
      summary: 'Server-sent events: request (journaled), batch (processed), reset, and skipped (under load), as they happen',
      tags: ['Inspection'],
      security: SECURITY.optional,
      querystring: AccountQuery,
      response: {
        200: {
          description: 'An event stream (text/event-stream) that lasts until the client or the mock closes it',
          content: { 'text/event-stream': { schema: { type: 'string' } } }
        },
        ...errorResponses(400, 401, 403, 503)
      }
    }
  }, async (request, reply) => {
    const scope = authenticator.scopeOf(request.headers, request.query.account)
    // HEAD asks what a GET would answer: the headers, and no stream to hold open
    if (request.method === 'HEAD') return reply.headers(STREAM_HEADERS).send()
    if (events.size >= maxSubscribers) throw new ERR_TOO_MANY_SUBSCRIBERS(maxSubscribers)
    reply.hijack() // the answer is written as events come, not serialized once
    const res = reply.raw
    res.writeHead(200, { ...STREAM_HEADERS, connection: 'keep-alive', 'x-request-id': request.id })
    let open = true
    // frames wait up to FLUSH_EVERY_MS and go in one write: a write per event would cost the mock a system
    // call (and the loopback's TCP work) per request, about as much as serving the request itself
    let pending = ''
    let written = 0
    let skipped = 0
    let flushing: NodeJS.Timeout | undefined
    const end = () => {
      if (!open) return
      open = false
      unsubscribe()
      clearInterval(keepAlive)
      clearTimeout(flushing)
      res.end()
    }
    const flush = () => {
      flushing = undefined
      if (!open) return
      if (skipped > 0) pending += `event: skipped\ndata: {"events":${skipped}}\n\n`
      // what it has not read and what this flush would add: its backlog never passes the bound
      const backlog = res.writableLength + Buffer.byteLength(pending)
      if (backlog > SUBSCRIBER_BACKLOG_MAX_BYTES) {
        request.log.info({ backlog }, 'dropped an event-stream subscriber that does not read')
        end()
        res.destroy()
        return
      }
      res.write(pending)
      pending = ''
      written = 0
      skipped = 0
    }
    const write = (text: string) => {
      if (!open) return
      pending += text
      flushing ??= setTimeout(flush, FLUSH_EVERY_MS)
    }
    const send = (event: HubEvent) => {
      if (written < EVENTS_PER_FLUSH_MAX) {
        written++
        write(frameOf(event, store))
      } else {
        skipped++
      }
    }
    const unsubscribe = events.subscribe({ scope, send, close: end })
    const keepAlive = setInterval(() => write(': keep-alive\n\n'), KEEP_ALIVE_MS)
    keepAlive.unref()
    res.on('close', end)
    res.write('retry: 1000\n: connected\n\n')
  })
})
