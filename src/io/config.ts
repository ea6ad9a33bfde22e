import { access } from 'node:fs/promises';
import path from 'node:path';
import type { ResolvedConfig, WorkspaceConfig } from '../core/config.js';
import type { FileResult } from '../core/diagnostics.js';
import { InputError } from '../core/errors.js';
import { fileResult, loadDocument } from '../core/validate.js';
import { displayPath } from './paths.js';
import type { FileLimit, ReadScope } from './read.js';
import { readInputFile, refuseUnreadable } from './read.js';
import { configSchemaValidator } from './schemas.js';
import { CONFIG_NAMES, isInside, realPathOr } from './workspace.js';
import { plural } from '../core/output/plural.js';

export { CONFIG_NAMES };

/**
 * The nearest journeykit.config.yaml|yml from `start` up to the workspace's top directory (up to
 * the file system root without a workspace): a config above the repository is not the
 * repository's, and reading it would cross the workspace boundary.
 */
export async function findConfig(start: string, workspace?: string): Promise<string | undefined> {
  let dir = path.resolve(start);
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const candidate = path.join(dir, name);
      if (
        await access(candidate).then(
          () => true,
          () => false,
        )
      )
        return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir || (workspace !== undefined && !isInside(workspace, realPathOr(parent)))) return undefined;
    dir = parent;
  }
}

/** An invalid workspace config: its diagnostics are printed and the run stops with exit 2. */
export class ConfigError extends InputError {
  constructor(result: FileResult) {
    super(
      `The config file '${result.file}' is not valid (${plural(result.diagnostics.length, 'problem')}).`,
      'Fix the problems listed above; `journey schema --config` prints the config schema.',
      result,
    );
  }
}

export interface LoadedConfig {
  config: ResolvedConfig;
  /** Absolute path of the config file, when there is one. */
  absolute?: string;
}

const CONFIG_FILE_LIMIT: FileLimit = {
  maxBytes: 1024 * 1024,
  what: 'a workspace config',
  hint: 'A config holds vocabularies (channels, owners), rule severities, scoring weights and KPI targets; `journey schema --config` prints its keys, and `journey init` writes one.',
};

/**
 * The workspace config: `--config FILE`, else the nearest journeykit.config.yaml walking up from
 * the working directory, else none. A config that cannot be read or does not validate stops the
 * run (exit 2): severities and vocabularies from a broken config would silently change results.
 */
export async function loadWorkspaceConfig(scope: ReadScope, explicit: string | undefined): Promise<LoadedConfig> {
  const { cwd, workspace } = scope;
  const absolute = explicit !== undefined ? path.resolve(cwd, explicit) : await findConfig(cwd, workspace);
  if (absolute === undefined) return { config: {} };
  const display = displayPath(cwd, absolute);
  const input = refuseUnreadable(await readInputFile(absolute, display, CONFIG_FILE_LIMIT, workspace), 'Config file');
  const document = loadDocument(input, await configSchemaValidator());
  // An empty config (or one whose settings are all commented out) sets nothing, as in ESLint.
  const empty = document.diagnostics.length === 1 && document.diagnostics[0]!.code === 'yaml/empty';
  if (document.diagnostics.length > 0 && !empty) {
    throw new ConfigError(fileResult(document));
  }
  const value = (document.value ?? {}) as WorkspaceConfig;
  // Positions are looked up only when an error names a config column: a config without
  // findings is never parsed a second time for them (cold start).
  const { sourceMap } = document;
  const surveyColumnAt = (key: string): { line: number; column: number } | undefined => {
    if (!sourceMap || !Object.hasOwn(value.survey?.columns ?? {}, key)) return undefined;
    const at = sourceMap.locate(['survey', 'columns', key]);
    return { line: at.line, column: at.column };
  };
  return { config: { ...value, file: display, surveyColumnAt }, absolute };
}
