/**
 * The rules the schemas declare in JSON Schema for other readers (dependentRequired, if/then, pattern)
 * agree with what the mock's own checks accept: a standard JSON Schema 2020-12 validator given the
 * schemas accepts and refuses the same customers, and each pattern accepts whatever its format accepts.
 */
import t from 'tap'
import fc from 'fast-check'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { Customer } from '../../schemas/customer.js'
import { DATE_TIME_PATTERN, EMAIL_PATTERN, UUID_PATTERN } from '../../schemas/formats.js'
import { batchValidator } from '../../src/validation/batch-validator.js'
import { isDateTime, isEmail, isUuid } from '../../src/validation/formats.js'
import { fullCustomer, minimalCustomer, uuidFor } from '../fixtures.js'

// formats as mere annotations: only the declared rules and patterns decide
const standard = new Ajv2020({ strict: false, allErrors: true, validateFormats: false }).compile(Customer)
const mock = batchValidator('customers', 1000, false)
const mockAccepts = (customer: object) => mock({ customers: [customer] }) === true

t.test('the declared rules and the mock agree, customer by customer', async (t) => {
  const balance = (amount: number, expiration?: string | null) => [{ reward_id: uuidFor(1), amount, ...(expiration === undefined ? {} : { expiration_date: expiration }) }]
  const cases: [string, object][] = [
    ['a full customer', fullCustomer(1)],
    ['a minimal customer', minimalCustomer(1)],
    ['document_type without document_number', { ...minimalCustomer(1), document_type: 'DNI' }],
    ['document_number without document_type', { ...minimalCustomer(1), document_number: '123' }],
    ['both document members', { ...minimalCustomer(1), document_type: 'DNI', document_number: '123' }],
    ['amount 0 with an expiration date', { ...minimalCustomer(1), balance: balance(0, '2026-01-01T00:00:00Z') }],
    ['amount 0 with a null expiration', { ...minimalCustomer(1), balance: balance(0, null) }],
    ['amount 0 without expiration', { ...minimalCustomer(1), balance: balance(0) }],
    ['amount 5 with an expiration date', { ...minimalCustomer(1), balance: balance(5, '2026-01-01T00:00:00Z') }],
    ['amount 5 with a null expiration', { ...minimalCustomer(1), balance: balance(5, null) }],
    ['a date-time without an offset', { ...minimalCustomer(1), registration_date: '2023-11-07T05:31:56' }],
    ['a UUID in braces', { ...minimalCustomer(1), balance: [{ reward_id: `{${uuidFor(1)}}`, amount: 1 }] }],
    ['an email without a domain', { ...minimalCustomer(1), email: 'john@' }]
  ]
  for (const [name, customer] of cases) t.equal(standard(customer), mockAccepts(customer), name)
})

t.test('each pattern accepts whatever its format accepts; the format looks further', async (t) => {
  const pairs: [string, (s: string) => boolean, string, string][] = [
    ['date-time', isDateTime, DATE_TIME_PATTERN, '2023-02-30T00:00:00Z'],
    ['uuid', isUuid, UUID_PATTERN, ''],
    ['email', isEmail, EMAIL_PATTERN, `${'a'.repeat(65)}@example.com`]
  ]
  const strings = fc.oneof(fc.string(), fc.stringMatching(new RegExp(DATE_TIME_PATTERN)), fc.uuid(), fc.emailAddress())
  for (const [format, check, pattern, stricter] of pairs) {
    const regex = new RegExp(pattern)
    fc.assert(fc.property(strings, (s) => !check(s) || regex.test(s)), { numRuns: 2000 })
    if (stricter !== '') {
      t.ok(regex.test(stricter), `${format}: ${stricter} has the shape`)
      t.notOk(check(stricter), `${format}: but the format refuses it`)
    }
  }
  t.pass('no counterexample')
})
