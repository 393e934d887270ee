/** The migrate body's validator, as a client may run it before sending (checkMigrateRequest). */
import t from 'tap'
import { checkMigrateRequest } from '../../src/validation/batch-validator.js'
import { batchOf, fullCustomer, minimalCustomer } from '../fixtures.js'

t.test('checkMigrateRequest: the violations the endpoint would answer, before sending', async (t) => {
  t.same(checkMigrateRequest(batchOf(3, fullCustomer)), [], 'none for a batch it would accept')
  t.same(checkMigrateRequest({ customers: [{ ...minimalCustomer(0), document_type: 'DNI' }] }), [
    { path: '/customers/0/document_number', rule: 'documentPair', message: 'is required when document_type is given' }
  ])
  t.match(checkMigrateRequest(batchOf(3, minimalCustomer), { maxBatchSize: 2 }), [{ path: '/customers', rule: 'maxItems' }])
  t.same(checkMigrateRequest({ customers: [{ ...minimalCustomer(0), extra: 1 }] }, { allowUnknownFields: true }), [])
  t.match(checkMigrateRequest(JSON.parse('{"customers":[],"__proto__":{}}')), [{ path: '/__proto__', rule: 'forbiddenKey', message: /"__proto__" key at/ }])
})
