/**
 * The token flow of Masivo's API: an API key is exchanged for a short-lived HS256 JWT whose subject is
 * the key's account. Signing and verifying are fast-jwt's.
 */
import { createDecoder, createSigner, createVerifier } from 'fast-jwt'
import { ERR_TOKEN_EXPIRED, ERR_TOKEN_INVALID } from '../errors.js'
import type { Clock } from '../state/clock.js'

/** The `iss` of every token the mock issues: how it tells its own tokens from opaque static ones. */
export const TOKEN_ISSUER = 'masivo-migrate-mock'

/** Three base64url parts, the first a JSON object ("eyJ" is how `{"` encodes). */
const LOOKS_LIKE_JWT = /^eyJ[\w-]*\.[\w-]+\.[\w-]*$/

interface Claims {
  sub: string
  exp: number
}

export class TokenService {
  private readonly sign: (payload: object) => string
  /** Expiry is checked against the mock's clock, not by fast-jwt (whose clock is the real one). */
  private readonly verifySignature: (token: string) => Claims
  private readonly decode = createDecoder()

  constructor (secret: string, private readonly ttlSeconds: number, private readonly clock: Clock) {
    this.sign = createSigner({ key: secret, algorithm: 'HS256', iss: TOKEN_ISSUER })
    this.verifySignature = createVerifier({ key: secret, algorithms: ['HS256'], allowedIss: TOKEN_ISSUER, ignoreExpiration: true, cache: true })
  }

  /**
   * A token for the account an API key belongs to, dated by the mock's clock. `exp` is rounded up, so the
   * token lives at least its TTL (JWT times are whole seconds; `iat` is rounded down).
   */
  issue (account: string): string {
    const now = this.clock.now()
    return this.sign({ sub: account, iat: Math.floor(now / 1000), exp: Math.ceil(now / 1000) + this.ttlSeconds })
  }

  /** Whether the token claims to be one of the mock's (a JWT with its issuer), signature unchecked. */
  claimsToBeOurs (token: string): boolean {
    if (!LOOKS_LIKE_JWT.test(token)) return false // spares a thrown decode error per static token
    try {
      return (this.decode(token) as { iss?: unknown }).iss === TOKEN_ISSUER
    } catch {
      return false
    }
  }

  /** The account of a valid, unexpired token; throws the 401 that says what is wrong. */
  verify (token: string): string {
    const { sub, exp } = this.identified(token)
    // signed by the mock, so an expired token still names its account: the 401 is journaled there
    if (exp * 1000 <= this.clock.now()) throw Object.assign(new ERR_TOKEN_EXPIRED(new Date(exp * 1000).toISOString()), { account: sub })
    return sub
  }

  /** The account of a token with a valid signature, expired or not (admin requests only identify). */
  identify (token: string): string {
    return this.identified(token).sub
  }

  private identified (token: string): Claims {
    try {
      return this.verifySignature(token)
    } catch {
      throw new ERR_TOKEN_INVALID()
    }
  }
}
