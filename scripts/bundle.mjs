// Bundles the command line (src/cli.ts) and its dependencies into one file, dist/cli.mjs, for `npm start`
// and the image: starting it reads one file instead of some 600 modules (bench/README.md has what that
// saves), and the image needs no node_modules. The package's own files (dist/lib/) are tsc's, unbundled.
// Types are checked by `npm run typecheck`; esbuild only strips them.
import { build } from 'esbuild'

await build({
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/cli.mjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  legalComments: 'none',
  logLevel: 'warning',
  // CommonJS dependencies call require(); an ES module has none of its own
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" }
})
