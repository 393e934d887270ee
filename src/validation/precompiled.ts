/**
 * The migrate bodies' validators for Masivo's batch limit as code generated at build time (Ajv's
 * standalone code), so that a start compiles none. From source there are none, and each is compiled at
 * first use; scripts/bundle.mjs puts the module src/validation/standalone-code.ts generates in this one's
 * place in the bundles (test/validation/standalone-code.test.ts proves the two answer alike).
 */
import type { ValidateFunction } from 'ajv'
import type { BatchKind } from '../../schemas/migrate.js'

export const PRECOMPILED: Partial<Record<BatchKind, ValidateFunction>> = {}
