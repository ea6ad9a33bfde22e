import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CommandContext } from '../cli/context.js';
import { InputError, UsageError } from '../core/errors.js';
import { createSchemaValidator } from '../core/schema/validator.js';
import type { ScoreFormatName } from '../core/score/formatters/index.js';
import { SCORE_FORMAT_NAMES, scoreFormatters } from '../core/score/formatters/index.js';
import { scoreJourney } from '../core/score/model.js';
import { scoringSettings } from '../core/score/settings.js';
import type { MetricsReport } from '../core/survey/types.js';
import { loadDocument } from '../core/validate.js';
import { readSchema } from '../io/package.js';
import { displayPath } from '../io/paths.js';
import { readInputFile } from '../io/read.js';
import { writeAtomic } from '../io/write.js';
import type { SurveyOptions } from './metrics.js';
import { computeMetrics } from './metrics.js';
import { loadWorkspaceConfig } from './shared/config.js';
import { loadMap } from './shared/map.js';

export interface ScoreFlags extends SurveyOptions {
  metrics?: string;
  survey?: string;
  weights?: string;
  top?: string;
  format: string;
  output?: string;
  config?: string;
}

/** Scoring weights that do not fit the config schema's `scoring:`: printed with positions, exit 2. */
class WeightsError extends InputError {}

/** `--weights FILE`: the `scoring:` part of a workspace config, validated like the config. */
async function loadWeights(cwd: string, file: string): Promise<unknown> {
  const absolute = path.resolve(cwd, file);
  const display = displayPath(cwd, absolute);
  const input = await readInputFile(absolute, display, 1024 * 1024);
  if ('diagnostic' in input && (input.diagnostic.code === 'io/not-found' || input.diagnostic.code === 'io/is-directory')) {
    throw new InputError(`Weights file '${display}' ${input.diagnostic.code === 'io/not-found' ? 'does not exist' : 'is a directory'}.`, 'Check the --weights path.');
  }
  const config = readSchema('journeykit-config') as { $schema: string; properties: { scoring: object }; $defs?: object };
  const validator = createSchemaValidator({ $schema: config.$schema, ...config.properties.scoring, ...(config.$defs ? { $defs: config.$defs } : {}) });
  const document = loadDocument(input, validator);
  if (document.diagnostics.length > 0) {
    const error = new WeightsError(
      `The weights file '${display}' does not fit the config's scoring: schema (${document.diagnostics.length} problem${document.diagnostics.length === 1 ? '' : 's'}).`,
      'It holds the keys of `scoring:` (weights, moment_of_truth, quadrant); `journey schema --config` prints them.',
    );
    error.result = { file: display, diagnostics: document.diagnostics, ...(document.source !== undefined ? { source: document.source } : {}) };
    throw error;
  }
  return document.value;
}

/** `--metrics FILE.json`: the JSON that `journey metrics --format json` wrote. */
export async function loadMetrics(cwd: string, file: string): Promise<MetricsReport> {
  const absolute = path.resolve(cwd, file);
  const display = displayPath(cwd, absolute);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`Metrics file '${display}' ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'error'})`}.`, 'Write one with `journey metrics EXPORT.csv --by touchpoint --format json --output FILE`.');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(`Metrics file '${display}' is not valid JSON: ${(error as Error).message}.`, 'Pass the output of `journey metrics --format json`.');
  }
  const report = value as Partial<MetricsReport> | null;
  if (!report || typeof report !== 'object' || typeof report.segments !== 'object' || typeof report.overall !== 'object' || report.segments === null) {
    throw new InputError(`Metrics file '${display}' does not look like \`journey metrics --format json\` output (no segments/overall).`, 'Write one with `journey metrics EXPORT.csv --by touchpoint --format json --output FILE`.');
  }
  return report as MetricsReport;
}

export async function scoreCommand(mapFile: string, flags: ScoreFlags, context: CommandContext): Promise<number> {
  if (!(SCORE_FORMAT_NAMES as readonly string[]).includes(flags.format)) {
    throw new UsageError(`Unknown format '${flags.format}'.`, `Use one of: ${SCORE_FORMAT_NAMES.join(', ')}.`);
  }
  if (flags.metrics !== undefined && flags.survey !== undefined) {
    throw new UsageError('--metrics and --survey cannot be used together.', 'Pass either a metrics JSON file or a survey export.');
  }
  let top: number | undefined;
  if (flags.top !== undefined) {
    top = Number(flags.top);
    if (!Number.isInteger(top) || top < 1) throw new UsageError(`--top must be a whole number of 1 or more, not '${flags.top}'.`);
  }
  const { config } = await loadWorkspaceConfig(context.cwd, flags.config);
  const weights = flags.weights !== undefined ? await loadWeights(context.cwd, flags.weights) : undefined;
  const map = await loadMap(context.cwd, mapFile, config);
  let metrics: MetricsReport | undefined;
  let source: string | undefined;
  if (flags.metrics !== undefined) {
    metrics = await loadMetrics(context.cwd, flags.metrics);
    source = displayPath(context.cwd, path.resolve(context.cwd, flags.metrics));
  } else if (flags.survey !== undefined) {
    metrics = await computeMetrics([flags.survey], flags, context, map, config, ['touchpoint', 'stage']);
    source = displayPath(context.cwd, path.resolve(context.cwd, flags.survey));
  }
  const settings = scoringSettings(config, weights);
  const report = scoreJourney(map, settings, metrics ? { report: metrics, config } : undefined);
  if (source) report.evidence = { source, ...(report.evidence?.note ? { note: report.evidence.note } : {}) };
  const text = scoreFormatters[flags.format as ScoreFormatName](report, { color: flags.output === undefined && context.color, ...(top ? { top } : {}) });
  if (flags.output !== undefined) {
    const inputs = [mapFile, flags.metrics, flags.survey, flags.weights].filter((f): f is string => f !== undefined).map((f) => path.resolve(context.cwd, f));
    await writeAtomic(path.resolve(context.cwd, flags.output), text, inputs);
  } else {
    context.stdout.write(text);
  }
  return 0;
}
