/**
 * Builds the mock for a test, from environment-like settings, and closes it when the test ends.
 * Log lines are kept in `logs` so tests can assert what is (and is not) logged.
 */
import { Writable } from 'node:stream'
import type { Test } from 'tap'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { batchOf, minimalCustomer } from './fixtures.js'

export const MIGRATE = '/api/storefront/v1/customers/migrate'
export const AUTHORIZE = '/api/storefront/v1/auth/authorize'
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

/** POSTs a batch to the migrate endpoint as a well-behaved client would. */
export const migrate = (
  app: FastifyInstance,
  body: unknown = batchOf(1, minimalCustomer),
  { token = TOKEN, headers = {} }: { token?: string, headers?: Record<string, string> } = {}
): Promise<LightMyRequestResponse> =>
  app.inject({
    method: 'POST',
    url: MIGRATE,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    payload: typeof body === 'string' ? body : JSON.stringify(body)
  })

/** GETs (or sends) an admin request and parses the JSON answer. */
export const admin = async (app: FastifyInstance, url: string, options: Omit<InjectOptions, 'url'> = {}) => {
  const response = await app.inject({ method: 'GET', url, ...options })
  return { status: response.statusCode, body: response.body === '' ? undefined : response.json(), response }
}
