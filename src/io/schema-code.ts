import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { schemaValidatorFrom } from '../core/schema/validator.js';
import type { SchemaValidator } from '../core/schema/validator.js';
import type { SchemaName } from './package.js';
import { PACKAGE_ROOT, readSchema, readSchemaText } from './package.js';

/**
 * The validator of a shipped schema. Here (the tsc output, the tests) it is the build's
 * precompiled code when that was made from the schema as it is now, else the schema compiled now
 * with ajv (~200 ms). The bundled CLI replaces this module (scripts/bundle.mjs) with one that
 * imports the precompiled code the same build made: no schema file to read and hash, and no ajv
 * compiler to load, on any run.
 */
export async function shippedSchemaValidator(name: SchemaName): Promise<SchemaValidator> {
  const precompiled = precompiledValidation(name);
  if (precompiled) return schemaValidatorFrom(precompiled);
  const { createSchemaValidator } = await import('../core/schema/compile.js');
  return createSchemaValidator(readSchema(name));
}

/**
 * The build's standalone ajv code for a schema (scripts/precompile-schemas.mjs), when it exists and
 * was made from the schema as it is now; undefined otherwise (the caller compiles at run time).
 */
export function precompiledValidation(name: SchemaName): ValidateFunction | undefined {
  const file = path.join(PACKAGE_ROOT, 'dist', 'schemas', `${name}.validate.cjs`);
  if (!existsSync(file)) return undefined;
  const check = createRequire(import.meta.url)(file) as ValidateFunction & { schemaSha256?: string };
  const current = createHash('sha256').update(readSchemaText(name)).digest('hex');
  return check.schemaSha256 === current ? check : undefined;
}
