// Bundles the command line (src/cli.ts) and its dependencies into one file, dist/cli.mjs, for `npm start`
// and the image: starting it reads one file instead of some 600 modules (bench/README.md has what that
// saves), and the image needs no node_modules. `validate`'s worker thread is a second file beside it,
// dist/worker.js, where src/validate/worker-pool.ts looks for it. The package's own files (dist/lib/) are
// tsc's, unbundled. Types are checked by `npm run typecheck`; esbuild only strips them.
import { build } from 'esbuild'

await build({
  entryPoints: { cli: 'src/cli.ts', worker: 'src/validate/worker.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  legalComments: 'none',
  logLevel: 'warning',
  // CommonJS dependencies call require(); an ES module has none of its own
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" }
})
