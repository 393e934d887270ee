/** The README documents every configuration variable the schema defines, and no other. */
import t from 'tap'
import { readFileSync } from 'node:fs'
import { ConfigSchema } from '../schemas/config.js'

t.test('the configuration table matches the configuration schema', async (t) => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
  const table = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('## Where the mock chooses'))
  const documented = [...table.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1])
  t.same(documented.sort(), Object.keys(ConfigSchema.properties).sort())
})
