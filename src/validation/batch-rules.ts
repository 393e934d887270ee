/**
 * The rules of a migrate batch that a JSON Schema cannot say. They run on every customer even when the
 * schema found violations, so one response lists everything; each rule looks only at values of the
 * right type and leaves wrong types to the schema's own violations.
 */
import { METRICS_PERIODS } from '../../schemas/customer.js'
import { isLaterThan } from './formats.js'
import { clip, customerPointer, type Violation } from './violations.js'

/** How emails compare: Masivo keeps them unique per account, and the mock compares them case-insensitively. */
export const emailKey = (email: string): string => email.toLowerCase()

type Json = Record<string, unknown>

const isObject = (value: unknown): value is Json =>
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

/** id and email must each be unique within the batch; the later occurrence is the violation. */
class UniqueWithinBatch {
  private readonly ids = new Map<string, number>()
  private readonly emails = new Map<string, number>()

  check (customer: Json, index: number, out: Violation[]) {
    const { id, email } = customer
    if (typeof id === 'string') {
      const first = this.ids.get(id)
      if (first === undefined) this.ids.set(id, index)
      else out.push({ path: customerPointer(index, 'id'), rule: 'duplicateId', message: `repeats the id of ${customerPointer(first)} (${JSON.stringify(clip(id))})` })
    }
    if (typeof email === 'string') {
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

export const checkBatchRules = (body: unknown): Violation[] => {
  const out: Violation[] = []
  const customers = isObject(body) ? body.customers : undefined
  if (!Array.isArray(customers)) return out
  const unique = customers.length > 1 ? new UniqueWithinBatch() : undefined
  for (let i = 0; i < customers.length; i++) {
    const customer: unknown = customers[i]
    if (!isObject(customer)) continue
    documentPair(customer, i, out)
    unique?.check(customer, i, out)
    zeroAmountExpiration(customer, i, out)
    periodOrder(customer, i, out)
  }
  return out
}
