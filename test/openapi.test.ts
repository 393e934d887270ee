/**
 * The OpenAPI document (src/openapi.ts): derived from the same TypeBox schemas that validate, clean under
 * Redocly's recommended rules, fit for code generators, and true to what the mock answers.
 */
import t from 'tap'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { createConfig, lintFromString } from '@redocly/openapi-core'
import type { FastifyInstance, InjectOptions } from 'fastify'
import { Customer } from '../schemas/customer.js'
import { isDateTime, isEmail, isUuid } from '../src/validation/formats.js'
import { admin, AUTHORIZE, build, EVENTS, MIGRATE, migrate, TRANSACTIONS } from './helper.js'
import { batchOf, entriesOf, minimalCustomer, minimalEvents, minimalTransactions } from './fixtures.js'

type Json = Record<string, any>

const documentOf = async (app: FastifyInstance): Promise<Json> => (await admin(app, '/__admin/openapi.json')).body

t.test('documents the emulated API and the inspection API, from the schemas that validate', async (t) => {
  const { app } = await build(t)
  const document = await documentOf(app)
  t.equal(document.openapi, '3.1.0')
  const body = document.paths[MIGRATE].post.requestBody.content['application/json'].schema
  t.same(body, { $ref: '#/components/schemas/MigrateRequest' })
  const { schemas } = document.components
  t.same(schemas.MigrateRequest.properties.customers.items, { $ref: '#/components/schemas/Customer' })
  t.equal(schemas.MigrateRequest.properties.customers.maxItems, 1000)
  t.same(Object.keys(schemas.Customer.properties), Object.keys(Customer.properties))
  t.ok(document.paths['/__admin/batches/{id}'].get)
  t.notOk(document.paths['/__admin/openapi.json'], 'the document does not list itself')
})

t.test("Redocly's recommended rules find no problem", async (t) => {
  const { app } = await build(t)
  const config = await createConfig({ extends: ['recommended'] })
  const problems = await lintFromString({ source: JSON.stringify(await documentOf(app)), absoluteRef: 'openapi.json', config })
  t.same(problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`), [])
})

t.test('fit for code generators', async (t) => {
  const { app } = await build(t)
  const document = await documentOf(app)
  const { schemas, securitySchemes } = document.components

  t.test('named components, referenced where they are used', async (t) => {
    for (const name of ['Customer', 'BalanceItem', 'MetricsPeriod', 'Device', 'ErrorBody', 'Violation', 'BatchSummary', 'BatchDetail', 'CustomerRecord', 'JournalEntry', 'Fault', 'Stats']) {
      t.ok(schemas[name], name)
      t.match(JSON.stringify(document.paths) + JSON.stringify(schemas), `"#/components/schemas/${name}"`, `${name} is referenced`)
    }
    t.same(schemas.Metrics.properties.lifetime, { $ref: '#/components/schemas/MetricsPeriod', description: 'Metrics since customer registration' }, 'a reference keeps its own description')
  })

  t.test('every operation: a unique operationId, its security, its error answers', async (t) => {
    const ids: string[] = []
    for (const [path, operations] of Object.entries(document.paths as Json)) {
      for (const [method, operation] of Object.entries(operations as Json)) {
        ids.push(operation.operationId)
        t.ok(operation.operationId, `${method} ${path} has an operationId`)
        t.ok(Array.isArray(operation.security), `${method} ${path} declares its security`)
        t.ok(Object.keys(operation.responses).some((status) => status.startsWith('4')), `${method} ${path} declares its 4xx`)
      }
    }
    t.equal(new Set(ids).size, ids.length, 'operationIds are unique')
    t.same(document.paths[MIGRATE].post.security, [{ bearer: [] }])
    t.same(document.paths[AUTHORIZE].get.security, [{ apiKey: [] }])
    t.same(document.paths['/__admin/stats'].get.security, [{}, { bearer: [] }, { apiKey: [] }], 'admin: optional')
    t.same(document.paths['/health'].get.security, [])
    t.match(securitySchemes, { bearer: { type: 'http', scheme: 'bearer' }, apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' } })
  })

  t.test('204s have no content; every answer declares x-request-id; 429 declares Retry-After', async (t) => {
    for (const [path, method] of [['/__admin/reset', 'post'], ['/__admin/faults', 'delete']] as const) {
      const responses = document.paths[path][method].responses
      t.notOk(responses['200'], `${method} ${path}: no 200`)
      t.notOk(responses['204'].content, `${method} ${path}: 204 without content`)
    }
    for (const operations of Object.values(document.paths as Json)) {
      for (const operation of Object.values(operations as Json)) {
        for (const response of Object.values(operation.responses as Json)) t.same(response.headers['x-request-id'], { $ref: '#/components/headers/RequestId' })
      }
    }
    t.match(document.paths[MIGRATE].post.responses['429'].headers, { 'retry-after': {}, 'x-ratelimit-limit': {}, 'x-ratelimit-remaining': {}, 'x-ratelimit-reset': {} })
  })

  t.test('parameters with a default are optional; tags and metadata are open objects', async (t) => {
    for (const parameter of document.paths['/__admin/batches'].get.parameters) {
      if (parameter.schema.default !== undefined) t.equal(parameter.required, false, `${parameter.name} has a default`)
    }
    t.notOk(schemas.FaultRequest.required, 'every member of a fault has a default')
    t.same(schemas.Customer.properties.tags.additionalProperties, true)
    t.same(schemas.Customer.properties.metadata.additionalProperties, true)
  })

  t.test('the rules JSON Schema can say, it says', async (t) => {
    t.same(schemas.Customer.dependentRequired, { document_type: ['document_number'], document_number: ['document_type'] })
    t.same(schemas.BalanceItem.then, { properties: { expiration_date: { type: 'null' } } })
    t.match(schemas.BalanceItem.if, { required: ['amount'] })
    t.ok(schemas.Customer.properties.email.pattern)
    t.ok(schemas.Customer.properties.registration_date.pattern)
    t.ok(schemas.BalanceItem.properties.reward_id.pattern)
  })

  t.test('servers and license', async (t) => {
    t.match(document.servers, [{ url: 'http://{host}:{port}', variables: { host: { default: '127.0.0.1' }, port: { default: '8080' } } }])
    t.same(document.info.license, { name: 'MIT', identifier: 'MIT' })
  })
})

/** Where an answer is declared: the operation of `method` and the path template matching `url`. */
const operationOf = (document: Json, method: string, url: string): Json | undefined => {
  const path = url.split('?')[0]!
  for (const [template, operations] of Object.entries(document.paths as Json)) {
    if (new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path)) return (operations as Json)[method.toLowerCase()]
  }
  return undefined
}

t.test("the mock's live answers are the ones the document declares", async (t) => {
  const { app } = await build(t, { BODY_LIMIT_BYTES: '1024', RATE_LIMIT_MAX: '2', RATE_LIMIT_WINDOW_MS: '60000' })
  const document = await documentOf(app)
  const ajv = new Ajv2020({ strict: false, allErrors: true, formats: { 'date-time': isDateTime, uuid: isUuid, email: isEmail } })
  ajv.addSchema({ $id: 'openapi.json', components: document.components })
  const big = JSON.stringify(batchOf(40, minimalCustomer))
  const json = { 'content-type': 'application/json' }

  const accepted = JSON.parse((await migrate(app)).body) as Json
  const requestId = (await admin(app, '/__admin/requests')).body.requests[0].id as string
  await migrate(app, batchOf(1, minimalCustomer), { token: 'other' })
  const corpus: InjectOptions[] = [
    { url: '/health' },
    { url: '/health', headers: { expect: '100-nope' } },
    { method: 'POST', url: MIGRATE, headers: { authorization: 'Bearer a', ...json }, payload: JSON.stringify(batchOf(1, minimalCustomer)) },
    { method: 'POST', url: MIGRATE, headers: { authorization: 'Bearer a', ...json }, payload: '{"customers":[]}' },
    { method: 'POST', url: MIGRATE, headers: { authorization: 'Bearer a', ...json }, payload: '{}' },
    { method: 'POST', url: MIGRATE, headers: { authorization: 'Bearer b', ...json }, payload: big },
    { method: 'POST', url: MIGRATE, headers: { authorization: 'Bearer b', 'content-type': 'text/plain' }, payload: 'x' },
    { method: 'POST', url: MIGRATE, headers: json, payload: '{}' },
    { url: AUTHORIZE, headers: { 'x-api-key': 'k' } },
    { url: AUTHORIZE },
    { url: '/__admin/batches' },
    { url: '/__admin/batches?limit=0' },
    { url: '/__admin/batches', headers: { authorization: 'Basic x' } },
    { url: `/__admin/batches/${accepted.batch_id}` },
    { url: '/__admin/batches/nope' },
    { url: `/__admin/batches/${accepted.batch_id}/body` },
    { url: '/__admin/batches/nope/body' },
    { url: '/__admin/customers' },
    { url: '/__admin/customers/cust-000000', headers: { authorization: 'Bearer test-token' } },
    { url: '/__admin/customers/cust-000000' },
    { url: '/__admin/customers/nobody' },
    { url: '/__admin/requests?status=202' },
    { url: `/__admin/requests/${requestId}` },
    { url: '/__admin/requests/nope' },
    { url: '/__admin/stats' },
    { url: '/__admin/faults' },
    { method: 'POST', url: '/__admin/faults', headers: json, payload: '{"kind":"nope"}' },
    { method: 'POST', url: '/__admin/faults', headers: { 'content-type': 'text/plain' }, payload: 'x' },
    { method: 'POST', url: '/__admin/faults', headers: json, payload: big },
    { method: 'DELETE', url: '/__admin/faults' },
    { method: 'POST', url: '/__admin/faults', headers: { authorization: 'Bearer c', ...json }, payload: '{"status":503}' },
    { method: 'POST', url: MIGRATE, headers: { authorization: 'Bearer c', ...json }, payload: '{}' },
    { method: 'POST', url: '/__admin/reset', headers: { authorization: 'Bearer nobody' } },
    { method: 'POST', url: TRANSACTIONS, headers: { authorization: 'Bearer d', ...json }, payload: JSON.stringify(entriesOf(1, minimalTransactions)) },
    { method: 'POST', url: TRANSACTIONS, headers: { authorization: 'Bearer d', ...json }, payload: '{"customers":[]}' },
    { method: 'POST', url: EVENTS, headers: { authorization: 'Bearer e', ...json }, payload: JSON.stringify(entriesOf(1, minimalEvents)) },
    { method: 'POST', url: EVENTS, headers: { authorization: 'Bearer e', ...json }, payload: '{"customers":[]}' },
    { url: '/api/storefront/v1/customers/cust-000000', headers: { authorization: 'Bearer test-token' } },
    { url: '/api/storefront/v1/customers/nobody', headers: { authorization: 'Bearer test-token' } },
    { url: '/api/storefront/v1/customers/cust-000000' },
    { method: 'POST', url: '/__admin/queue/flush' },
    { method: 'POST', url: '/__admin/reset', headers: { origin: 'http://evil.example' } },
    { url: '/__admin/batches?kind=events&status=processed' }
  ]
  const reached = new Set<string>()
  for (const request of corpus) {
    const response = await app.inject(request)
    const name = `${request.method ?? 'GET'} ${request.url} → ${response.statusCode}`
    const operation = operationOf(document, request.method ?? 'GET', request.url as string)
    t.ok(operation, `${name}: an operation`)
    const status = String(response.statusCode)
    const declared = operation?.responses[status] ?? operation?.responses[`${status[0]}XX`]
    if (!t.ok(declared, `${name}: declared`)) continue
    reached.add(`${operation!.operationId} ${operation!.responses[status] === undefined ? `${status[0]}XX` : status}`)
    t.ok(response.headers['x-request-id'], `${name}: x-request-id`)
    const schema = declared.content?.['application/json']?.schema
    if (schema === undefined) {
      t.equal(response.body, '', `${name}: no body`)
      continue
    }
    const validate = ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi.json#/components/')))
    t.ok(validate(response.json()), `${name}: the body is as declared ${JSON.stringify(validate.errors)}`)
  }
  const unreached = Object.values(document.paths as Json).flatMap((operations) => Object.values(operations as Json).flatMap((operation) =>
    Object.keys(operation.responses).map((status) => `${operation.operationId} ${status}`)))
    .filter((answer) => !reached.has(answer))
  // the HTTP layer's own answers are reached by test/http/ (408: a request that does not arrive in time); a
  // subscriber past MAX_EVENT_SUBSCRIBERS by test/routes/admin/events.test.ts (inject cannot hold streams open)
  const byOperation = [...reached].map((answer) => answer.split(' ')[1])
  const elsewhere = (answer: string) => answer.endsWith(' 408') || answer.endsWith(' 417') || answer === 'streamEvents 503'
  t.same(unreached.filter((answer) => !elsewhere(answer) && !byOperation.includes(answer.split(' ')[1]!)), [],
    'every status declared is answered by some operation of the corpus')
})
