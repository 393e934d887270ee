// The linter: neostandard (the style of the Fastify repositories), TypeScript rules included.
import neostandard from 'neostandard'
import globals from 'globals'

export default [
  ...neostandard({ ts: true, ignores: ['dist/**', 'coverage/**', '.tap/**', 'scratch/**'] }),
  {
    // TypeBox's idiom: a schema and its Static type share a name (`Customer` is both)
    files: ['schemas/**/*.ts'],
    rules: { '@typescript-eslint/no-redeclare': 'off' }
  },
  {
    // the dashboard runs in the browser
    files: ['ui/**/*.js'],
    languageOptions: { globals: globals.browser }
  },
  {
    // the Jest example suite: CommonJS, with Jest's globals
    files: ['examples/jest-suite/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node, ...globals.jest } }
  }
]
