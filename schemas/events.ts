/**
 * POST /api/storefront/v1/customers/migrate/events: a customer's past events (purchases, ...), field by
 * field as Masivo's reference page documents them (docs.masivo.ai/api-reference/customers/migrate/events/post).
 * Where the page does not say which members an object requires, "Where the mock chooses" in docs/fidelity.md does.
 */
import { Type, type Static } from '@sinclair/typebox'
import { Closed, CustomerId, DateTime, FreeForm, StringEnum, Uuid } from './parts.js'

const Money = (description: string) => Type.Number({ minimum: 0, description })

export const Redeem = Closed({
  id: Uuid('The id of the reward to redeem'),
  amount: Type.Number({ minimum: 0, description: 'How much of the reward to redeem' })
}, { title: 'Redeem' })

const Redeems = (description: string) => Type.Optional(Type.Array(Redeem, { description }))

export const Product = Closed({
  sku: Type.String({ minLength: 1, description: 'The product sku' }),
  amount: Type.Number({ minimum: 0, description: 'The quantity of the product' }),
  value: Type.Optional(Money('The total or subtotal of the product')),
  discounted_value: Type.Optional(Money('The total or subtotal of the product after discounts')),
  redeem: Redeems('The rewards to redeem in the product'),
  tags: Type.Optional(FreeForm('Include your conditions event tags here')),
  metadata: Type.Optional(FreeForm('Include any additional info here'))
}, { title: 'Product' })

export const Shipping = Closed({
  value: Money('The shipping cost'),
  discounted_value: Type.Optional(Money('The shipping cost after discounts')),
  redeem: Redeems('The rewards to redeem in the shipping'),
  tags: Type.Optional(FreeForm('Include your conditions event tags here')),
  metadata: Type.Optional(FreeForm('Include any additional info here'))
}, { title: 'Shipping' })

export const PAYMENT_METHODS = ['CREDIT', 'DEBIT', 'CASH', 'BANK_TRANSFER', 'OTHER'] as const

export const Order = Closed({
  purchase_id: Type.String({ minLength: 1, description: 'The id of a placed order in your system' }),
  value: Money('The order total or subtotal'),
  discounted_value: Type.Optional(Money('The order total or subtotal after discounts')),
  products: Type.Optional(Type.Array(Product, { description: 'The products of the order' })),
  shipping: Type.Optional(Shipping),
  payment_method: Type.Optional(StringEnum(PAYMENT_METHODS, 'The payment method used in the order')),
  channel_id: Type.Optional(Type.String({ description: 'The channel unique identifier in your system' })),
  store_id: Type.Optional(Type.String({ description: 'The store unique identifier in your system' })),
  redeem: Redeems('The rewards to redeem in the order'),
  metadata: Type.Optional(FreeForm('Include any additional info here'))
}, { title: 'Order' })

export const MigratedEvent = Closed({
  type: Type.String({ minLength: 1, description: 'The type of the event, e.g. PURCHASE (metrics and tier are recalculated from PURCHASE events)' }),
  brand_id: Type.Optional(Type.String({ description: 'The brand id of the event' })),
  order: Order,
  fulfilled: Type.Boolean({ description: 'Whether the event was fulfilled (migrated events are marked fulfilled)' }),
  issued_at: DateTime('When the event happened'),
  resolved_at: DateTime('When the event took effect'),
  channel_id: Type.Optional(Type.String({ description: 'The channel unique identifier in your system' })),
  store_id: Type.Optional(Type.String({ description: 'The store unique identifier in your system' }))
}, { title: 'MigratedEvent' })

export const CustomerWithEvents = Closed({
  id: CustomerId(),
  events: Type.Array(MigratedEvent, { minItems: 1, description: 'Its events: at least one' })
}, { title: 'CustomerWithEvent' })

export type Redeem = Static<typeof Redeem>
export type Product = Static<typeof Product>
export type Shipping = Static<typeof Shipping>
export type Order = Static<typeof Order>
export type MigratedEvent = Static<typeof MigratedEvent>
export type CustomerWithEvents = Static<typeof CustomerWithEvents>
