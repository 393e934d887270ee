/** How a rejected batch is reported: every violation, in order, summarized, at most 1000 listed. */
import t from 'tap'
import { build, migrate } from '../helper.js'
import { minimalCustomer } from '../fixtures.js'

t.test('the 400 body: Bad Request, a sentence, and the violations', async (t) => {
  const { app } = await build(t)
  const response = await migrate(app, { customers: [{ ...minimalCustomer(0), email: 'x' }, { ...minimalCustomer(1), name: '' }] })
  t.equal(response.statusCode, 400)
  t.match(response.headers['content-type'], /^application\/json/)
  t.same(response.json(), {
    error: 'Bad Request',
    code: 'MOCK_ERR_VIOLATIONS',
    details: '2 violations: /customers/0/email must be an email address, e.g. john.smith@example.com; /customers/1/name must not be empty.',
    violations: [
      { path: '/customers/0/email', rule: 'format', message: 'must be an email address, e.g. john.smith@example.com' },
      { path: '/customers/1/name', rule: 'minLength', message: 'must not be empty' }
    ]
  })
})

t.test('details names the first three and counts the rest', async (t) => {
  const { app } = await build(t)
  const customers = Array.from({ length: 5 }, (_, i) => ({ ...minimalCustomer(i), email: `bad${i}` }))
  const { details } = (await migrate(app, { customers })).json()
  t.match(details, /^5 violations: \/customers\/0\/email .*; \/customers\/1\/email .*; \/customers\/2\/email .*; and 2 more\.$/)
})

t.test('violations come customer by customer, in order', async (t) => {
  const { app } = await build(t)
  const customers = [
    { ...minimalCustomer(0), zzz: 1, email: 'x', document_type: 'CC' },
    { ...minimalCustomer(1), id: minimalCustomer(0).id, name: '' }
  ]
  const paths = (await migrate(app, { customers })).json().violations.map((v: { path: string }) => v.path)
  const indexes = paths.map((p: string) => Number(p.split('/')[2]))
  t.same(indexes, [...indexes].sort((a, b) => a - b))
  t.equal(paths.length, 5)
})

t.test('an unknown field names the likely intended one', async (t) => {
  const { app } = await build(t)
  const { violations } = (await migrate(app, { customers: [{ ...minimalCustomer(0), document_numer: '1', registraton_date: 'x', zzzzzzzz: 1 }] })).json()
  t.same(violations.map((v: { message: string }) => v.message), [
    "is not a field Masivo documents; did you mean 'document_number'?",
    "is not a field Masivo documents; did you mean 'registration_date'?",
    'is not a field Masivo documents'
  ])
})

t.test('pointer tokens are escaped (RFC 6901)', async (t) => {
  const { app } = await build(t)
  const { violations } = (await migrate(app, { customers: [{ ...minimalCustomer(0), 'a/b~c': 1 }] })).json()
  t.equal(violations[0].path, '/customers/0/a~1b~0c')
})

t.test('at most 1000 violations are listed; details counts them all', async (t) => {
  const { app } = await build(t)
  const customers = Array.from({ length: 600 }, (_, i) => ({ ...minimalCustomer(i), email: `x${i}`, name: '' }))
  const body = (await migrate(app, { customers })).json()
  t.equal(body.violations.length, 1000)
  t.match(body.details, /^1200 violations \(the first 1000 are listed\): /)
})

t.test('MAX_BATCH_SIZE lowers the batch limit', async (t) => {
  const { app } = await build(t, { MAX_BATCH_SIZE: '2' })
  const response = await migrate(app, { customers: [0, 1, 2].map(minimalCustomer) })
  t.same(response.json().violations, [{ path: '/customers', rule: 'maxItems', message: 'must hold at most 2 items (it has 3)' }])
  t.equal((await migrate(app, { customers: [0, 1].map(minimalCustomer) })).statusCode, 202)
})

t.test('ALLOW_UNKNOWN_FIELDS=true accepts unknown fields and keeps them', async (t) => {
  const { app } = await build(t, { ALLOW_UNKNOWN_FIELDS: 'true' })
  const sent = { customers: [{ ...minimalCustomer(0), loyalty_tier: 'gold', metrics: { lifetime: { from: '2024-01-01T00:00:00Z', to: '2024-02-01T00:00:00Z', visits: 3 } } }], source: 'crm' }
  const response = await migrate(app, sent)
  t.equal(response.statusCode, 202)
  const stored = await app.inject({ url: `/__admin/batches/${response.json().batch_id}` })
  t.same(stored.json().customers, sent.customers)
  const body = await app.inject({ url: `/__admin/batches/${response.json().batch_id}/body` })
  t.same(body.json(), sent, 'the whole body, top-level extras too')
  t.equal((await migrate(app, { customers: [{ ...minimalCustomer(1), email: 'x' }] })).statusCode, 400, 'known fields are still checked')
})
