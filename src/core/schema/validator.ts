import type { ValidateFunction } from 'ajv';
import type { Diagnostic } from '../diagnostics.js';
import type { SourceMap } from '../yaml/source-map.js';
import { humanizeErrors } from './humanize.js';

export interface SchemaValidator {
  /** Diagnostics for every real problem of `value`, located through `sourceMap`. */
  validate(value: unknown, sourceMap: SourceMap, source: string): Diagnostic[];
}

/** A validator around an ajv validation function: compiled at run time (compile.ts), or precompiled at build time. */
export function schemaValidatorFrom(check: ValidateFunction): SchemaValidator {
  return {
    validate(value, sourceMap, source) {
      if (check(value)) return [];
      return humanizeErrors(check.errors ?? [], value, sourceMap, source);
    },
  };
}
