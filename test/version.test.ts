/** One version: src/version.ts, equal to package.json's and the image label's. */
import t from 'tap'
import { readFileSync } from 'node:fs'
import { VERSION } from '../src/version.js'

const read = (file: string) => readFileSync(new URL(`../${file}`, import.meta.url), 'utf8')

t.test('package.json and the Dockerfile carry the version src/version.ts defines', async (t) => {
  t.equal((JSON.parse(read('package.json')) as { version: string }).version, VERSION)
  t.equal(/^ARG VERSION=(.+)$/m.exec(read('Dockerfile'))?.[1], VERSION)
})
