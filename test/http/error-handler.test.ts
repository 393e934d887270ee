/** How errors are answered: unknown routes, unexpected failures, and requests Node cannot parse as HTTP. */
import t from 'tap'
import { build, migrate, MIGRATE, rawExchange, TOKEN } from '../helper.js'

t.test('unknown routes: 404 in the error shape', async (t) => {
  const { app } = await build(t)
  for (const [method, url] of [['GET', '/nope'], ['GET', '/api/storefront/v1/customers/migrate'], ['POST', '/__admin/nope?x=1']] as const) {
    const response = await app.inject({ method, url })
    t.equal(response.statusCode, 404)
    t.same(response.json(), {
      error: 'Not Found',
      code: 'MOCK_ERR_NOT_FOUND',
      details: `No route ${method} ${url.split('?')[0]}. The emulated endpoint is POST /api/storefront/v1/customers/migrate; inspection is under /__admin.`
    })
  }
})

t.test('an unexpected failure is a 500 in the error shape, with no internals; the log has the stack', async (t) => {
  const { app, logs } = await build(t)
  app.mock.store.accept = () => { throw new Error('disk on fire at /srv/secret/path') }
  const response = await migrate(app)
  t.equal(response.statusCode, 500)
  const id = response.headers['x-request-id']
  t.same(response.json(), { error: 'Internal Server Error', details: `The mock failed unexpectedly; its log has the details under request id ${id}.`, code: 'MOCK_ERR_INTERNAL' })
  t.notMatch(response.body, /disk on fire|at .*\.ts/)
  const line = logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'unexpected error')
  t.match(line, { level: 50, reqId: id, err: { message: 'disk on fire at /srv/secret/path', stack: /Error: disk on fire/ } })
})

t.test('a request Node cannot parse as HTTP still gets the error shape', async (t) => {
  const answer = await rawExchange(t, `POST ${MIGRATE} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"customers": []}`, true)
  t.match(answer, /^HTTP\/1\.1 400 Bad Request\r\n/)
  t.match(answer, /\r\n\r\n\{"error":"Bad Request","details":"The request is not valid HTTP \(HPE_[A-Z_]+\)\.","code":"MOCK_ERR_HTTP_PARSE"\}$/)
})

t.test('headers too large for Node: 431 in the error shape', async (t) => {
  const answer = await rawExchange(t, `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, false)
  t.match(answer, /^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/)
  t.match(answer, /"details":"The request is not valid HTTP \(HPE_HEADER_OVERFLOW\)\.","code":"MOCK_ERR_HEADERS_TOO_LARGE"/)
})
