/** The OpenAPI document, derived from the same TypeBox schemas that validate. */
import t from 'tap'
import { admin, build } from '../../helper.js'
import { Customer } from '../../../schemas/customer.js'

t.test('GET /__admin/openapi.json documents the emulated API and the inspection API', async (t) => {
  const { app } = await build(t)
  const { status, body } = await admin(app, '/__admin/openapi.json')
  t.equal(status, 200)
  t.equal(body.openapi, '3.1.0')
  const migrate = body.paths['/api/storefront/v1/customers/migrate'].post
  const schema = migrate.requestBody.content['application/json'].schema
  t.same(Object.keys(schema.properties.customers.items.properties), Object.keys(Customer.properties))
  t.equal(schema.properties.customers.maxItems, 1000)
  t.ok(body.paths['/__admin/batches/{id}'].get)
  t.ok(body.paths['/api/storefront/v1/auth/authorize'].get)
  t.notOk(body.paths['/__admin/openapi.json'], 'the document does not list itself')
})
