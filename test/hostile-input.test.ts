/**
 * Hostile and careless input, a wide sweep: whatever a client sends, the answer is below 500, every
 * refusal is in the error shape with a code and an x-request-id, nothing long is quoted back, and the mock
 * is still up and serving afterwards.
 */
import t, { type Test } from 'tap'
import { connect } from 'node:net'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { build, EVENTS, listening, MIGRATE, TOKEN, TRANSACTIONS } from './helper.js'
import { fullCustomer, minimalCustomer } from './fixtures.js'

/** What every answer must be: below 500, and when a refusal, the error shape, a catalog code, a request id, short. */
const checkAnswer = (t: Test, label: string, status: number, headers: Record<string, unknown>, body: string) => {
  t.ok(status < 500, `${label}: ${status}`)
  t.match(headers['x-request-id'], /^[\w.:-]{1,128}$/, `${label}: x-request-id`)
  if (status < 400) return
  const parsed = JSON.parse(body) as Record<string, unknown>
  t.match(parsed, { error: String, details: String, code: /^MOCK_ERR_[A-Z0-9_]+$/ }, `${label}: the error shape`)
  t.ok(body.length < 300_000, `${label}: ${body.length} bytes of answer`)
}

const post = (app: FastifyInstance, payload: string | Buffer, headers: Record<string, string> = {}, url = MIGRATE) =>
  app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers }, payload })

const sweep = async (t: Test, app: FastifyInstance, cases: [string, () => Promise<LightMyRequestResponse>][]) => {
  for (const [label, send] of cases) {
    const response = await send()
    checkAnswer(t, label, response.statusCode, response.headers, response.body)
  }
  t.equal((await app.inject({ url: '/health' })).statusCode, 200, 'still serving')
}

const valid = JSON.stringify(minimalCustomer(0))
const withField = (field: string, value: string) => `{"customers":[${valid.slice(0, -1)},${JSON.stringify(field)}:${value}}]}`

t.test('malformed, truncated and odd JSON', async (t) => {
  const { app } = await build(t)
  const full = JSON.stringify({ customers: [fullCustomer(0)] })
  const texts = [
    '', ' ', '\n\t', 'null', 'true', '0', '-', '"customers"', '[]', '{}', '{"customers":null}', '{"customers":[null]}',
    '{"customers":[[]]}', '{"customers":[{}]}', '{"customers":"[]"}', '{"customers":[1,2,3]}', '\uFEFF{"customers":[]}',
    '{"customers":[', '{"customers":[{"id":"1"', '{"customers"', '{"', '{"\\u', '{"a":"\\ud800"}', '{"a":1e999999}',
    '{"customers":[]}garbage', '{"customers":[]}\u0000', `${full.slice(0, full.length / 2)}`, full.replace(/:/g, '='),
    '{"customers":[' + `${valid},`.repeat(1001).slice(0, -1) + ']}', '{"customers":[],"customers":[' + valid + ']}',
    `{"customers":[${valid}],"customers":"x"}`, '{"__proto__":{"polluted":1},"customers":[]}', 'NaN', 'Infinity', "{'a':1}"
  ]
  await sweep(t, app, texts.map((text) => [JSON.stringify(text).slice(0, 50), () => post(app, text)]))
  t.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype was touched')
})

t.test('nesting, huge strings and keys, numbers out of range', async (t) => {
  const { app } = await build(t)
  const mb = 'x'.repeat(1024 * 1024)
  const cases: [string, string][] = [
    ['metadata nested 100,000 deep', withField('metadata', `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`)],
    ['tags nested 100,000 deep in arrays', withField('tags', `{"t":${'['.repeat(100_000)}${']'.repeat(100_000)}}`)],
    ['an unknown field nested deep', withField('extra', `${'['.repeat(100_000)}${']'.repeat(100_000)}`)],
    ['the body an array nested deep', `${'['.repeat(200_000)}${']'.repeat(200_000)}`],
    ['a 1 MB key', withField(mb, '1')],
    ['a 1 MB key in metadata', withField('metadata', `{${JSON.stringify(mb)}:1}`)],
    ['a 1 MB document_number', withField('document_number', JSON.stringify(mb)).replace('"customers":[{', '"customers":[{"document_type":"CC",')],
    ['a 1 MB email', withField('email', JSON.stringify(`${mb}@example.com`))],
    ['a 1 MB date-time', withField('dob', JSON.stringify(`2020-01-01T00:00:00.${'1'.repeat(1024 * 1024)}Z`))],
    ['a 1 MB id, twice', `{"customers":[${JSON.stringify({ ...minimalCustomer(0), id: mb })},${JSON.stringify({ ...minimalCustomer(1), id: mb })}]}`],
    ['a 1 MB period end before its start', withField('metrics', JSON.stringify({ lifetime: { from: '2030-01-01T00:00:00Z', to: `2020-01-01T00:00:00.${'0'.repeat(1024 * 1024)}Z` } }))],
    ['a 1 MB status', withField('status', JSON.stringify(mb))],
    ['amount 1e400', withField('balance', '[{"reward_id":"3c90c3cc-0d44-4b50-8888-8dd25736052a","amount":1e400}]')],
    ['amount -1e400', withField('balance', '[{"reward_id":"3c90c3cc-0d44-4b50-8888-8dd25736052a","amount":-1e400}]')],
    ['amount -0', withField('balance', '[{"reward_id":"3c90c3cc-0d44-4b50-8888-8dd25736052a","amount":-0}]')],
    ['purchases 2^64', withField('metrics', '{"lifetime":{"from":"2024-01-01T00:00:00Z","to":"2024-02-01T00:00:00Z","number_of_purchases":18446744073709551616}}')],
    ['purchases 1.0000000000000001', withField('metrics', '{"lifetime":{"from":"2024-01-01T00:00:00Z","to":"2024-02-01T00:00:00Z","number_of_purchases":1.0000000000000001}}')],
    ['10,000 unknown fields', withField('z', '1').replace('"z":1', Array.from({ length: 10_000 }, (_, i) => `"u${i}":1`).join(','))],
    ['100,000 balance items', withField('balance', `[${'{"reward_id":"nope","amount":-1},'.repeat(100_000).slice(0, -1)}]`)]
  ]
  await sweep(t, app, cases.map(([label, text]) => [label, () => post(app, text)]))
  const stored = await app.inject({ url: '/__admin/customers?limit=10000' })
  t.equal(stored.statusCode, 200, 'whatever was stored reads back')
})

t.test('the transactions and events endpoints, and reading a customer back', async (t) => {
  const { app } = await build(t)
  await post(app, JSON.stringify({ customers: [fullCustomer(0)] }))
  const mb = 'x'.repeat(1024 * 1024)
  const tx = (transactions: string) => `{"customers":[{"id":"cust-000000","transactions":${transactions}}]}`
  const ev = (events: string) => `{"customers":[{"id":"cust-000000","events":${events}}]}`
  const event = (order: string) => `{"type":"PURCHASE","order":${order},"fulfilled":true,"issued_at":"2023-11-07T05:31:56Z","resolved_at":"2023-11-07T05:31:56Z"}`
  const bodies: [string, string, string][] = [
    ['amounts 1e308 twice (a sum of Infinity)', TRANSACTIONS, tx('[{"reward_id":"3c90c3cc-0d44-4b50-0000-000000000000","type":"MIGRATION","amount":1e308},{"reward_id":"3c90c3cc-0d44-4b50-0000-000000000000","type":"MIGRATION","amount":1e308}]')],
    ['amount 1e400', TRANSACTIONS, tx('[{"reward_id":"3c90c3cc-0d44-4b50-0000-000000000000","type":"MIGRATION","amount":1e400}]')],
    ['100,000 transactions', TRANSACTIONS, tx(`[${'{"reward_id":"3c90c3cc-0d44-4b50-0000-000000000000","type":"MIGRATION","amount":1},'.repeat(100_000).slice(0, -1)}]`)],
    ['a 1 MB reward id', TRANSACTIONS, tx(`[{"reward_id":"${mb}","type":"MIGRATION","amount":1}]`)],
    ['transactions nested deep in an event', TRANSACTIONS, tx(`[{"reward_id":"3c90c3cc-0d44-4b50-0000-000000000000","type":"MIGRATION","amount":1,"event":{"type":"P","order":{"purchase_id":"p","value":1,"metadata":${'['.repeat(100_000)}${']'.repeat(100_000)}}}}]`)],
    ['__proto__ in an order', EVENTS, ev(`[${event('{"purchase_id":"p","value":1,"metadata":{"__proto__":{"polluted":1}}}')}]`)],
    ['100,000 events', EVENTS, ev(`[${`${event('{"purchase_id":"p","value":1}')},`.repeat(100_000).slice(0, -1)}]`)],
    ['a 1 MB purchase id', EVENTS, ev(`[${event(`{"purchase_id":"${mb}","value":1}`)}]`)],
    ['events null', EVENTS, ev('null')]
  ]
  const cases: [string, () => Promise<LightMyRequestResponse>][] = bodies.map(([label, url, body]) => [label, () => post(app, body, {}, url)])
  for (const id of ['%00', '%ff', 'x'.repeat(10_000), '..%2f..%2fetc', '__proto__', 'constructor', 'cust-000000%20']) {
    cases.push([`GET customer ${id.slice(0, 20)}`, () => app.inject({ url: `/api/storefront/v1/customers/${id}`, headers: { authorization: `Bearer ${TOKEN}` } })])
  }
  for (const query of ['kind=orders', 'status=done', `kind=${'k'.repeat(10_000)}`]) cases.push([`batches?${query.slice(0, 20)}`, () => app.inject({ url: `/__admin/batches?${query}` })])
  cases.push(['flush with a body', () => app.inject({ method: 'POST', url: '/__admin/queue/flush', headers: { 'content-type': 'application/json' }, payload: '{"x":1}' })])
  await sweep(t, app, cases)
  t.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype was touched')
  t.equal((await app.inject({ url: '/__admin/customers/cust-000000' })).statusCode, 200, 'the customer reads back')
})

t.test('bytes that are not UTF-8, and media types', async (t) => {
  const { app } = await build(t)
  const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))))
  const cases: [string, () => Promise<LightMyRequestResponse>][] = [
    ['a lone continuation byte', () => post(app, bytes('{"customers":[', [0x80], ']}'))],
    ['an overlong slash', () => post(app, bytes('{"a":"', [0xc0, 0xaf], '"}'))],
    ['a UTF-8 surrogate', () => post(app, bytes('{"a":"', [0xed, 0xb0, 0x80], '"}'))],
    ['past U+10FFFF', () => post(app, bytes('{"a":"', [0xf4, 0x90, 0x80, 0x80], '"}'))],
    ['a truncated sequence at the end', () => post(app, bytes('{"a":"x"}', [0xe2, 0x82]))],
    ['Latin-1 claimed', () => post(app, bytes('{"customers":[', [0xe9], ']}'), { 'content-type': 'application/json; charset=latin1' })],
    ['UTF-16', () => post(app, Buffer.from('{"customers":[]}', 'utf16le'))],
    ['text/json', () => post(app, '{"customers":[]}', { 'content-type': 'text/json' })],
    ['a 10 kB media type', () => post(app, '{}', { 'content-type': `application/${'x'.repeat(10_000)}` })],
    ['two media types', () => post(app, '{}', { 'content-type': 'application/json, text/plain' })],
    ['no body, a JSON type', () => app.inject({ method: 'POST', url: MIGRATE, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' } })]
  ]
  await sweep(t, app, cases)
})

t.test('credentials and headers', async (t) => {
  const { app } = await build(t, { AUTH_TOKENS: TOKEN })
  const send = (authorization: string) => () => post(app, '{}', { authorization })
  await sweep(t, app, [
    ['a 10 kB token', send(`Bearer ${'t'.repeat(10_000)}`)],
    ['a JWT-looking token', send('Bearer eyJhbGciOiJub25lIn0.eyJpc3MiOiJtYXNpdm8tbWlncmF0ZS1tb2NrIiwic3ViIjoieCJ9.')],
    ['alg none with our issuer', send('Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJpc3MiOiJtYXNpdm8tbWlncmF0ZS1tb2NrIiwic3ViIjoieCIsImV4cCI6OTk5OTk5OTk5OX0.')],
    ['a broken JWT', send('Bearer eyJ.eyJ.x')],
    ['Bearer, tabs', send('Bearer\t\ttoken')],
    ['a scheme only', send('Bearer')],
    ['a 10 kB x-request-id', () => post(app, '{}', { 'x-request-id': 'r'.repeat(10_000) })],
    ['an x-api-key of 10 kB', () => app.inject({ url: '/api/storefront/v1/auth/authorize', headers: { 'x-api-key': 'k'.repeat(10_000) } })]
  ])
})

t.test('every admin parameter out of range', async (t) => {
  const { app } = await build(t)
  await post(app, JSON.stringify({ customers: [minimalCustomer(0)] }))
  const lists = ['/__admin/batches', '/__admin/customers', '/__admin/requests']
  const queries = [
    'limit=0', 'limit=-1', 'limit=10001', 'limit=1e400', 'limit=Infinity', 'limit=NaN', 'limit=', 'limit=0x10', 'limit=1&limit=2',
    'offset=-1', 'offset=1e400', 'offset=99999999999999999999', 'min_count=-1', 'min_count=1e9', 'wait_ms=-1', 'wait_ms=30001',
    'wait_ms=1e400', `account=${'a'.repeat(10_000)}`, 'account=', `customer_id=${'c'.repeat(10_000)}`, 'status=99', 'status=600',
    'status=abc', '__proto__=1', 'constructor=1', `${'p'.repeat(10_000)}=1`
  ]
  const cases: [string, () => Promise<LightMyRequestResponse>][] = []
  for (const list of lists) for (const query of queries) cases.push([`${list}?${query.slice(0, 30)}`, () => app.inject({ url: `${list}?${query}` })])
  for (const url of ['/__admin/batches/%00', '/__admin/customers/%ff', `/__admin/requests/${'r'.repeat(10_000)}`, '/__admin/batches/..%2f..%2fetc', '/__admin/stats?account=%zz']) {
    cases.push([url.slice(0, 40), () => app.inject({ url })])
  }
  const fault = (body: string) => () => app.inject({ method: 'POST', url: '/__admin/faults', headers: { 'content-type': 'application/json' }, payload: body })
  for (const body of ['{"status":600}', '{"status":503.5}', '{"count":1e400}', '{"delay_ms":600001}', '{"headers":{"a":1}}', '{"headers":[]}',
    '{"kind":"respond","status":"503"}', `{"body":${'['.repeat(1000)}${']'.repeat(1000)}}`, '{"headers":{"x":"\\u0000"}}', '[]', 'null']) {
    cases.push([`fault ${body.slice(0, 30)}`, fault(body)])
  }
  await sweep(t, app, cases)
})

/** Sends raw bytes and collects all that comes back until the mock closes the connection (or 3 s pass). */
const raw = (port: number, bytes: string | Buffer) => new Promise<string>((resolve) => {
  const socket = connect(port, '127.0.0.1', () => socket.end(bytes))
  let data = ''
  const timer = setTimeout(() => socket.destroy(), 3000)
  socket.on('data', (chunk) => { data += chunk })
  socket.on('close', () => { clearTimeout(timer); resolve(data) })
  socket.on('error', () => undefined)
})

t.test('framing and header abuse, on a real socket', async (t) => {
  const { port } = await listening(t)
  const head = `POST ${MIGRATE} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nConnection: close\r\n`
  const body = '{"customers":[]}'
  const requests = [
    `${head}Content-Length: 16\r\nTransfer-Encoding: chunked\r\n\r\n${body}`,
    `${head}Content-Length: 16\r\nContent-Length: 17\r\n\r\n${body}`,
    `${head}Content-Length: -1\r\n\r\n${body}`,
    `${head}Content-Length: 99999999999999999999\r\n\r\n${body}`,
    `${head}Transfer-Encoding: chunked\r\n\r\nzz\r\n${body}\r\n0\r\n\r\n`,
    `${head}Transfer-Encoding: chunked\r\n\r\n${(16).toString(16)}\r\n${body}\r\n0\r\n\r\n`,
    `${head}Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n`,
    `${head}Content-Length: 16\r\nX-Folded: a\r\n b\r\n\r\n${body}`,
    `${head}Content-Length: 16\r\nX-Nul: a\u0000b\r\n\r\n${body}`,
    `${head}Content-Length: 16\r\nBad Header: x\r\n\r\n${body}`,
    `${head}Content-Length: 16\r\n\r\n${body}GET /health HTTP/1.1\r\nHost: x\r\n\r\n`,
    `POST http://evil.example${MIGRATE} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
    'CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n',
    `GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
    'GET /health HTTP/9.9\r\nHost: x\r\n\r\n',
    'GET /health\r\n\r\n',
    'get /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    'GET /health HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n',
    'GET /health HTTP/1.0\r\n\r\n',
    '\r\n\r\n\r\n',
    Buffer.from([0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00]) // a TLS ClientHello's first bytes
  ]
  for (const request of requests) {
    const label = JSON.stringify(request.toString().slice(0, 60))
    const answer = await raw(port, request)
    const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(answer)?.[1])
    t.ok(answer === '' || status < 500, `${label}: ${answer === '' ? 'closed' : status}`)
    // an interim 100 Continue (Node's own) is no answer: it carries no headers
    for (const message of answer.split(/(?=HTTP\/1\.1 \d{3} )/).filter((m) => m !== '' && !m.startsWith('HTTP/1.1 100 '))) {
      const [head, text = ''] = message.split('\r\n\r\n')
      t.match(head, /\r\nx-request-id: [\w.:-]+/i, `${label}: x-request-id`)
      if (Number(message.slice(9, 12)) >= 400) t.match(JSON.parse(text), { error: String, details: String, code: /^MOCK_ERR_/ }, `${label}: the error shape`)
    }
  }
  t.equal((await fetch(`http://127.0.0.1:${port}/health`)).status, 200, 'still serving')
})
