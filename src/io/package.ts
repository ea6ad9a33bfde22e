import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { ValidateFunction } from 'ajv';

/**
 * The installed package's root: two levels up from src/io, dist/io and dist/bundle (where
 * scripts/bundle.mjs puts every file of the bundled CLI, for this reason).
 */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export type SchemaName = 'journey-map' | 'journeykit-config' | 'metrics-report';

export function schemaPath(name: SchemaName): string {
  return path.join(PACKAGE_ROOT, 'schemas', `${name}.schema.json`);
}

const schemaCache = new Map<SchemaName, object>();

export function readSchemaText(name: SchemaName): string {
  return readFileSync(schemaPath(name), 'utf8');
}

export function readSchema(name: SchemaName): object {
  let schema = schemaCache.get(name);
  if (!schema) {
    schema = JSON.parse(readSchemaText(name)) as object;
    schemaCache.set(name, schema);
  }
  return schema;
}

let version: string | undefined;

export function packageVersion(): string {
  version ??= (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  return version;
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
