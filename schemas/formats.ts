/**
 * The shapes of the string formats the schemas name, as JSON Schema `pattern`s beside each `format`, so a
 * code generator or a validator without these formats still knows them. Each is exactly the first stage of
 * the mock's own check (src/validation/formats.ts), which then looks further (the day exists in its month,
 * a leap second is 23:59:60 UTC, an email's length): whatever the format accepts, the pattern accepts.
 * Fixed counts are written out (`\d\d\d\d`, not `\d{4}`): V8 runs a counted repeat as a loop.
 */

/**
 * RFC 3339 §5.6 `date-time`: `YYYY-MM-DDThh:mm:ss[.frac](Z|±hh:mm)`, `T` and `Z` in either case
 * (§5.6 note). No space separator, no `+hhmm` or `+hh` offset, no missing offset: those are ISO 8601 or
 * ajv-formats leniencies, not RFC 3339.
 */
export const DATE_TIME_PATTERN = '^\\d\\d\\d\\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\\d|3[01])[Tt](?:[01]\\d|2[0-3]):[0-5]\\d:(?:[0-5]\\d|60)(?:\\.\\d+)?(?:[Zz]|[+-](?:[01]\\d|2[0-3]):[0-5]\\d)$'

const hex = (digits: number) => '[0-9a-fA-F]'.repeat(digits)

/**
 * RFC 9562 §4 string form, hex digits in either case. Any version and variant (the nil and max UUIDs
 * too), as JSON Schema's `uuid`; no `urn:uuid:` prefix, no braces.
 */
export const UUID_PATTERN = `^${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}$`

/**
 * A dot-atom local part (RFC 5322 §3.4.1: no quoted strings, no comments), `@`, and a host name of two
 * or more labels of letters, digits and inner hyphens, each at most 63 long (RFC 1123). ASCII only.
 */
export const EMAIL_PATTERN = "^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$"
