/**
 * Who sent a request. An account is what a credential belongs to: a static bearer token is its own
 * account, a token the mock issued belongs to the API key that obtained it. Accounts are named by a
 * fingerprint, never by the credential itself.
 */
import { createHash } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import {
  ERR_AUTH_EMPTY, ERR_AUTH_MALFORMED, ERR_AUTH_MISSING, ERR_AUTH_SCHEME, ERR_AUTH_UNKNOWN_TOKEN
} from './errors.js'
import type { TokenService } from './tokens.js'

const fingerprints = new Map<string, string>()
/** Enough for every credential of a test suite; the cache starts over past it. */
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

/** The token of an `Authorization: Bearer <token>` header; throws the 401 that says what is wrong. */
export const bearerToken = (header: string | undefined): string => {
  if (header === undefined || header.trim() === '') throw new ERR_AUTH_MISSING()
  const [scheme = '', ...rest] = header.trim().split(/\s+/)
  if (scheme.toLowerCase() !== 'bearer') throw new ERR_AUTH_SCHEME(scheme)
  if (rest.length === 0) throw new ERR_AUTH_EMPTY()
  if (rest.length > 1) throw new ERR_AUTH_MALFORMED()
  return rest[0]!
}

export class Authenticator {
  constructor (
    /** AUTH_TOKENS; undefined accepts any token */
    private readonly staticTokens: ReadonlySet<string> | undefined,
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

  /**
   * The account an admin request speaks for, from `Authorization: Bearer` or `x-api-key`, or undefined
   * when it carries neither (it then sees every account). A credential only identifies here: an
   * expired token still names its account, but a forged one is refused.
   */
  identify (headers: IncomingHttpHeaders): string | undefined {
    if (headers.authorization !== undefined) {
      const token = bearerToken(headers.authorization)
      return this.tokens.claimsToBeOurs(token) ? this.tokens.identify(token) : fingerprint(token)
    }
    const apiKey = headers['x-api-key']
    return typeof apiKey === 'string' && apiKey !== '' ? fingerprint(apiKey) : undefined
  }
}
