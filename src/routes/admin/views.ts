/** How stored things look through /__admin. */
import type { FastifyReply } from 'fastify'
import type { BatchDetail, BatchEntry, BatchOutcomes, BatchSummary, CustomerResult, CustomerView, Rejection, RequestView } from '../../../schemas/admin.js'
import type { RequestRecord } from '../../state/journal.js'
import { outcomeOf, statusOf, type BatchStore, type CustomerRecord, type RejectionRef, type StoredBatch } from '../../state/store.js'

/** A batch's entries counted by outcome, those of its kind; null while it is queued. */
export const outcomesOf = ({ kind, counts }: StoredBatch): BatchOutcomes => {
  if (counts === undefined) return null
  return kind === 'customers' ? { created: counts.created, updated: counts.updated, rejected: counts.rejected } : { applied: counts.applied, rejected: counts.rejected }
}

/** A batch's summary without its customer ids, as the event stream sends it. */
export const batchHeader = (batch: StoredBatch): Omit<BatchSummary, 'customer_ids'> => ({
  id: batch.id,
  kind: batch.kind,
  status: statusOf(batch),
  received_at: batch.receivedAt.toISOString(),
  processed_at: batch.processedAt?.toISOString() ?? null,
  account: batch.account,
  count: batch.customerIds.length,
  outcomes: outcomesOf(batch)
})

export const batchSummary = (batch: StoredBatch): BatchSummary => ({ ...batchHeader(batch), customer_ids: [...batch.customerIds] })

// the batch's entries are what its own endpoint accepted: entries of its kind
export const batchDetail = (batch: StoredBatch, store: BatchStore): BatchDetail => ({
  ...batchSummary(batch),
  customers: store.customersOf(batch) as BatchEntry[],
  results: batch.customerIds.map((customerId, index): CustomerResult => {
    const reason = batch.reasons?.get(index)
    return { customer_id: customerId, outcome: outcomeOf(batch, index), ...(reason === undefined ? {} : { reason }) }
  })
}) as BatchDetail

/** A customer's entries in processed batches of one kind, each with its outcome and what was sent. */
const historyOf = <K extends 'transactions' | 'events'>(record: CustomerRecord, store: BatchStore, kind: K) =>
  record.history.filter(({ batch }) => batch.kind === kind).map(({ batch, index }) => {
    const reason = batch.reasons?.get(index)
    const sent = store.customersOf(batch)[index] as Record<K, Record<string, unknown>[]>
    return {
      batch_id: batch.id,
      received_at: batch.receivedAt.toISOString(),
      outcome: outcomeOf(batch, index) as 'applied' | 'rejected',
      ...(reason === undefined ? {} : { reason }),
      [kind]: sent[kind]
    } as unknown as CustomerView[K][number]
  })

export const customerView = (record: CustomerRecord, store: BatchStore): CustomerView => ({
  id: record.batch.customerIds[record.index]!,
  account: record.batch.account,
  batch_id: record.batch.id,
  received_at: record.batch.receivedAt.toISOString(),
  migrations: record.migrations,
  customer: store.customersOf(record.batch)[record.index] as CustomerView['customer'],
  transactions: historyOf(record, store, 'transactions'),
  events: historyOf(record, store, 'events')
})

/**
 * Stored request bytes answered as they were received (a batch's body, a refused request's): the response
 * schemas document the usual JSON, but the bytes are never parsed or re-serialized.
 */
export const sendStoredBytes = (reply: FastifyReply, bytes: Buffer) =>
  reply.type('application/json; charset=utf-8').send(bytes as unknown as Record<string, unknown>)

/** How many violations a request in a list shows; GET /__admin/requests/:id shows them all. */
export const VIOLATIONS_IN_LISTS = 3

/** A rejected entry, with what was sent. */
export const rejectionView = ({ batch, index }: RejectionRef, store: BatchStore): Rejection => ({
  batch_id: batch.id,
  kind: batch.kind,
  account: batch.account,
  received_at: batch.receivedAt.toISOString(),
  processed_at: batch.processedAt!.toISOString(),
  index,
  customer_id: batch.customerIds[index]!,
  reason: batch.reasons!.get(index)!,
  sent: store.customersOf(batch)[index] as BatchEntry
})

/**
 * A request record; in a list (`full` false) with its first few violations and their count. An accepted
 * one links to its batch, with its outcomes once processed (null while queued, or once evicted).
 */
export const requestView = ({ id, receivedAt, method, path, status, account, batchId, error, body, fault }: RequestRecord, full: boolean, store: BatchStore): RequestView => {
  const view: RequestView = {
    id,
    received_at: receivedAt.toISOString(),
    method,
    path,
    status,
    account
  }
  if (batchId !== undefined) {
    const batch = store.getBatch(batchId)
    view.batch_id = batchId
    view.batch_outcomes = batch === undefined ? null : outcomesOf(batch)
  }
  if (error !== undefined) {
    const { violations, ...rest } = error
    Object.assign(view, rest)
    if (violations !== undefined) {
      view.violations = full ? violations : violations.slice(0, VIOLATIONS_IN_LISTS)
      view.violation_count = violations.length
    }
  }
  if (body !== undefined) view.body_bytes = body.length
  if (fault !== undefined) view.fault = fault
  return view
}
