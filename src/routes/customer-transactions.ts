/**
 * GET /api/storefront/v1/customers/:id/transactions (customers/[id]/transactions/get): the customer's applied
 * migrated transactions, in the page's row shape, newest first. A row is dated by its migrated issued_at
 * (else resolved_at, else when its batch was processed): the history keeps its dates. "By default it returns
 * the transactions of the last 3 months" (of the mock's clock); `year` asks for one calendar year (UTC).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { IdParams } from '../../schemas/admin.js'
import { CustomerTransactionList, CustomerTransactionsQuery, type TransactionRow } from '../../schemas/storefront.js'
import type { CustomerTransactions } from '../../schemas/transactions.js'
import { authenticateBearer } from '../access/authentication.js'
import { errorResponses, SECURITY } from '../openapi.js'
import { CUSTOMER_TRANSACTIONS_PATH } from '../paths.js'
import { rewardKey } from '../state/amounts.js'
import type { AccountReference } from '../state/reference-data.js'
import type { StoredBatch } from '../state/store.js'
import { routes } from './plugin.js'
import { ownerIdOf, stableUuid } from './stable-uuid.js'

/** Milliseconds since the epoch of an RFC 3339 date-time (a leap second counts as the end of the one before it). */
const epochMsOf = (dateTime: string) => Date.parse(dateTime.replace(/:60(?=[.Z+-]|$)/i, ':59.999'))

interface Dated { row: TransactionRow, at: number }

const rowsOf = (batch: StoredBatch, index: number, entry: CustomerTransactions, reference: AccountReference | undefined): Dated[] => {
  const owner = ownerIdOf(batch.account, entry.id)
  const processedAt = batch.processedAt!.toISOString()
  return entry.transactions.map((transaction, k) => {
    const date = transaction.issued_at ?? transaction.resolved_at ?? processedAt
    const row: TransactionRow = {
      id: stableUuid('transaction', batch.account, entry.id, batch.id, String(index), String(k)),
      brand_id: transaction.brand_id ?? null,
      event_id: null,
      campaign_id: null,
      channel_id: transaction.channel_id ?? null,
      store_id: transaction.store_id ?? null,
      funded_by: transaction.funded_by ?? null,
      event_type: transaction.event?.type ?? null,
      reward_type: reference?.rewardsById?.get(rewardKey(transaction.reward_id))?.type ?? 'POINTS',
      reward_id: transaction.reward_id,
      amount: transaction.amount,
      cost: transaction.cost ?? null,
      details: transaction.details ?? null,
      type: transaction.type,
      receiver_id: transaction.amount >= 0 ? owner : null,
      sender_id: transaction.amount < 0 ? owner : null,
      created_at: date,
      issued_at: date,
      attributes: { line: null, campaign_name: null },
      metadata: {}
    }
    return { row, at: epochMsOf(date) }
  })
}

export const customerTransactionsRoute = routes('customerTransactionsRoute', async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const state = app.mock

  app.get(CUSTOMER_TRANSACTIONS_PATH, {
    schema: {
      operationId: 'getStorefrontCustomerTransactions',
      summary: "A customer's transactions: the migrated ones the queue applied, of the last 3 months or of one year",
      tags: ['Masivo API'],
      security: SECURITY.bearer,
      params: IdParams,
      querystring: CustomerTransactionsQuery,
      response: { 200: CustomerTransactionList, ...errorResponses(400, 401, 404, 429) }
    },
    onRequest: [authenticateBearer, ...state.rateLimiter.hooksFor('other')]
  }, async (request) => {
    const account = request.record.account!
    const applied = state.store.appliedTransactions(state.storefrontCustomer(request.params.id, account))
    if (applied === undefined) return { data: [] }
    const { year, brand_id: brand, reward_id: reward, type } = request.query
    let from: number
    let to = Infinity
    if (year === undefined) {
      const start = state.clock.date()
      start.setUTCMonth(start.getUTCMonth() - 3)
      from = start.getTime()
    } else {
      from = Date.UTC(year, 0, 1)
      to = Date.UTC(year + 1, 0, 1)
    }
    const rows = rowsOf(applied.batch, applied.index, applied.entry as CustomerTransactions, state.references.of(account).reference)
      .filter(({ row, at }) => at >= from && at < to &&
        (brand === undefined || row.brand_id === brand) &&
        (reward === undefined || rewardKey(row.reward_id) === rewardKey(reward)) &&
        (type === undefined || row.type === type))
    // newest first; a sort is stable, so rows of one instant keep the order they were migrated in
    return { data: rows.sort((a, b) => b.at - a.at).map(({ row }) => row) }
  })
})
