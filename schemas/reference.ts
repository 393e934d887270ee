/**
 * An account's reference data: the rewards, tiers and brands configured in Masivo, which a migration
 * names by id. Seeded at start (REFERENCE_DATA, startMock's `referenceData`) or through PUT
 * /__admin/reference; served by GET /api/storefront/v1/rewards and /tiers in the shapes of Masivo's pages
 * (rewards/get, rewards/[id]/get, tiers/get), each list within Masivo's entity limits
 * (resources/resource-limits).
 */
import { Type, type ObjectOptions, type Static, type TProperties } from '@sinclair/typebox'
import { Closed, StringEnum, Uuid } from './parts.js'

/** Masivo's entity limits (resources/resource-limits) for the lists an account's reference data holds. */
export const ENTITY_LIMITS = { rewards: 1_000, tiers: 10, brands: 200 } as const

export const REWARD_TYPES = ['POINTS', 'DISCOUNT', 'GIFT_CARD', 'PRODUCT'] as const
export const TIER_STATUSES = ['ACTIVE', 'INACTIVE'] as const

/**
 * A record of Masivo's: the members its page shows are checked, and any other is kept and served back as
 * given, so that what an account's own GET /rewards answered can be pasted in whole.
 */
const MasivoRecord = <T extends TProperties>(properties: T, options: ObjectOptions) => Type.Object(properties, { ...options, additionalProperties: true })

const Text = (maxLength: number, description: string) => Type.String({ minLength: 1, maxLength, description })
const NullableText = (maxLength: number, description: string) =>
  Type.Optional(Type.Union([Type.String({ maxLength }), Type.Null()], { default: null, description }))
/** Rules written in Masivo's own terms, kept as given and served back: the mock does not evaluate them. */
const Conditions = (description: string) => Type.Optional(Type.Unknown({ default: null, description }))

export const RewardRecord = MasivoRecord({
  id: Uuid('The reward id: what balance items and transactions name as reward_id'),
  brand_id: Type.Optional(Type.Union([Text(255, 'The brand that owns it'), Type.Null()], { default: null, description: 'The brand that owns it; null for a global reward' })),
  name: Text(255, 'Its name'),
  description: NullableText(2_000, 'Its description'),
  type: StringEnum(REWARD_TYPES, 'What kind of reward it is'),
  conditions: Type.Optional(Type.Array(Type.Unknown(), { default: [], maxItems: 100, description: 'Its conditions, in Masivo\'s terms (kept, not evaluated)' })),
  attributes: Type.Optional(MasivoRecord({
    conversion_factor: Type.Optional(Type.Number({ description: 'How many units of currency a unit of the reward is worth' }))
  }, { default: {}, description: 'Its attributes' }))
}, { title: 'RewardRecord', description: 'A reward, as GET /rewards serves it' })
export type RewardRecord = Static<typeof RewardRecord>

export const TierRecord = MasivoRecord({
  id: Uuid('The tier id: what metrics periods name as tier_id'),
  name: Text(255, 'Its name'),
  description: NullableText(2_000, 'Its description'),
  status: Type.Optional(Type.Unsafe<(typeof TIER_STATUSES)[number]>({ type: 'string', enum: [...TIER_STATUSES], default: 'ACTIVE', description: 'ACTIVE (the default) or INACTIVE' })),
  level: Type.Integer({ minimum: 1, maximum: ENTITY_LIMITS.tiers, description: 'Its level, 1 to 10' }),
  entry_conditions: Conditions('What makes a customer enter it, in Masivo\'s terms (kept, not evaluated)'),
  exit_conditions: Conditions('What makes a customer leave it, in Masivo\'s terms (kept, not evaluated)')
}, { title: 'TierRecord', description: 'A tier, as GET /tiers serves it' })
export type TierRecord = Static<typeof TierRecord>

export const BrandRecord = MasivoRecord({
  id: Text(255, 'The brand id: what balance items, transactions and events name as brand_id'),
  name: Type.Optional(Text(255, 'Its name'))
}, { title: 'BrandRecord', description: 'A brand: its id (Masivo\'s pages show no more of its shape; other members are kept)' })
export type BrandRecord = Static<typeof BrandRecord>

/** A list left out is not checked: an account with only rewards has its reward ids checked, and nothing else. */
export const ReferenceData = Closed({
  rewards: Type.Optional(Type.Array(RewardRecord, { maxItems: ENTITY_LIMITS.rewards, description: 'At most 1,000 (Masivo\'s entity limit)' })),
  tiers: Type.Optional(Type.Array(TierRecord, { maxItems: ENTITY_LIMITS.tiers, description: 'At most 10' })),
  brands: Type.Optional(Type.Array(BrandRecord, { maxItems: ENTITY_LIMITS.brands, description: 'At most 200' }))
}, { title: 'ReferenceData', description: "An account's rewards, tiers and brands; a list left out is neither served nor checked" })
export type ReferenceData = Static<typeof ReferenceData>

/** REFERENCE_DATA's file, startMock's `referenceData`: each key an API key, a bearer token, or "*" for every account without its own. */
export const ReferenceDataFile = Type.Record(Type.String({ minLength: 1 }), ReferenceData, {
  title: 'ReferenceDataFile',
  description: 'Accounts, each named by an API key or a bearer token (or "*": every account without its own), to their reference data'
})
export type ReferenceDataFile = Static<typeof ReferenceDataFile>

export const ReferenceView = Type.Object({
  applies: Type.Unsafe<'account' | 'every account' | 'none'>({
    type: 'string',
    enum: ['account', 'every account', 'none'],
    description: 'account: the account\'s own; every account: the data given for "*"; none: no reference data, nothing checked'
  }),
  rewards: Type.Union([Type.Array(RewardRecord), Type.Null()], { description: 'null: not given, not checked' }),
  tiers: Type.Union([Type.Array(TierRecord), Type.Null()]),
  brands: Type.Union([Type.Array(BrandRecord), Type.Null()])
}, { title: 'ReferenceView' })
export type ReferenceView = Static<typeof ReferenceView>

/** GET /api/storefront/v1/rewards: `from` and `to` are indexes of the first and last reward answered (rewards/get). */
export const RewardsQuery = Closed({
  from: Type.Integer({ minimum: 0, description: 'Index of the first reward answered' }),
  to: Type.Integer({ minimum: 0, description: 'Index of the last reward answered (inclusive)' }),
  brand_id: Type.Optional(Type.String({ description: 'Only this brand\'s rewards' })),
  type: Type.Optional(StringEnum(REWARD_TYPES, 'Only rewards of this type'))
})
export type RewardsQuery = Static<typeof RewardsQuery>

export const RewardList = Type.Object({ data: Type.Array(RewardRecord) }, { title: 'RewardList' })
export const RewardAnswer = Type.Object({ data: RewardRecord }, { title: 'RewardAnswer' })
export const TierList = Type.Object({ data: Type.Array(TierRecord, { description: 'By level' }) }, { title: 'TierList' })
