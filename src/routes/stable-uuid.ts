/** Ids the mock makes up for what Masivo would create (wallets, owners, transactions), the same on every read. */
import { createHash } from 'node:crypto'

/** A UUID (version 8: custom, RFC 9562) derived from `parts`: the same parts always give the same id. */
export const stableUuid = (...parts: string[]): string => {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex')
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/** The internal id of a customer of an account: its wallet's owner_id, its transactions' receiver or sender. */
export const ownerIdOf = (account: string, customerId: string) => stableUuid('customer', account, customerId)
