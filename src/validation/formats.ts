/**
 * The string formats the schema names (`date-time`, `uuid`, `email`), checked strictly and cheaply:
 * a 1000-customer batch holds some 50,000 of them, so they are on the hot path. Each shape is one
 * anchored regex without captures (V8 compiles it to machine code), the schemas' own `pattern`
 * (schemas/formats.ts); what a regex cannot say is checked after it. bench/README.md has the measurements behind these choices.
 * test/validation/formats.test.ts proves each checker equal to a plainly written reference on generated inputs.
 */
import { DATE_TIME_PATTERN, EMAIL_PATTERN, UUID_PATTERN } from '../../schemas/formats.js'

const digitAt = (s: string, i: number): number => s.charCodeAt(i) - 48

const twoDigitsAt = (s: string, i: number): number => digitAt(s, i) * 10 + digitAt(s, i + 1)

const isLeapYear = (y: number): boolean => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

const DATE_TIME = new RegExp(DATE_TIME_PATTERN)

/** Offset from UTC in minutes of a string DATE_TIME matched. */
const offsetMinutes = (s: string): number => {
  const n = s.length
  const sign = s.charCodeAt(n - 6)
  if (sign !== 43 && sign !== 45) return 0 // Z
  const minutes = twoDigitsAt(s, n - 5) * 60 + twoDigitsAt(s, n - 2)
  return sign === 43 ? minutes : -minutes
}

/** A DATE_TIME match whose day exists in its month, and whose leap second (if any) is 23:59:60 UTC. */
export const isDateTime = (s: string): boolean => {
  if (!DATE_TIME.test(s)) return false
  const dayTens = s.charCodeAt(8)
  if (dayTens === 51 || (dayTens === 50 && s.charCodeAt(9) === 57)) { // days 29 to 31
    const month = twoDigitsAt(s, 5)
    const year = twoDigitsAt(s, 0) * 100 + twoDigitsAt(s, 2)
    const lastDay = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month]!
    if (twoDigitsAt(s, 8) > lastDay) return false
  }
  if (s.charCodeAt(17) === 54) { // second 60
    const utcMinute = twoDigitsAt(s, 11) * 60 + twoDigitsAt(s, 14) - offsetMinutes(s)
    if ((((utcMinute % 1440) + 1440) % 1440) !== 23 * 60 + 59) return false
  }
  return true
}

const MONTH_NAMES = ['', 'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/**
 * Why a string of the date-time's shape is still not one, in words ("2024-02-30: February 2024 has 29
 * days"); undefined when its shape is wrong (the general message says what the shape must be) or it is one.
 */
export const dateTimeProblem = (s: string): string | undefined => {
  if (!DATE_TIME.test(s) || isDateTime(s)) return undefined
  const year = twoDigitsAt(s, 0) * 100 + twoDigitsAt(s, 2)
  const month = twoDigitsAt(s, 5)
  const lastDay = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month]!
  if (twoDigitsAt(s, 8) > lastDay) return `names a day that does not exist (${s.slice(0, 10)}: ${MONTH_NAMES[month]} ${s.slice(0, 4)} has ${lastDay} days)`
  return `has a leap second (${s.slice(11, 19)}) that is not 23:59:60 UTC, the only minute a leap second ends`
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil), year 0 included. */
const daysFromCivil = (year: number, month: number, day: number): number => {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yearOfEra = y - era * 400
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  return era * 146097 + dayOfEra - 719468
}

/**
 * An RFC 3339 date-time as parts that compare exactly, whatever the fraction's length: the UTC day (days
 * since 1970-01-01), the second of that UTC day (86400 for a leap second, 23:59:60, which comes after
 * 23:59:59 and before the next day), and the fraction's digits without trailing zeros (digit strings of
 * a fraction compare as text as they do as numbers). Undefined if `s` is not a date-time.
 */
export const instantOf = (s: string): { day: number, second: number, fraction: string } | undefined => {
  if (!isDateTime(s)) return undefined
  let fraction = ''
  if (s.charCodeAt(19) === 46) {
    let end = 20
    while (end < s.length && s.charCodeAt(end) >= 48 && s.charCodeAt(end) <= 57) end++
    fraction = s.slice(20, end).replace(/0+$/, '')
  }
  const localDays = daysFromCivil(twoDigitsAt(s, 0) * 100 + twoDigitsAt(s, 2), twoDigitsAt(s, 5), twoDigitsAt(s, 8))
  const minutes = localDays * 1440 + twoDigitsAt(s, 11) * 60 + twoDigitsAt(s, 14) - offsetMinutes(s)
  const day = Math.floor(minutes / 1440)
  return { day, second: (minutes - day * 1440) * 60 + twoDigitsAt(s, 17), fraction }
}

const Z = 90

/**
 * Whether date-time `a` is a later instant than `b`; false when either is not a date-time (the schema
 * reports those). Two UTC date-times of the same shape compare as text, which spares parsing them:
 * the common case, since a batch's periods are usually written alike.
 */
export const isLaterThan = (a: string, b: string): boolean => {
  const n = a.length
  if (n === b.length && a.charCodeAt(n - 1) === Z && b.charCodeAt(n - 1) === Z && a.charCodeAt(10) === b.charCodeAt(10) && a <= b) {
    return false
  }
  const x = instantOf(a)
  const y = instantOf(b)
  if (x === undefined || y === undefined) return false
  if (x.day !== y.day) return x.day > y.day
  if (x.second !== y.second) return x.second > y.second
  return x.fraction > y.fraction
}

const UUID = new RegExp(UUID_PATTERN)

export const isUuid = (s: string): boolean => UUID.test(s)

/** RFC 5321 §4.5.3.1: local part at most 64 octets, a path at most 256 (so an address at most 254). */
export const EMAIL_MAX_LENGTH = 254
export const EMAIL_LOCAL_MAX_LENGTH = 64

const EMAIL = new RegExp(EMAIL_PATTERN)

export const isEmail = (s: string): boolean =>
  s.length <= EMAIL_MAX_LENGTH && s.indexOf('@') <= EMAIL_LOCAL_MAX_LENGTH && EMAIL.test(s)

/** The formats as Ajv takes them: the validators' own, and the module that code generated at build time reads them from (src/validation/standalone-code.ts). */
export const AJV_FORMATS = {
  'date-time': { type: 'string', validate: isDateTime },
  uuid: { type: 'string', validate: isUuid },
  email: { type: 'string', validate: isEmail }
} as const
