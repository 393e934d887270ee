/** startMock(): the mock listening in the test process, with its client, closed by close() or `await using`. */
import t from 'tap'
import { Writable } from 'node:stream'
import { ConfigError, MockClient, startMock } from '../src/index.js'
import { batchOf, minimalCustomer } from './fixtures.js'

t.test('listens on a free loopback port, with a client of the whole mock', async (t) => {
  const mock = await startMock()
  t.teardown(() => mock.close())
  t.match(mock.url, /^http:\/\/127\.0\.0\.1:\d+$/)
  t.equal(mock.url, `http://127.0.0.1:${mock.port}`)
  t.not(mock.port, 8080)
  t.equal((await fetch(`${mock.url}/health`)).status, 200)
  t.type(mock.client, MockClient)
  t.equal(mock.client.baseUrl, mock.url)
  t.same(await mock.client.stats(), { batches: 0, queued_batches: 0, customers: 0, requests: 0, evicted_batches: 0, evicted_requests: 0, rejected_entries: { customers: 0, transactions: 0, events: 0 } })
  t.equal((await mock.app.inject({ url: '/health' })).statusCode, 200, 'the app, for inject()')
})

t.test('options are the settings in camelCase', async (t) => {
  const mock = await startMock({ authTokens: ['only-this'], maxBatchSize: 2 })
  t.teardown(() => mock.close())
  const client = mock.client.forAccount('only-this')
  await t.resolves(client.migrate(batchOf(2, minimalCustomer)))
  await t.rejects(client.migrate(batchOf(3, minimalCustomer)), { status: 400, code: 'MOCK_ERR_VIOLATIONS' })
  await t.rejects(mock.client.forAccount('another').migrate(batchOf(1, minimalCustomer)), { status: 401, code: 'MOCK_ERR_AUTH_UNKNOWN_TOKEN' })
})

t.test('a bad option is refused before anything listens, as the environment is', async (t) => {
  await t.rejects(startMock({ maxBatchSize: 0 }), new ConfigError('Invalid option: maxBatchSize=0; maxBatchSize expects an integer from 1 to 100000 (customers per batch).'))
})

t.test('a port in use rejects with EADDRINUSE', async (t) => {
  const first = await startMock()
  t.teardown(() => first.close())
  await t.rejects(startMock({ port: first.port }), { code: 'EADDRINUSE' })
})

t.test('logs nothing by default; logLevel and logStream show them', async (t) => {
  const lines: string[] = []
  const logStream = new Writable({ write (chunk, _encoding, done) { lines.push(String(chunk)); done() } })
  const mock = await startMock({ logLevel: 'info', logStream })
  await fetch(`${mock.url}/__admin/stats`)
  await mock.close()
  t.match(lines.join(''), /"path":"\/__admin\/stats"/)
})

t.test('close() stops it; so does the end of an `await using` block', async (t) => {
  const mock = await startMock()
  await mock.close()
  await t.rejects(fetch(`${mock.url}/health`))
  let url = ''
  {
    await using scoped = await startMock()
    url = scoped.url
    t.equal((await fetch(`${url}/health`)).status, 200)
  }
  await t.rejects(fetch(`${url}/health`), 'closed at the end of the block')
})

t.test('a wildcard host is reached through the loopback', async (t) => {
  const mock = await startMock({ host: '0.0.0.0' })
  t.teardown(() => mock.close())
  t.match(mock.url, /^http:\/\/127\.0\.0\.1:\d+$/)
  t.equal((await fetch(`${mock.url}/health`)).status, 200)
  const v6 = await startMock({ host: '::1' })
  t.teardown(() => v6.close())
  t.match(v6.url, /^http:\/\/\[::1\]:\d+$/)
  t.equal((await fetch(`${v6.url}/health`)).status, 200)
})

t.test('a second mock in the process starts far faster than the first: validators are compiled once', async (t) => {
  // the first start in this file was above; a fresh process measures the first one (test/package.test.ts)
  const times: number[] = []
  for (let i = 0; i < 7; i++) {
    const began = performance.now()
    const mock = await startMock()
    times.push(performance.now() - began)
    await mock.close()
  }
  const median = times.sort((a, b) => a - b)[3]!
  t.ok(median < 50, `median start ${median.toFixed(1)} ms (the bar is 15 ms on an idle machine; tap runs files side by side)`)
})
