/** Every path the mock serves, defined once: routes, messages, the journal and the tests import these. */

import type { BatchKind } from '../schemas/migrate.js'

/** Masivo's migrate endpoint for customers, the first step of a migration. */
export const MIGRATE_PATH = '/api/storefront/v1/customers/migrate'

/** Masivo's three migrate endpoints, by the kind of batch each takes. */
export const MIGRATE_PATHS: Readonly<Record<BatchKind, string>> = {
  customers: MIGRATE_PATH,
  transactions: `${MIGRATE_PATH}/transactions`,
  events: `${MIGRATE_PATH}/events`
}

/** Masivo's read of one customer (`:id`: the customer's id in the client's system). */
export const CUSTOMER_PATH = '/api/storefront/v1/customers/:id'

/** A customer's transactions (`customers/[id]/transactions/get`): the migrated ones, once applied. */
export const CUSTOMER_TRANSACTIONS_PATH = '/api/storefront/v1/customers/:id/transactions'

/** The account's rewards and tiers (`rewards/get`, `rewards/[id]/get`, `tiers/get`): its reference data. */
export const REWARDS_PATH = '/api/storefront/v1/rewards'
export const REWARD_PATH = '/api/storefront/v1/rewards/:id'
export const TIERS_PATH = '/api/storefront/v1/tiers'

/** Masivo's exchange of an API key for a token. */
export const AUTHORIZE_PATH = '/api/storefront/v1/auth/authorize'

/** The same exchange as step 2 of Masivo's integration guide calls it (guides/integrate-with-masivo): both paths answer. */
export const AUTHORIZE_SHORT_PATH = '/auth/authorize'

/** Readiness, for container health checks and start-up waits. */
export const HEALTH_PATH = '/health'

/** The mock's own inspection API. */
export const ADMIN_PREFIX = '/__admin'

/** Where /__admin takes ADMIN_TOKEN (src/access/admin-token.ts): a client's header, a browser's first address, then its cookie. */
export const ADMIN_TOKEN_HEADER = 'x-admin-token'
export const ADMIN_TOKEN_QUERY = 'admin_token'
export const ADMIN_TOKEN_COOKIE = 'masivo_admin_token'

/** Whether a path belongs to the emulated Masivo API (everything but /__admin and /health): those are journaled. */
export const isEmulatedApi = (path: string): boolean => !path.startsWith(ADMIN_PREFIX) && path !== HEALTH_PATH
