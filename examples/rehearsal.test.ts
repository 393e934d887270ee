import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, test } from 'node:test'
import { startMock, type RunningMock } from 'masivo-migrate-mock'
import type { Customer } from 'masivo-migrate-mock/schemas'

const POINTS = '3c90c3cc-0d44-4b50-8888-8dd25736052a'
const ana: Customer = {
  id: 'c-1',
  name: 'Ana',
  email: 'ana@example.com',
  registration_date: '2024-01-01T00:00:00Z',
  balance: [{ reward_id: POINTS, amount: 150 }]
}

let mock: RunningMock
before(async () => {
  mock = await startMock({
    rateLimit: 'masivo-dev',
    // the account's rewards, as Masivo has them: an entry naming another reward is rejected
    referenceData: { '*': { rewards: [{ id: POINTS, name: 'Points', type: 'POINTS' }] } }
  })
})
after(() => mock.close())

/** A client of a new account, with a static token (any token is one while AUTH_TOKENS is unset). */
const newAccount = () => mock.client.forAccount(`rehearsal-${randomUUID()}`)

test('an hour of Masivo Dev limits, in milliseconds', async () => {
  const masivo = newAccount()
  for (let sent = 0; sent < 250; sent++) await masivo.migrate({ customers: [ana] })
  await assert.rejects(masivo.migrate({ customers: [ana] }), { status: 429 })
  await mock.client.advanceClock(60 * 60 * 1000)
  assert.equal((await masivo.migrate({ customers: [ana] })).count, 1)
})

test('a token that expires mid-migration', async () => {
  const token = await mock.client.authorize(`key-${randomUUID()}`)
  const masivo = mock.client.forAccount(token)
  await masivo.migrate({ customers: [ana] })
  await mock.client.advanceClock(61 * 60 * 1000) // a token lasts an hour
  await assert.rejects(masivo.migrate({ customers: [ana] }), { status: 401 })
})

test('a reward the account does not have is rejected, with the reason', async () => {
  const masivo = newAccount()
  const stranger = { ...ana, balance: [{ reward_id: '00000000-0000-4000-8000-000000000000', amount: 5 }] }
  await masivo.migrate({ customers: [stranger] })
  await assert.rejects(masivo.expectAllApplied(), /not in this account's reference data: reward 00000000-/)
})

test('a batch accepted before the connection dropped, sent again, updates the customer', async () => {
  const masivo = newAccount()
  await masivo.addFault({ kind: 'reset', after_accept: true })
  await assert.rejects(masivo.migrate({ customers: [ana] }))
  await masivo.migrate({ customers: [ana] })
  await masivo.expectAllApplied()
  const { batches } = await masivo.batches()
  assert.deepEqual(batches.map((batch) => batch.outcomes), [{ created: 0, updated: 1, rejected: 0 }, { created: 1, updated: 0, rejected: 0 }])
})
