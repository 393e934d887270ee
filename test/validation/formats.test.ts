/**
 * The fast format checkers against plainly written references of the same rules, on generated inputs
 * near the edges (fast-check), plus the edge cases by name.
 */
import t from 'tap'
import fc from 'fast-check'
import { dateTimeProblem, instantOf, isDateTime, isEmail, isLaterThan, isUuid } from '../../src/validation/formats.js'
import { checkMigrateRequest } from '../../src/validation/batch-validator.js'

const RUNS = { numRuns: 20_000 }

// ---- date-time -------------------------------------------------------------------------------

const daysIn = (year: number, month: number) => {
  const date = new Date(0)
  date.setUTCFullYear(year, month, 0) // day 0 of the next month: the last day of this one
  return date.getUTCDate()
}

const REFERENCE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/

/** An instant as a reference sees it: UTC day, second of that day (86400: a leap second), fraction in units of 10^-30 s. */
type Instant = [number, number, bigint]

const compareInstants = (a: Instant, b: Instant) => (a[0] - b[0]) || (a[1] - b[1]) || (a[2] > b[2] ? 1 : a[2] < b[2] ? -1 : 0)

/** RFC 3339 §5.6, read off the grammar and §5.7's restrictions, one check at a time. */
const reference = (s: string): { valid: boolean, instant?: Instant } => {
  const m = REFERENCE_SHAPE.exec(s)
  if (m === null) return { valid: false }
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number]
  const sign = m[8] === '-' ? -1 : 1
  const offset = m[8] === undefined ? 0 : sign * (Number(m[9]) * 60 + Number(m[10]))
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return { valid: false }
  if (hour > 23 || minute > 59 || second > 60) return { valid: false }
  if (m[8] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59)) return { valid: false }
  const date = new Date(0)
  date.setUTCFullYear(year, month - 1, day)
  date.setUTCHours(hour, minute, Math.min(second, 59), 0)
  const utcMs = date.getTime() - offset * 60_000
  const utcDay = Math.floor(utcMs / 86_400_000)
  const secondOfDay = (utcMs - utcDay * 86_400_000) / 1000
  if (second === 60 && secondOfDay !== 86_399) return { valid: false } // a leap second only at 23:59:60 UTC
  const fraction = BigInt((m[7] ?? '.').slice(1).padEnd(30, '0'))
  return { valid: true, instant: [utcDay, secondOfDay + (second === 60 ? 1 : 0), fraction] }
}

const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'))

const nearDateTime = fc.tuple(
  fc.oneof(fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')), fc.constantFrom('2024', '2023', '1900', '2000', '0000', '999', '20245')),
  fc.constantFrom('-', '/'),
  two(13),
  two(32),
  fc.constantFrom('T', 't', ' ', 'X', ''),
  two(24),
  two(60),
  two(61),
  fc.oneof(fc.constant(''), fc.stringMatching(/^\.\d{1,12}$/), fc.constant('.')),
  fc.oneof(
    fc.constantFrom('Z', 'z', '', 'UTC', '+0530', '+05', '-00:00'),
    fc.tuple(fc.constantFrom('+', '-'), two(25), two(60)).map(([s, h, m]) => `${s}${h}:${m}`)
  )
).map(([y, sep, mo, d, tee, h, mi, se, frac, off]) => `${y}${sep}${mo}${sep}${d}${tee}${h}:${mi}:${se}${frac}${off}`)

t.test('date-time: the same verdict and instant as the reference', async (t) => {
  fc.assert(fc.property(fc.oneof(nearDateTime, fc.string()), (s) => {
    const expected = reference(s)
    if (isDateTime(s) !== expected.valid) return false
    const instant = instantOf(s)
    if (!expected.valid) return instant === undefined
    return compareInstants([instant!.day, instant!.second, BigInt(instant!.fraction.padEnd(30, '0'))], expected.instant!) === 0
  }), RUNS)
  t.pass('20,000 generated strings agree')
})

t.test('date-time: RFC 3339 edge cases by name', async (t) => {
  const accepted = [
    '2023-11-07T05:31:56Z', '2023-11-07t05:31:56z', '2024-02-29T00:00:00Z', '2000-02-29T00:00:00Z',
    '2023-11-07T05:31:56.1Z', '2023-11-07T05:31:56.123456789+05:30', '2024-01-01T08:00:00.000Z',
    '1990-12-31T23:59:60Z', '1990-12-31T18:59:60-05:00', '0000-01-01T00:00:00Z', '2023-11-07T05:31:56-00:00'
  ]
  const refused = [
    '2023-11-07', '2023-11-07 05:31:56Z', '2023-11-07T05:31:56', '2023-11-07T05:31:56+0530', '2023-11-07T05:31:56+05',
    '2023-02-29T00:00:00Z', '1900-02-29T00:00:00Z', '2023-04-31T00:00:00Z', '2023-13-01T00:00:00Z', '2023-00-10T00:00:00Z',
    '2023-11-07T24:00:00Z', '2023-11-07T05:60:00Z', '2023-11-07T05:31:60Z', '2023-11-07T05:31:56.Z', '2023-11-07T05:31:56+24:00',
    '+2023-11-07T05:31:56Z', '2023-11-07T05:31:56Z ', ' 2023-11-07T05:31:56Z', '２０２３-11-07T05:31:56Z', '',
    '023-11-07T05:31:56Z', '12023-11-07T05:31:56Z', '2023-11-07T05:31:56Z\n'
  ]
  for (const s of accepted) t.ok(isDateTime(s), `accepts ${s}`)
  for (const s of refused) t.notOk(isDateTime(s), `refuses ${JSON.stringify(s)}`)
})

t.test('date-time of the right shape that is still none: the violation says which day or second, not the shape', async (t) => {
  t.equal(dateTimeProblem('2024-02-30T00:00:00Z'), 'names a day that does not exist (2024-02-30: February 2024 has 29 days)')
  t.equal(dateTimeProblem('2023-02-29T08:00:00+05:00'), 'names a day that does not exist (2023-02-29: February 2023 has 28 days)')
  t.equal(dateTimeProblem('2100-02-29T00:00:00Z'), 'names a day that does not exist (2100-02-29: February 2100 has 28 days)')
  t.equal(dateTimeProblem('2024-09-31T00:00:00-03:00'), 'names a day that does not exist (2024-09-31: September 2024 has 30 days)')
  t.equal(dateTimeProblem('2016-12-31T12:00:60Z'), 'has a leap second (12:00:60) that is not 23:59:60 UTC, the only minute a leap second ends')
  for (const fine of ['2024-02-29T00:00:00Z', '2016-12-31T23:59:60Z', '2016-12-31T20:59:60-03:00']) t.equal(dateTimeProblem(fine), undefined, fine)
  for (const shapeless of ['2024-02-30', '2024-02-30T00:00:00', 'soon']) t.equal(dateTimeProblem(shapeless), undefined, `${shapeless}: the shape's message says it`)
  const violations = checkMigrateRequest({ customers: [{ id: 'c', name: 'Ana', email: 'ana@example.com', registration_date: '2024-02-30T00:00:00Z', dob: '1990-01-01' }] })
  t.same(violations.map((v) => v.message), [
    'names a day that does not exist (2024-02-30: February 2024 has 29 days)',
    'must be an RFC 3339 date-time with an offset, e.g. 2023-11-07T05:31:56Z'
  ])
})

t.test('date-time: instants compare exactly, across offsets, leap seconds and any fraction length', async (t) => {
  t.same(instantOf('2024-01-01T08:00:00.000Z'), instantOf('2024-01-01T03:00:00-05:00'))
  t.same(instantOf('1970-01-02T00:00:01.50Z'), { day: 1, second: 1, fraction: '5' })
  t.equal(instantOf('yesterday'), undefined)
  t.ok(isLaterThan('2017-01-01T00:00:00Z', '2016-12-31T23:59:60Z'), 'a leap second comes before the next day')
  t.notOk(isLaterThan('2016-12-31T23:59:60.5Z', '2017-01-01T00:00:00Z'))
  t.ok(isLaterThan('2016-12-31T23:59:60Z', '2016-12-31T23:59:59.999Z'), 'and after the last second before it')
  t.ok(isLaterThan('2023-11-07T05:31:56.000000001Z', '2023-11-07T05:31:56Z'), 'one nanosecond')
  t.ok(isLaterThan('9999-12-31T23:59:59.99999Z', '9999-12-31T18:59:59.99998-05:00'), '10 µs at year 9999')
  t.notOk(isLaterThan('9999-12-31T23:59:59.99998Z', '9999-12-31T18:59:59.999980000000001-05:00'))
})

// ---- uuid ------------------------------------------------------------------------------------

const referenceUuid = (s: string) => {
  const parts = s.split('-')
  return parts.length === 5 && parts.map((p) => p.length).join() === '8,4,4,4,12' && parts.every((p) => /^[0-9a-f]+$/i.test(p))
}

const hexish = fc.constantFrom(...'0123456789abcdefABCDEFgG-{}: '.split(''))
const nearUuid = fc.oneof(
  fc.uuid(),
  fc.uuid().map((u) => u.toUpperCase()),
  fc.array(hexish, { minLength: 30, maxLength: 40 }).map((cs) => cs.join('')),
  fc.uuid().chain((u) => fc.integer({ min: 0, max: 35 }).chain((i) => hexish.map((c) => u.slice(0, i) + c + u.slice(i + 1))))
)

t.test('uuid: the same verdict as the reference', async (t) => {
  fc.assert(fc.property(fc.oneof(nearUuid, fc.string()), (s) => isUuid(s) === referenceUuid(s)), RUNS)
  t.ok(isUuid('3c90c3cc-0d44-4b50-8888-8dd25736052a'))
  t.ok(isUuid('00000000-0000-0000-0000-000000000000'), 'the nil UUID')
  t.ok(isUuid('3C90C3CC-0D44-4B50-8888-8DD25736052A'), 'upper case')
  t.notOk(isUuid('urn:uuid:3c90c3cc-0d44-4b50-8888-8dd25736052a'), 'no URN prefix')
  t.notOk(isUuid('{3c90c3cc-0d44-4b50-8888-8dd25736052a}'), 'no braces')
  t.notOk(isUuid('3c90c3cc0d444b5088888dd25736052a'), 'no missing dashes')
  t.notOk(isUuid('3c90c3cc-0d44-4b50-8888-8dd25736052g'), 'hex only')
  // each group's length is spelled out digit by digit in the regex: one short, one long, in every group
  const groups = '3c90c3cc-0d44-4b50-8888-8dd25736052a'.split('-')
  for (let g = 0; g < groups.length; g++) {
    const shorter = groups.map((p, i) => (i === g ? p.slice(1) : p)).join('-')
    const longer = groups.map((p, i) => (i === g ? `${p}a` : p)).join('-')
    t.notOk(isUuid(shorter), `group ${g + 1} one digit short`)
    t.notOk(isUuid(longer), `group ${g + 1} one digit long`)
  }
  t.notOk(isUuid('3c90c3cc-0d44-4b50-8888-8dd25736052a\n'), 'no trailing newline')
})

// ---- email -----------------------------------------------------------------------------------

const ATEXT = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+/=?^_`{|}~-"

const referenceEmail = (s: string) => {
  const parts = s.split('@')
  if (parts.length !== 2 || s.length > 254) return false
  const [local, domain] = parts as [string, string]
  if (local.length < 1 || local.length > 64) return false
  if (local.split('.').some((atom) => atom === '' || [...atom].some((c) => !ATEXT.includes(c)))) return false
  const labels = domain.split('.')
  return labels.length >= 2 && labels.every((l) =>
    l.length >= 1 && l.length <= 63 && /^[A-Za-z0-9-]+$/.test(l) && !l.startsWith('-') && !l.endsWith('-'))
}

const chars = (alphabet: string, max: number) =>
  fc.array(fc.constantFrom(...alphabet.split('')), { minLength: 0, maxLength: max }).map((cs) => cs.join(''))
const nearEmail = fc.tuple(
  chars(`${ATEXT}.."() @é`, 70),
  fc.constantFrom('@', '', '@@'),
  fc.array(chars('abcxyz019--', 65), { minLength: 1, maxLength: 4 }).map((ls) => ls.join('.'))
).map(([local, at, domain]) => `${local}${at}${domain}`)

t.test('email: the same verdict as the reference', async (t) => {
  fc.assert(fc.property(fc.oneof(nearEmail, fc.emailAddress(), fc.string()), (s) => isEmail(s) === referenceEmail(s)), RUNS)
  t.ok(isEmail('john.smith@example.com'))
  t.ok(isEmail("o'neil+tag@mail.example.co"), 'atext specials')
  t.ok(isEmail(`${'a'.repeat(64)}@example.com`), '64-character local part')
  t.notOk(isEmail(`${'a'.repeat(65)}@example.com`), '65-character local part')
  t.notOk(isEmail(`a@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.${'e'.repeat(62)}`), 'longer than 254')
  t.notOk(isEmail('john@localhost'), 'a bare host name')
  t.notOk(isEmail('john..smith@example.com'), 'two dots')
  t.notOk(isEmail('.john@example.com'), 'leading dot')
  t.notOk(isEmail('john@-example.com'), 'label starting with a hyphen')
  t.notOk(isEmail('"john smith"@example.com'), 'quoted local part')
  t.notOk(isEmail('josé@example.com'), 'non-ASCII')
  t.notOk(isEmail('john@example.com '), 'trailing space')
})

t.test('isLaterThan: the same answer as comparing instants, text shortcut or not', async (t) => {
  fc.assert(fc.property(fc.oneof(nearDateTime, fc.date({ noInvalidDate: true }).map((d) => d.toISOString())), fc.oneof(nearDateTime, fc.date({ noInvalidDate: true }).map((d) => d.toISOString())), (a, b) => {
    const [x, y] = [reference(a), reference(b)]
    const expected = x.valid && y.valid && compareInstants(x.instant!, y.instant!) > 0
    return isLaterThan(a, b) === expected
  }), RUNS)
  t.ok(isLaterThan('2025-01-01T00:00:00Z', '2024-12-31T23:59:59Z'))
  t.notOk(isLaterThan('2024-01-01T05:00:00+05:00', '2024-01-01T00:00:00Z'), 'the same instant')
  t.ok(isLaterThan('2024-01-01T05:00:01+05:00', '2024-01-01T00:00:00Z'))
  t.notOk(isLaterThan('2024-13-01T00:00:00Z', '2024-12-01T00:00:00Z'), 'not a date-time: no verdict')
})
