/** Authentication of the migrate endpoint: checked first, before the body is read. */
import t from 'tap'
import { build, MIGRATE } from '../helper.js'
import { batchOf, minimalCustomer } from '../fixtures.js'

const send = (app: Awaited<ReturnType<typeof build>>['app'], authorization?: string) =>
  app.inject({
    method: 'POST',
    url: MIGRATE,
    headers: { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization }) },
    payload: JSON.stringify(batchOf(1, minimalCustomer))
  })

t.test('each way a credential can be wrong has its own 401', async (t) => {
  const { app } = await build(t)
  const cases: [string | undefined, RegExp][] = [
    [undefined, /^No Authorization header/],
    ['Basic dXNlcjpwYXNz', /scheme must be Bearer, not 'Basic'/],
    ['Bearer', /Bearer token is empty/],
    ['Bearer    ', /Bearer token is empty/],
    ['Bearer two words', /must not contain spaces/]
  ]
  const details = new Set<string>()
  for (const [header, expected] of cases) {
    const response = await send(app, header)
    t.equal(response.statusCode, 401, String(header))
    t.equal(response.json().error, 'Unauthorized')
    t.match(response.json().details, expected)
    details.add(response.json().details.replace(/'.*'/, ''))
  }
  t.equal(details.size, 4, 'distinct details for missing, scheme, empty and malformed')
})

t.test('without AUTH_TOKENS any non-empty token is accepted; the scheme is case-insensitive', async (t) => {
  const { app } = await build(t)
  t.equal((await send(app, 'Bearer anything-goes')).statusCode, 202)
  t.equal((await send(app, 'bearer lower-case-scheme')).statusCode, 202)
})

t.test('with AUTH_TOKENS only those tokens are accepted', async (t) => {
  const { app } = await build(t, { AUTH_TOKENS: 'alpha,beta' })
  t.equal((await send(app, 'Bearer alpha')).statusCode, 202)
  t.equal((await send(app, 'Bearer beta')).statusCode, 202)
  const refused = await send(app, 'Bearer gamma')
  t.equal(refused.statusCode, 401)
  t.match(refused.json().details, /not one the mock was configured with \(AUTH_TOKENS\)/)
})

t.test('authentication comes before the body: a bad body with a bad token is a 401', async (t) => {
  const { app } = await build(t)
  const response = await app.inject({ method: 'POST', url: MIGRATE, headers: { 'content-type': 'text/plain' }, payload: 'not json' })
  t.equal(response.statusCode, 401)
})

t.test('a credential is never quoted back, nor journaled: only a registered scheme is named', async (t) => {
  const { app } = await build(t)
  for (const header of ['tok-a', 'my-secret-token-123', 'Token abc123secret']) {
    const response = await send(app, header)
    t.equal(response.statusCode, 401)
    t.same(response.json(), {
      error: 'Unauthorized',
      code: 'MOCK_ERR_AUTH_SCHEME',
      details: "The Authorization scheme must be Bearer: send 'Authorization: Bearer <token>'."
    }, header)
  }
  t.match((await send(app, 'Digest username="a"')).json().details, "must be Bearer, not 'Digest'")
  const journal = JSON.stringify((await app.inject({ url: '/__admin/requests' })).json())
  for (const secret of ['tok-a', 'my-secret-token-123', 'abc123secret', 'username']) t.notMatch(journal, secret)
})
