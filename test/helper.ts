/**
 * Builds the mock for a test, from environment-like settings, and closes it when the test ends.
 * Log lines are kept in `logs` so tests can assert what is (and is not) logged.
 */
import { connect, type AddressInfo } from 'node:net'
import { Writable } from 'node:stream'
import type { Test } from 'tap'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { AUTHORIZE_PATH, MIGRATE_PATH, MIGRATE_PATHS } from '../src/paths.js'
import { batchOf, minimalCustomer } from './fixtures.js'

export const MIGRATE = MIGRATE_PATH
export const TRANSACTIONS = MIGRATE_PATHS.transactions
export const EVENTS = MIGRATE_PATHS.events
export const AUTHORIZE = AUTHORIZE_PATH
export const TOKEN = 'test-token'

export interface Built {
  app: FastifyInstance
  logs: string[]
}

export const build = async (t: Test, env: Record<string, string> = {}): Promise<Built> => {
  const logs: string[] = []
  const logStream = new Writable({
    write (chunk, _encoding, done) {
      logs.push(...String(chunk).split('\n').filter((line) => line !== ''))
      done()
    }
  })
  const app = await buildApp(loadConfig(env), { logStream })
  t.teardown(() => app.close())
  await app.ready()
  return { app, logs }
}

/** POSTs a batch to a migrate endpoint (customers' by default) as a well-behaved client would. */
export const migrate = (
  app: FastifyInstance,
  body: unknown = batchOf(1, minimalCustomer),
  { token = TOKEN, headers = {}, url = MIGRATE }: { token?: string, headers?: Record<string, string>, url?: string } = {}
): Promise<LightMyRequestResponse> =>
  app.inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    payload: typeof body === 'string' ? body : JSON.stringify(body)
  })

/** GETs a customer back from the emulated API. */
export const readCustomer = (app: FastifyInstance, id: string, token = TOKEN) =>
  app.inject({ url: `/api/storefront/v1/customers/${encodeURIComponent(id)}`, headers: { authorization: `Bearer ${token}` } })

/** Exchanges an API key for a token at the token endpoint. */
export const authorize = (app: FastifyInstance, key?: string) =>
  app.inject({ url: AUTHORIZE, headers: key === undefined ? {} : { 'x-api-key': key } })

/** Queues a fault with POST /__admin/faults. */
export const queueFault = (app: FastifyInstance, fault: object, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/__admin/faults', headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(fault) })

/** GETs (or sends) an admin request and parses the JSON answer. */
export const admin = async (app: FastifyInstance, url: string, options: Omit<InjectOptions, 'url'> = {}) => {
  const response = await app.inject({ method: 'GET', url, ...options })
  return { status: response.statusCode, body: response.body === '' ? undefined : response.json(), response }
}

/** Builds the mock and listens on a free loopback port: for tests about sockets and connections. */
export const listening = async (t: Test, env: Record<string, string> = {}) => {
  const built = await build(t, env)
  await built.app.listen({ port: 0, host: '127.0.0.1' })
  return { ...built, port: (built.app.server.address() as AddressInfo).port }
}

/** Sends raw bytes to a listening mock (ending the write side if `end`) and returns all it answers, once it closes. */
export const rawExchange = async (t: Test, text: string, end: boolean, env: Record<string, string> = {}) => {
  const { port } = await listening(t, env)
  return new Promise<string>((resolve) => {
    const socket = connect(port, '127.0.0.1', () => (end ? socket.end(text) : socket.write(text)))
    let data = ''
    socket.on('data', (chunk) => { data += chunk })
    socket.on('close', () => resolve(data))
    socket.on('error', () => resolve(data))
  })
}

/** Moves the mock's clock forward with POST /__admin/clock. */
export const advanceClock = async (app: FastifyInstance, ms: number) => {
  const response = await app.inject({ method: 'POST', url: '/__admin/clock', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ advance_ms: ms }) })
  if (response.statusCode !== 200) throw new Error(`POST /__admin/clock answered ${response.statusCode}: ${response.body}`)
}

/** Replaces an account's reference data with PUT /__admin/reference (the credential's account; without one, every account's). */
export const putReference = async (app: FastifyInstance, data: unknown, token: string | null = TOKEN) => {
  const response = await app.inject({
    method: 'PUT',
    url: '/__admin/reference',
    headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
    payload: JSON.stringify(data)
  })
  return { status: response.statusCode, body: response.json() }
}
