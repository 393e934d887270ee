/**
 * The dashboard in a real browser: Debian's Chromium driven by playwright-core, against a mock on loopback.
 * Run by `npm run test:browser` (CI's browser stage), not by `npm test`. Screenshots of each view go to
 * test/browser/screenshots/ (ignored by git) for a person to look at; axe-core checks every view.
 */
import t, { type Test } from 'tap'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRequire } from 'node:module'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { startMock, type RunningMock, type StartMockOptions } from '../../src/index.js'
import { batchOf, fullCustomer, fullTransactions, minimalCustomer } from '../fixtures.js'

const SCREENSHOTS = new URL('./screenshots/', import.meta.url)
mkdirSync(SCREENSHOTS, { recursive: true })
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** Chromium as the machine's notes say: headless, no background calls out (the proxy refuses them at once), a fresh profile. */
const open = async (t: Test, options: StartMockOptions = {}, path = '/__admin'): Promise<{ mock: RunningMock, page: Page, errors: string[], context: BrowserContext }> => {
  const mock = await startMock(options)
  const profile = mkdtempSync(join(tmpdir(), 'dashboard-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    bypassCSP: true, // to inject axe-core; the page's own policy is checked in test/routes/admin/ui.test.ts
    viewport: { width: 1280, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--proxy-server=http://127.0.0.1:9']
  })
  t.teardown(async () => {
    await context.close()
    await mock.close()
    rmSync(profile, { recursive: true, force: true })
  })
  const page = context.pages()[0] ?? await context.newPage()
  const errors: string[] = []
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()) })
  page.on('pageerror', (error) => errors.push(error.message))
  page.on('response', (response) => { if (response.status() >= 400) errors.push(`${response.status()} ${response.url()}`) })
  await page.goto(`${mock.url}${path}`)
  await page.waitForSelector('body[data-live="true"]')
  return { mock, page, errors, context }
}

/** Serious and critical violations axe-core finds on the page as it is now. */
const axe = async (page: Page): Promise<string[]> => {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE })
  const results = await page.evaluate(async () => (window as unknown as { axe: { run: () => Promise<{ violations: { id: string, impact: string, nodes: unknown[] }[] }> } }).axe.run())
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}, ${v.nodes.length})`)
}

const shoot = (page: Page, name: string) => page.screenshot({ path: new URL(`${name}.png`, SCREENSHOTS).pathname, fullPage: true })

const visit = async (page: Page, hash: string) => {
  const ready = await page.evaluate(() => Number(document.body.dataset.ready ?? 0))
  await page.evaluate((target) => { location.hash = target }, hash)
  await page.waitForFunction((before) => Number(document.body.dataset.ready ?? 0) > before, ready)
}

t.test('the page loads with no console error, favicon included, and every view passes axe-core', async (t) => {
  const { mock, page, errors } = await open(t)
  t.equal(page.url(), `${mock.url}/__admin/ui`, '/__admin redirects to the page')
  const favicon = await page.evaluate(async () => (await fetch(document.querySelector('link[rel="icon"]')!.getAttribute('href')!)).status)
  t.equal(favicon, 200)
  await mock.client.forAccount('token-a').migrate(batchOf(2, minimalCustomer))
  await fetch(`${mock.url}/api/storefront/v1/customers/migrate`, { method: 'POST', headers: { authorization: 'Bearer token-a', 'content-type': 'application/json' }, body: '{"customers":[{"id":"x","email":"nope"}]}' })
  const [batch] = (await mock.client.batches()).batches
  const [refused] = (await mock.client.requests({ status: 400 })).requests
  const views: [string, string][] = [
    ['requests', '#/requests'], ['request', `#/requests/${refused!.id}`], ['batches', '#/batches'], ['batch', `#/batches/${batch!.id}`],
    ['customers', '#/customers'], ['customer', '#/customers/cust-000001'], ['rejections', '#/rejections'], ['faults', '#/faults']
  ]
  const counts: Record<string, number> = {}
  for (const [name, hash] of views) {
    await visit(page, hash)
    await shoot(page, name)
    const found = await axe(page)
    counts[name] = found.length
    t.same(found, [], `axe-core on ${name}: no serious or critical violation`)
  }
  t.comment(`axe-core serious/critical per view: ${JSON.stringify(counts)}`)
  t.same(errors, [], 'no console error, no failed request')
})

t.test('a batch posted through the API appears live and opens to its customers', async (t) => {
  const { mock, page } = await open(t)
  const accepted = await mock.client.forAccount('token-a').migrate(batchOf(3, minimalCustomer))
  const link = page.locator('#requests-table a', { hasText: `batch ${accepted.batch_id.slice(0, 8)}` })
  await link.waitFor({ timeout: 1000 }) // within a second, without a reload
  await page.waitForFunction(() => document.querySelector('[data-stat="batches"]')?.textContent === '1', undefined, { timeout: 1000 })
  t.pass('the stats follow within a second')
  await link.click()
  await page.waitForSelector('#batch-customers tbody tr')
  const rows = await page.locator('#batch-customers tbody tr').allTextContents()
  t.equal(rows.length, 3)
  t.match(rows[0], /cust-000000.*Customer 0.*customer\.0@example\.com.*created/)
  t.match(await page.locator('details pre').textContent(), /"customer.2@example.com"/, 'the raw JSON')
  await shoot(page, 'batch-live')
})

t.test('a rejected request shows its violations and marks them in the body', async (t) => {
  const { mock, page } = await open(t)
  await fetch(`${mock.url}/api/storefront/v1/customers/migrate`, {
    method: 'POST',
    headers: { authorization: 'Bearer token-a', 'content-type': 'application/json' },
    body: JSON.stringify({ customers: [minimalCustomer(0), { ...minimalCustomer(1), email: 'nope', gender: 'OTHER' }, { id: 'c' }] })
  })
  const link = page.locator('#requests-table a', { hasText: 'violations' })
  await link.waitFor({ timeout: 1000 })
  await link.click()
  await page.waitForSelector('#marked-body')
  const byRule = await page.locator('#by-rule tbody tr').allTextContents()
  t.same(byRule.map((row) => row.split('/')[0]), ['format1', 'enum1', 'required3'], 'grouped by rule, with counts')
  t.same(await page.locator('#by-entry tbody td:first-child').allTextContents(), ['entry 1 (cust-000001)', 'entry 2 (c)'], 'grouped by customer entry, each named by its id')
  const marks = await page.locator('#marked-body mark').evaluateAll((nodes) => nodes.map((n) => [n.getAttribute('data-pointer'), n.textContent]))
  t.same(marks, [
    ['/customers/1/email', '"nope"'],
    ['/customers/1/gender', '"OTHER"'],
    ['/customers/2', '{\n      "id": "c"\n    }']
  ], 'each violation marked at its value (a missing member at its object)')
  t.match(await page.locator('#marked-body mark').first().getAttribute('title'), /must be an email address/)
  await shoot(page, 'request-marked')
})

t.test('a fault added in the form hits the next migrate request', async (t) => {
  const { mock, page } = await open(t)
  await visit(page, '#/faults')
  await page.fill('#fault-status', '502')
  await page.selectOption('#fault-endpoint', 'customers')
  await page.click('#fault-form button[type="submit"]')
  await page.waitForSelector('#faults-table tbody tr')
  t.match(await page.locator('#faults-table tbody tr').textContent(), /respond.*502.*1.*customers/)
  const response = await fetch(`${mock.url}/api/storefront/v1/customers/migrate`, {
    method: 'POST', headers: { authorization: 'Bearer token-a', 'content-type': 'application/json' }, body: JSON.stringify(batchOf(1, minimalCustomer))
  })
  t.equal(response.status, 502)
  t.same(await mock.client.faults(), [], 'spent')
  await mock.client.addFault({ status: 429, headers: { 'retry-after': '5' } })
  await visit(page, '#/requests')
  await visit(page, '#/faults')
  t.match(await page.locator('#faults-table tbody tr').textContent(), /429.*instead of checking it.*retry-after: 5/, "a fault's headers are shown")
  await mock.client.clearFaults()
  await page.fill('#fault-status', '504')
  await page.check('#fault-after-accept')
  await page.click('#fault-form button[type="submit"]')
  await page.locator('#faults-table tbody tr', { hasText: 'after accepting the batch' }).waitFor()
  const accepted = await fetch(`${mock.url}/api/storefront/v1/customers/migrate`, {
    method: 'POST', headers: { authorization: 'Bearer token-a', 'content-type': 'application/json' }, body: JSON.stringify(batchOf(1, minimalCustomer, 5))
  })
  t.equal(accepted.status, 504, 'the client gets the fault')
  t.equal((await mock.client.batches({ customer_id: 'cust-000005' })).total, 1, 'and the batch was accepted')
})

t.test('reset, once confirmed, empties the views', async (t) => {
  const { mock, page } = await open(t)
  await mock.client.forAccount('token-a').migrate(batchOf(2, minimalCustomer))
  await page.locator('#requests-table tbody tr').first().waitFor({ timeout: 1000 })
  await page.click('#reset')
  t.ok(await page.locator('#confirm-reset').isVisible(), 'asks first')
  await page.click('#confirm-reset button[value="cancel"]')
  t.equal((await mock.client.stats()).batches, 1, 'cancel keeps everything')
  await page.click('#reset')
  await page.click('#confirm-reset button[value="reset"]')
  await page.waitForFunction(() => document.querySelectorAll('#requests-table tbody tr').length === 0)
  await page.waitForFunction(() => document.querySelector('[data-stat="batches"]')?.textContent === '0')
  t.same(await mock.client.stats(), { batches: 0, queued_batches: 0, customers: 0, requests: 0, evicted_batches: 0, evicted_requests: 0, rejected_entries: { customers: 0, transactions: 0, events: 0 } })
  await visit(page, '#/batches')
  t.match(await page.locator('#batches-table caption').textContent(), /^0 held/)
})

t.test('the account selector sends the credential as a client would, and scopes every view', async (t) => {
  const { mock, page } = await open(t)
  await mock.client.forAccount('token-a').migrate(batchOf(1, minimalCustomer))
  await mock.client.forAccount('token-b').migrate(batchOf(2, minimalCustomer, 5))
  await page.selectOption('#credential-kind', 'token')
  await page.fill('#credential', 'token-b')
  const sent = page.waitForRequest((request) => request.url().includes('/__admin/stats') && request.headers().authorization === 'Bearer token-b')
  await page.click('#account-form button')
  await sent
  await page.waitForFunction(() => document.querySelector('[data-stat="customers"]')?.textContent === '2')
  await visit(page, '#/batches')
  t.equal(await page.locator('#batches-table tbody tr').count(), 1, "only token-b's batch")
  t.equal(await page.evaluate(() => sessionStorage.length + localStorage.length), 0, 'nothing stored by the page')
})

t.test('any string the API takes leaves every view working: U+2028 in a field name, a lone surrogate, a malformed address', async (t) => {
  const { mock, page, errors } = await open(t)
  const post = (body: string) => fetch(`${mock.url}/api/storefront/v1/customers/migrate`, { method: 'POST', headers: { authorization: 'Bearer token-a', 'content-type': 'application/json' }, body })
  // a field name holding U+2028 comes back in the event of the refused request, unescaped (JSON allows it)
  t.equal((await post(JSON.stringify({ customers: [{ ...minimalCustomer(0), 'line\u2028separated': 1 }] }))).status, 400)
  const lone = await post(`{"customers":[${JSON.stringify(minimalCustomer(1)).replace('"cust-000001"', '"cust-\\ud800"')}]}`)
  t.equal(lone.status, 400, 'a lone surrogate is refused')
  const accepted = await mock.client.forAccount('token-a').migrate(batchOf(1, minimalCustomer, 5))
  await page.locator('#requests-table a', { hasText: `batch ${accepted.batch_id.slice(0, 8)}` }).waitFor({ timeout: 1000 })
  t.pass('still live after both')
  const [refused] = (await mock.client.requests({ status: 400 })).requests
  await visit(page, `#/requests/${refused!.id}`)
  t.match(await page.locator('#view').textContent(), /MOCK_ERR_BODY_LONE_SURROGATE.*lone surrogate at \/customers\/0\/id/)
  for (const hash of ['#/customers/%E0%A4%A', '#/batches/%', '#/requests/%ZZ']) {
    await visit(page, hash)
    t.match(await page.locator('#view').textContent(), /not percent-encoded UTF-8/, hash)
  }
  await visit(page, '#/customers/cust-000005')
  t.match(await page.locator('#customer-json').textContent(), /"cust-000005"/, 'and the views after it work')
  t.same(errors.filter((error) => !error.startsWith('400 ')), [], 'no page error')
})

t.test('with ADMIN_TOKEN: opened once with the token in its address, the dashboard works and the address drops it', async (t) => {
  const adminToken = 'dashboard-admin-token-01'
  const { mock, page, errors } = await open(t, { adminToken }, `/__admin?admin_token=${adminToken}`)
  t.equal(page.url(), `${mock.url}/__admin/ui`, 'the token is not left in the address')
  const accepted = await mock.client.forAccount('token-a').migrate(batchOf(2, minimalCustomer))
  await page.locator('#requests-table a', { hasText: `batch ${accepted.batch_id.slice(0, 8)}` }).waitFor({ timeout: 1000 })
  await visit(page, `#/batches/${accepted.batch_id}`)
  t.equal(await page.locator('#batch-customers tbody tr').count(), 2, 'a view reads the admin API')
  await visit(page, '#/batches')
  await page.click('#reset')
  await page.click('#confirm-reset button[value="reset"]')
  await page.waitForFunction(() => document.querySelector('[data-stat="batches"]')?.textContent === '0')
  t.pass('the reset, a change from the page, is taken')
  t.same(errors, [], 'no console error, no failed request')
  const elsewhere = await page.context().newPage()
  t.teardown(() => elsewhere.close())
  await elsewhere.goto(`${mock.url}/__admin/stats`)
  t.match(await elsewhere.textContent('body'), /"batches":0/, 'the cookie serves the other pages of the mock\'s own origin')
})

t.test('a 202 whose entries the queue rejected is marked in Requests and Batches, in a colour and in words; the Rejected view lists them', async (t) => {
  const { mock, page, errors } = await open(t)
  const client = mock.client.forAccount('token-a')
  await client.migrate({ customers: [fullCustomer(0), fullCustomer(1)] })
  const short = { ...fullTransactions(1), transactions: fullTransactions(1).transactions.slice(0, 1) }
  const transactions = await client.migrateTransactions({ customers: [fullTransactions(0), short, fullTransactions(7)] })
  const marked = page.locator('#requests-table [data-rejected]')
  await marked.waitFor({ timeout: 2000 }) // live: the row is marked when its batch is processed
  t.equal(await marked.count(), 1, 'only the batch with rejected entries')
  t.match(await page.locator('#requests-table tbody tr', { has: page.locator('[data-rejected]') }).textContent(), new RegExp(`202 · 2 of 3 rejected.*batch ${transactions.batch_id.slice(0, 8)}`))
  t.equal(await marked.getAttribute('class'), 'bad', 'in the colour of a failure, beside the words')
  await visit(page, '#/batches')
  t.same(await page.locator('#batches-table [data-rejected]').allTextContents(), ['2 of 3 rejected'])
  t.match(await page.locator('#batches-table tbody tr').first().textContent(), /processed · 2 of 3 rejected/)
  await visit(page, '#/rejections')
  const rows = await page.locator('#rejections-table tbody tr').allTextContents()
  t.equal(rows.length, 2)
  t.match(rows[0], /transactions.*cust-000001.*1.*its transactions do not match its migrated balance/)
  t.match(rows[1], /transactions.*cust-000007.*2.*no customer cust-000007 in this account/)
  await page.waitForFunction(() => document.querySelector('[data-stat="rejected_entries"]')?.textContent === '2')
  t.pass('the stats count them')
  await shoot(page, 'rejections')
  const width = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth])
  t.ok(width[0]! <= width[1]!, `long reasons wrap instead of widening the page (${width[0]} of ${width[1]} px)`)
  t.same(errors, [])
})
