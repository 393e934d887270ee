/** The benchmark's request bodies, generated deterministically (same bytes every run). */
import type { Customer } from '../schemas/customer.js'
import { batchOf, entriesOf, fullCustomer, fullEvents, fullTransactions } from '../test/fixtures.js'

/** One violation per customer, five kinds in turn, so every rule family is exercised. */
const BREAKERS: ((c: Customer) => void)[] = [
  (c) => { c.email = `not-an-email-${c.id}` },
  (c) => { c.registration_date = '2023-11-07 05:31:56' },
  (c) => { c.document_number = 'x'.repeat(51) },
  (c) => { c.balance![1]!.expiration_date = '2026-11-07T05:31:56Z' },
  (c) => { (c as Record<string, unknown>).document_numer = c.document_number }
]

const brokenCustomer = (i: number): Customer => {
  const customer = fullCustomer(i)
  BREAKERS[i % BREAKERS.length]!(customer)
  return customer
}

export const PAYLOADS = {
  valid1: JSON.stringify(batchOf(1)),
  valid1000: JSON.stringify(batchOf(1000)),
  invalid1000: JSON.stringify(batchOf(1000, brokenCustomer)),
  /** 1000 customers' transactions, two each, every field filled. */
  transactions1000: JSON.stringify(entriesOf(1000, fullTransactions)),
  /** 1000 events, one per customer, every field filled. */
  events1000: JSON.stringify(entriesOf(1000, fullEvents))
}

/** A stream of distinct 1000-customer batches for the memory case (ids and emails differ per batch). */
export const distinctBatch = (k: number) => JSON.stringify(batchOf(1000, fullCustomer, k * 1000))
