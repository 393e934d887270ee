/**
 * GET /api/storefront/v1/customers/{id}: a customer read back, in the shape Masivo's reference page
 * documents (docs.masivo.ai/api-reference/customers/[id]/get). docs/fidelity.md says how the mock fills each
 * field from what was migrated, and which it cannot know.
 */
import { Type, type Static } from '@sinclair/typebox'
import { REWARD_TYPES } from './reference.js'
import { TRANSACTION_TYPES } from './transactions.js'

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T, description: string) =>
  Type.Union([schema, Type.Null()], { description })
const Stamp = () => Type.String({ format: 'date-time' })
const Id = () => Type.String({ format: 'uuid' })
const Open = (description: string) => Type.Unsafe<Record<string, unknown>>({ type: 'object', additionalProperties: true, description })

export const CustomerData = Type.Object({
  id: Type.String({ description: 'Your customer unique identifier' }),
  status: Type.Unsafe<'ACTIVE' | 'INACTIVE'>({ type: 'string', enum: ['ACTIVE', 'INACTIVE'], description: 'As migrated; ACTIVE when none was' }),
  name: Type.String(),
  email: Type.String(),
  gender: Type.Union([Type.Unsafe<'MALE' | 'FEMALE'>({ type: 'string', enum: ['MALE', 'FEMALE'] }), Type.Null()], { description: 'As migrated, or null' }),
  dob: Nullable(Stamp(), 'As migrated, or null'),
  registration_date: Stamp(),
  document_type: Type.Union([Type.String(), Type.Null()], { description: 'As migrated, or null' }),
  document_number: Type.Union([Type.String(), Type.Null()], { description: 'As migrated, or null' }),
  country: Type.Union([Type.String(), Type.Null()], { description: 'As migrated, or null' }),
  is_anonymous: Type.Literal(false, { description: 'Always false: a migrated customer has an email and a name' }),
  tier_id: Nullable(Id(), "The lifetime metrics' tier_id as migrated, or null"),
  tags: Open('As migrated, or {}'),
  consent: Type.Null({ description: 'Always null: a migration carries no consent' }),
  metrics: Open('As migrated, or {}'),
  metadata: Open('As migrated, or {}')
}, { title: 'CustomerData' })

export const WalletLine = Type.Object({
  amount: Type.Number(),
  reward_id: Id(),
  campaign_id: Type.Null({ description: 'Always null: migrated balance comes from no campaign' }),
  brand_id: Type.Union([Type.String(), Type.Null()], { description: "The balance item's brand_id, or null" }),
  issued_at: Type.String({ format: 'date-time', description: "The balance item's issued_at; when it had none, when its batch was processed" }),
  expiration_date: Nullable(Stamp(), "The balance item's expiration_date, or null"),
  reservation_expires_at: Type.Null({ description: 'Always null: nothing is reserved' })
}, { title: 'WalletLine', description: 'One balance item of the latest processed version of the customer (items of amount 0 make no line)' })

export const Reward = Type.Object({
  id: Id(),
  brand_id: Type.Union([Type.String(), Type.Null()], { description: "From the account's reference data (null: a global reward); without it, the first of its lines' brand_id, or null" }),
  name: Type.Union([Type.String(), Type.Null()], { description: "From the account's reference data; null without it (rewards are configured in Masivo, not migrated)" }),
  description: Type.Union([Type.String(), Type.Null()], { description: "From the account's reference data, or null" }),
  type: Type.Unsafe<(typeof REWARD_TYPES)[number]>({ type: 'string', enum: [...REWARD_TYPES], description: "From the account's reference data; POINTS without it" }),
  conditions: Type.Array(Type.Unknown(), { description: "From the account's reference data; [] without it" }),
  attributes: Open("From the account's reference data; {} without it")
}, { title: 'Reward' })

export const WalletTotal = Type.Object({
  total: Type.Number({ description: "The sum of the reward's lines" }),
  reward_id: Id(),
  expiration_date: Nullable(Stamp(), "The earliest expiration_date of the reward's lines, or null"),
  reward: Reward
}, { title: 'WalletTotal' })

export const Wallet = Type.Object({
  id: Type.String({ format: 'uuid', description: 'Stable for an account and customer id (a UUID derived from them)' }),
  owner_id: Type.String({ format: 'uuid', description: "The customer's internal id: stable for an account and customer id" }),
  lines: Type.Array(WalletLine),
  totals: Type.Array(WalletTotal, { description: 'One per reward, in the order of their first line' })
}, { title: 'Wallet' })

export const CustomerReadBack = Type.Object({
  data: Type.Object({ customer: CustomerData, wallet: Wallet })
}, { title: 'CustomerReadBack', description: 'The latest processed version of the customer' })

export type CustomerData = Static<typeof CustomerData>
export type WalletLine = Static<typeof WalletLine>
export type Reward = Static<typeof Reward>
export type WalletTotal = Static<typeof WalletTotal>
export type Wallet = Static<typeof Wallet>
export type CustomerReadBack = Static<typeof CustomerReadBack>

/**
 * GET /api/storefront/v1/customers/{id}/transactions (customers/[id]/transactions/get): "By default it
 * returns the transactions of the last 3 months"; `year` (2020 or later) asks for one calendar year instead.
 */
export const CustomerTransactionsQuery = Type.Object({
  year: Type.Optional(Type.Integer({ minimum: 2020, maximum: 9999, description: 'Only the transactions of this calendar year (UTC), instead of the last 3 months' })),
  brand_id: Type.Optional(Type.String({ description: 'Only this brand\'s transactions' })),
  reward_id: Type.Optional(Type.String({ description: 'Only this reward\'s transactions (its id in either case)' })),
  type: Type.Optional(Type.Unsafe<(typeof TRANSACTION_TYPES)[number]>({ type: 'string', enum: [...TRANSACTION_TYPES], description: 'Only transactions of this type' }))
}, { additionalProperties: false })
export type CustomerTransactionsQuery = Static<typeof CustomerTransactionsQuery>

const NullableString = (description: string) => Type.Union([Type.String(), Type.Null()], { description })

export const TransactionRow = Type.Object({
  id: Type.String({ format: 'uuid', description: 'Stable for an account, customer and migrated transaction (a UUID derived from them)' }),
  brand_id: NullableString('As migrated, or null'),
  event_id: Type.Null({ description: 'Always null: migrated transactions belong to no event of Masivo\'s' }),
  campaign_id: Type.Null({ description: 'Always null: migrated transactions come from no campaign' }),
  channel_id: NullableString('As migrated, or null'),
  store_id: NullableString('As migrated, or null'),
  funded_by: NullableString('As migrated, or null'),
  event_type: NullableString("The migrated transaction's event.type, or null"),
  reward_type: Type.Unsafe<(typeof REWARD_TYPES)[number]>({ type: 'string', enum: [...REWARD_TYPES], description: "The reward's type in the account's reference data; POINTS without it" }),
  reward_id: Type.String({ format: 'uuid' }),
  amount: Type.Number({ description: 'As migrated: negative if spent' }),
  cost: Type.Union([Type.Number(), Type.Null()], { description: 'As migrated, or null' }),
  details: NullableString('As migrated, or null'),
  type: Type.Unsafe<(typeof TRANSACTION_TYPES)[number]>({ type: 'string', enum: [...TRANSACTION_TYPES] }),
  receiver_id: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: "The customer's internal id (the wallet's owner_id) when the amount is 0 or more, else null" }),
  sender_id: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: "The customer's internal id when the amount is negative, else null" }),
  created_at: Stamp(),
  issued_at: Stamp(),
  attributes: Type.Object({
    line: Type.Null({ description: 'Always null: no wallet line of Masivo\'s made it' }),
    campaign_name: Type.Null({ description: 'Always null' })
  }),
  metadata: Open('Always {}: a migrated transaction carries none')
}, { title: 'TransactionRow', description: 'One applied migrated transaction; created_at and issued_at are its issued_at (else resolved_at, else when its batch was processed)' })
export type TransactionRow = Static<typeof TransactionRow>

export const CustomerTransactionList = Type.Object({
  data: Type.Array(TransactionRow, { description: 'Newest first' })
}, { title: 'CustomerTransactionList' })
export type CustomerTransactionList = Static<typeof CustomerTransactionList>
