import path from 'node:path';
import type { ResolvedConfig } from '../../core/config.js';
import type { FileResult } from '../../core/diagnostics.js';
import { InputError, InvalidInputError } from '../../core/errors.js';
import type { JourneyMap } from '../../core/model.js';
import { rules } from '../../core/rules/index.js';
import { validateFiles } from '../../core/validate.js';
import { displayPath } from '../../io/paths.js';
import { readInputFile } from '../../io/read.js';
import { mapSchemaValidator } from './config.js';

/** A map a command needs that does not validate: its diagnostics are printed, exit 1. */
export class InvalidMapError extends InvalidInputError {
  constructor(result: FileResult) {
    super(
      `The journey map '${result.file}' is not valid (${result.diagnostics.filter((d) => d.severity === 'error').length} errors).`,
      `Fix the errors listed above; \`journey validate ${result.file}\` shows them too.`,
    );
    this.result = result;
  }
}

/** Reads and validates one map (schema and lint errors refuse it; warnings do not). */
export async function loadMap(cwd: string, file: string, config: ResolvedConfig): Promise<JourneyMap> {
  const absolute = path.resolve(cwd, file);
  const display = displayPath(cwd, absolute);
  const input = await readInputFile(absolute, display);
  if ('diagnostic' in input && (input.diagnostic.code === 'io/not-found' || input.diagnostic.code === 'io/is-directory')) {
    throw new InputError(`Journey map '${display}' ${input.diagnostic.code === 'io/not-found' ? 'does not exist' : 'is a directory'}.`, 'Check the --map path.');
  }
  const report = validateFiles([input], { config, schema: mapSchemaValidator(), rules });
  const result = report.files[0]!;
  if (result.diagnostics.some((d) => d.severity === 'error')) {
    throw new InvalidMapError({ ...result, diagnostics: result.diagnostics.filter((d) => d.severity === 'error') });
  }
  const { parseYaml } = await import('../../core/yaml/parse.js');
  return parseYaml(result.source ?? '').value as JourneyMap;
}
