/** GET /__admin/ui: the dashboard's page and assets, served by the mock, small, revalidated with an ETag. */
import t from 'tap'
import { gunzipSync } from 'node:zlib'
import { build } from '../../helper.js'
import { assetSizes } from '../../../src/routes/admin/ui.js'

t.test('/__admin redirects to the page; the page and its assets, with their types', async (t) => {
  const { app } = await build(t)
  for (const url of ['/__admin', '/__admin/']) {
    const redirect = await app.inject({ url })
    t.equal(redirect.statusCode, 302, url)
    t.equal(redirect.headers.location, '/__admin/ui')
  }
  const page = await app.inject({ url: '/__admin/ui' })
  t.equal(page.statusCode, 200)
  t.match(page.headers['content-type'], /^text\/html; charset=utf-8/)
  t.match(page.headers['content-security-policy'], /script-src 'self'/)
  t.match(page.body, /<script type="module" src="\/__admin\/ui\/app.js">/)
  for (const [asset, type] of [['app.js', /^text\/javascript/], ['app.css', /^text\/css/], ['favicon.svg', /^image\/svg\+xml/]] as const) {
    const response = await app.inject({ url: `/__admin/ui/${asset}` })
    t.equal(response.statusCode, 200, asset)
    t.match(response.headers['content-type'], type)
  }
  const unknown = await app.inject({ url: '/__admin/ui/secrets.txt' })
  t.equal(unknown.statusCode, 404)
  t.equal(unknown.json().code, 'MOCK_ERR_NOT_FOUND')
  t.equal((await app.inject({ url: '/__admin/ui/index.html' })).statusCode, 404, 'the page has one address')
})

t.test('revalidated with an ETag (304), gzipped when the browser takes it', async (t) => {
  const { app } = await build(t)
  const first = await app.inject({ url: '/__admin/ui/app.js', headers: { 'accept-encoding': 'gzip, br' } })
  t.equal(first.headers['content-encoding'], 'gzip')
  t.equal(first.headers['cache-control'], 'no-cache')
  const plain = await app.inject({ url: '/__admin/ui/app.js' })
  t.same(gunzipSync(first.rawPayload), plain.rawPayload)
  const again = await app.inject({ url: '/__admin/ui/app.js', headers: { 'if-none-match': String(first.headers.etag) } })
  t.equal(again.statusCode, 304)
  t.equal(again.body, '')
})

t.test('the assets weigh at most 60 kB gzipped, all together', async (t) => {
  const sizes = assetSizes()
  const gzipped = sizes.reduce((n, s) => n + s.gzipped, 0)
  t.ok(gzipped <= 60 * 1024, `${gzipped} bytes gzipped (${sizes.map((s) => `${s.name} ${s.bytes}/${s.gzipped}`).join(', ')})`)
})
