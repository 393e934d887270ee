/** The vitest recipe: a globalSetup that provides one mock's URL and returns its teardown; the test files' helpers read it through inject. */
import t from 'tap'
import { minimalCustomer } from '../fixtures.js'

// vitest's inject works only inside a vitest run: here it reads what the globalSetup provided
const provided = new Map<string, unknown>()
const recipe = await t.mockImport<typeof import('../../src/runners/vitest.js')>('../../src/runners/vitest.js', {
  vitest: { inject: (key: string) => provided.get(key) }
})
const provide = (key: string, value: unknown) => { provided.set(key, value) }

t.beforeEach(() => provided.clear())

t.test('the default globalSetup provides the URL of a mock it started, and its teardown stops it', async (t) => {
  const teardown = await recipe.default({ provide })
  const url = recipe.mockUrl()
  t.equal(provided.get('masivoMockUrl'), url)
  const [a, b] = await Promise.all([recipe.accountClient(), recipe.accountClient()])
  await a.migrate({ customers: [minimalCustomer(0)] })
  t.equal((await a.batches()).total, 1)
  t.equal((await b.batches()).total, 0, 'another test sees nothing of it')
  t.equal((await recipe.mockClient().batches()).total, 1)
  await teardown()
  await t.rejects(fetch(`${url}/health`), 'stopped')
})

t.test('a globalSetup with settings passes them to the mock', async (t) => {
  const teardown = await recipe.globalSetup({ maxBatchSize: 1 })({ provide })
  t.teardown(teardown)
  const refused = await (await recipe.accountClient()).migrate({ customers: [minimalCustomer(0), minimalCustomer(1)] }).catch((err: Error) => err)
  t.match(refused, { status: 400 })
})

t.test('a test file of a run without the globalSetup is told how to set it up', async (t) => {
  t.throws(() => recipe.mockUrl(), { message: "masivo-migrate-mock: no shared mock was provided: add globalSetup: ['masivo-migrate-mock/vitest'] to the test options of vitest.config" })
})
