import path from 'node:path';
import type { ResolvedConfig } from '../core/config.js';
import { InputError, UsageError } from '../core/errors.js';
import { escapeTerminal } from '../core/escape/terminal.js';
import { unmatchedTouchpointsWarning } from '../core/survey/join.js';
import { fileResult, loadDocument } from '../core/validate.js';
import { decodeSource } from '../core/yaml/decode.js';
import type { YamlLimits } from '../core/yaml/parse.js';
import { DEFAULT_YAML_LIMITS } from '../core/yaml/parse.js';
import { SourceMap } from '../core/yaml/source-map.js';
import type { JourneyMap } from '../core/model.js';
import type { MetricsReport } from '../core/survey/types.js';
import { displayPath } from './paths.js';
import type { FileLimit, ReadScope } from './read.js';
import { readNamedInput } from './read.js';
import { metricsSchemaValidator } from './schemas.js';
import type { SurveyOptions } from '../core/survey/options.js';
import type { MetricsDefaults, MetricsScope } from './survey/metrics.js';
import { computeMetrics } from './survey/metrics.js';
import type { MetricsJson } from '../core/survey/formatters/json.js';
import { warningFromJson } from '../core/survey/warnings.js';
import { plural } from '../core/output/plural.js';

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

/** A metrics file that does not fit the metrics schema: printed with positions, exit 2. */
class MetricsFileError extends InputError {}

const METRICS_FILE_LIMIT: FileLimit = {
  maxBytes: 20 * 1024 * 1024,
  what: 'a metrics file',
  hint: 'Write the metrics with fewer segments (--by) or a coarser --period, or pass the export with --survey.',
};
/**
 * JSON has no aliases, so only its size bounds its nodes; room for the largest metrics file, and
 * for a segment per value of a column (keys of one mapping). The token bound stays the default:
 * it keeps the YAML parser's memory bounded on a file four times the size of a map.
 */
const METRICS_YAML_LIMITS: YamlLimits = { ...DEFAULT_YAML_LIMITS, maxNodes: 2_000_000, maxKeys: 100_000 };
const WRITE_ONE = 'Write one with `journey metrics EXPORT.csv --by touchpoint --format json --output FILE`; `journey schema --metrics` prints its schema.';

/**
 * `--metrics FILE.json`: the JSON that `journey metrics --format json` wrote, checked against the
 * metrics schema before any figure is used (a hand-edited or foreign file must not reach the
 * scoring and the report). JSON.parse takes the common case fast; a file that is not valid JSON
 * or does not fit is read again with positions (as YAML, which JSON is), so every problem is
 * printed at its line and column.
 */
export async function loadMetrics(scope: ReadScope, file: string): Promise<MetricsReport> {
  const input = await readNamedInput(scope, file, 'Metrics file', METRICS_FILE_LIMIT);
  const validator = await metricsSchemaValidator();
  if ('bytes' in input) {
    const decoded = decodeSource(input.bytes);
    if (decoded.ok) {
      let value: unknown;
      try {
        value = JSON.parse(decoded.text);
      } catch {
        // Not JSON: located below.
      }
      if (value !== undefined && validator.validate(value, new SourceMap(), decoded.text).length === 0) return fromMetricsJson(value as MetricsJson);
    }
  }
  const document = loadDocument(input, validator, { limits: METRICS_YAML_LIMITS, emptyHint: WRITE_ONE });
  if (document.diagnostics.length === 0) return fromMetricsJson(document.value as MetricsJson);
  const count = document.diagnostics.length;
  throw new MetricsFileError(
    `Metrics file '${input.file}' is not the JSON that \`journey metrics --format json\` writes (${plural(count, 'problem')}).`,
    WRITE_ONE,
    fileResult(document),
  );
}

/** The report a metrics JSON holds: its warnings become Diagnostics again. */
function fromMetricsJson(json: MetricsJson): MetricsReport {
  return { ...json, warnings: json.warnings.map(warningFromJson) };
}

/** The survey figures the flags name (none when neither is given), and the file they came from. */
export async function loadEvidence(
  flags: EvidenceFlags,
  context: MetricsScope,
  map: JourneyMap,
  config: ResolvedConfig,
  /** What a survey export is summarised by when the flags do not say. */
  defaults: MetricsDefaults = { optionalBy: ['touchpoint', 'stage'] },
): Promise<{ metrics?: MetricsReport; source?: string }> {
  checkEvidenceFlags(flags);
  const file = flags.metrics ?? flags.survey;
  if (file === undefined) return {};
  const metrics = flags.metrics !== undefined ? await loadMetrics(context, flags.metrics) : await computeMetrics([file], flags, context, map, config, defaults);
  // Touchpoints whose KPIs the figures cannot reach: said on stderr, where it does not change the output.
  const unmatched = unmatchedTouchpointsWarning(map, metrics);
  if (unmatched) context.stderr.write(`${escapeTerminal(`journey: warning: ${unmatched.message}`)}\n`);
  return { metrics, source: displayPath(context.cwd, path.resolve(context.cwd, file)) };
}
