/** The mock's tokens: verified on the migrate endpoint, refused when forged or expired. */
import t from 'tap'
import { setTimeout as sleep } from 'node:timers/promises'
import { createDecoder, createSigner } from 'fast-jwt'
import { admin, authorize, build, migrate } from '../helper.js'
import { fingerprint } from '../../src/access/authentication.js'
import { TOKEN_ISSUER } from '../../src/access/tokens.js'

t.test('a forged token is refused with Invalid token, whatever AUTH_TOKENS says', async (t) => {
  const { app } = await build(t, { JWT_SECRET: 'the-mock-secret-0123456789' })
  const forged = createSigner({ key: 'another-secret-0123456789', iss: TOKEN_ISSUER })({ sub: 'abc' })
  const response = await migrate(app, undefined, { token: forged })
  t.equal(response.statusCode, 401)
  t.match(response.json().details, /^Invalid token/)
  const good = (await authorize(app, 'k')).json().data as string
  const tampered = `${good.slice(0, -2)}${good.endsWith('AA') ? 'BB' : 'AA'}`
  t.match((await migrate(app, undefined, { token: tampered })).json().details, /^Invalid token/)
})

t.test('JWT_SECRET makes tokens outlive a restart', async (t) => {
  const env = { JWT_SECRET: 'the-mock-secret-0123456789' }
  const token = (await authorize((await build(t, env)).app, 'k')).json().data
  t.equal((await migrate((await build(t, env)).app, undefined, { token })).statusCode, 202)
  t.equal((await migrate((await build(t)).app, undefined, { token })).statusCode, 401, 'a random secret per process otherwise')
})

t.test('an expired token is refused, and its 401 is journaled to its account; a fresh one works', async (t) => {
  const { app } = await build(t, { TOKEN_TTL_SECONDS: '1' })
  const old = (await authorize(app, 'k')).json().data
  await sleep(2100) // a token lives at least its TTL, at most a second more (JWT times are whole seconds)
  const refused = await migrate(app, undefined, { token: old })
  t.equal(refused.statusCode, 401)
  t.match(refused.json(), { code: 'MOCK_ERR_TOKEN_EXPIRED', details: /^The token expired at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z; fetch a new one/ })
  const journaled = (await admin(app, '/__admin/requests?status=401', { headers: { 'x-api-key': 'k' } })).body
  t.match(journaled, { total: 1, requests: [{ account: fingerprint('k'), code: 'MOCK_ERR_TOKEN_EXPIRED' }] }, "visible to the key's own scoped view")
  const fresh = (await authorize(app, 'k')).json().data
  t.equal((await migrate(app, undefined, { token: fresh })).statusCode, 202)
})

t.test('a token lives at least TOKEN_TTL_SECONDS, however late in its second it was issued', async (t) => {
  const { app } = await build(t, { TOKEN_TTL_SECONDS: '1' })
  const tokens = []
  for (let k = 0; k < 40; k++) {
    const issued = Date.now() // before the request: the token is issued no earlier
    tokens.push({ token: (await authorize(app, 'k')).json().data as string, issued })
    await sleep(23) // spread over the second
  }
  for (const { token, issued } of tokens) {
    const { exp } = createDecoder()(token) as { exp: number }
    t.ok(exp * 1000 >= issued + 1000, `exp ${exp} is at least a second after ${issued}`)
  }
})

t.test('static AUTH_TOKENS keep working beside issued tokens; other JWTs are opaque tokens', async (t) => {
  const { app } = await build(t, { AUTH_TOKENS: 'static-1' })
  t.equal((await migrate(app, undefined, { token: 'static-1' })).statusCode, 202)
  t.equal((await migrate(app, undefined, { token: (await authorize(app, 'k')).json().data })).statusCode, 202)
  const foreign = createSigner({ key: 'someone-else-0123456789', iss: 'https://app.masivo.ai' })({ sub: 'x' })
  t.match((await migrate(app, undefined, { token: foreign })).json().details, /not one the mock was configured with/)
})
