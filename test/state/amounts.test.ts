/** Exact sums of amounts as written: order and magnitudes do not matter, the comparison is relative, reward ids compare in either case. */
import t from 'tap'
import fc from 'fast-check'
import { ExactSum, keptBalance, rewardKey, sumByReward } from '../../src/state/amounts.js'

const sumOf = (amounts: number[]) => amounts.reduce((sum, amount) => sum.add(amount), new ExactSum())

t.test('sums of amounts in cents are exact whatever their order', async (t) => {
  fc.assert(fc.property(fc.array(fc.integer({ min: -1e12, max: 1e12 }), { maxLength: 50 }), (cents) => {
    const amounts = cents.map((c) => c / 100)
    const expected = Number(`${cents.reduce((a, b) => a + BigInt(b), 0n)}e-2`)
    return sumOf(amounts).value === expected && sumOf([...amounts].reverse()).value === expected
  }))
  t.pass('200 arrays, forwards and backwards')
})

t.test('magnitudes far apart, written exponents, and the text a sum is kept as', async (t) => {
  t.equal(sumOf([0.1, 0.2]).value, 0.3)
  t.equal(sumOf(Array.from({ length: 1000 }, () => 0.1)).value, 100)
  t.equal(sumOf([50000000.3, -50000000.2]).value, 0.1)
  t.equal(sumOf([1e300, 1e-300, -1e300]).value, 1e-300)
  t.equal(sumOf([1.5e-7, 2.5e-7]).value, 4e-7)
  t.equal(sumOf([1e308, 1e308]).value, Infinity)
  t.equal(String(sumOf([1e308, 1e308])), 'more than 1.7976931348623157e+308')
  t.equal(String(sumOf([-1e308, -1e308])), 'more than -1.7976931348623157e+308')
  t.equal(sumOf([]).value, 0)
  const kept = sumOf([12.5, 0.25])
  t.equal(kept.exact, '1275e-2')
  t.equal(ExactSum.of(kept.exact).value, 12.75)
  t.equal(sumOf([150, 0, -50]).exact, '100e0', 'whole amounts')
  t.equal(sumOf([150, 0.5, 2]).exact, '1525e-1', 'whole amounts beside a fraction')
  t.equal(sumOf([2 ** 53, 1]).exact, '9007199254740993e0', 'past the largest safe integer, still exact')
})

t.test('two sums match within a billionth of the larger, and never past the largest number', async (t) => {
  t.ok(sumOf([0.3]).matches(sumOf([0.1, 0.2])))
  t.ok(sumOf([0.30000000000000004]).matches(sumOf([0.3])), 'a last binary digit is forgiven')
  t.notOk(sumOf([5e-324]).matches(sumOf([1e-300])), 'no absolute floor')
  t.notOk(sumOf([0]).matches(sumOf([1e9, -999999999])), 'cancellation cannot hide a difference')
  t.notOk(sumOf([1e308, 1e308]).matches(sumOf([1e308, 1e308])))
})

t.test('sums by reward: first-seen order, one reward in either case', async (t) => {
  const upper = '3C90C3CC-0D44-4B50-8888-8DD25736052A'
  const sums = sumByReward([{ reward_id: upper, amount: 1 }, { reward_id: 'b', amount: 2 }, { reward_id: upper.toLowerCase(), amount: 3 }])
  t.same([...sums].map(([reward, sum]) => [reward, sum.value]), [[rewardKey(upper), 4], ['b', 2]])
  t.same([...sumByReward(undefined)], [])
})

t.test('a balance is kept as the exact sums by reward, whether its amounts are whole or not, few or many', async (t) => {
  const rewards = ['3C90C3CC-0D44-4B50-8888-8DD25736052A', '3c90c3cc-0d44-4b50-8888-8dd25736052a', 'a', 'b', 'c']
  const amount = fc.oneof(
    fc.integer({ min: -1000, max: 1000 }),
    fc.constantFrom(Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 53, -0, 1e308, -1e308),
    fc.double({ noNaN: true, noDefaultInfinity: true })
  )
  const item = fc.record({ reward_id: fc.constantFrom(...rewards), amount })
  fc.assert(fc.property(fc.array(item, { maxLength: 40 }), (items) => {
    const sums = [...sumByReward(items)]
    const overflow = sums.find(([, sum]) => !Number.isFinite(sum.value))
    const expected = overflow === undefined ? sums.flatMap(([reward, sum]) => [reward, sum.exact]) : { why: `its balance of reward ${overflow[0]} adds up to ${overflow[1]}, which no JSON number the API answers with can carry` }
    return JSON.stringify(keptBalance(items)) === JSON.stringify(expected)
  }), { numRuns: 500 })
  t.pass('500 balances: whole, fractional, past the safe integers, past the largest number')
  t.same(keptBalance([{ reward_id: 'a', amount: -0 }]), ['a', '0e0'])
  t.same(keptBalance([{ reward_id: 'a', amount: Number.MAX_SAFE_INTEGER }, { reward_id: 'a', amount: 2 }]), ['a', '9007199254740993e0'], 'a whole sum past the safe integers, still exact')
  t.same(keptBalance(undefined), [])
})
