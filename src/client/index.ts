/**
 * `masivo-migrate-mock/client`: the client alone, for test files that talk to a mock started elsewhere (a
 * globalSetup, a container, another process). It loads no server code: nothing of Fastify, Ajv, pino or the
 * schemas' runtime, only fetch (test/client/light-entry.test.ts proves which modules it loads).
 */
export {
  MockClient, type BatchesFilter, type CustomersFilter, type Credential, type ExpectAllAppliedOptions, type MockClientOptions,
  type RejectionsFilter, type RequestsFilter, type WaitOptions
} from './mock-client.js'
export { MockApiError, MockRejectedError, MockTimeoutError } from './errors.js'
export type {
  BatchDetail, BatchDetailOf, BatchEntries, BatchEntry, BatchList, BatchOutcomes, BatchSummary, CustomerList, CustomerResult,
  CustomerView, MigratedEvents, MigratedTransactions, Outcome, Rejection, RejectionList, RequestList, RequestView, Stats
} from '../../schemas/admin.js'
export type { ErrorBody, Violation } from '../../schemas/error.js'
export type { Fault, FaultRequest } from '../../schemas/fault.js'
export type {
  BatchKind, MigrateAccepted, MigrateEventsAccepted, MigrateEventsRequest, MigrateRequest, MigrateTransactionsAccepted,
  MigrateTransactionsRequest
} from '../../schemas/migrate.js'
export type { Customer } from '../../schemas/customer.js'
export type { CustomerReadBack } from '../../schemas/storefront.js'
