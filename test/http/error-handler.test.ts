/** How errors are answered: unknown routes, unexpected failures, and requests Node cannot parse as HTTP. */
import t from 'tap'
import { connect } from 'node:net'
import { admin, build, listening, migrate, MIGRATE, rawExchange, TOKEN } from '../helper.js'

t.test('unknown routes: 404 in the error shape, before any body is read', async (t) => {
  const { app } = await build(t)
  for (const [method, url] of [['GET', '/nope'], ['GET', '/api/storefront/v1/customers'], ['POST', '/__admin/nope?x=1']] as const) {
    const response = await app.inject({ method, url })
    t.equal(response.statusCode, 404)
    t.same(response.json(), {
      error: 'Not Found',
      code: 'MOCK_ERR_NOT_FOUND',
      details: `No route ${method} ${url.split('?')[0]}. The emulated endpoints are POST /api/storefront/v1/customers/migrate[/transactions|/events], ` +
        'GET /api/storefront/v1/customers/{id}[/transactions], GET /api/storefront/v1/rewards[/{id}], GET /api/storefront/v1/tiers ' +
        'and GET /api/storefront/v1/auth/authorize (or /auth/authorize); inspection is under /__admin.'
    })
  }
  for (const payload of ['', '{not json']) {
    const response = await app.inject({ method: 'POST', url: '/nope', headers: { 'content-type': 'application/json' }, payload })
    t.equal(response.statusCode, 404, `a JSON Content-Type with ${JSON.stringify(payload)} is still a 404`)
  }
  const long = await app.inject({ url: `/nope/${'x'.repeat(500)}` })
  t.match(long.json().details, /^No route GET \/nope\/x{58}…\./, 'the path is quoted only so far')
})

t.test('a known path asked with another method: 405 with Allow', async (t) => {
  const { app } = await build(t)
  const cases: [string, string, string][] = [
    // the migrate paths are also /customers/{id}[/transactions] for the id "migrate"
    ['PUT', MIGRATE, 'GET, HEAD, POST'],
    ['DELETE', MIGRATE, 'GET, HEAD, POST'],
    ['PUT', `${MIGRATE}/transactions`, 'GET, HEAD, POST'],
    ['GET', `${MIGRATE}/events`, 'POST'],
    ['PUT', `${MIGRATE}/events`, 'POST'],
    ['POST', '/__admin/stats', 'GET, HEAD'],
    ['POST', '/__admin/batches/some-id', 'GET, HEAD'],
    ['PATCH', '/__admin/faults', 'DELETE, GET, HEAD, POST']
  ]
  for (const [method, url, allow] of cases) {
    const response = await app.inject({ method: method as 'GET', url, headers: { 'content-type': 'application/json' }, payload: method === 'GET' ? undefined : '{bad' })
    t.equal(response.statusCode, 405, `${method} ${url}`)
    t.equal(response.headers.allow, allow)
    t.same(response.json(), { error: 'Method Not Allowed', code: 'MOCK_ERR_METHOD_NOT_ALLOWED', details: `${method} is not served on ${url}; it takes ${allow}.` })
  }
  t.match((await admin(app, '/__admin/requests')).body.requests[0], { method: 'PUT', path: `${MIGRATE}/events`, status: 405, code: 'MOCK_ERR_METHOD_NOT_ALLOWED' }, 'journaled like any request to the API')
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

/** The header block of a raw answer, as a map of lower-cased names. */
const headersOf = (answer: string) => Object.fromEntries(answer.split('\r\n\r\n')[0]!.split('\r\n').slice(1).map((line) => {
  const colon = line.indexOf(':')
  return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()]
}))

t.test('answers Node writes itself carry an x-request-id too', async (t) => {
  const parse = await rawExchange(t, 'NOT HTTP AT ALL\r\n\r\n', true)
  t.match(headersOf(parse)['x-request-id'], /^[0-9a-f-]{36}$/)
  const big = await rawExchange(t, `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, false)
  t.match(headersOf(big)['x-request-id'], /^[0-9a-f-]{36}$/)
})

t.test('a bad percent-encoding: 400 in the error shape, journaled', async (t) => {
  const { app } = await build(t)
  const response = await app.inject({ method: 'POST', url: `${MIGRATE}%zz`, headers: { authorization: `Bearer ${TOKEN}` } })
  t.equal(response.statusCode, 400)
  t.same(response.json(), { error: 'Bad Request', code: 'MOCK_ERR_BAD_URL', details: 'The URL is not valid: its percent-encoding does not decode.' })
  t.match(response.headers['x-request-id'], /^[0-9a-f-]{36}$/)
  t.match((await admin(app, '/__admin/requests')).body.requests[0], { path: `${MIGRATE}%zz`, status: 400, code: 'MOCK_ERR_BAD_URL' })
})

t.test('an HTTP/1.1 request without Host: 400 in the error shape', async (t) => {
  const answer = await rawExchange(t, 'GET /health HTTP/1.1\r\nConnection: close\r\n\r\n', false)
  t.match(answer, /^HTTP\/1\.1 400 Bad Request\r\n/)
  t.match(answer, /"code":"MOCK_ERR_HOST_MISSING"/)
  t.match(headersOf(answer)['x-request-id'], /^[0-9a-f-]{36}$/)
})

t.test('an Expect header other than 100-continue: 417 in the error shape', async (t) => {
  const answer = await rawExchange(t, 'GET /health HTTP/1.1\r\nHost: x\r\nExpect: the-unexpected\r\nConnection: close\r\n\r\n', false)
  t.match(answer, /^HTTP\/1\.1 417 Expectation Failed\r\n/)
  t.match(answer, /\{"error":"Expectation Failed","details":"The mock meets no Expect header but 100-continue\.","code":"MOCK_ERR_EXPECTATION_FAILED"\}$/)
})

t.test('a request not whole within REQUEST_TIMEOUT_MS: 408 in the error shape, and the socket is closed', async (t) => {
  const { port } = await listening(t, { REQUEST_TIMEOUT_MS: '300' })
  const began = performance.now()
  const answers = await Promise.all([
    `POST ${MIGRATE} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"customers": [`,
    'GET /health HTTP/1.1\r\nHost: x\r\n'
  ].map((text) => new Promise<string>((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text)) // and never the rest
    let data = ''
    socket.on('data', (chunk) => { data += chunk })
    socket.on('close', () => resolve(data))
  })))
  const ms = performance.now() - began
  t.ok(ms >= 290 && ms < 2000, `both closed after ${Math.round(ms)} ms`)
  for (const answer of answers) {
    t.match(answer, /^HTTP\/1\.1 408 Request Timeout\r\n/)
    t.match(answer, /"code":"MOCK_ERR_REQUEST_TIMEOUT"/)
  }
})
