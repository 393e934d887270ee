/** The URL a client uses to reach a listening server: a wildcard address is reached through the loopback of its family. */
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'

export const listeningUrl = (app: FastifyInstance): string => {
  const { address, family, port } = app.server.address() as AddressInfo
  const host = family === 'IPv6' ? `[${address === '::' ? '::1' : address}]` : (address === '0.0.0.0' ? '127.0.0.1' : address)
  return `http://${host}:${port}`
}
