/** GET /api/storefront/v1/auth/authorize: an API key exchanged for a JWT. */
import { Type, type Static } from '@sinclair/typebox'

export const AuthorizeResponse = Type.Object({
  data: Type.String({ description: 'An HS256 JWT for the Authorization: Bearer header; it expires after TOKEN_TTL_SECONDS' })
}, { title: 'AuthorizeResponse' })
export type AuthorizeResponse = Static<typeof AuthorizeResponse>
