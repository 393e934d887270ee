/**
 * The token flow of Masivo's API: an API key is exchanged for a short-lived HS256 JWT whose subject is
 * the key's account. Signing and verifying are fast-jwt's.
 */
import { createDecoder, createSigner, createVerifier, TokenError } from 'fast-jwt'
import { ERR_TOKEN_EXPIRED, ERR_TOKEN_INVALID } from '../errors.js'

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
  private readonly verifyFresh: (token: string) => Claims
  private readonly verifyAnyAge: (token: string) => Claims
  private readonly decode = createDecoder()

  constructor (secret: string, private readonly ttlSeconds: number) {
    this.sign = createSigner({ key: secret, algorithm: 'HS256', iss: TOKEN_ISSUER })
    this.verifyFresh = createVerifier({ key: secret, algorithms: ['HS256'], allowedIss: TOKEN_ISSUER, cache: true })
    this.verifyAnyAge = createVerifier({ key: secret, algorithms: ['HS256'], allowedIss: TOKEN_ISSUER, ignoreExpiration: true })
  }

  /**
   * A token for the account an API key belongs to. `exp` is rounded up, so the token lives at least its TTL
   * (JWT times are whole seconds; `iat` is rounded down).
   */
  issue (account: string): string {
    return this.sign({ sub: account, exp: Math.ceil(Date.now() / 1000) + this.ttlSeconds })
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
    try {
      return this.verifyFresh(token).sub
    } catch (err) {
      if (err instanceof TokenError && err.code === TokenError.codes.expired) {
        // signed by the mock, so it still names its account: the 401 is journaled there
        const { sub, exp } = this.verifyAnyAge(token)
        throw Object.assign(new ERR_TOKEN_EXPIRED(new Date(exp * 1000).toISOString()), { account: sub })
      }
      throw new ERR_TOKEN_INVALID()
    }
  }

  /** The account of a token with a valid signature, expired or not (admin requests only identify). */
  identify (token: string): string {
    try {
      return this.verifyAnyAge(token).sub
    } catch {
      throw new ERR_TOKEN_INVALID()
    }
  }
}
