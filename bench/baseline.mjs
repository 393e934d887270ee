// The smallest Fastify server that reads the JSON body and answers 202: no validation, no storage.
// The benchmark reports the mock's figures as ratios to this one, measured in the same run.
import { randomUUID } from 'node:crypto'
import Fastify from 'fastify'

const app = Fastify({ bodyLimit: 16 * 1024 * 1024 })
// the three migrate endpoints, each with its success status and message
for (const [path, status, message] of [
  ['', 202, 'Customers batch enqueued successfully'],
  ['/transactions', 202, 'Customer transactions enqueued successfully'],
  ['/events', 201, 'Customer events enqueued successfully']
]) {
  app.post(`/api/storefront/v1/customers/migrate${path}`, async (request, reply) =>
    reply.code(status).send({ message, batch_id: randomUUID(), count: request.body.customers.length }))
}
// a normal exit on SIGTERM, as the mock's: --cpu-prof writes its profile only then
process.once('SIGTERM', () => app.close().then(() => process.exit(0)))
await app.listen({ port: Number(process.env.PORT ?? 8081), host: '127.0.0.1' })
