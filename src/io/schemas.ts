import type { SchemaValidator } from '../core/schema/validator.js';
import type { SchemaName } from './package.js';
import { shippedSchemaValidator } from './schema-code.js';

const validators = new Map<SchemaName, Promise<SchemaValidator>>();

/** The validator of a shipped schema, made once per schema (see schema-code.ts). */
function schemaValidator(name: SchemaName): Promise<SchemaValidator> {
  let validator = validators.get(name);
  if (validator === undefined) {
    validator = shippedSchemaValidator(name);
    validators.set(name, validator);
  }
  return validator;
}

export function mapSchemaValidator(): Promise<SchemaValidator> {
  return schemaValidator('journey-map');
}

export function configSchemaValidator(): Promise<SchemaValidator> {
  return schemaValidator('journeykit-config');
}

/** The schema of `journey metrics --format json` output, which `--metrics FILE.json` must fit. */
export function metricsSchemaValidator(): Promise<SchemaValidator> {
  return schemaValidator('metrics-report');
}
