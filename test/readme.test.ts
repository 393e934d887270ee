/** The README's examples are the files under examples/ that test/package.test.ts and test/docker/ run, word for word. */
import t from 'tap'
import { readFileSync } from 'node:fs'

const read = (file: string) => readFileSync(new URL(`../${file}`, import.meta.url), 'utf8')

t.test('each example shown in the README is its file under examples/', async (t) => {
  const readme = read('README.md')
  const shown = [...readme.matchAll(/<!-- example: (\S+) -->\n```(?:ts|js)\n([\s\S]*?)```\n/g)]
  t.same(shown.map((m) => m[1]), [
    'examples/vitest-suite/vitest.config.ts', 'examples/vitest-suite/customers.test.ts', 'examples/jest-suite/jest.config.js',
    'examples/jest-suite/customers.test.js', 'examples/node-test-suite/customers.test.ts',
    'examples/node-test.test.ts', 'examples/vitest.test.ts', 'examples/testcontainers.test.ts'
  ])
  for (const [, file = '', code] of shown) t.equal(code, read(file), file)
})
