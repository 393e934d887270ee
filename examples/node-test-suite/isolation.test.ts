// Run with: npx masivo-migrate-mock exec -- node --test
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { accountClient, mockUrl } from 'masivo-migrate-mock/node-test'

test('another file, the same mock, an account of its own', async (t) => {
  t.diagnostic(`shared mock: ${mockUrl()}`)
  const mock = await accountClient()
  assert.equal((await mock.batches()).total, 0)
  assert.equal(await mock.customer('c-1'), undefined)
})
