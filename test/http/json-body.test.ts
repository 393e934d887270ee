/** JSON bodies: the media type (415), the size (413), and bodies that are not JSON (400). */
import t from 'tap'
import { build, migrate, MIGRATE, readCustomer, TOKEN } from '../helper.js'
import { minimalCustomer } from '../fixtures.js'

const valid = JSON.stringify({ customers: [minimalCustomer(0)] })

t.test('415 unless Content-Type is application/json (a charset is fine)', async (t) => {
  const { app } = await build(t)
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonx']) {
    const response = await migrate(app, valid, { headers: { 'content-type': type } })
    t.equal(response.statusCode, 415, type)
    t.same(response.json(), { error: 'Unsupported Media Type', details: `Content-Type must be application/json, not ${type}.`, code: 'MOCK_ERR_MEDIA_TYPE' })
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
  t.same(response.json(), { error: 'Payload Too Large', details: 'The body is larger than the limit of 2048 bytes (BODY_LIMIT_BYTES).', code: 'MOCK_ERR_BODY_TOO_LARGE' })
})

t.test('the default limit takes a full 1000-customer batch with room to spare', async (t) => {
  const { app } = await build(t)
  const response = await migrate(app, { customers: [{ ...minimalCustomer(0), metadata: { blob: 'x'.repeat(15 * 1024 * 1024) } }] })
  t.equal(response.statusCode, 202, '15 MiB fits under 16 MiB')
})

t.test('a body past 1 MB, ASCII or not, is read as sent (decoded as UTF-8 there, Latin-1 only below)', async (t) => {
  const { app } = await build(t)
  for (const [i, name] of ['Ana', 'José ✓'].entries()) {
    const customer = { ...minimalCustomer(i), name, metadata: { blob: 'x'.repeat(1_100_000) } }
    t.equal((await migrate(app, { customers: [customer] })).statusCode, 202)
    const { customer: back } = (await readCustomer(app, customer.id)).json().data
    t.same([back.name, back.metadata.blob.length], [name, 1_100_000], name)
  }
})

t.test('400 for a body that is empty or not JSON', async (t) => {
  const { app } = await build(t)
  for (const payload of ['', '   ']) {
    const response = await migrate(app, payload)
    t.equal(response.statusCode, 400)
    t.same(response.json(), { error: 'Bad Request', details: 'The body is empty: send a JSON object.', code: 'MOCK_ERR_BODY_EMPTY' })
  }
  for (const payload of ['{"customers": [', "{'customers': []}", 'customers=1']) {
    const response = await migrate(app, payload)
    t.equal(response.statusCode, 400)
    t.match(response.json(), { error: 'Bad Request', details: /^The body is not valid JSON: / })
    t.notOk('violations' in response.json())
  }
})

t.test('400 when the body is shorter than its Content-Length says', async (t) => {
  const { app } = await build(t)
  const response = await app.inject({
    method: 'POST',
    url: MIGRATE,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'content-length': '100' },
    payload: '{"customers": []}'
  })
  t.same(response.json(), { error: 'Bad Request', details: 'The body is shorter or longer than its Content-Length header says.', code: 'MOCK_ERR_BODY_CONTENT_LENGTH' })
})

t.test('Fastify\'s own body errors on /__admin come in the same words and shape', async (t) => {
  const { app } = await build(t)
  const plain = await app.inject({ method: 'POST', url: '/__admin/faults', headers: { 'content-type': 'application/xml' }, payload: '<status>500</status>' })
  t.same(plain.json(), { error: 'Unsupported Media Type', details: 'Content-Type must be application/json, not application/xml.', code: 'MOCK_ERR_MEDIA_TYPE' })
  const empty = await app.inject({ method: 'POST', url: '/__admin/faults', headers: { 'content-type': 'application/json' }, payload: '' })
  t.same(empty.json(), { error: 'Bad Request', details: 'The body is empty: send a JSON object.', code: 'MOCK_ERR_BODY_EMPTY' })
})

t.test('UTF-8 text beyond ASCII arrives intact', async (t) => {
  const { app } = await build(t)
  const customer = { ...minimalCustomer(0), name: 'José Ñúñez 山田 😀', metadata: { note: 'Łódź' } }
  const { batch_id: id } = (await migrate(app, { customers: [customer] })).json()
  t.same((await app.inject({ url: `/__admin/batches/${id}` })).json().customers, [customer])
})

t.test('a body that is not UTF-8 is refused, saying where', async (t) => {
  const { app } = await build(t)
  const text = JSON.stringify({ customers: [{ ...minimalCustomer(0), name: 'José' }] })
  const at = Buffer.from(text).indexOf(Buffer.from('é'))
  const bytes = Buffer.from(text)
  bytes[at + 1] = 0x28 // é's second byte replaced: no longer a UTF-8 sequence
  for (const payload of [bytes, Buffer.concat([Buffer.from('{"customers":[], "x": "'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')])]) {
    const response = await app.inject({ method: 'POST', url: MIGRATE, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, payload })
    t.equal(response.statusCode, 400)
    t.match(response.json(), { code: 'MOCK_ERR_BODY_NOT_UTF8', details: /^The body is not valid UTF-8: no character starts at byte \d+\.$/ })
  }
  const first = await app.inject({ method: 'POST', url: MIGRATE, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, payload: bytes })
  t.equal(first.json().details, `The body is not valid UTF-8: no character starts at byte ${at}.`)
  t.equal((await app.inject({ url: '/__admin/stats' })).json().batches, 0, 'nothing stored')
})

t.test('a lone surrogate, escaped (UTF-8 has no form for it), is refused with the pointer of the first; pairs pass', async (t) => {
  const { app } = await build(t)
  const post = (payload: string) => app.inject({ method: 'POST', url: MIGRATE, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, payload })
  const customer = (id: string) => `{"id":"${id}","name":"Ana","email":"ana.${id.length}@example.com","registration_date":"2023-11-07T05:31:56Z"}`
  for (const [payload, at] of [
    [`{"customers":[${customer('\\ud800')}]}`, '/customers/0/id'],
    [`{"customers":[${customer('ok')},${customer('x\\uDC00')}]}`, '/customers/1/id'],
    [`{"customers":[${customer('a\\ud83d')}],"z":"\\udfff"}`, '/customers/0/id'],
    ['{"customers":[{"id":"a","metadata":{"k\\ud800":1}}]}', '/customers/0/metadata/k\ud800'],
    ['"\\ud800"', '(the body itself)']
  ] as const) {
    const response = await post(payload)
    t.equal(response.statusCode, 400, payload)
    t.same(response.json(), { error: 'Bad Request', code: 'MOCK_ERR_BODY_LONE_SURROGATE', details: `The body holds a lone surrogate at ${at}: a string with no UTF-8 form, which Masivo (storing UTF-8) cannot keep.` })
  }
  const paired = await post(`{"customers":[${customer('smile-\\ud83d\\ude00')},${customer('escaped-backslash-\\\\ud800')}]}`)
  t.equal(paired.statusCode, 202, 'a pair escaped, and a backslash before "ud800", are well formed')
  t.same((await app.inject({ url: '/__admin/customers/smile-%F0%9F%98%80' })).json().customer.id, 'smile-😀')
})

t.test('invalid JSON is located by line and column, and none of it is quoted back', async (t) => {
  const { app } = await build(t)
  const cases: [string, string][] = [
    ['{"customers": [', 'it ends early (line 1, column 16)'],
    ["{'customers': []}", 'unexpected character (line 1, column 2)'],
    ['customers=1', 'unexpected character (line 1, column 1)'],
    ['{"customers": [],}', 'unexpected character (line 1, column 18)'],
    ['{\n  "customers": [\n    {"id": tru}\n  ]\n}', 'unexpected character (line 3, column 12)'],
    ['{"customers": []} 42', 'unexpected character (line 1, column 19)'],
    ['{"a": "\u0001"}', 'unexpected character (line 1, column 7)'],
    ['{"secret-document-1020304050": }', 'unexpected character (line 1, column 32)']
  ]
  for (const [payload, where] of cases) {
    const response = await migrate(app, payload)
    t.equal(response.statusCode, 400, payload)
    t.same(response.json(), { error: 'Bad Request', code: 'MOCK_ERR_BODY_NOT_JSON', details: `The body is not valid JSON: ${where}.` }, JSON.stringify(payload))
  }
})
