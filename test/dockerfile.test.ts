/** The image runs the server the way `npm start` (and so the benchmark) does. */
import { readFileSync } from 'node:fs'
import t from 'tap'

const read = (file: string) => readFileSync(new URL(`../${file}`, import.meta.url), 'utf8')

t.test('the image runs the same entry as npm start, with the same Node flags', async (t) => {
  const start = (JSON.parse(read('package.json')) as { scripts: { start: string } }).scripts.start.split(' ')
  const cmd = JSON.parse(/^ENTRYPOINT (\[.*\])$/m.exec(read('Dockerfile'))![1]!) as string[]
  const flags = (command: string[]) => command.filter((word) => word.startsWith('--'))
  t.same(flags(cmd), flags(start))
  t.ok(flags(start).length > 0, 'npm start sets at least one flag')
  t.equal(cmd.at(-1), 'cli.mjs')
  t.equal(start.at(-1), 'dist/cli.mjs')
  t.match(read('Dockerfile'), /COPY --from=build \/build\/dist\/cli\.mjs \/build\/dist\/worker\.mjs \.\//, "the bundle, and validate's worker beside it")
})
