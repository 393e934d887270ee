/**
 * A Masivo stand-in for drift's tests: a mock behind a small HTTP server that answers as the mock does,
 * except where a deviation says otherwise, and keeps every request it received.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Test } from 'tap'
import { build } from '../helper.js'

export interface Received { method: string, url: string, headers: IncomingMessage['headers'], body: Buffer }

/**
 * What a deviation does instead of the mock: answer, drop the connection (`'drop'`), or add headers to the
 * mock's answer (`{ extraHeaders }`); undefined: leave it to the mock.
 */
export type Deviation = (request: Received, nth: number) =>
  { status: number, headers?: Record<string, string>, body: unknown } | { extraHeaders: Record<string, string> } | 'drop' | undefined

export const fakeTarget = async (t: Test, deviate: Deviation = () => undefined, env: Record<string, string> = {}) => {
  const { app } = await build(t, env)
  const received: Received[] = []
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', async () => {
      const got: Received = { method: request.method!, url: request.url!, headers: request.headers, body: Buffer.concat(chunks) }
      received.push(got)
      const deviation = deviate(got, received.length)
      if (deviation === 'drop') {
        request.socket.destroy()
        return
      }
      if (deviation !== undefined && 'status' in deviation) {
        response.writeHead(deviation.status, { 'content-type': 'application/json', ...deviation.headers })
        response.end(JSON.stringify(deviation.body))
        return
      }
      const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => name !== 'host' && name !== 'content-length')) as Record<string, string>
      const answer = await app.inject({ method: got.method as 'GET', url: got.url, headers, ...(got.body.length > 0 ? { payload: got.body } : {}) })
      const out = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => name !== 'content-length' && name !== 'transfer-encoding' && name !== 'connection'))
      response.writeHead(answer.statusCode, { ...out, ...(deviation === undefined ? {} : deviation.extraHeaders) } as Record<string, string>)
      response.end(answer.rawPayload)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())))
  return { url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`), received, app }
}
