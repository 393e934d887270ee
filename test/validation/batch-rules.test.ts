/** The rules beyond the schema, checked on every customer of the batch. */
import t from 'tap'
import { build, migrate } from '../helper.js'
import { fullCustomer, minimalCustomer } from '../fixtures.js'
import type { Customer } from '../../schemas/customer.js'

const violationsOf = async (app: Parameters<typeof migrate>[0], customers: unknown[]) => {
  const response = await migrate(app, { customers })
  t.equal(response.statusCode, 400)
  return response.json().violations as { path: string, rule: string, message: string }[]
}

t.test('document_type and document_number come together', async (t) => {
  const { app } = await build(t)
  const typeOnly = { ...minimalCustomer(0), document_type: 'CC' }
  const numberOnly = { ...minimalCustomer(1), document_number: '123' }
  t.same(await violationsOf(app, [typeOnly, numberOnly]), [
    { path: '/customers/0/document_number', rule: 'documentPair', message: 'is required when document_type is given' },
    { path: '/customers/1/document_type', rule: 'documentPair', message: 'is required when document_number is given' }
  ])
  t.equal((await migrate(app, { customers: [{ ...minimalCustomer(2), document_type: 'CC', document_number: '1' }] })).statusCode, 202)
})

t.test('id is unique within the batch; the later one is the violation and names the earlier', async (t) => {
  const { app } = await build(t)
  const violations = await violationsOf(app, [minimalCustomer(0), { ...minimalCustomer(1), id: minimalCustomer(0).id }])
  t.same(violations.map((v) => [v.path, v.rule]), [['/customers/1/id', 'duplicateId']])
  t.match(violations[0]!.message, '/customers/0')
})

t.test('email is unique within the batch, case-insensitively', async (t) => {
  const { app } = await build(t)
  const first = minimalCustomer(0)
  const violations = await violationsOf(app, [first, minimalCustomer(1), { ...minimalCustomer(2), email: first.email.toUpperCase() }])
  t.same(violations.map((v) => [v.path, v.rule]), [['/customers/2/email', 'duplicateEmail']])
  t.match(violations[0]!.message, '/customers/0')
})

t.test('a zero-amount balance item has no expiration date', async (t) => {
  const { app } = await build(t)
  const customer = fullCustomer(0)
  customer.balance![1]!.expiration_date = '2026-01-01T00:00:00Z'
  t.same((await violationsOf(app, [customer])).map((v) => [v.path, v.rule]), [['/customers/0/balance/1/expiration_date', 'zeroAmountExpiration']])
  customer.balance![1]!.expiration_date = null
  delete customer.balance![0]!.expiration_date
  t.equal((await migrate(app, { customers: [customer] })).statusCode, 202, 'null or absent is fine; a non-zero amount needs none')
})

t.test('a metrics period does not start after it ends (instants, offsets included)', async (t) => {
  const { app } = await build(t)
  const customer = fullCustomer(0)
  customer.metrics!.this_year = { from: '2025-01-01T00:00:00Z', to: '2024-12-31T23:59:59Z' }
  customer.metrics!.last_year = { from: '2024-01-01T05:00:00+05:00', to: '2024-01-01T00:00:00Z' }
  customer.metrics!.lifetime = { from: '2024-01-01T00:00:00Z', to: '2024-01-01T00:00:00Z' }
  const violations = await violationsOf(app, [customer])
  t.same(violations.map((v) => [v.path, v.rule]), [['/customers/0/metrics/this_year/from', 'periodOrder']],
    'equal instants are fine, and 05:00+05:00 is 00:00Z')
  t.match(violations[0]!.message, '2024-12-31T23:59:59Z')
})

t.test('periodOrder compares instants exactly: any fraction, any year, leap seconds in their place', async (t) => {
  const { app } = await build(t)
  const periods: [string, string, boolean][] = [
    ['2024-01-01T00:00:00.000000001Z', '2024-01-01T00:00:00Z', false], // a nanosecond after: refused
    ['9999-12-31T23:59:59.99999Z', '9999-12-31T18:59:59.99998-05:00', false], // 10 µs after, at year 9999
    ['2017-01-01T00:00:00Z', '2016-12-31T23:59:60Z', false], // the next day comes after a leap second
    ['2016-12-31T23:59:60.5Z', '2017-01-01T00:00:00Z', true], // and a leap second before the next day
    ['2024-01-01T00:00:00.10Z', '2024-01-01T05:00:00.1+05:00', true] // the same instant, written two ways
  ]
  for (const [from, to, accepted] of periods) {
    const customer = { ...minimalCustomer(0), metrics: { lifetime: { from, to } } }
    t.equal((await migrate(app, { customers: [customer] })).statusCode, accepted ? 202 : 400, `from ${from} to ${to}`)
  }
})

t.test('rules look past schema violations, and leave wrong types to the schema', async (t) => {
  const { app } = await build(t)
  const broken = { ...minimalCustomer(0), email: 42, document_type: 'CC', metrics: { lifetime: { from: 'soon', to: '2024-01-01T00:00:00Z' } } }
  const duplicate = { ...minimalCustomer(1), id: broken.id, name: '' }
  const violations = await violationsOf(app, [broken, duplicate])
  t.same(violations.map((v) => [v.path, v.rule]).sort(), [
    ['/customers/0/document_number', 'documentPair'],
    ['/customers/0/email', 'type'],
    ['/customers/0/metrics/lifetime/from', 'format'],
    ['/customers/1/id', 'duplicateId'],
    ['/customers/1/name', 'minLength']
  ])
})

t.test('every customer is checked: a batch of 1000 with one violation each lists 1000', async (t) => {
  const { app } = await build(t)
  const customers: Customer[] = Array.from({ length: 1000 }, (_, i) => ({ ...fullCustomer(i), email: `broken-${i}` }))
  const response = await migrate(app, { customers })
  const body = response.json()
  t.equal(body.violations.length, 1000)
  t.equal(body.violations[999].path, '/customers/999/email')
  t.match(body.details, /^1000 violations: \/customers\/0\/email must be an email address/)
})
