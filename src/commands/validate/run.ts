import path from 'node:path';
import type { CommandContext } from '../context.js';
import type { FormatName } from '../../core/formatters/index.js';
import { formatters } from '../../core/formatters/index.js';
import { rules } from '../../core/rules/index.js';
import { lintDocuments, onlyErrors, reportFails, validateFiles } from '../../core/validate.js';
import { loadDocumentsInParallel, useValidatePool } from '../../io/validate-pool.js';
import { discoverMaps } from '../../io/discover.js';
import { packageVersion } from '../../io/package.js';
import { displayPath } from '../../io/paths.js';
import { MAP_FILE_LIMIT, readInputFile, refuseUnreadable } from '../../io/read.js';
import { writeAtomic } from '../../io/write.js';
import { loadWorkspaceConfig } from '../../io/config.js';
import { mapSchemaValidator } from '../../io/schemas.js';
import { inputPaths } from '../../io/paths.js';
import { printResult } from '../shared/print.js';
import { countProgress } from '../../io/progress.js';
import { threadLimit } from '../../io/threads.js';
import { wholeNumber } from '../../core/whole-number.js';

const PROGRESS_FROM_FILES = 50;

export interface ValidateFlags {
  format: FormatName;
  failOn: 'error' | 'warning';
  maxWarnings?: string;
  quiet?: boolean;
  config?: string;
  output?: string;
}

export async function validateCommand(paths: readonly string[], flags: ValidateFlags, context: CommandContext): Promise<number> {
  const maxWarnings = flags.maxWarnings === undefined ? undefined : wholeNumber(flags.maxWarnings, '--max-warnings', 0);

  const { config, absolute: configPath } = await loadWorkspaceConfig(context, flags.config);
  const files = await discoverMaps(paths, {
    cwd: context.cwd,
    ...(config.ignore ? { ignore: config.ignore, ignoreBase: path.dirname(configPath!) } : {}),
  });
  // A named file that must not be read (outside the workspace, a device) stops the run, exit 2.
  const inputs = (await Promise.all(files.map((file) => readInputFile(file, displayPath(context.cwd, file), MAP_FILE_LIMIT, context.workspace)))).map((input) =>
    refuseUnreadable(input, 'Journey map'),
  );
  // A terminal user waiting on hundreds of maps sees the count move.
  const progress = countProgress(context.stderr, 'validated', 'maps', inputs.length, PROGRESS_FROM_FILES);
  const threads = threadLimit(context.env);
  const options = { config, schema: await mapSchemaValidator(), rules, onFileLoaded: () => progress.step(), ...(threads !== undefined ? { threads } : {}) };
  // A large run parses on every core; the rules, which see the whole run, run afterwards.
  let report = useValidatePool(inputs.length, threads) ? lintDocuments(await loadDocumentsInParallel(inputs, options), options).report : validateFiles(inputs, options);
  progress.done();
  if (flags.quiet) report = onlyErrors(report);

  const text = formatters[flags.format](report, {
    color: flags.output === undefined && context.color,
    version: packageVersion(),
    rules: rules.map((r) => r.meta),
  });
  if (flags.output !== undefined) {
    await writeAtomic(flags.output, text, inputPaths(context.cwd, [...files, configPath]), context.cwd);
  } else {
    printResult(context, text, { human: flags.format === 'stylish' });
  }
  return reportFails(report, { failOn: flags.failOn, ...(maxWarnings !== undefined ? { maxWarnings } : {}) }) ? 1 : 0;
}
