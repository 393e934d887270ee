/**
 * The rules of a migrate batch that a JSON Schema cannot say, one set per kind of batch. They run on every customer even when the
 * schema found violations, so one response lists everything; each rule looks only at values of the
 * right type and leaves wrong types to the schema's own violations.
 */
import { METRICS_PERIODS } from '../../schemas/customer.js'
import { isLaterThan } from './formats.js'
import { clip, customerPointer, type Violation } from './violations.js'
import { count } from '../words.js'

/** How emails compare: Masivo keeps them unique per account, and the mock compares them case-insensitively. */
export const emailKey = (email: string): string => email.toLowerCase()

/** A JSON object (not an array, not null). */
export type Json = Record<string, unknown>

export const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const documentPair = (customer: Json, i: number, out: Violation[]) => {
  const hasType = customer.document_type !== undefined
  const hasNumber = customer.document_number !== undefined
  if (hasType && !hasNumber) {
    out.push({ path: customerPointer(i, 'document_number'), rule: 'documentPair', message: 'is required when document_type is given' })
  } else if (hasNumber && !hasType) {
    out.push({ path: customerPointer(i, 'document_type'), rule: 'documentPair', message: 'is required when document_number is given' })
  }
}

const zeroAmountExpiration = (customer: Json, i: number, out: Violation[]) => {
  const balance = customer.balance
  if (!Array.isArray(balance)) return
  for (let b = 0; b < balance.length; b++) {
    const item: unknown = balance[b]
    if (isObject(item) && item.amount === 0 && item.expiration_date !== undefined && item.expiration_date !== null) {
      out.push({
        path: customerPointer(i, 'balance', b, 'expiration_date'),
        rule: 'zeroAmountExpiration',
        message: 'must be null or absent when amount is 0'
      })
    }
  }
}

const periodOrder = (customer: Json, i: number, out: Violation[]) => {
  const metrics = customer.metrics
  if (!isObject(metrics)) return
  for (const name of METRICS_PERIODS) {
    const period = metrics[name]
    if (!isObject(period) || typeof period.from !== 'string' || typeof period.to !== 'string') continue
    if (isLaterThan(period.from, period.to)) {
      out.push({
        path: customerPointer(i, 'metrics', name, 'from'),
        rule: 'periodOrder',
        message: `must not be after to (${clip(period.to)})`
      })
    }
  }
}

/** id (and, in a customers batch, email) must each be unique within the batch; the later occurrence is the violation. */
class UniqueWithinBatch {
  private readonly ids = new Map<string, number>()
  private readonly emails = new Map<string, number>()

  constructor (private readonly withEmails: boolean) {}

  check (customer: Json, index: number, out: Violation[]) {
    const { id, email } = customer
    if (typeof id === 'string') {
      const first = this.ids.get(id)
      if (first === undefined) this.ids.set(id, index)
      else out.push({ path: customerPointer(index, 'id'), rule: 'duplicateId', message: `repeats the id of ${customerPointer(first)} (${JSON.stringify(clip(id))})` })
    }
    if (this.withEmails && typeof email === 'string') {
      const key = emailKey(email)
      const first = this.emails.get(key)
      if (first === undefined) this.emails.set(key, index)
      else {
        out.push({
          path: customerPointer(index, 'email'),
          rule: 'duplicateEmail',
          message: `repeats the email of ${customerPointer(first)} (emails compare case-insensitively)`
        })
      }
    }
  }
}

/** The entries of a batch body that are objects, with their index (the schema reports the others). */
const eachEntry = (body: unknown, visit: (entry: Json, index: number) => void) => {
  const customers = isObject(body) ? body.customers : undefined
  if (!Array.isArray(customers)) return
  for (let i = 0; i < customers.length; i++) {
    const entry: unknown = customers[i]
    if (isObject(entry)) visit(entry, i)
  }
}

const entryCount = (body: unknown): number => {
  const customers = isObject(body) ? body.customers : undefined
  return Array.isArray(customers) ? customers.length : 0
}

/**
 * customers/migrate: the document pair, unique ids and emails, a zero amount's expiration, each period's
 * order. `acrossEntries` false leaves out what compares entries with each other (unique ids and emails),
 * for a caller that compares them across a whole file instead (`validate`).
 */
export const customerBatchRules = (acrossEntries = true) => (body: unknown): Violation[] => {
  const out: Violation[] = []
  const unique = acrossEntries && entryCount(body) > 1 ? new UniqueWithinBatch(true) : undefined
  eachEntry(body, (customer, i) => {
    documentPair(customer, i, out)
    unique?.check(customer, i, out)
    zeroAmountExpiration(customer, i, out)
    periodOrder(customer, i, out)
  })
  return out
}

/** customers/migrate/transactions: a customer once per batch (its transactions migrate once, together). */
export const transactionBatchRules = (body: unknown): Violation[] => {
  const out: Violation[] = []
  if (entryCount(body) < 2) return out
  const unique = new UniqueWithinBatch(false)
  eachEntry(body, (entry, i) => unique.check(entry, i, out))
  return out
}

/** customers/migrate/events: at most `maxEvents` events in the whole batch (Masivo: "must not exceed 1000"). */
export const eventBatchRules = (maxEvents: number) => (body: unknown): Violation[] => {
  let events = 0
  eachEntry(body, (entry) => { if (Array.isArray(entry.events)) events += entry.events.length })
  return events <= maxEvents
    ? []
    : [{ path: '/customers', rule: 'maxEvents', message: `must hold at most ${count(maxEvents, 'event')} in total (it has ${events})` }]
}
