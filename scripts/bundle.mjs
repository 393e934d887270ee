// Bundles the server and its dependencies into one file, dist/server.mjs: starting it reads one file
// instead of some 600 modules (bench/README.md has what that saves), and the container image needs no
// node_modules. Types are checked by `npm run typecheck`; esbuild only strips them.
import { build } from 'esbuild'

await build({
  entryPoints: ['src/server.ts'],
  outfile: 'dist/server.mjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  legalComments: 'none',
  logLevel: 'warning',
  // CommonJS dependencies call require(); an ES module has none of its own
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" }
})
