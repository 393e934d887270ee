/**
 * Amounts added as the decimals they were written as, exactly: a migrated balance, the transactions that
 * must add up to it, a wallet's totals. Each amount is taken as the shortest decimal that reads back as the
 * same number (what JSON.parse made of "0.1" is 0.1 again), and sums are kept as a whole number of a power
 * of ten (BigInt), so 0.1 + 0.2 is 0.3, 1000 × 0.1 is 100, and 50000000.3 − 50000000.2 is 0.1, whatever the
 * order or the magnitudes. Reward ids are UUIDs, which the schema accepts in either case: they compare in
 * lower case.
 */

/** The reward a `reward_id` names, whatever the case of its hex digits. */
export const rewardKey = (rewardId: string): string => rewardId.toLowerCase()

/** How JavaScript writes a number: sign, digits, a fraction, an exponent ("-1.5e-7", "100", "1e+21"). */
const WRITTEN = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/

/** Two amounts are equal when they differ by at most this part of the larger: amounts computed in binary by the sender are forgiven their last digits. */
const RELATIVE_TOLERANCE = 1e-9

/** An exact sum: `units` × 10^`exponent`. */
export class ExactSum {
  private units = 0n
  private exponent = 0

  /** Adds an amount (a finite number, as JSON carries them). */
  add (amount: number): this {
    // a whole amount (points, mostly) is its own units: no text to read it from
    if (Number.isSafeInteger(amount)) {
      this.addUnits(BigInt(amount), 0)
      return this
    }
    const [, sign = '', whole = '0', fraction = '', power = '0'] = WRITTEN.exec(String(amount)) ?? []
    this.addUnits(BigInt(sign + whole + fraction), Number(power) - fraction.length)
    return this
  }

  /** Adds another sum, exactly. */
  plus (other: ExactSum): this {
    this.addUnits(other.units, other.exponent)
    return this
  }

  /** This sum less another, exactly. */
  minus (other: ExactSum): ExactSum {
    const difference = new ExactSum()
    difference.addUnits(this.units, this.exponent)
    difference.addUnits(-other.units, other.exponent)
    return difference
  }

  /** A sum kept as `exact`'s text. */
  static of (exact: string): ExactSum {
    const sum = new ExactSum()
    const [units = '0', exponent = '0'] = exact.split('e')
    sum.addUnits(BigInt(units), Number(exponent))
    return sum
  }

  /** The sum exactly, as compact text for keeping (`units` and `exponent`: "15e-1" is 1.5). */
  get exact (): string {
    return `${this.units}e${this.exponent}`
  }

  /** The sum as the nearest number (Infinity past the largest one). */
  get value (): number {
    return Number(this.exact)
  }

  /** Whether this sum and another are the same amount, within RELATIVE_TOLERANCE of the larger; a sum past the largest number equals none. */
  matches (other: ExactSum): boolean {
    const [a, b] = [this.value, other.value]
    if (!Number.isFinite(a) || !Number.isFinite(b)) return false
    return Math.abs(this.minus(other).value) <= RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b))
  }

  /** The sum in words: the number, or what it is past. */
  toString (): string {
    const value = this.value
    return Number.isFinite(value) ? String(value) : `more than ${value > 0 ? '' : '-'}${Number.MAX_VALUE}`
  }

  private addUnits (units: bigint, exponent: number): void {
    if (exponent < this.exponent) {
      this.units *= 10n ** BigInt(this.exponent - exponent)
      this.exponent = exponent
    }
    this.units += exponent > this.exponent ? units * 10n ** BigInt(exponent - this.exponent) : units
  }
}

/** Each reward's exact sum of `items`' amounts, by reward key, in first-seen order: linear in the items, however many rewards. */
export const sumByReward = (items: unknown): Map<string, ExactSum> => {
  const sums = new Map<string, ExactSum>()
  if (!Array.isArray(items)) return sums
  for (const item of items as { reward_id: string, amount: number }[]) {
    const key = rewardKey(item.reward_id)
    let sum = sums.get(key)
    if (sum === undefined) sums.set(key, sum = new ExactSum())
    sum.add(item.amount)
  }
  return sums
}

/**
 * Why transactions do not match a balance (kept as keptBalance keeps it), reward by reward; undefined when
 * they do. The queue's rule and its reason, and `validate --customers`'s.
 */
export const mismatchOf = (balance: readonly string[], transactions: Map<string, ExactSum>): string | undefined => {
  const migrated = new Map<string, ExactSum>()
  for (let i = 0; i < balance.length; i += 2) migrated.set(balance[i]!, ExactSum.of(balance[i + 1]!))
  const problems: string[] = []
  for (const reward of new Set([...migrated.keys(), ...transactions.keys()])) {
    const [kept, summed] = [migrated.get(reward) ?? new ExactSum(), transactions.get(reward) ?? new ExactSum()]
    if (!kept.matches(summed)) problems.push(`reward ${reward}: the transactions add up to ${summed}, the migrated balance is ${kept}`)
  }
  if (problems.length === 0) return undefined
  return `its transactions do not match its migrated balance (${problems.slice(0, 3).join('; ')}${problems.length > 3 ? `; and ${problems.length - 3} more` : ''})`
}

/** Past this many items, a balance is summed through a Map: a list searched per item would cost their square. */
const FEW_ITEMS = 16

/**
 * keptBalance for the usual balance, without BigInts or a Map: a few items of whole amounts whose sums stay
 * safe integers, each sum exact as a number. Undefined for any other balance (the general way sums it).
 */
const wholeBalance = (items: readonly { reward_id: string, amount: number }[]): string[] | undefined => {
  if (items.length > FEW_ITEMS) return undefined
  const rewards: string[] = []
  const sums: number[] = []
  for (const { reward_id: rewardId, amount } of items) {
    if (!Number.isSafeInteger(amount)) return undefined
    const key = rewardKey(rewardId)
    const at = rewards.indexOf(key)
    if (at === -1) {
      rewards.push(key)
      sums.push(amount)
    } else {
      const sum = sums[at]! + amount
      if (!Number.isSafeInteger(sum)) return undefined
      sums[at] = sum
    }
  }
  const kept = new Array<string>(rewards.length * 2)
  for (let i = 0; i < rewards.length; i++) {
    kept[2 * i] = rewards[i]!
    kept[2 * i + 1] = `${sums[i]}e0` // ExactSum's text of a whole sum (-0 is written 0, as a BigInt is)
  }
  return kept
}

/** A balance's exact sums, kept compact: [reward key, exact sum's text, ...]; or why it cannot be kept (a sum past the largest number). */
export const keptBalance = (items: unknown): string[] | { why: string } => {
  if (!Array.isArray(items)) return []
  const whole = wholeBalance(items as { reward_id: string, amount: number }[])
  if (whole !== undefined) return whole
  const kept: string[] = []
  for (const [reward, sum] of sumByReward(items)) {
    const exact = sum.exact
    if (!Number.isFinite(Number(exact))) return { why: `its balance of reward ${reward} adds up to ${sum}, which no JSON number the API answers with can carry` }
    kept.push(reward, exact)
  }
  return kept
}
