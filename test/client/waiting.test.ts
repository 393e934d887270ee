/** MockClient's waitFor…: resolve with the list once enough arrived, or reject saying what was awaited and what came. */
import t from 'tap'
import { MockTimeoutError, startMock } from '../../src/index.js'
import { batchOf, minimalCustomer } from '../fixtures.js'

t.test('each resolves once the list holds minCount, with the list', async (t) => {
  const mock = await startMock()
  t.teardown(() => mock.close())
  const client = mock.client.forAccount('t')
  const waiting = Promise.all([
    client.waitForBatches({ minCount: 2, timeoutMs: 5000 }),
    client.waitForCustomers({ minCount: 3 }),
    client.waitForRequests({ status: 202, minCount: 2 })
  ])
  setTimeout(() => { client.migrate(batchOf(2, minimalCustomer)).then(() => client.migrate(batchOf(1, minimalCustomer, 2)), t.error) }, 50)
  const [batches, customers, requests] = await waiting
  t.equal(batches.total, 2)
  t.equal(customers.total, 3)
  t.equal(requests.total, 2)
  t.equal(batches.timed_out, false)
  t.equal((await client.waitForBatches({ customer_id: 'cust-000002' })).total, 1, 'already there: at once')
})

t.test('a wait longer than one long poll polls again', async (t) => {
  const mock = await startMock()
  t.teardown(() => mock.close())
  const answered: string[] = []
  const client = new (mock.client.constructor as typeof import('../../src/index.js').MockClient)(mock.url, {
    fetch: async (input, init) => { answered.push(new URL(String(input)).searchParams.get('wait_ms') ?? ''); return fetch(input, init) }
  })
  const waiting = client.waitForBatches({ timeoutMs: 31_000 })
  setTimeout(() => { mock.client.forAccount('t').migrate(batchOf(1, minimalCustomer)).catch(t.error) }, 50)
  t.equal((await waiting).total, 1)
  t.same(answered, ['30000'], 'one poll of at most 30 s (the admin API\'s longest)')
  // a reset answers a long poll early with timed_out false; the wait polls again
  const again = client.waitForCustomers({ minCount: 5, timeoutMs: 300 })
  setTimeout(() => { mock.client.reset().catch(t.error) }, 50)
  await t.rejects(again, MockTimeoutError)
  t.ok(answered.length >= 3, `polled ${answered.length - 1} times for the second wait`)
})

t.test('a timeout says what was awaited, what arrived, and what the mock refused meanwhile', async (t) => {
  const mock = await startMock()
  t.teardown(() => mock.close())
  const client = mock.client.forAccount('t')
  await client.migrate(batchOf(1, minimalCustomer))
  await client.migrate({ customers: [{ ...minimalCustomer(5), email: 'nope' }] }).catch(() => undefined)
  const err = await client.waitForBatches({ minCount: 2, customer_id: 'cust-000000', timeoutMs: 100 }).catch((e: unknown) => e) as MockTimeoutError
  t.type(err, MockTimeoutError)
  t.equal(err.awaited, 'at least 2 batches with customer_id="cust-000000" in this client\'s token\'s account')
  t.match(err.arrived, { total: 1 })
  const lines = err.message.split('\n')
  t.equal(lines[0], 'Timed out after 100 ms waiting for at least 2 batches with customer_id="cust-000000" in this client\'s token\'s account; 1 arrived:')
  t.match(lines[1], /^ {2}- [0-9a-f-]{36} \(1 customer: "cust-000000"\)$/)
  t.equal(lines[2], 'Of the latest 2 of 2 requests to the emulated API, 1 was not accepted:')
  t.equal(lines[3], '  - POST /api/storefront/v1/customers/migrate → 400 MOCK_ERR_VIOLATIONS: 1 violation: /customers/0/email must be an email address, e.g. john.smith@example.com.')
})

t.test('a timeout with nothing received says so', async (t) => {
  const mock = await startMock()
  t.teardown(() => mock.close())
  const err = await mock.client.waitForCustomers({ timeoutMs: 50 }).catch((e: unknown) => e) as MockTimeoutError
  t.equal(err.message, 'Timed out after 50 ms waiting for at least 1 customer; 0 arrived.\nThe mock received no request to its emulated API.')
  const requests = await mock.client.forAccount({ account: 'abc' }).waitForRequests({ status: 202, timeoutMs: 50 }).catch((e: unknown) => e) as MockTimeoutError
  t.equal(requests.message, 'Timed out after 50 ms waiting for at least 1 request with status=202 in account abc; 0 arrived.')
  const byKey = await mock.client.forAccount({ apiKey: 'k' }).waitForBatches({ timeoutMs: 20 }).catch((e: unknown) => e) as MockTimeoutError
  t.match(byKey.awaited, "in this client's API key's account")
})

t.test('a timeout lists at most 10 of what arrived', async (t) => {
  const mock = await startMock()
  t.teardown(() => mock.close())
  const client = mock.client.forAccount('t')
  for (let i = 0; i < 12; i++) await client.migrate(batchOf(1, minimalCustomer, i))
  const err = await client.waitForCustomers({ minCount: 20, timeoutMs: 50 }).catch((e: unknown) => e) as MockTimeoutError
  const lines = err.message.split('\n')
  t.equal(lines[0], "Timed out after 50 ms waiting for at least 20 customers in this client's token's account; 12 arrived:")
  t.same(lines.slice(1, 12), [...Array.from({ length: 10 }, (_, k) => `  - "cust-${String(11 - k).padStart(6, '0')}"`), '  ... and 2 more'])
  t.equal(lines[12], 'Of the latest 5 of 12 requests to the emulated API, 0 were not accepted.')
})
