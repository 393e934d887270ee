/**
 * GET /api/storefront/v1/rewards, /rewards/{id} and /tiers: the account's reference data
 * (src/state/reference-data.ts), as Masivo serves its rewards and tiers (rewards/get, rewards/[id]/get,
 * tiers/get). An account without reference data has none: empty lists, and no reward found.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { IdParams } from '../../schemas/admin.js'
import { RewardAnswer, RewardList, RewardsQuery, TierList } from '../../schemas/reference.js'
import { authenticateBearer } from '../access/authentication.js'
import { ERR_STOREFRONT_REWARD_NOT_FOUND } from '../errors.js'
import { errorResponses, SECURITY } from '../openapi.js'
import { REWARD_PATH, REWARDS_PATH, TIERS_PATH } from '../paths.js'
import { rewardKey } from '../state/amounts.js'
import { clip } from '../validation/violations.js'
import { routes } from './plugin.js'

export const referenceRoutes = routes('referenceRoutes', async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { references, rateLimiter } = app.mock
  const onRequest = [authenticateBearer, ...rateLimiter.hooksFor('other')]

  app.get(REWARDS_PATH, {
    schema: {
      operationId: 'listRewards',
      summary: "The account's rewards, from index `from` to index `to` (both included), optionally of one brand or type",
      tags: ['Masivo API'],
      security: SECURITY.bearer,
      querystring: RewardsQuery,
      response: { 200: RewardList, ...errorResponses(400, 401, 429) }
    },
    onRequest
  }, async (request) => {
    const { from, to, brand_id: brand, type } = request.query
    const rewards = references.of(request.record.account!).reference?.rewards ?? []
    const matching = rewards.filter((reward) => (brand === undefined || reward.brand_id === brand) && (type === undefined || reward.type === type))
    return { data: matching.slice(from, to + 1) }
  })

  app.get(REWARD_PATH, {
    schema: {
      operationId: 'getReward',
      summary: 'One of the account\'s rewards',
      tags: ['Masivo API'],
      security: SECURITY.bearer,
      params: IdParams,
      response: { 200: RewardAnswer, ...errorResponses(400, 401, 404, 429) }
    },
    onRequest
  }, async (request) => {
    const reward = references.of(request.record.account!).reference?.rewardsById?.get(rewardKey(request.params.id))
    if (reward === undefined) throw new ERR_STOREFRONT_REWARD_NOT_FOUND(clip(request.params.id))
    return { data: reward }
  })

  app.get(TIERS_PATH, {
    schema: {
      operationId: 'listTiers',
      summary: "The account's tiers, by level",
      tags: ['Masivo API'],
      security: SECURITY.bearer,
      response: { 200: TierList, ...errorResponses(401, 429) }
    },
    onRequest
  }, async (request) => {
    const tiers = references.of(request.record.account!).reference?.tiers ?? []
    return { data: [...tiers].sort((a, b) => a.level - b.level) }
  })
})
