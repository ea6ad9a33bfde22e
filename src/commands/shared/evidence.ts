import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CommandContext } from '../../cli/context.js';
import type { ResolvedConfig } from '../../core/config.js';
import { InputError, UsageError } from '../../core/errors.js';
import type { JourneyMap } from '../../core/model.js';
import type { MetricsReport } from '../../core/survey/types.js';
import { displayPath } from '../../io/paths.js';
import type { SurveyOptions } from '../metrics.js';
import { computeMetrics } from '../metrics.js';

/** Survey evidence for a map: `--metrics FILE.json` or `--survey EXPORT.csv` (score, render). */
export interface EvidenceFlags extends SurveyOptions {
  metrics?: string;
  survey?: string;
}

export function checkEvidenceFlags(flags: EvidenceFlags): void {
  if (flags.metrics !== undefined && flags.survey !== undefined) {
    throw new UsageError('--metrics and --survey cannot be used together.', 'Pass either a metrics JSON file or a survey export.');
  }
}

/** The evidence files, so `--output` can refuse to replace them. */
export function evidenceFiles(flags: EvidenceFlags): string[] {
  return [flags.metrics, flags.survey].filter((f): f is string => f !== undefined);
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

/** The survey figures the flags name (none when neither is given), and the file they came from. */
export async function loadEvidence(
  flags: EvidenceFlags,
  context: CommandContext,
  map: JourneyMap,
  config: ResolvedConfig,
  /** What a survey export is summarised by when the flags do not say. */
  defaults: Parameters<typeof computeMetrics>[5] = { optionalBy: ['touchpoint', 'stage'] },
): Promise<{ metrics?: MetricsReport; source?: string }> {
  checkEvidenceFlags(flags);
  if (flags.metrics !== undefined) {
    return { metrics: await loadMetrics(context.cwd, flags.metrics), source: displayPath(context.cwd, path.resolve(context.cwd, flags.metrics)) };
  }
  if (flags.survey !== undefined) {
    return {
      metrics: await computeMetrics([flags.survey], flags, context, map, config, defaults),
      source: displayPath(context.cwd, path.resolve(context.cwd, flags.survey)),
    };
  }
  return {};
}
