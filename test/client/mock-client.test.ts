/** MockClient against a running mock: the token flow, migrate, every admin route, scoping, and errors. */
import t, { type Test } from 'tap'
import { MockApiError, MockClient, startMock, type RunningMock } from '../../src/index.js'
import { fingerprint } from '../../src/access/authentication.js'
import { batchOf, entriesOf, fullCustomer, fullEvents, fullTransactions, minimalCustomer } from '../fixtures.js'

const started = async (t: Test, options: Parameters<typeof startMock>[0] = {}): Promise<RunningMock> => {
  const mock = await startMock(options)
  t.teardown(() => mock.close())
  return mock
}

t.test('migrate with a token, then read it back through every inspection method', async (t) => {
  const mock = await started(t)
  const client = new MockClient(`${mock.url}/`, { token: 'team-a' })
  t.equal(client.baseUrl, mock.url, 'a trailing slash is dropped')
  const accepted = await client.migrate(batchOf(2, minimalCustomer))
  t.match(accepted, { message: 'Customers batch enqueued successfully', count: 2 })

  const { batches, total } = await client.batches()
  t.equal(total, 1)
  t.same(batches[0]!.customer_ids, ['cust-000000', 'cust-000001'])
  t.equal((await client.batches({ customer_id: 'cust-000001' })).total, 1, 'filters are query parameters')
  t.equal((await client.batches({ customer_id: 'nobody' })).total, 0)
  t.equal((await client.batches({ limit: 1, offset: 1 })).batches.length, 0)

  const batch = await client.batch(accepted.batch_id)
  t.match(batch, { id: accepted.batch_id, results: [{ customer_id: 'cust-000000', outcome: 'created' }, { outcome: 'created' }] })
  t.equal(await client.batch('no-such-batch'), undefined)
  t.same(JSON.parse((await client.batchBody(accepted.batch_id))!), batchOf(2, minimalCustomer))
  t.equal(await client.batchBody('no-such-batch'), undefined)

  t.equal((await client.customers()).total, 2)
  t.match(await client.customer('cust-000001'), { id: 'cust-000001', batch_id: accepted.batch_id, customer: minimalCustomer(1) })
  t.equal(await client.customer('nobody'), undefined)

  const requests = await client.requests()
  t.match(requests, { total: 1, requests: [{ status: 202, batch_id: accepted.batch_id }] })
  t.equal((await client.requests({ status: 400 })).total, 0)
  t.match(await client.request(requests.requests[0]!.id), { status: 202 })
  t.equal(await client.request('no-such-request'), undefined)

  t.match(await client.stats(), { batches: 1, customers: 2, requests: 1 })
  t.match(await client.openapi(), { openapi: '3.1.0' })
})

t.test('the migration flow: the queue, transactions, events, reading a customer back', async (t) => {
  const mock = await started(t, { queueDelayMs: 60_000 })
  const client = new MockClient(mock.url, { apiKey: 'key-a' })
  await client.migrate(batchOf(1, fullCustomer))
  t.equal(await client.readCustomer('cust-000000'), undefined, 'queued: not found')
  t.match(await client.batches({ status: 'queued' }), { total: 1, batches: [{ kind: 'customers', status: 'queued', processed_at: null }] })
  t.equal((await client.stats()).queued_batches, 1)
  t.equal(await client.flushQueue(), 1)
  t.match(await client.readCustomer('cust-000000'), { data: { customer: { id: 'cust-000000' }, wallet: { totals: [{ total: 150 }] } } })

  t.match(await client.migrateTransactions(entriesOf(1, fullTransactions)), { message: 'Customer transactions enqueued successfully', count: 1 })
  t.match(await client.migrateEvents(entriesOf(1, fullEvents)), { message: 'Customer events enqueued successfully', count: 1 })
  t.equal(await client.flushQueue(), 2)
  const customer = await client.customer('cust-000000')
  t.match(customer, { transactions: [{ outcome: 'applied' }], events: [{ outcome: 'applied' }] })
  t.equal((await client.batches({ kind: 'events' })).total, 1)

  const refused = await client.migrateEvents({ customers: [{ id: 'x', events: [] }] }).catch((err: unknown) => err)
  t.ok(refused instanceof MockApiError)
  t.match(refused, { status: 422, body: { details: /^Invalid customer entry/, violations: [{ path: '/customers/0/events', rule: 'minItems' }] } })
  await t.rejects(new MockClient(mock.url).readCustomer('x'), new TypeError('readCustomer needs a credential: new MockClient(url, { token }) or client.forAccount(token)'))
})

t.test('an API key: authorize, then migrate with the token it gives (fetched once)', async (t) => {
  const mock = await started(t, { apiKeys: ['key-1'] })
  const token = await mock.client.authorize('key-1')
  t.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/, 'a JWT')
  const client = mock.client.forAccount({ apiKey: 'key-1' })
  await client.migrate(batchOf(1, minimalCustomer))
  await client.migrate(batchOf(1, minimalCustomer, 1))
  t.equal((await client.batches()).total, 2, 'the token belongs to the key\'s account')
  const authorizations = (await mock.client.requests()).requests.filter((r) => r.path.endsWith('/authorize'))
  t.equal(authorizations.length, 2, "this test's, and one for both batches")
  await t.rejects(mock.client.authorize('key-2'), { status: 401, code: 'MOCK_ERR_API_KEY_UNKNOWN' })
  await t.rejects(mock.client.authorize(), new TypeError('authorize needs an API key: authorize(key), or new MockClient(url, { apiKey })'))
  await t.rejects(mock.client.migrate(batchOf(1, minimalCustomer)), /migrate needs a credential/)
})

t.test('forAccount scopes what the client sees, by token, API key or fingerprint', async (t) => {
  const mock = await started(t)
  const a = mock.client.forAccount('token-a')
  const b = mock.client.forAccount({ token: 'token-b' })
  await a.migrate(batchOf(1, minimalCustomer))
  await b.migrate(batchOf(1, minimalCustomer))
  t.equal((await mock.client.batches()).total, 2, 'without a credential: every account')
  t.equal((await a.batches()).total, 1)
  t.equal((await mock.client.forAccount({ account: fingerprint('token-b') }).batches()).total, 1)
  await t.rejects(mock.client.customer('cust-000000'), { status: 409, code: 'MOCK_ERR_CUSTOMER_AMBIGUOUS' })
  t.match(await mock.client.customer('cust-000000', { account: fingerprint('token-a') }), { account: fingerprint('token-a') })
  await a.reset()
  t.equal((await mock.client.batches()).total, 1, "reset forgets only the client's account")
  await mock.client.reset()
  t.equal((await mock.client.stats()).requests, 0, 'and everything without a credential')
})

t.test('faults: add, list, hit, clear', async (t) => {
  const mock = await started(t)
  const client = mock.client.forAccount('t')
  const fault = await client.addFault({ status: 503, count: 2 })
  t.match(fault, { status: 503, remaining: 2, kind: 'respond', delay_ms: 0, account: fingerprint('t') })
  t.match(await client.addFault(), { status: 503, remaining: 1 }, 'every member has a default')
  t.equal((await client.faults()).length, 2)
  const err = await client.migrate(batchOf(1, minimalCustomer)).catch((e: unknown) => e) as MockApiError
  t.type(err, MockApiError)
  t.match(err, { status: 503, code: 'MOCK_ERR_FAULT_INJECTED', method: 'POST', path: '/api/storefront/v1/customers/migrate' })
  t.match(err.message, /^POST \/api\/storefront\/v1\/customers\/migrate answered 503 Service Unavailable: /)
  await client.clearFaults()
  t.same(await client.faults(), [])
  await t.rejects(client.addFault({ status: 99 }), { status: 400, code: 'MOCK_ERR_VIOLATIONS', message: /\/status must be 200 or more/ })
})

t.test('a refused batch throws with its violations in the message and all of them in the body', async (t) => {
  const mock = await started(t)
  const customers = [0, 1, 2, 3].map((i) => ({ ...minimalCustomer(i), email: `not-an-email-${i}` }))
  const err = await mock.client.forAccount('t').migrate({ customers }).catch((e: unknown) => e) as MockApiError
  t.equal(err.status, 400)
  t.equal(err.message, 'POST /api/storefront/v1/customers/migrate answered 400 Bad Request: 4 violations: ' +
    '/customers/0/email must be an email address, e.g. john.smith@example.com; /customers/1/email must be an email address, ' +
    'e.g. john.smith@example.com; /customers/2/email must be an email address, e.g. john.smith@example.com; and 1 more.')
  t.equal((err.body as { violations: unknown[] }).violations.length, 4)
})

t.test('a body that is not the mock\'s error shape is kept as it came', async (t) => {
  const mock = await started(t)
  const client = mock.client.forAccount('t')
  await client.addFault({ status: 502, body: '<html>bad gateway</html>', headers: { 'content-type': 'text/html' } })
  await client.addFault({ status: 500, body: { oops: true } })
  const html = await client.migrate(batchOf(1, minimalCustomer)).catch((e: unknown) => e) as MockApiError
  t.match(html, { status: 502, body: '<html>bad gateway</html>', code: undefined })
  t.match(html.message, 'answered 502 "<html>bad gateway</html>"')
  const json = await client.migrate(batchOf(1, minimalCustomer)).catch((e: unknown) => e) as MockApiError
  t.same(json.body, { oops: true })
})

t.test('a fetch of its own can be given', async (t) => {
  const mock = await started(t)
  const urls: string[] = []
  const client = new MockClient(mock.url, { fetch: async (input, init) => { urls.push(String(input)); return fetch(input, init) } })
  await client.forAccount('t').stats()
  await client.stats()
  t.same(urls, [`${mock.url}/__admin/stats`, `${mock.url}/__admin/stats`], 'forAccount keeps it')
})
