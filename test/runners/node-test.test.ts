/** The node:test recipe's helpers: the URL `exec` hands on through MASIVO_MOCK_URL, a client of a fresh account of that mock. */
import t from 'tap'
import { startMock } from '../../src/index.js'
import { accountClient, mockClient, mockUrl } from '../../src/runners/node-test.js'
import { MOCK_URL_VARIABLE } from '../../src/runners/shared-mock.js'
import { minimalCustomer } from '../fixtures.js'

const clearUrl = () => { delete process.env[MOCK_URL_VARIABLE] }
t.beforeEach(clearUrl)
t.afterEach(clearUrl)

t.test('with MASIVO_MOCK_URL set, the helpers reach that mock, an account per client', async (t) => {
  const mock = await startMock()
  t.teardown(() => mock.close())
  process.env[MOCK_URL_VARIABLE] = mock.url
  t.equal(mockUrl(), mock.url)
  const [a, b] = await Promise.all([accountClient(), accountClient()])
  await a.migrate({ customers: [minimalCustomer(0)] })
  t.equal((await a.batches()).total, 1)
  t.equal((await b.batches()).total, 0)
  t.equal((await mockClient().batches()).total, 1)
})

t.test('without it, a test file is told how to run the suite', async (t) => {
  t.throws(() => mockUrl(), { message: 'masivo-migrate-mock: no shared mock (MASIVO_MOCK_URL is not set): run the tests with npx masivo-migrate-mock exec -- node --test' })
  await t.rejects(accountClient(), { message: /MASIVO_MOCK_URL is not set/ })
})
