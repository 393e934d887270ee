/**
 * Every documented field: its type, format and limits, checked through the endpoint. Each case changes
 * one value of a valid, fully filled customer and expects either a 202 or exactly the violation named.
 */
import t from 'tap'
import { build, migrate } from '../helper.js'
import { fullCustomer } from '../fixtures.js'

const ABSENT = Symbol('absent')

/** Sets (or, with ABSENT, deletes) the value at a JSON Pointer inside `root`. */
const setAt = (root: Record<string, unknown>, pointer: string, value: unknown) => {
  const keys = pointer.split('/').slice(1)
  const last = keys.pop()!
  const parent = keys.reduce<Record<string, unknown>>((node, key) => node[key] as Record<string, unknown>, root)
  if (value === ABSENT) delete parent[last]
  else parent[last] = value
}

interface Case {
  at: string
  value: unknown
  /** The rule of the one expected violation; undefined: accepted. */
  rule?: string
  /** Other changes the case needs (e.g. a document_type for a document_number). */
  also?: [string, unknown][]
}

const longString = (n: number) => 'x'.repeat(n)

const CASES: Case[] = [
  // required strings
  { at: '/id', value: 'legacy-1' },
  { at: '/id', value: '', rule: 'minLength' },
  { at: '/id', value: 1, rule: 'type' },
  { at: '/id', value: ABSENT, rule: 'required' },
  { at: '/name', value: '', rule: 'minLength' },
  { at: '/name', value: ['John'], rule: 'type' },
  { at: '/name', value: ABSENT, rule: 'required' },
  { at: '/email', value: 'john.smith@example.com' },
  { at: '/email', value: 'john.smith@example', rule: 'format' },
  { at: '/email', value: 'not an email', rule: 'format' },
  { at: '/email', value: 7, rule: 'type' },
  { at: '/email', value: ABSENT, rule: 'required' },
  { at: '/registration_date', value: '2023-11-07T05:31:56+05:00' },
  { at: '/registration_date', value: '2023-11-07', rule: 'format' },
  { at: '/registration_date', value: 1699335116, rule: 'type' },
  { at: '/registration_date', value: ABSENT, rule: 'required' },
  // balance items
  { at: '/balance', value: [] },
  { at: '/balance', value: {}, rule: 'type' },
  { at: '/balance/0/reward_id', value: 'reward-1', rule: 'format' },
  { at: '/balance/0/reward_id', value: ABSENT, rule: 'required' },
  { at: '/balance/0/amount', value: 0.5 },
  { at: '/balance/0/amount', value: -1, rule: 'minimum' },
  { at: '/balance/0/amount', value: '123', rule: 'type' },
  { at: '/balance/0/amount', value: ABSENT, rule: 'required' },
  { at: '/balance/0/expiration_date', value: null },
  { at: '/balance/0/expiration_date', value: ABSENT },
  { at: '/balance/0/expiration_date', value: 'next year', rule: 'format' },
  { at: '/balance/0/expiration_date', value: 5, rule: 'type' },
  { at: '/balance/0/brand_id', value: 5, rule: 'type' },
  { at: '/balance/0/channel_id', value: true, rule: 'type' },
  { at: '/balance/0/store_id', value: null, rule: 'type' },
  { at: '/balance/0/funded_by', value: {}, rule: 'type' },
  { at: '/balance/0/issued_at', value: 'today', rule: 'format' },
  { at: '/balance/0/points', value: 10, rule: 'unknownField' },
  // enums and plain fields
  { at: '/gender', value: 'MALE' },
  { at: '/gender', value: 'male', rule: 'enum' },
  { at: '/gender', value: 'OTHER', rule: 'enum' },
  { at: '/dob', value: '1990-05-17', rule: 'format' },
  { at: '/document_type', value: '', rule: 'minLength' },
  { at: '/document_number', value: longString(50) },
  { at: '/document_number', value: longString(51), rule: 'maxLength' },
  { at: '/document_number', value: '😀'.repeat(50) },
  { at: '/document_number', value: '', rule: 'minLength' },
  { at: '/document_number', value: 1234, rule: 'type' },
  { at: '/country', value: longString(100) },
  { at: '/country', value: longString(101), rule: 'maxLength' },
  { at: '/country', value: 57, rule: 'type' },
  { at: '/status', value: 'INACTIVE' },
  { at: '/status', value: 'active', rule: 'enum' },
  { at: '/status', value: null, rule: 'type' }, // a wrong type breaks that rule alone, not enum as well
  { at: '/gender', value: 1, rule: 'type' },
  // metrics
  { at: '/metrics', value: {} },
  { at: '/metrics', value: [], rule: 'type' },
  { at: '/metrics/all_time', value: {}, rule: 'unknownField' },
  { at: '/metrics/updated_at', value: 'now', rule: 'format' },
  { at: '/metrics/lifetime/from', value: ABSENT, rule: 'required' },
  { at: '/metrics/last_year/to', value: ABSENT, rule: 'required' },
  { at: '/metrics/this_year/from', value: '2024-01-01', rule: 'format' },
  { at: '/metrics/last_month/tier_id', value: 'gold', rule: 'format' },
  { at: '/metrics/this_month/last_visit', value: 'x', rule: 'format' },
  { at: '/metrics/last_quarter/last_session', value: 'x', rule: 'format' },
  { at: '/metrics/this_quarter/spend_total', value: -0.01, rule: 'minimum' },
  { at: '/metrics/last_semester/spend_total', value: '10', rule: 'type' },
  { at: '/metrics/this_semester/number_of_purchases', value: 1.5, rule: 'type' },
  { at: '/metrics/this_semester/number_of_purchases', value: -1, rule: 'minimum' },
  { at: '/metrics/lifetime/visits', value: 3, rule: 'unknownField' },
  // devices
  { at: '/devices', value: [] },
  { at: '/devices', value: 'ios', rule: 'type' },
  { at: '/devices/0/device_token', value: '', rule: 'minLength' },
  { at: '/devices/0/device_token', value: ABSENT, rule: 'required' },
  { at: '/devices/0/device_info', value: {} },
  { at: '/devices/0/device_info/platform', value: 'windows', rule: 'enum' },
  { at: '/devices/0/device_info/platform', value: ['ios'], rule: 'type' },
  { at: '/devices/0/device_info/platform', value: 'web' },
  { at: '/devices/0/device_info/model', value: 8, rule: 'type' },
  { at: '/devices/0/device_info/osVersion', value: 15, rule: 'type' },
  { at: '/devices/0/device_info/os', value: 'iOS', rule: 'unknownField' },
  { at: '/devices/0/expires_at', value: 'x', rule: 'format' },
  { at: '/devices/0/created_at', value: 'x', rule: 'format' },
  // free-form objects keep anything, but are objects
  { at: '/tags', value: { anything: { nested: [1, 'two'] }, document_numer: 'fine here' } },
  { at: '/tags', value: ['gold'], rule: 'type' },
  { at: '/metadata', value: { legacy: { id: 7 } } },
  { at: '/metadata', value: 'legacy', rule: 'type' },
  // unknown fields
  { at: '/document_numer', value: '123', rule: 'unknownField' }
]

t.test('each field, value by value', async (t) => {
  const { app } = await build(t)
  for (const { at, value, rule, also = [] } of CASES) {
    const customer = fullCustomer(0) as unknown as Record<string, unknown>
    setAt(customer, at, value)
    for (const [pointer, v] of also) setAt(customer, pointer, v)
    const response = await migrate(app, { customers: [customer] })
    const label = `${at} = ${value === ABSENT ? '(absent)' : JSON.stringify(value)}`
    if (rule === undefined) {
      t.equal(response.statusCode, 202, `${label} is accepted`)
      continue
    }
    t.equal(response.statusCode, 400, `${label} is refused`)
    t.same(response.json().violations.map((v: { path: string, rule: string }) => [v.path, v.rule]), [[`/customers/0${at}`, rule]],
      `${label}: one ${rule} violation at its path`)
  }
})

t.test('no type coercion anywhere', async (t) => {
  const { app } = await build(t)
  const customer = { id: 123, name: 'A', email: 'a@example.com', registration_date: '2023-11-07T05:31:56Z', balance: [{ reward_id: '3c90c3cc-0d44-4b50-8888-8dd25736052a', amount: '10' }] }
  const response = await migrate(app, { customers: [customer] })
  t.equal(response.statusCode, 400)
  t.same(response.json().violations.map((v: { path: string }) => v.path), ['/customers/0/id', '/customers/0/balance/0/amount'])
})

t.test('the batch: 1 to 1000 customers, nothing else', async (t) => {
  const { app } = await build(t)
  const one = fullCustomer(0)
  const cases: [unknown, string, string][] = [
    [{}, '/customers', 'required'],
    [{ customers: [] }, '/customers', 'minItems'],
    [{ customers: {} }, '/customers', 'type'],
    [[one], '', 'type'],
    [{ customers: [one], batch: 1 }, '/batch', 'unknownField'],
    [{ customers: ['id-1'] }, '/customers/0', 'type']
  ]
  for (const [body, path, rule] of cases) {
    const response = await migrate(app, body)
    t.equal(response.statusCode, 400)
    t.same(response.json().violations.map((v: { path: string, rule: string }) => [v.path, v.rule]), [[path, rule]], `${JSON.stringify(body).slice(0, 40)}: ${rule} at ${JSON.stringify(path)}`)
  }
  const tooMany = { customers: Array.from({ length: 1001 }, (_, i) => ({ ...one, id: `c${i}`, email: `c${i}@example.com` })) }
  const response = await migrate(app, tooMany)
  t.equal(response.statusCode, 400)
  t.same(response.json().violations, [{ path: '/customers', rule: 'maxItems', message: 'must hold at most 1000 items (it has 1001)' }])
})
