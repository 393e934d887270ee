// Bundles what starts the mock into single files, so a start reads a few files instead of some 600
// modules (bench/README.md has what that saves):
// - dist/cli.mjs: the command line (src/cli.ts) with every dependency, for `npm start` and the image, which
//   needs no node_modules; `validate`'s worker thread beside it, dist/worker.mjs, where
//   src/validate/worker-pool.ts looks for it;
// - dist/mock.mjs: the package's main entry (src/index.ts). The client stays outside it, imported from
//   dist/lib/src/client/, so that `masivo-migrate-mock` and `masivo-migrate-mock/client` share one MockClient
//   and one MockApiError (instanceof holds across the two).
// - dist/cjs/: the client and the Jest recipe as CommonJS, for test files Jest runs as CommonJS (its module
//   registry does not load ES modules); the server they start is the ES module above, imported when asked for.
// `--profile-into=DIR` builds only the command line, into DIR, with a source map: the benchmark's profile case
// (bench/profile.ts) runs it and maps each sampled function back to its source file.
// In the first two, the migrate validators are code generated here (src/validation/standalone-code.ts), so a start
// compiles none. The package's other files (dist/lib/) are tsc's, unbundled. Types are checked by
// `npm run typecheck`; esbuild only strips them.
import { build } from 'esbuild'
import { dirname, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { tsImport } from 'tsx/esm/api'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const { standaloneValidators } = await tsImport('../src/validation/standalone-code.ts', import.meta.url)

/** src/validation/precompiled.ts, replaced by the generated validators. */
const precompiled = {
  name: 'precompiled-validators',
  setup (build) {
    build.onResolve({ filter: /\/precompiled\.js$/ }, (args) => ({ path: resolve(args.resolveDir, args.path), namespace: 'precompiled' }))
    build.onLoad({ filter: /.*/, namespace: 'precompiled' }, () => ({
      contents: standaloneValidators('./formats.js'),
      resolveDir: resolve(ROOT, 'src/validation'),
      loader: 'js'
    }))
  }
}

/** Imports of src/client/ left to dist/lib/src/client/, beside the bundle in dist/. */
const clientOutside = {
  name: 'client-outside',
  setup (build) {
    build.onResolve({ filter: /\/client\/[\w-]+\.js$/ }, (args) => {
      const source = relative(ROOT, resolve(args.resolveDir, args.path))
      return source.startsWith('src/client/') ? { path: `./lib/${source}`, external: true } : undefined
    })
  }
}

const common = {
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
}

const cliBuild = { ...common, entryPoints: { cli: 'src/cli.ts', worker: 'src/validate/worker.ts' }, plugins: [precompiled] }
const profileInto = process.argv.find((arg) => arg.startsWith('--profile-into='))?.slice('--profile-into='.length)

const builds = profileInto !== undefined
  ? [build({ ...cliBuild, outdir: profileInto, sourcemap: true })]
  : [
      build(cliBuild),
      build({ ...common, entryPoints: { mock: 'src/index.ts' }, plugins: [precompiled, clientOutside] }),
      build({
        ...common,
        entryPoints: {
          client: 'src/client/index.ts',
          jest: 'src/runners/jest.ts',
          'jest-global-setup': 'src/runners/jest-global-setup.ts',
          'jest-global-teardown': 'src/runners/jest-global-teardown.ts'
        },
        outdir: 'dist/cjs',
        outExtension: { '.js': '.cjs' },
        format: 'cjs',
        banner: {},
        external: ['masivo-migrate-mock']
      })
    ]
await Promise.all(builds)
