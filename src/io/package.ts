import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

/**
 * The installed package's root: two levels up from src/io, dist/io and dist/bundle (where
 * scripts/bundle.mjs puts every file of the bundled CLI, for this reason).
 */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A worker thread's module in the tsc output (dist/), by its path below dist/: workers load it, not the bundle. */
export function workerModule(...segments: string[]): URL {
  return pathToFileURL(path.join(PACKAGE_ROOT, 'dist', ...segments));
}

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
