/** What is refused before validation: media type, size, and bodies that are not a JSON object. */
import t, { type Test } from 'tap'
import { connect } from 'node:net'
import { build, migrate, MIGRATE, TOKEN } from '../helper.js'
import { minimalCustomer } from '../fixtures.js'

const valid = JSON.stringify({ customers: [minimalCustomer(0)] })

t.test('415 unless Content-Type is application/json (a charset is fine)', async (t) => {
  const { app } = await build(t)
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonx']) {
    const response = await migrate(app, valid, { headers: { 'content-type': type } })
    t.equal(response.statusCode, 415, type)
    t.same(response.json(), { error: 'Unsupported Media Type', details: `Content-Type must be application/json, not ${type}.` })
  }
  const missing = await app.inject({ method: 'POST', url: MIGRATE, headers: { authorization: `Bearer ${TOKEN}` } })
  t.equal(missing.statusCode, 415)
  t.match(missing.json().details, 'not none')
  t.equal((await migrate(app, valid, { headers: { 'content-type': 'application/json; charset=utf-8' } })).statusCode, 202)
  t.equal((await migrate(app, valid, { headers: { 'content-type': 'Application/JSON' } })).statusCode, 202)
})

t.test('413 past BODY_LIMIT_BYTES', async (t) => {
  const { app } = await build(t, { BODY_LIMIT_BYTES: '2048' })
  const big = JSON.stringify({ customers: [{ ...minimalCustomer(0), name: 'x'.repeat(3000) }] })
  const response = await migrate(app, big)
  t.equal(response.statusCode, 413)
  t.same(response.json(), { error: 'Payload Too Large', details: 'The body is larger than the limit of 2048 bytes (BODY_LIMIT_BYTES).' })
})

t.test('the default limit takes a full 1000-customer batch with room to spare', async (t) => {
  const { app } = await build(t)
  const response = await migrate(app, { customers: [{ ...minimalCustomer(0), metadata: { blob: 'x'.repeat(15 * 1024 * 1024) } }] })
  t.equal(response.statusCode, 202, '15 MiB fits under 16 MiB')
})

t.test('400 for a body that is empty or not JSON', async (t) => {
  const { app } = await build(t)
  for (const payload of ['', '   ']) {
    const response = await migrate(app, payload)
    t.equal(response.statusCode, 400)
    t.same(response.json(), { error: 'Bad Request', details: 'The body is empty: send a JSON object.' })
  }
  for (const payload of ['{"customers": [', "{'customers': []}", 'customers=1']) {
    const response = await migrate(app, payload)
    t.equal(response.statusCode, 400)
    t.match(response.json(), { error: 'Bad Request', details: /^The body is not valid JSON: / })
    t.notOk('violations' in response.json())
  }
})

t.test('400 for __proto__ and constructor keys, wherever they are', async (t) => {
  const { app } = await build(t)
  const cases: [string, string, string][] = [
    ['{"customers": [], "__proto__": {"admin": true}}', '__proto__', '/__proto__'],
    [`{"customers": [${JSON.stringify(minimalCustomer(0)).slice(0, -1)}, "metadata": {"constructor": {"prototype": {}}}}]}`, 'constructor', '/customers/0/metadata/constructor'],
    [`{"customers": [${JSON.stringify(minimalCustomer(0)).slice(0, -1)}, "tags": {"\\u005f_proto__": 1}}]}`, '__proto__', '/customers/0/tags/__proto__'],
    [`{"customers": [${JSON.stringify(minimalCustomer(0)).slice(0, -1)}, "__proto__": {}}]}`, '__proto__', '/customers/0/__proto__'],
    [`{"customers": [${JSON.stringify(minimalCustomer(0)).slice(0, -1)}, "metadata": {"list": [{"a": {"constructor": 1}}]}}]}`, 'constructor', '/customers/0/metadata/list/0/a/constructor']
  ]
  for (const [payload, key, path] of cases) {
    const response = await migrate(app, payload)
    t.equal(response.statusCode, 400)
    t.same(response.json(), { error: 'Bad Request', details: `The body has a "${key}" key at ${path}; "__proto__" and "constructor" keys are refused.` })
  }
  const harmless = await migrate(app, { customers: [{ ...minimalCustomer(0), metadata: { note: 'the constructor of __proto__ \u00e9' } }] })
  t.equal(harmless.statusCode, 202, 'the words in a value are fine')
})

t.test('under ALLOW_UNKNOWN_FIELDS the keys are refused everywhere too', async (t) => {
  const { app } = await build(t, { ALLOW_UNKNOWN_FIELDS: 'true' })
  const payload = `{"customers": [{"id": "1", "name": "A", "email": "a@example.com", "registration_date": "2023-11-07T05:31:56Z", "metrics": {"lifetime": {"from": "2024-01-01T00:00:00Z", "to": "2024-01-02T00:00:00Z", "constructor": {"prototype": {}}}}}]}`
  const response = await migrate(app, payload)
  t.equal(response.statusCode, 400)
  t.match(response.json().details, '"constructor" key at /customers/0/metrics/lifetime/constructor')
})

t.test('400 when the body is shorter than its Content-Length says', async (t) => {
  const { app } = await build(t)
  const response = await app.inject({
    method: 'POST',
    url: MIGRATE,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'content-length': '100' },
    payload: '{"customers": []}'
  })
  t.same(response.json(), { error: 'Bad Request', details: 'The body is shorter or longer than its Content-Length header says.' })
})

/** Sends raw bytes to a listening mock (ending the write side if `end`) and returns all it answers. */
const rawExchange = async (t: Test, text: string, end: boolean) => {
  const { app } = await build(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  return new Promise<string>((resolve) => {
    const socket = connect(port, '127.0.0.1', () => (end ? socket.end(text) : socket.write(text)))
    let data = ''
    socket.on('data', (chunk) => { data += chunk })
    socket.on('close', () => resolve(data))
    socket.on('error', () => resolve(data))
  })
}

t.test('a request Node cannot parse as HTTP still gets the error shape', async (t) => {
  const answer = await rawExchange(t, `POST ${MIGRATE} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"customers": []}`, true)
  t.match(answer, /^HTTP\/1\.1 400 Bad Request\r\n/)
  t.match(answer, /\r\n\r\n\{"error":"Bad Request","details":"The request is not valid HTTP \(HPE_[A-Z_]+\)\."\}$/)
})

t.test('Fastify\'s own body errors on /__admin come in the same words and shape', async (t) => {
  const { app } = await build(t)
  const plain = await app.inject({ method: 'POST', url: '/__admin/faults', headers: { 'content-type': 'application/xml' }, payload: '<status>500</status>' })
  t.same(plain.json(), { error: 'Unsupported Media Type', details: 'Content-Type must be application/json, not application/xml.' })
  const empty = await app.inject({ method: 'POST', url: '/__admin/faults', headers: { 'content-type': 'application/json' }, payload: '' })
  t.same(empty.json(), { error: 'Bad Request', details: 'The body is empty: send a JSON object.' })
})

t.test('UTF-8 text beyond ASCII arrives intact', async (t) => {
  const { app } = await build(t)
  const customer = { ...minimalCustomer(0), name: 'José Ñúñez 山田 😀', metadata: { note: 'Łódź' } }
  const { batch_id: id } = (await migrate(app, { customers: [customer] })).json()
  t.same((await app.inject({ url: `/__admin/batches/${id}` })).json().customers, [customer])
})

t.test('headers too large for Node: 431 in the error shape', async (t) => {
  const answer = await rawExchange(t, `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, false)
  t.match(answer, /^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/)
  t.match(answer, /"details":"The request is not valid HTTP \(HPE_HEADER_OVERFLOW\)\."/)
})
