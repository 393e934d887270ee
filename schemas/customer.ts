/**
 * One customer of a migrate batch, field by field as Masivo's reference page documents it
 * (../shared/reference/masivo-migrate-endpoint.seed.txt). This is the single source of truth:
 * validation (src/validation/schema-validator.ts), TypeScript types and the OpenAPI document derive from it.
 *
 * Formats `date-time`, `uuid` and `email` are checked by src/validation/formats.ts (RFC 3339, RFC 9562, RFC 5321/5322);
 * each carries its shape as a `pattern` too (schemas/formats.ts). Every object is closed
 * (`additionalProperties: false`) except the free-form `tags` and `metadata`. Each named schema has a
 * `title`: the OpenAPI document lists it under that name in its components.
 *
 * Two rules are declared here in JSON Schema for code generators and other validators (`dependentRequired`
 * for the document pair, `if`/`then` for a zero amount's expiration) and checked by the mock's own code,
 * which names the rule in each violation (src/validation/batch-rules.ts; the compiler leaves these
 * declarations aside, and test/validation/declared-rules.test.ts proves the two agree).
 */
import { Type, type Static } from '@sinclair/typebox'
import { DATE_TIME_PATTERN, EMAIL_PATTERN } from './formats.js'
import { Closed, CustomerId, DateTime, FreeForm, StringEnum, Uuid } from './parts.js'

export const BalanceItem = Closed({
  reward_id: Uuid('The reward id of the balance item'),
  amount: Type.Number({ minimum: 0, description: 'The amount of the balance item' }),
  expiration_date: Type.Optional(
    Type.Unsafe<string | null>({
      type: ['string', 'null'],
      format: 'date-time',
      pattern: DATE_TIME_PATTERN,
      description: 'The expiration date of the balance item. Null if amount is 0.'
    })
  ),
  brand_id: Type.Optional(Type.String({ description: 'The id of the brand that owns the reward of this balance item.' })),
  channel_id: Type.Optional(Type.String({ description: 'The id of the channel that owns the reward of this balance item.' })),
  store_id: Type.Optional(Type.String({ description: 'The id of the store that owns the reward of this balance item.' })),
  issued_at: Type.Optional(DateTime('The date when the balance item was originally issued. Defaults to right now.')),
  funded_by: Type.Optional(Type.String({ description: 'Who funded the rewards used in this balance item' }))
}, {
  title: 'BalanceItem',
  // rule zeroAmountExpiration
  if: { properties: { amount: { const: 0 } }, required: ['amount'] },
  then: { properties: { expiration_date: { type: 'null' } } }
})

export const MetricsPeriod = Closed({
  from: DateTime('Start date of the period'),
  to: DateTime('End date of the period'),
  tier_id: Type.Optional(Uuid('The tier ID associated with this period')),
  last_visit: Type.Optional(DateTime('Last customer visit during this period')),
  last_session: Type.Optional(DateTime('Last customer session during this period')),
  spend_total: Type.Optional(Type.Number({ minimum: 0, description: 'Total amount spent by the customer during this period' })),
  number_of_purchases: Type.Optional(Type.Integer({ minimum: 0, description: 'Number of purchases made by the customer during this period' }))
}, { title: 'MetricsPeriod' })

const period = (description: string) => Type.Optional(Closed(MetricsPeriod.properties, { title: 'MetricsPeriod', description }))

/** The period names, in the reference page's order; src/validation/batch-rules.ts checks `from <= to` in each. */
export const METRICS_PERIODS = [
  'lifetime', 'last_year', 'this_year', 'last_month', 'this_month',
  'last_quarter', 'this_quarter', 'last_semester', 'this_semester'
] as const

export const Metrics = Closed({
  lifetime: period('Metrics since customer registration'),
  last_year: period('Metrics for the previous year'),
  this_year: period('Metrics for the current year'),
  last_month: period('Metrics for the previous month'),
  this_month: period('Metrics for the current month'),
  last_quarter: period('Metrics for the previous quarter'),
  this_quarter: period('Metrics for the current quarter'),
  last_semester: period('Metrics for the previous semester'),
  this_semester: period('Metrics for the current semester'),
  updated_at: Type.Optional(DateTime('Last time these metrics were updated'))
}, { title: 'Metrics', description: 'The metrics of the customer' })

export const Device = Closed({
  device_token: Type.String({ minLength: 1, description: 'The unique token that identifies the device' }),
  device_info: Type.Optional(Closed({
    platform: Type.Optional(StringEnum(['ios', 'android', 'web'] as const, 'The platform of the device')),
    model: Type.Optional(Type.String({ description: 'The model of the device' })),
    osVersion: Type.Optional(Type.String({ description: 'The operating system version of the device' }))
  }, { description: 'Optional information about the device' })),
  expires_at: Type.Optional(DateTime('The date when the device token expires')),
  created_at: Type.Optional(DateTime('The date when the device was registered'))
}, { title: 'Device' })

export const Customer = Closed({
  id: CustomerId(),
  name: Type.String({ minLength: 1, description: 'The full name of the customer', examples: ['John Smith'] }),
  email: Type.String({ format: 'email', pattern: EMAIL_PATTERN, description: 'The email of the customer' }),
  registration_date: DateTime('The date when the customer was registered'),
  balance: Type.Optional(Type.Array(BalanceItem, { description: 'The starting wallet items of the new customer' })),
  gender: Type.Optional(StringEnum(['MALE', 'FEMALE'] as const, 'The gender of the customer')),
  dob: Type.Optional(DateTime('The date of birth of the customer')),
  document_type: Type.Optional(Type.String({
    minLength: 1,
    description: 'The document type of the customer. If provided, document_number is required.'
  })),
  document_number: Type.Optional(Type.String({
    minLength: 1,
    maxLength: 50,
    description: 'The document number of the customer. If provided, document_type is required.'
  })),
  country: Type.Optional(Type.String({ maxLength: 100, description: 'The country of the customer' })),
  metrics: Type.Optional(Metrics),
  devices: Type.Optional(Type.Array(Device, { description: 'The devices of the customer' })),
  tags: Type.Optional(FreeForm('Include your conditions customer tags here')),
  status: Type.Optional(StringEnum(['ACTIVE', 'INACTIVE'] as const, 'The status of the customer')),
  metadata: Type.Optional(FreeForm('The metadata of the customer'))
}, {
  title: 'Customer',
  // rule documentPair
  dependentRequired: { document_type: ['document_number'], document_number: ['document_type'] }
})

export type BalanceItem = Static<typeof BalanceItem>
export type MetricsPeriod = Static<typeof MetricsPeriod>
export type Metrics = Static<typeof Metrics>
export type Device = Static<typeof Device>
export type Customer = Static<typeof Customer>
