/**
 * POST /api/storefront/v1/customers/migrate/transactions: the history that justifies each migrated
 * balance, field by field as Masivo's reference page documents it
 * (docs.masivo.ai/api-reference/customers/migrate/transactions/post). The page does not show which
 * members are required; the mock requires what its balance check needs (docs/fidelity.md, "Where the mock chooses").
 */
import { Type, type Static } from '@sinclair/typebox'
import { Order } from './events.js'
import { Closed, CustomerId, DateTime, StringEnum, Uuid } from './parts.js'

export const TRANSACTION_TYPES = ['ACCUMULATION', 'REDEMPTION', 'EXPIRATION', 'MIGRATION', 'TRANSFER', 'REVERSAL'] as const

export const TransactionEvent = Closed({
  type: Type.String({ minLength: 1, description: 'The type of the event, e.g. PURCHASE' }),
  order: Type.Optional(Order)
}, { title: 'TransactionEvent', description: 'Data of the event that triggered this transaction' })

export const MigratedTransaction = Closed({
  brand_id: Type.Optional(Type.String({ description: 'What brand triggered this transaction' })),
  reward_id: Uuid('What reward was earned or spent'),
  details: Type.Optional(Type.String({ description: 'Why was this transaction created' })),
  type: StringEnum(TRANSACTION_TYPES, 'What kind of transaction is it'),
  issued_at: Type.Optional(DateTime('When was the transaction requested to be created')),
  resolved_at: Type.Optional(DateTime('When did the transaction took effect')),
  amount: Type.Number({ description: 'Negative if customer spent, positive if earned' }),
  cost: Type.Optional(Type.Number({ description: 'Total cost of the given rewards' })),
  store_id: Type.Optional(Type.String({ description: 'What store triggered this transaction' })),
  channel_id: Type.Optional(Type.String({ description: 'What channel triggered this transaction' })),
  event: Type.Optional(TransactionEvent),
  funded_by: Type.Optional(Type.String({ description: 'Who funded the rewards of this transaction' }))
}, { title: 'MigratedTransaction' })

export const CustomerTransactions = Closed({
  id: CustomerId(),
  transactions: Type.Array(MigratedTransaction, { minItems: 1, description: 'Its transactions: at least one' })
}, { title: 'CustomerTransactions' })

export type TransactionEvent = Static<typeof TransactionEvent>
export type MigratedTransaction = Static<typeof MigratedTransaction>
export type CustomerTransactions = Static<typeof CustomerTransactions>
