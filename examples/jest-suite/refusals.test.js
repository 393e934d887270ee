const { accountClient, MockApiError } = require('masivo-migrate-mock/jest')

test('a refused batch says where each violation is', async () => {
  const mock = await accountClient()
  const bad = { id: 'c-2', name: 'Bea', email: 'not-an-email', registration_date: '2024-01-01T00:00:00Z' }
  const refused = await mock.migrate({ customers: [bad] }).catch((err) => err)
  expect(refused).toBeInstanceOf(MockApiError)
  expect(refused.status).toBe(400)
  const { requests } = await mock.requests({ status: 400 })
  expect(requests[0].violations.map((v) => v.path)).toEqual(['/customers/0/email'])
})

test('the same customer id in another test is another customer', async () => {
  const mock = await accountClient()
  expect(await mock.customer('c-1')).toBeUndefined()
})
