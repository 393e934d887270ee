/**
 * GET /__admin/ui: the dashboard, a page of the mock's own (ui/ in the package and the image: plain HTML,
 * CSS and an ES module, no library, nothing built at run time). Assets are read once, gzipped once, and
 * answered with an ETag, so a browser revalidates them with a 304; `/__admin` redirects to the page.
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { ERR_NOT_FOUND } from '../../errors.js'
import { ADMIN_PREFIX } from '../../paths.js'
import { clip } from '../../validation/violations.js'
import { routes } from '../plugin.js'

/** The dashboard's address. */
export const UI_PATH = `${ADMIN_PREFIX}/ui`

const TYPES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
  'favicon.svg': 'image/svg+xml'
}

/** The page runs only its own script and style, and talks only to the mock. */
const CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

interface Asset { type: string, plain: Buffer, gzipped: Buffer, etag: string }

/**
 * The ui/ folder: beside the package's root, whichever way the mock runs (from source, from dist/lib, as
 * the bundle in dist/, or in the image, where ui/ sits beside cli.mjs).
 */
const uiFolder = (): string => {
  let folder = dirname(fileURLToPath(import.meta.url))
  for (let level = 0; level < 6; level++) {
    if (existsSync(join(folder, 'ui', 'index.html'))) return join(folder, 'ui')
    folder = dirname(folder)
  }
  throw new Error('the dashboard\'s files (ui/index.html) are missing from this installation')
}

let assets: Map<string, Asset> | undefined

/** Read on first use, once per process. */
const loadAssets = (): Map<string, Asset> => {
  if (assets !== undefined) return assets
  const folder = uiFolder()
  assets = new Map(Object.entries(TYPES).map(([name, type]) => {
    const plain = readFileSync(join(folder, name))
    return [name, { type, plain, gzipped: gzipSync(plain, { level: 9 }), etag: `"${createHash('sha256').update(plain).digest('base64url').slice(0, 22)}"` }]
  }))
  return assets
}

const send = (request: FastifyRequest, reply: FastifyReply, name: string) => {
  const asset = loadAssets().get(name)!
  reply.header('etag', asset.etag).header('cache-control', 'no-cache').header('vary', 'accept-encoding').type(asset.type)
  if (name === 'index.html') reply.header('content-security-policy', CONTENT_SECURITY_POLICY)
  if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send()
  if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) return reply.header('content-encoding', 'gzip').send(asset.gzipped)
  return reply.send(asset.plain)
}

export const uiRoutes = routes('uiRoutes', async (app) => {
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect(UI_PATH))
  app.get('/ui', { schema: { hide: true } }, async (request, reply) => send(request, reply, 'index.html'))
  app.get('/ui/:asset', { schema: { hide: true } }, async (request, reply) => {
    const { asset } = request.params as { asset: string }
    if (asset === 'index.html' || !(asset in TYPES)) throw new ERR_NOT_FOUND('GET', clip(`${UI_PATH}/${asset}`))
    return send(request, reply, asset)
  })
})

/** What the dashboard's files weigh, plain and gzipped (docs/inspection.md and a test quote it). */
export const assetSizes = () => [...loadAssets()].map(([name, { plain, gzipped }]) => ({ name, bytes: plain.length, gzipped: gzipped.length }))
