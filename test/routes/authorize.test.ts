/** GET /api/storefront/v1/auth/authorize: an API key for a JWT of its account. */
import t from 'tap'
import { createDecoder } from 'fast-jwt'
import { admin, authorize, build, migrate } from '../helper.js'
import { fingerprint } from '../../src/access/authentication.js'
import { TOKEN_ISSUER } from '../../src/access/tokens.js'

t.test('an API key is exchanged for an HS256 JWT of its account, lasting TOKEN_TTL_SECONDS', async (t) => {
  const { app } = await build(t, { TOKEN_TTL_SECONDS: '120' })
  const response = await authorize(app, 'key-1')
  t.equal(response.statusCode, 200)
  const token = response.json().data
  const { header, payload } = createDecoder({ complete: true })(token)
  t.match(header, { alg: 'HS256', typ: 'JWT' })
  t.match(payload, { sub: fingerprint('key-1'), iss: TOKEN_ISSUER })
  t.ok(Math.abs(payload.exp - payload.iat - 120) <= 1)
  const accepted = await migrate(app, undefined, { token })
  t.equal(accepted.statusCode, 202)
  const batch = (await admin(app, `/__admin/batches/${accepted.json().batch_id}`)).body
  t.equal(batch.account, fingerprint('key-1'), 'the batch belongs to the API key\'s account')
})

t.test('a missing or unknown key is a 401', async (t) => {
  const { app } = await build(t, { API_KEYS: 'good-key' })
  t.match((await authorize(app)).json(), { error: 'Unauthorized', details: /^No x-api-key header/ })
  t.match((await authorize(app, 'bad-key')).json(), { error: 'Unauthorized', details: /not one the mock was configured with \(API_KEYS\)/ })
  t.equal((await authorize(app, 'good-key')).statusCode, 200)
})

t.test('also at /auth/authorize, where step 2 of Masivo\'s integration guide calls it: the same token, the same refusals, journaled', async (t) => {
  const { app } = await build(t, { API_KEYS: 'good-key' })
  const response = await app.inject({ url: '/auth/authorize', headers: { 'x-api-key': 'good-key' } })
  t.equal(response.statusCode, 200)
  t.equal((await migrate(app, undefined, { token: response.json().data })).statusCode, 202, 'a token the migrate endpoint takes')
  t.match((await app.inject({ url: '/auth/authorize', headers: { 'x-api-key': 'bad-key' } })).json(), { error: 'Unauthorized', code: 'MOCK_ERR_API_KEY_UNKNOWN' })
  t.same((await admin(app, '/__admin/requests')).body.requests.map((r: { path: string, status: number }) => [r.path, r.status]), [
    ['/auth/authorize', 401], ['/api/storefront/v1/customers/migrate', 202], ['/auth/authorize', 200]
  ])
})
