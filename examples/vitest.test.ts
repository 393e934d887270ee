import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest'
import { checkMigrateRequest, MockApiError, startMock, type RunningMock } from 'masivo-migrate-mock'
import type { Customer } from 'masivo-migrate-mock/schemas'

let mock: RunningMock
beforeAll(async () => { mock = await startMock() })
afterAll(() => mock.close())
beforeEach(() => mock.client.reset())

const customer = (id: string, email: string): Customer =>
  ({ id, name: 'Ana', email, registration_date: '2024-01-01T00:00:00Z' })

test('a refused batch says where each violation is', async () => {
  const masivo = mock.client.forAccount('my-token')
  const body = { customers: [customer('c-1', 'ana@example.com'), customer('c-2', 'ANA@example.com')] }
  const refused = await masivo.migrate(body).catch((err: unknown) => err)
  expect(refused).toBeInstanceOf(MockApiError)
  expect((refused as MockApiError).status).toBe(400)
  const { requests } = await masivo.waitForRequests({ status: 400 })
  expect(requests[0]?.violations).toEqual([{
    path: '/customers/1/email',
    rule: 'duplicateEmail',
    message: 'repeats the email of /customers/0 (emails compare case-insensitively)'
  }])
  // the same check, in-process, before sending
  expect(checkMigrateRequest(body).map((v) => v.path)).toEqual(['/customers/1/email'])
})
