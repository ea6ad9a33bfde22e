import { createSchemaValidator, schemaValidatorFrom } from '../core/schema/validator.js';
import type { SchemaValidator } from '../core/schema/validator.js';
import type { SchemaName } from './package.js';
import { precompiledValidation, readSchema } from './package.js';

const validators = new Map<SchemaName, SchemaValidator>();

/** The build's precompiled validation when it matches the schema, else compiled now (ajv, ~200 ms); once per schema. */
function schemaValidator(name: SchemaName): SchemaValidator {
  let validator = validators.get(name);
  if (validator === undefined) {
    const precompiled = precompiledValidation(name);
    validator = precompiled ? schemaValidatorFrom(precompiled) : createSchemaValidator(readSchema(name));
    validators.set(name, validator);
  }
  return validator;
}

export function mapSchemaValidator(): SchemaValidator {
  return schemaValidator('journey-map');
}

export function configSchemaValidator(): SchemaValidator {
  return schemaValidator('journeykit-config');
}

/** The schema of `journey metrics --format json` output, which `--metrics FILE.json` must fit. */
export function metricsSchemaValidator(): SchemaValidator {
  return schemaValidator('metrics-report');
}
