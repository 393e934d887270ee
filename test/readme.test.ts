/**
 * The examples shown in the README and the guides (docs/) are the files under examples/ that
 * test/package.test.ts and test/docker/ run, word for word.
 */
import t from 'tap'
import { readdirSync, readFileSync } from 'node:fs'

const read = (file: string) => readFileSync(new URL(`../${file}`, import.meta.url), 'utf8')
const pages = ['README.md', ...readdirSync(new URL('../docs/', import.meta.url)).filter((name) => name.endsWith('.md')).sort().map((name) => `docs/${name}`)]

t.test('each example shown in the README and the guides is its file under examples/', async (t) => {
  const shown = pages.flatMap((page) => [...read(page).matchAll(/<!-- example: (\S+) -->\n```(?:ts|js)\n([\s\S]*?)```\n/g)].map((m) => ({ page, file: m[1]!, code: m[2]! })))
  t.same(shown.map(({ page, file }) => `${page}: ${file}`), [
    'README.md: examples/vitest-suite/vitest.config.ts', 'README.md: examples/vitest-suite/applied.test.ts',
    'docs/test-double.md: examples/rehearsal.test.ts',
    'docs/testing.md: examples/vitest-suite/vitest.config.ts', 'docs/testing.md: examples/vitest-suite/customers.test.ts',
    'docs/testing.md: examples/jest-suite/jest.config.js', 'docs/testing.md: examples/jest-suite/customers.test.js',
    'docs/testing.md: examples/node-test-suite/customers.test.ts', 'docs/testing.md: examples/node-test.test.ts',
    'docs/testing.md: examples/vitest.test.ts', 'docs/testing.md: examples/testcontainers.test.ts'
  ])
  for (const { page, file, code } of shown) t.equal(code, read(file), `${page}: ${file}`)
})
