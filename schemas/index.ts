/**
 * `masivo-migrate-mock/schemas`: the TypeBox schemas of the emulated API and of the mock's own, each with
 * its `Static` type of the same name, so a client can type what it sends and check it before sending.
 */
export * from './customer.js'
export * from './migrate.js'
export * from './auth.js'
export * from './error.js'
export * from './admin.js'
export * from './fault.js'
export * from './config.js'
export * from './transactions.js'
export * from './events.js'
export * from './storefront.js'
export * from './reference.js'
export * from './clock.js'
