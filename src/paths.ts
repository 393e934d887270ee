/** Every path the mock serves, defined once: routes, messages, the journal and the tests import these. */

/** Masivo's migrate endpoint, the one this mock emulates. */
export const MIGRATE_PATH = '/api/storefront/v1/customers/migrate'

/** Masivo's exchange of an API key for a token. */
export const AUTHORIZE_PATH = '/api/storefront/v1/auth/authorize'

/** Readiness, for container health checks and start-up waits. */
export const HEALTH_PATH = '/health'

/** The mock's own inspection API. */
export const ADMIN_PREFIX = '/__admin'

/** Whether a path belongs to the emulated Masivo API (everything but /__admin and /health): those are journaled. */
export const isEmulatedApi = (path: string): boolean => !path.startsWith(ADMIN_PREFIX) && path !== HEALTH_PATH
