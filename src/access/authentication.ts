/**
 * Who sent a request. An account is what a credential belongs to: a static bearer token is its own
 * account, a token the mock issued belongs to the API key that obtained it. Accounts are named by a
 * fingerprint, never by the credential itself. The hooks here are the only writers of `record.account`.
 */
import { createHash } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify'
import {
  ERR_API_KEY_MISSING, ERR_API_KEY_UNKNOWN, ERR_AUTH_EMPTY, ERR_AUTH_MALFORMED, ERR_AUTH_MISSING, ERR_AUTH_SCHEME,
  ERR_AUTH_UNKNOWN_TOKEN
} from '../errors.js'
import type { TokenService } from './tokens.js'

const fingerprints = new Map<string, string>()
/** Enough for every credential of a test suite; past it the cache starts over (it only saves hashing). */
const FINGERPRINT_CACHE_SIZE = 10_000

/** First 12 hex characters of the credential's SHA-256: names an account without revealing it. */
export const fingerprint = (credential: string): string => {
  let account = fingerprints.get(credential)
  if (account === undefined) {
    if (fingerprints.size >= FINGERPRINT_CACHE_SIZE) fingerprints.clear()
    account = createHash('sha256').update(credential).digest('hex').slice(0, 12)
    fingerprints.set(credential, account)
  }
  return account
}

/** IANA's HTTP authentication schemes (lower-cased), the ones a client may mistakenly send. */
const KNOWN_SCHEMES = new Set(['basic', 'digest', 'hoba', 'mutual', 'negotiate', 'ntlm', 'oauth', 'privatetoken', 'scram-sha-1', 'scram-sha-256', 'vapid', 'dpop', 'gnap', 'concealed'])

/** The token of an `Authorization: Bearer <token>` header; throws the 401 that says what is wrong. */
const bearerToken = (header: string | undefined): string => {
  if (header === undefined || header.trim() === '') throw new ERR_AUTH_MISSING()
  const [scheme = '', ...rest] = header.trim().split(/\s+/)
  // the scheme is named back only when it is a registered one: otherwise it may be the credential itself
  if (scheme.toLowerCase() !== 'bearer') throw new ERR_AUTH_SCHEME(KNOWN_SCHEMES.has(scheme.toLowerCase()) ? `, not '${scheme}'` : '')
  if (rest.length === 0) throw new ERR_AUTH_EMPTY()
  if (rest.length > 1) throw new ERR_AUTH_MALFORMED()
  return rest[0]!
}

export class Authenticator {
  constructor (
    /** AUTH_TOKENS; undefined accepts any token */
    private readonly staticTokens: ReadonlySet<string> | undefined,
    /** API_KEYS; undefined accepts any key */
    private readonly apiKeys: ReadonlySet<string> | undefined,
    private readonly tokens: TokenService
  ) {}

  /** The account of a migrate request, or the 401 error saying what is wrong with its credential. */
  authenticate (header: string | undefined): string {
    const token = bearerToken(header)
    if (this.staticTokens?.has(token) === true) return fingerprint(token)
    if (this.tokens.claimsToBeOurs(token)) return this.tokens.verify(token)
    if (this.staticTokens === undefined) return fingerprint(token)
    throw new ERR_AUTH_UNKNOWN_TOKEN()
  }

  /** The account of an API key (header x-api-key), or the 401 saying what is wrong with it. */
  apiKeyAccount (key: string | string[] | undefined): string {
    if (typeof key !== 'string' || key.trim() === '') throw new ERR_API_KEY_MISSING()
    if (this.apiKeys !== undefined && !this.apiKeys.has(key)) throw new ERR_API_KEY_UNKNOWN()
    return fingerprint(key)
  }

  /**
   * The account whose data an admin request sees: the one its credential names (`Authorization: Bearer`
   * or `x-api-key`), else `queryAccount` (`?account=`), else undefined: every account. A credential only
   * identifies here: an expired token still names its account, but a forged one is refused.
   */
  scopeOf (headers: IncomingHttpHeaders, queryAccount?: string): string | undefined {
    if (headers.authorization !== undefined) {
      const token = bearerToken(headers.authorization)
      return this.tokens.claimsToBeOurs(token) ? this.tokens.identify(token) : fingerprint(token)
    }
    const apiKey = headers['x-api-key']
    return typeof apiKey === 'string' && apiKey !== '' ? fingerprint(apiKey) : queryAccount
  }
}

/** An onRequest hook that records the account `accountOf` finds, or answers the 401 it throws. */
const accountHook = (accountOf: (request: FastifyRequest) => string) =>
  (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
    let account: string
    try {
      account = accountOf(request)
    } catch (err) {
      const { account } = err as { account?: unknown }
      if (typeof account === 'string') request.record.account = account // an expired token of the mock's
      done(err as Error)
      return
    }
    request.record.account = account
    done()
  }

/** The migrate route's: the bearer credential's account. */
export const authenticateBearer = accountHook((request) => request.server.mock.authenticator.authenticate(request.headers.authorization))

/** The token route's: the API key's account. */
export const authenticateApiKey = accountHook((request) => request.server.mock.authenticator.apiKeyAccount(request.headers['x-api-key']))
