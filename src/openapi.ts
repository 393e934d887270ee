/**
 * The OpenAPI document at /__admin/openapi.json, fit for code generators: @fastify/swagger writes it from
 * the routes' schemas; this module gives the routes their shared declarations (security, error responses)
 * and finishes the document: every schema with a `title` becomes a named component, and the headers every
 * answer carries are declared. test/openapi.test.ts lints it (Redocly's recommended rules) and checks the
 * mock's live answers against it.
 */
import type { SwaggerOptions } from '@fastify/swagger'
import { Type, type TSchema } from '@sinclair/typebox'
import {
  BatchDetail, BatchList, BatchSummary, CustomerList, CustomerOutcomes, CustomerResult, CustomerView, EntryOutcomes, QueueFlushed, Rejection,
  RejectionList, RequestList, RequestView, Stats
} from '../schemas/admin.js'
import { AuthorizeResponse } from '../schemas/auth.js'
import { BalanceItem, Customer, Device, Metrics, MetricsPeriod } from '../schemas/customer.js'
import { ErrorBody, Violation } from '../schemas/error.js'
import { Fault, FaultList, FaultRequest } from '../schemas/fault.js'
import { CustomerWithEvents, MigratedEvent, Order, Product, Redeem, Shipping } from '../schemas/events.js'
import {
  MigrateAccepted, MigrateEventsAccepted, migrateEventsRequestSchema, migrateRequestSchema, MigrateTransactionsAccepted,
  migrateTransactionsRequestSchema
} from '../schemas/migrate.js'
import { CustomerData, CustomerReadBack, Reward, Wallet, WalletLine, WalletTotal } from '../schemas/storefront.js'
import { CustomerTransactions, MigratedTransaction, TransactionEvent } from '../schemas/transactions.js'
import type { Config } from './config.js'
import { isEmulatedApi } from './paths.js'
import { VERSION } from './version.js'

/** Who may call an operation: Masivo's bearer token, its API key, or (for /__admin) either or neither. */
export const SECURITY: Record<'bearer' | 'apiKey' | 'optional' | 'none', Record<string, string[]>[]> = {
  bearer: [{ bearer: [] }],
  apiKey: [{ apiKey: [] }],
  /** /__admin: without a credential, every account; with one, its account only. */
  optional: [{}, { bearer: [] }, { apiKey: [] }],
  none: []
}

const ERROR_MEANINGS: Record<number, string> = {
  400: 'The request breaks a rule: `violations` lists each with a JSON Pointer to it',
  401: 'The credential is missing, malformed or unknown',
  404: 'The mock holds no such item (in the caller\'s account)',
  408: 'The request did not arrive whole within REQUEST_TIMEOUT_MS',
  409: 'Several accounts hold this id and the request names none of them',
  413: 'The body is larger than BODY_LIMIT_BYTES',
  415: 'The body is not application/json',
  417: 'An Expect header other than 100-continue',
  422: 'Invalid customer entry: the body breaks a rule, `violations` lists each with a JSON Pointer to it',
  429: 'The rate limit (RATE_LIMIT or RATE_LIMIT_MAX) is reached; Retry-After says when to try again'
}

/** Answered by the HTTP layer to a request for any operation. */
const ANY_OPERATION = [408, 417]

/** The error responses of an operation: `statuses`, and those any operation may answer. */
export const errorResponses = (...statuses: number[]): Record<string, TSchema> =>
  Object.fromEntries([...statuses, ...ANY_OPERATION].sort().map((status) => [status, { ...ErrorBody, description: ERROR_MEANINGS[status] }]))

/** An answer without a body. */
export const noContent = (description: string): TSchema => Type.Null({ description })

const header = (description: string, type: 'integer' | 'string' = 'integer') => ({ description, schema: { type } })

const HEADERS = {
  RequestId: header("The request's id: the client's own x-request-id when it is a plain token, else a UUID; /__admin/requests/{id} shows the request", 'string'),
  RateLimitLimit: header('With a rate limit on: the requests the tightest window allows'),
  RateLimitRemaining: header('With a rate limit on: the requests left in that window'),
  RateLimitReset: header('With a rate limit on: seconds until that window starts over'),
  RetryAfter: header('Seconds to wait before trying again')
}

const ref = (kind: string, name: string) => ({ $ref: `#/components/${kind}/${name}` })

type Json = Record<string, unknown>

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)

/** JSON with sorted keys, for comparing schemas. */
const canonical = (value: unknown): string => JSON.stringify(value, (_key, v: unknown) =>
  isObject(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v)

/**
 * Replaces every schema titled as one of `named` by a reference to the component of that name, keeping a
 * description of its own. The component is the schema as @fastify/swagger wrote it, with the declared
 * schema's description; two different schemas under one title are a mistake, thrown.
 */
const hoist = (document: Json, named: Map<string, TSchema>) => {
  const components: Json = {}
  const shapes = new Map<string, string>()
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit)
    if (!isObject(node)) return node
    const members = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, visit(value)]))
    const title = node.title
    if (typeof title !== 'string' || !named.has(title)) return members
    const { description: own, ...shape } = members
    const declared = named.get(title)!.description
    const known = shapes.get(title)
    if (known === undefined) {
      shapes.set(title, canonical(shape))
      components[title] = declared === undefined ? shape : { ...shape, description: declared }
    } else if (known !== canonical(shape)) {
      throw new Error(`OpenAPI: two different schemas are titled ${title}`)
    }
    return own === undefined || own === declared ? ref('schemas', title) : { ...ref('schemas', title), description: own }
  }
  document.paths = visit(document.paths)
  return components
}

/** Declares the headers each answer carries. */
const declareHeaders = (document: Json) => {
  for (const [path, operations] of Object.entries(document.paths as Record<string, Record<string, Json>>)) {
    for (const operation of Object.values(operations)) {
      for (const [status, response] of Object.entries(operation.responses as Record<string, Json>)) {
        const headers: Json = { 'x-request-id': ref('headers', 'RequestId') }
        if (isEmulatedApi(path) && status !== '401') {
          Object.assign(headers, {
            'x-ratelimit-limit': ref('headers', 'RateLimitLimit'),
            'x-ratelimit-remaining': ref('headers', 'RateLimitRemaining'),
            'x-ratelimit-reset': ref('headers', 'RateLimitReset')
          })
        }
        if (status === '429') headers['retry-after'] = ref('headers', 'RetryAfter')
        response.headers = { ...headers, ...(response.headers as Json | undefined) }
      }
    }
  }
}

/** @fastify/swagger's options for a mock built from `config`. */
export const swaggerOptions = (config: Config): SwaggerOptions => {
  const named = new Map<string, TSchema>([
    MigrateAccepted, migrateRequestSchema(config.MAX_BATCH_SIZE), Customer, BalanceItem, Metrics, MetricsPeriod, Device,
    MigrateTransactionsAccepted, migrateTransactionsRequestSchema(config.MAX_BATCH_SIZE), CustomerTransactions, MigratedTransaction,
    TransactionEvent, MigrateEventsAccepted, migrateEventsRequestSchema(config.MAX_BATCH_SIZE), CustomerWithEvents, MigratedEvent,
    Order, Product, Shipping, Redeem, CustomerReadBack, CustomerData, Wallet, WalletLine, WalletTotal, Reward,
    AuthorizeResponse, ErrorBody, Violation, BatchSummary, BatchDetail, CustomerResult, CustomerView, RequestView, Stats,
    BatchList, CustomerList, RequestList, FaultRequest, Fault, FaultList, QueueFlushed, CustomerOutcomes, EntryOutcomes, Rejection, RejectionList
  ].map((schema) => [schema.title!, schema]))
  return {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'masivo-migrate-mock',
        description: "A test double of Masivo's customer migration API (https://docs.masivo.ai), with inspection of what it received under /__admin.",
        version: VERSION,
        license: { name: 'MIT', identifier: 'MIT' }
      },
      servers: [{
        url: 'http://{host}:{port}',
        description: 'Where the mock listens (HOST, PORT)',
        variables: { host: { default: '127.0.0.1' }, port: { default: String(config.PORT === 0 ? 8080 : config.PORT) } }
      }],
      tags: [
        { name: 'Masivo API', description: "Masivo's endpoints, as the mock emulates them" },
        { name: 'Inspection', description: 'What the mock received, accepted and refused' },
        { name: 'Faults', description: 'Failures on demand, for the next migrate requests' },
        { name: 'Clock', description: "The mock's now, moved forward by a suite" },
        { name: 'Reference data', description: "Each account's rewards, tiers and brands, which migrated entries are checked against" },
        { name: 'Mock', description: "The mock's own endpoints" }
      ],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'A token from GET /api/storefront/v1/auth/authorize, or one of AUTH_TOKENS (any, when unset)' },
          apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'An API key: one of API_KEYS (any, when unset)' }
        },
        headers: HEADERS
      }
    },
    transformObject: (documentObject) => {
      const document = (documentObject as { openapiObject: Json }).openapiObject
      const schemas = hoist(document, named)
      declareHeaders(document)
      const components = document.components as Json
      components.schemas = { ...(components.schemas as Json | undefined), ...schemas }
      return document
    }
  }
}
