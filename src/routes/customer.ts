/**
 * GET /api/storefront/v1/customers/:id, Masivo's read of one customer: the caller's account only, the
 * latest processed version (a customer whose batch is still queued is a 404, as it is in Masivo until its
 * queue runs), in Masivo's documented shape. Authenticated like the migrate endpoints; counted by Masivo's
 * general limiter when one is on (RATE_LIMIT=masivo-dev), not by its migration limiter.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { IdParams } from '../../schemas/admin.js'
import type { BalanceItem, Customer } from '../../schemas/customer.js'
import { CustomerReadBack, type WalletLine, type WalletTotal } from '../../schemas/storefront.js'
import { authenticateBearer } from '../access/authentication.js'
import { errorResponses, SECURITY } from '../openapi.js'
import { CUSTOMER_PATH } from '../paths.js'
import { ExactSum, rewardKey } from '../state/amounts.js'
import type { AccountReference } from '../state/reference-data.js'
import type { BatchStore, CustomerRecord } from '../state/store.js'
import { isLaterThan } from '../validation/formats.js'
import { routes } from './plugin.js'
import { ownerIdOf, stableUuid } from './stable-uuid.js'

const linesOf = (balance: readonly BalanceItem[], processedAt: string): WalletLine[] =>
  balance.filter((item) => item.amount > 0).map((item) => ({
    amount: item.amount,
    reward_id: item.reward_id,
    campaign_id: null,
    brand_id: item.brand_id ?? null,
    issued_at: item.issued_at ?? processedAt,
    expiration_date: item.expiration_date ?? null,
    reservation_expires_at: null
  }))

/** The earlier of two expiration dates, compared as instants (exactly, as periodOrder compares them); null is no date. */
const earlier = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : isLaterThan(a, b) ? b : a)

/** The reward of a wallet total: as the account's reference data has it, or what the mock can say without it. */
const rewardOf = (line: WalletLine, reference: AccountReference | undefined): WalletTotal['reward'] => {
  const known = reference?.rewardsById?.get(rewardKey(line.reward_id))
  if (known === undefined) return { id: line.reward_id, brand_id: line.brand_id, name: null, description: null, type: 'POINTS', conditions: [], attributes: {} }
  return {
    id: line.reward_id,
    brand_id: known.brand_id ?? null,
    name: known.name,
    description: known.description ?? null,
    type: known.type,
    conditions: known.conditions ?? [],
    attributes: known.attributes ?? {}
  }
}

/** One total per reward (its id compared in either case), in the order of its first line: the exact sum of its lines (src/state/amounts.ts). */
const totalsOf = (lines: readonly WalletLine[], reference: AccountReference | undefined): WalletTotal[] => {
  const totals = new Map<string, { total: WalletTotal, sum: ExactSum }>()
  for (const line of lines) {
    const key = rewardKey(line.reward_id)
    const seen = totals.get(key)
    if (seen === undefined) {
      totals.set(key, {
        total: {
          total: line.amount,
          reward_id: line.reward_id,
          expiration_date: line.expiration_date,
          reward: rewardOf(line, reference)
        },
        sum: new ExactSum().add(line.amount)
      })
    } else {
      seen.sum.add(line.amount)
      seen.total.expiration_date = earlier(seen.total.expiration_date, line.expiration_date)
    }
  }
  // the queue refused a balance whose sum no number carries (src/state/store.ts): each total is finite
  return [...totals.values()].map(({ total, sum }) => ({ ...total, total: sum.value }))
}

const readBack = (record: CustomerRecord, store: BatchStore, reference: AccountReference | undefined): CustomerReadBack => {
  const { batch } = record
  const sent = store.customersOf(batch)[record.index] as Customer
  const lines = linesOf(sent.balance ?? [], batch.processedAt!.toISOString())
  return {
    data: {
      customer: {
        id: sent.id,
        status: sent.status ?? 'ACTIVE',
        name: sent.name,
        email: sent.email,
        gender: sent.gender ?? null,
        dob: sent.dob ?? null,
        registration_date: sent.registration_date,
        document_type: sent.document_type ?? null,
        document_number: sent.document_number ?? null,
        country: sent.country ?? null,
        is_anonymous: false,
        tier_id: sent.metrics?.lifetime?.tier_id ?? null,
        tags: sent.tags ?? {},
        consent: null,
        metrics: sent.metrics ?? {},
        metadata: sent.metadata ?? {}
      },
      wallet: {
        id: stableUuid('wallet', batch.account, sent.id),
        owner_id: ownerIdOf(batch.account, sent.id),
        lines,
        totals: totalsOf(lines, reference)
      }
    }
  }
}

export const customerRoute = routes('customerRoute', async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const state = app.mock

  app.get(CUSTOMER_PATH, {
    schema: {
      operationId: 'getStorefrontCustomer',
      summary: 'Get a customer by id: the latest processed version of a migrated customer, with its wallet',
      tags: ['Masivo API'],
      security: SECURITY.bearer,
      params: IdParams,
      response: { 200: CustomerReadBack, ...errorResponses(400, 401, 404, 429) }
    },
    onRequest: [authenticateBearer, ...state.rateLimiter.hooksFor('other')]
  }, async (request) => {
    const account = request.record.account!
    return readBack(state.storefrontCustomer(request.params.id, account), state.store, state.references.of(account).reference)
  })
})
