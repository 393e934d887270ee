/** One mock for a run: started when MASIVO_MOCK_URL names none, the named one used as it is otherwise; an account per client. */
import t, { type Test } from 'tap'
import { freshAccountClient, helpersFromEnvironment, MOCK_ADMIN_TOKEN_VARIABLE, MOCK_URL_VARIABLE, startSharedMock, urlFromEnvironment, wholeMockClient } from '../../src/runners/shared-mock.js'
import { minimalCustomer } from '../fixtures.js'

const withoutUrl = (t: Test) => {
  for (const name of [MOCK_URL_VARIABLE, MOCK_ADMIN_TOKEN_VARIABLE]) {
    const before = process.env[name]
    delete process.env[name]
    t.teardown(() => { if (before === undefined) delete process.env[name]; else process.env[name] = before })
  }
}

t.test('without MASIVO_MOCK_URL a mock is started with the options given, and stopped by close', async (t) => {
  withoutUrl(t)
  const mock = await startSharedMock({ maxBatchSize: 1 })
  t.match(mock.url, /^http:\/\/127\.0\.0\.1:\d+$/)
  const client = await freshAccountClient(mock.url)
  const refused = await client.migrate({ customers: [minimalCustomer(0), minimalCustomer(1)] }).catch((err: Error) => err)
  t.match(refused, { status: 400 }, 'maxBatchSize reached the mock')
  await mock.close()
  await t.rejects(fetch(`${mock.url}/health`), 'closed')
})

t.test('with MASIVO_MOCK_URL that mock is used, and close leaves it running', async (t) => {
  withoutUrl(t)
  const elsewhere = await startSharedMock()
  t.teardown(() => elsewhere.close())
  process.env[MOCK_URL_VARIABLE] = elsewhere.url
  const shared = await startSharedMock({ maxBatchSize: 1 })
  t.equal(shared.url, elsewhere.url)
  t.equal(shared.running, undefined)
  await shared.close()
  t.equal((await fetch(`${elsewhere.url}/health`)).status, 200)
  t.equal(urlFromEnvironment('set it up'), elsewhere.url)
})

t.test('each fresh account sees its own batches only; the whole-mock client sees them all', async (t) => {
  withoutUrl(t)
  const mock = await startSharedMock()
  t.teardown(() => mock.close())
  const [a, b] = await Promise.all([freshAccountClient(mock.url), freshAccountClient(mock.url)])
  t.not(a.apiKey, b.apiKey)
  t.match(a.token, /^eyJ/, 'a token of its own, issued for its API key')
  await Promise.all([a.migrate({ customers: [minimalCustomer(0)] }), b.migrate({ customers: [minimalCustomer(0)] })])
  t.equal((await a.batches()).total, 1)
  t.equal((await b.batches()).total, 1)
  t.equal((await wholeMockClient(mock.url).batches()).total, 2)
})

t.test('without a shared mock, the URL lookup says how to set one up', async (t) => {
  withoutUrl(t)
  t.throws(() => urlFromEnvironment('run it so'), { message: 'masivo-migrate-mock: no shared mock (MASIVO_MOCK_URL is not set): run it so' })
})

t.test("a mock with ADMIN_TOKEN: its token goes with its URL (MASIVO_MOCK_ADMIN_TOKEN), and the test files' clients send it", async (t) => {
  withoutUrl(t)
  const adminToken = 'shared-admin-token-0123'
  const mock = await startSharedMock({ adminToken })
  t.teardown(() => mock.close())
  t.equal(mock.adminToken, adminToken)
  process.env[MOCK_URL_VARIABLE] = mock.url
  process.env[MOCK_ADMIN_TOKEN_VARIABLE] = adminToken
  t.equal((await startSharedMock()).adminToken, adminToken, 'a mock named by the environment: its token from there too')
  const { accountClient, mockClient } = helpersFromEnvironment('set it up')
  const account = await accountClient()
  await account.migrate({ customers: [minimalCustomer(0)] })
  t.equal((await account.batches()).total, 1)
  t.equal((await mockClient().stats()).batches, 1)
  delete process.env[MOCK_ADMIN_TOKEN_VARIABLE]
  t.match(await mockClient().stats().catch((err: unknown) => err), { status: 401 }, 'without the token, refused')
})
