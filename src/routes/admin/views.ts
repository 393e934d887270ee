/** How stored things look through /__admin. */
import type { BatchDetail, BatchSummary, CustomerResult, CustomerView, RequestView } from '../../../schemas/admin.js'
import type { RequestRecord } from '../../state/journal.js'
import { outcomeOf, type BatchStore, type CustomerRecord, type StoredBatch } from '../../state/store.js'

export const batchSummary = (batch: StoredBatch): BatchSummary => ({
  id: batch.id,
  received_at: batch.receivedAt.toISOString(),
  account: batch.account,
  count: batch.customerIds.length,
  customer_ids: [...batch.customerIds]
})

export const batchDetail = (batch: StoredBatch, store: BatchStore): BatchDetail => ({
  ...batchSummary(batch),
  customers: store.customersOf(batch) as Record<string, unknown>[],
  results: batch.customerIds.map((customerId, index): CustomerResult => {
    const reason = batch.reasons?.get(index)
    return { customer_id: customerId, outcome: outcomeOf(batch, index), ...(reason === undefined ? {} : { reason }) }
  })
})

export const customerView = (record: CustomerRecord, store: BatchStore): CustomerView => ({
  id: record.batch.customerIds[record.index]!,
  account: record.batch.account,
  batch_id: record.batch.id,
  received_at: record.batch.receivedAt.toISOString(),
  migrations: record.migrations,
  customer: store.customersOf(record.batch)[record.index] as Record<string, unknown>
})

export const requestView = ({ id, receivedAt, method, path, status, account, batchId, error, fault }: RequestRecord): RequestView => ({
  id,
  received_at: receivedAt.toISOString(),
  method,
  path,
  status,
  account,
  ...(batchId === undefined ? {} : { batch_id: batchId }),
  ...error,
  ...(fault === undefined ? {} : { fault })
})
