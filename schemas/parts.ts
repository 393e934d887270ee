/** The pieces every request schema is built of: closed objects, formats with their patterns, plain enums, free-form objects. */
import { Type, type TProperties, type ObjectOptions } from '@sinclair/typebox'
import { DATE_TIME_PATTERN, UUID_PATTERN } from './formats.js'

/** An object that refuses members it does not name. */
export const Closed = <T extends TProperties>(properties: T, options: ObjectOptions = {}) =>
  Type.Object(properties, { ...options, additionalProperties: false })

export const DateTime = (description: string) => Type.String({ format: 'date-time', pattern: DATE_TIME_PATTERN, description })

export const Uuid = (description: string) => Type.String({ format: 'uuid', pattern: UUID_PATTERN, description })

/** A plain `enum` (not TypeBox's anyOf of literals) so a wrong value yields one `enum` violation. */
export const StringEnum = <const T extends readonly string[]>(values: T, description: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], description })

/** Free-form object: any members, kept as sent. */
export const FreeForm = (description: string) =>
  Type.Unsafe<Record<string, unknown>>({ type: 'object', additionalProperties: true, description })

/** A customer reference of the transactions and events endpoints: "Your customer unique identifier". */
export const CustomerId = () => Type.String({ minLength: 1, description: 'Your customer unique identifier' })
