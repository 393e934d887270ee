/** JSON bodies: the media type (415), the size (413), and bodies that are not JSON (400). */
import t from 'tap'
import { build, migrate, MIGRATE, TOKEN } from '../helper.js'
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
