/**
 * Deterministic customers for tests and the benchmark: `fullCustomer(i)` fills every documented field
 * (about 3.2 kB of JSON), `minimalCustomer(i)` only the required ones. Same `i`, same customer. Their
 * transactions (`fullTransactions(i)`, which add up to fullCustomer(i)'s balance) and events
 * (`fullEvents(i)`) fill every documented field too.
 */
import type { Customer, MetricsPeriod } from '../schemas/customer.js'
import { METRICS_PERIODS } from '../schemas/customer.js'
import type { CustomerWithEvents, MigratedEvent, Order } from '../schemas/events.js'
import type { CustomerTransactions } from '../schemas/transactions.js'

const pad = (n: number, width: number) => String(n).padStart(width, '0')

/** A UUID whose last 12 hex digits encode i. */
export const uuidFor = (i: number, prefix = '3c90c3cc-0d44-4b50-8888') => `${prefix}-${pad(i, 12).slice(-12)}`

export const minimalCustomer = (i: number): Customer => ({
  id: `cust-${pad(i, 6)}`,
  name: `Customer ${i}`,
  email: `customer.${i}@example.com`,
  registration_date: '2023-11-07T05:31:56Z'
})

const period = (i: number): MetricsPeriod => ({
  from: '2024-01-01T08:00:00.000Z',
  to: '2025-01-01T07:59:59.999Z',
  tier_id: uuidFor(i, '9b2f1c3e-7a4d-4e8f-9c1b'),
  last_visit: '2024-11-07T05:31:56Z',
  last_session: '2024-11-08T10:00:00-05:00',
  spend_total: 1234.5 + i,
  number_of_purchases: 17 + (i % 5)
})

export const fullCustomer = (i: number): Customer => ({
  ...minimalCustomer(i),
  balance: [
    {
      reward_id: uuidFor(i),
      amount: 150,
      expiration_date: '2026-11-07T05:31:56Z',
      brand_id: 'brand-001',
      channel_id: 'channel-web',
      store_id: 'store-042',
      issued_at: '2023-11-07T05:31:56Z',
      funded_by: 'brand'
    },
    { reward_id: uuidFor(i + 1), amount: 0, expiration_date: null }
  ],
  gender: i % 2 === 0 ? 'FEMALE' : 'MALE',
  dob: '1990-05-17T00:00:00Z',
  document_type: 'CC',
  document_number: `10${pad(i, 8)}`,
  country: 'Colombia',
  metrics: {
    ...Object.fromEntries(METRICS_PERIODS.map((name) => [name, period(i)])),
    updated_at: '2025-01-02T00:00:00Z'
  },
  devices: [
    {
      device_token: `fcm-token-${pad(i, 8)}-abcdefghijklmnopqrstuvwxyz`,
      device_info: { platform: 'android', model: 'Pixel 8', osVersion: '15' },
      expires_at: '2026-11-07T05:31:56Z',
      created_at: '2024-11-07T05:31:56Z'
    }
  ],
  tags: { segment: 'gold', newsletter: true },
  status: 'ACTIVE',
  metadata: { legacy_id: i, source: 'old-loyalty-system' }
})

export const batchOf = (count: number, make: (i: number) => Customer = fullCustomer, start = 0) => ({
  customers: Array.from({ length: count }, (_, k) => make(start + k))
})

const order = (i: number): Order => ({
  purchase_id: `order-${pad(i, 8)}`,
  value: 20.95,
  discounted_value: 10.95,
  products: [{
    sku: `sku-${pad(i % 100, 4)}`,
    amount: 2,
    value: 17.7,
    discounted_value: 8.7,
    redeem: [{ id: uuidFor(i), amount: 1 }],
    tags: { category: 'shoes' },
    metadata: { color: 'red' }
  }],
  shipping: { value: 3.25, discounted_value: 2.25, redeem: [{ id: uuidFor(i), amount: 1 }], tags: {}, metadata: {} },
  payment_method: 'CREDIT',
  channel_id: 'channel-web',
  store_id: 'store-042',
  redeem: [{ id: uuidFor(i), amount: 1 }],
  metadata: { legacy_order: i }
})

/** fullCustomer(i)'s transactions: +200 then -50 of its reward, which add up to its balance of 150. */
export const fullTransactions = (i: number): CustomerTransactions => ({
  id: minimalCustomer(i).id,
  transactions: [200, -50].map((amount) => ({
    brand_id: 'brand-001',
    reward_id: uuidFor(i),
    details: amount > 0 ? 'Purchase in store' : 'Redeemed for a discount',
    type: amount > 0 ? 'ACCUMULATION' : 'REDEMPTION',
    issued_at: '2023-11-07T05:31:56Z',
    resolved_at: '2023-11-07T05:31:56Z',
    amount,
    cost: Math.abs(amount) / 10,
    store_id: 'store-042',
    channel_id: 'channel-web',
    event: { type: 'PURCHASE', order: order(i) },
    funded_by: 'brand'
  }))
})

export const fullEvent = (i: number): MigratedEvent => ({
  type: 'PURCHASE',
  brand_id: 'brand-001',
  order: order(i),
  fulfilled: true,
  issued_at: '2023-11-07T05:31:56Z',
  resolved_at: '2023-11-07T05:31:56Z',
  channel_id: 'channel-web',
  store_id: 'store-042'
})

/** One past purchase of customer i. */
export const fullEvents = (i: number): CustomerWithEvents => ({ id: minimalCustomer(i).id, events: [fullEvent(i)] })

export const entriesOf = <T>(count: number, make: (i: number) => T, start = 0) => ({
  customers: Array.from({ length: count }, (_, k) => make(start + k))
})

/** Only the required fields: one transaction, which adds up to minimalCustomer(i)'s empty balance. */
export const minimalTransactions = (i: number): CustomerTransactions => ({
  id: minimalCustomer(i).id,
  transactions: [{ reward_id: uuidFor(i), type: 'MIGRATION', amount: 0 }]
})

/** Only the required fields: one event. */
export const minimalEvents = (i: number): CustomerWithEvents => ({
  id: minimalCustomer(i).id,
  events: [{ type: 'PURCHASE', order: { purchase_id: `order-${pad(i, 8)}`, value: 10 }, fulfilled: true, issued_at: '2023-11-07T05:31:56Z', resolved_at: '2023-11-07T05:31:56Z' }]
})
