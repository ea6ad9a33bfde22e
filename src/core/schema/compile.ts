import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { FormatsPlugin } from 'ajv-formats';
import type { SchemaValidator } from './validator.js';
import { schemaValidatorFrom } from './validator.js';

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats: FormatsPlugin = (addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? (addFormatsModule as unknown as FormatsPlugin);

/** The ajv options every schema is compiled with (scripts/precompile-schemas.mjs uses the same). */
export const AJV_OPTIONS = { allErrors: true, strict: true, verbose: true, allowUnionTypes: true } as const;

/**
 * Compiles a JSON Schema (draft 2020-12) into a validator that reports readable diagnostics.
 * The ajv compiler is a module of its own: the shipped schemas are compiled at build time, so a
 * run that only checks maps and configs never loads it (cold start).
 */
export function createSchemaValidator(schema: object): SchemaValidator {
  const ajv = new Ajv2020({ ...AJV_OPTIONS });
  addFormats(ajv, ['date', 'uri']);
  return schemaValidatorFrom(ajv.compile(schema));
}
