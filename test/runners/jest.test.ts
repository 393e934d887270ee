/** The Jest recipe: a globalSetup that starts one mock and hands its URL on, a teardown that stops it, the test files' helpers. */
import t from 'tap'
import jestGlobalSetup from '../../src/runners/jest-global-setup.js'
import jestGlobalTeardown from '../../src/runners/jest-global-teardown.js'
import { accountClient, globalSetup, globalTeardown, mockClient, mockUrl } from '../../src/runners/jest.js'
import { MOCK_URL_VARIABLE } from '../../src/runners/shared-mock.js'
import { minimalCustomer } from '../fixtures.js'

const clearUrl = () => { delete process.env[MOCK_URL_VARIABLE] }
t.beforeEach(clearUrl)
t.afterEach(clearUrl)

t.test('globalSetup starts a mock and sets MASIVO_MOCK_URL; test files get fresh accounts; globalTeardown stops it', async (t) => {
  await globalSetup({ maxBatchSize: 5 })()
  const url = mockUrl()
  t.match(url, /^http:\/\/127\.0\.0\.1:\d+$/)
  t.equal(process.env[MOCK_URL_VARIABLE], url)
  const mine = await accountClient()
  await mine.migrate({ customers: [minimalCustomer(0)] })
  t.equal((await mine.batches()).total, 1)
  t.equal((await (await accountClient()).batches()).total, 0, 'another account sees nothing of it')
  t.equal((await mockClient().batches()).total, 1, 'the whole mock sees it')
  await globalTeardown()
  await t.rejects(fetch(`${url}/health`), 'stopped')
  await globalTeardown()
  t.pass('a second teardown has nothing to stop')
})

t.test('the default modules Jest is pointed at', async (t) => {
  await jestGlobalSetup()
  const url = mockUrl()
  t.equal((await fetch(`${url}/health`)).status, 200)
  await jestGlobalTeardown()
  await t.rejects(fetch(`${url}/health`))
})

t.test('a test file without the globalSetup is told how to set it up', async (t) => {
  t.throws(() => mockUrl(), { message: /MASIVO_MOCK_URL is not set\): set globalSetup: 'masivo-migrate-mock\/jest\/global-setup'/ })
})
