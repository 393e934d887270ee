/**
 * One valid entry of each migrate body with every documented member present: the base each schema probe
 * breaks in one place (src/drift/probes.ts). `id` and `email` carry the run's prefix, so that what
 * --allow-writes sends to a real account is found and told apart from the account's own customers.
 */
import type { Customer } from '../../schemas/customer.js'
import type { CustomerWithEvents } from '../../schemas/events.js'
import type { BatchKind } from '../../schemas/migrate.js'
import type { CustomerTransactions } from '../../schemas/transactions.js'

/** A reward id of the probes: no account's real reward (its entries are refused, or rejected by the queue, if they reach one). */
export const DRIFT_REWARD_ID = '3c90c3cc-0d44-4b50-8888-8dd25736052a'

/** A fresh object each time: a probe breaks one period, not all nine. */
const period = () => ({
  from: '2024-01-01T00:00:00Z',
  to: '2024-12-31T23:59:59Z',
  tier_id: '9b2f1c3e-7a4d-4e8f-9c1b-000000000001',
  last_visit: '2024-06-01T00:00:00Z',
  last_session: '2024-06-01T00:00:00Z',
  spend_total: 120.5,
  number_of_purchases: 3
})

export const baseCustomer = (id: string): Customer => ({
  id,
  name: 'Drift Probe',
  email: `${id}@example.com`,
  registration_date: '2024-01-01T00:00:00Z',
  balance: [{
    reward_id: DRIFT_REWARD_ID,
    amount: 150,
    expiration_date: '2030-01-01T00:00:00Z',
    brand_id: 'brand-drift',
    channel_id: 'channel-drift',
    store_id: 'store-drift',
    issued_at: '2024-01-01T00:00:00Z',
    funded_by: 'brand'
  }],
  gender: 'FEMALE',
  dob: '1990-05-17T00:00:00Z',
  document_type: 'CC',
  document_number: '1000000001',
  country: 'Colombia',
  metrics: {
    lifetime: period(),
    last_year: period(),
    this_year: period(),
    last_month: period(),
    this_month: period(),
    last_quarter: period(),
    this_quarter: period(),
    last_semester: period(),
    this_semester: period(),
    updated_at: '2025-01-01T00:00:00Z'
  },
  devices: [{
    device_token: 'drift-device-token',
    device_info: { platform: 'web', model: 'browser', osVersion: '1' },
    expires_at: '2030-01-01T00:00:00Z',
    created_at: '2024-01-01T00:00:00Z'
  }],
  tags: { source: 'drift' },
  status: 'ACTIVE',
  metadata: { probe: true }
})

const order = () => ({
  purchase_id: 'drift-order-1',
  value: 100,
  discounted_value: 90,
  products: [{
    sku: 'drift-sku',
    amount: 1,
    value: 100,
    discounted_value: 90,
    redeem: [{ id: DRIFT_REWARD_ID, amount: 1 }],
    tags: { source: 'drift' },
    metadata: { probe: true }
  }],
  shipping: { value: 5, discounted_value: 4, redeem: [{ id: DRIFT_REWARD_ID, amount: 1 }], tags: { source: 'drift' }, metadata: { probe: true } },
  payment_method: 'CASH' as const,
  channel_id: 'channel-drift',
  store_id: 'store-drift',
  redeem: [{ id: DRIFT_REWARD_ID, amount: 1 }],
  metadata: { probe: true }
})

/** Adds up to baseCustomer's balance (150): so with --allow-writes the queue applies it. */
export const baseTransactions = (id: string): CustomerTransactions => ({
  id,
  transactions: [{
    brand_id: 'brand-drift',
    reward_id: DRIFT_REWARD_ID,
    details: 'Drift probe',
    type: 'ACCUMULATION',
    issued_at: '2024-01-01T00:00:00Z',
    resolved_at: '2024-01-01T00:00:00Z',
    amount: 150,
    cost: 15,
    store_id: 'store-drift',
    channel_id: 'channel-drift',
    event: { type: 'PURCHASE', order: order() },
    funded_by: 'brand'
  }]
})

export const baseEvents = (id: string): CustomerWithEvents => ({
  id,
  events: [{
    type: 'PURCHASE',
    brand_id: 'brand-drift',
    order: order(),
    fulfilled: true,
    issued_at: '2024-01-01T00:00:00Z',
    resolved_at: '2024-01-01T00:00:00Z',
    channel_id: 'channel-drift',
    store_id: 'store-drift'
  }]
})

export const BASE_ENTRIES: Record<BatchKind, (id: string) => object> = {
  customers: baseCustomer,
  transactions: baseTransactions,
  events: baseEvents
}
