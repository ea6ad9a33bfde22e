import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FormatsPlugin } from 'ajv-formats';
import type { Diagnostic } from '../diagnostics.js';
import type { SourceMap } from '../yaml/source-map.js';
import { humanizeErrors } from './humanize.js';

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats: FormatsPlugin = (addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? (addFormatsModule as unknown as FormatsPlugin);

export interface SchemaValidator {
  /** Diagnostics for every real problem of `value`, located through `sourceMap`. */
  validate(value: unknown, sourceMap: SourceMap, source: string): Diagnostic[];
}

/** The ajv options every schema is compiled with (scripts/precompile-schemas.mjs uses the same). */
export const AJV_OPTIONS = { allErrors: true, strict: true, verbose: true, allowUnionTypes: true } as const;

/** Compiles a JSON Schema (draft 2020-12) into a validator that reports readable diagnostics. */
export function createSchemaValidator(schema: object): SchemaValidator {
  const ajv = new Ajv2020({ ...AJV_OPTIONS });
  addFormats(ajv, ['date', 'uri']);
  return schemaValidatorFrom(ajv.compile(schema));
}

/** A validator around an ajv validation function: compiled now, or precompiled at build time. */
export function schemaValidatorFrom(check: ValidateFunction): SchemaValidator {
  return {
    validate(value, sourceMap, source) {
      if (check(value)) return [];
      return humanizeErrors(check.errors ?? [], value, sourceMap, source);
    },
  };
}
