import type { ResolvedConfig } from '../core/config.js';
import type { FileResult } from '../core/diagnostics.js';
import { InvalidInputError } from '../core/errors.js';
import type { JourneyMap } from '../core/model.js';
import { rules } from '../core/rules/index.js';
import { validateRun } from '../core/validate.js';
import type { ReadScope } from './read.js';
import { readNamedInput } from './read.js';
import { mapSchemaValidator } from './schemas.js';
import { plural } from '../core/output/plural.js';

/** A map a command needs that does not validate: its diagnostics are printed, exit 1. */
export class InvalidMapError extends InvalidInputError {
  constructor(result: FileResult) {
    const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
    super(
      `The journey map '${result.file}' is not valid (${plural(errors, 'error')}).`,
      `Fix the errors listed above; \`journey validate ${result.file}\` shows them too.`,
      result,
    );
  }
}

/** Reads and validates one map (schema and lint errors refuse it; warnings do not). */
export async function loadMap(scope: ReadScope, file: string, config: ResolvedConfig): Promise<JourneyMap> {
  const input = await readNamedInput(scope, file, 'Journey map');
  const { report, maps } = validateRun([input], { config, schema: await mapSchemaValidator(), rules });
  const result = report.files[0]!;
  if (result.diagnostics.some((d) => d.severity === 'error')) {
    throw new InvalidMapError({ ...result, diagnostics: result.diagnostics.filter((d) => d.severity === 'error') });
  }
  // No error means the map passed the schema, so it is in the run.
  return maps[0]!.map;
}
