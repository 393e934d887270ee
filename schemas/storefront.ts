/**
 * GET /api/storefront/v1/customers/{id}: a customer read back, in the shape Masivo's reference page
 * documents (docs.masivo.ai/api-reference/customers/[id]/get). docs/fidelity.md says how the mock fills each
 * field from what was migrated, and which it cannot know.
 */
import { Type, type Static } from '@sinclair/typebox'
import { REWARD_TYPES } from './reference.js'

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
