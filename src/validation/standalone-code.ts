/**
 * Writes the module that takes src/validation/precompiled.ts's place in the bundles: the three migrate
 * bodies' validators for Masivo's batch limit as Ajv's standalone code, compiled from the same schemas and
 * options the server compiles at run time. Run at build time (scripts/bundle.mjs), never by the server.
 */
import { Ajv, _ } from 'ajv'
import standaloneCode from 'ajv/dist/standalone/index.js'
import type { TSchema } from '@sinclair/typebox'
import { BATCH_KINDS, MASIVO_MAX_BATCH_SIZE } from '../../schemas/migrate.js'
import { batchSchema } from './batch-validator.js'
import { ajvOptions, compilable } from './schema-validator.js'

/** The module's text; `formatsModule`: where it imports AJV_FORMATS from, as the importer's specifier. */
export const standaloneValidators = (formatsModule: string): string => {
  const ajv = new Ajv({ ...ajvOptions(false), code: { source: true, esm: true, formats: _`AJV_FORMATS` } })
  for (const kind of BATCH_KINDS) ajv.addSchema(compilable(batchSchema(kind, MASIVO_MAX_BATCH_SIZE)) as TSchema, kind)
  // a CommonJS module whose default export, as Node and TypeScript see it, is the module itself
  const code = standaloneCode.default(ajv, Object.fromEntries(BATCH_KINDS.map((kind) => [kind, kind])))
  return `import { AJV_FORMATS } from ${JSON.stringify(formatsModule)}\n${code}\nexport const PRECOMPILED = { ${BATCH_KINDS.join(', ')} }\n`
}
