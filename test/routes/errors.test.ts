/** Unknown routes, unexpected failures, and the request id every response carries. */
import t from 'tap'
import { build, migrate } from '../helper.js'

t.test('unknown routes: 404 in the error shape', async (t) => {
  const { app } = await build(t)
  for (const [method, url] of [['GET', '/nope'], ['GET', '/api/storefront/v1/customers/migrate'], ['POST', '/__admin/nope?x=1']] as const) {
    const response = await app.inject({ method, url })
    t.equal(response.statusCode, 404)
    t.same(response.json(), {
      error: 'Not Found',
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
  t.same(response.json(), { error: 'Internal Server Error', details: `The mock failed unexpectedly; its log has the details under request id ${id}.` })
  t.notMatch(response.body, /disk on fire|at .*\.ts/)
  const line = logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'unexpected error')
  t.match(line, { level: 50, reqId: id, err: { message: 'disk on fire at /srv/secret/path', stack: /Error: disk on fire/ } })
})

t.test('every response carries x-request-id; a plain client id is kept', async (t) => {
  const { app } = await build(t)
  const responses = [
    await migrate(app),
    await migrate(app, 'broken'),
    await app.inject({ url: '/nope' }),
    await app.inject({ url: '/health' }),
    await app.inject({ url: '/__admin/stats' })
  ]
  for (const response of responses) t.match(response.headers['x-request-id'], /^[0-9a-f-]{36}$/)
  t.not(responses[0]!.headers['x-request-id'], responses[1]!.headers['x-request-id'])
  const kept = await migrate(app, undefined, { headers: { 'x-request-id': 'suite-42.case:7' } })
  t.equal(kept.headers['x-request-id'], 'suite-42.case:7')
  const replaced = await migrate(app, undefined, { headers: { 'x-request-id': 'has spaces and <html>' } })
  t.match(replaced.headers['x-request-id'], /^[0-9a-f-]{36}$/)
})

t.test('GET /health answers ok', async (t) => {
  const { app } = await build(t)
  const response = await app.inject({ url: '/health' })
  t.equal(response.statusCode, 200)
  t.same(response.json(), { status: 'ok' })
})
