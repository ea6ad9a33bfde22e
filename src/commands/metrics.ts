import path from 'node:path';
import type { CommandContext } from '../cli/context.js';
import { InputError, UsageError } from '../core/errors.js';
import type { ResolvedConfig } from '../core/config.js';
import type { JourneyMap } from '../core/model.js';
import { touchpointsOf } from '../core/model.js';
import type { AggregateState } from '../core/survey/aggregate.js';
import { emptyState, mergeStates } from '../core/survey/aggregate.js';
import { isValidTimeZone } from '../core/survey/dates/index.js';
import type { MetricsFormatName } from '../core/survey/formatters/index.js';
import { METRICS_FORMAT_NAMES, metricsFormatters } from '../core/survey/formatters/index.js';
import { kpiStatus } from '../core/survey/kpis.js';
import { unmatchedTouchpointsWarning } from '../core/survey/join.js';
import type { MetricsRequest, ScaleSpec } from '../core/survey/plan/index.js';
import { MissingColumnError } from '../core/survey/plan/index.js';
import { buildReport } from '../core/survey/report.js';
import { delimiterName } from '../core/survey/sniff.js';
import type { MetricName, MetricsReport, Period, Platform } from '../core/survey/types.js';
import { METRIC_NAMES, PLATFORMS } from '../core/survey/types.js';
import { displayPath } from '../io/paths.js';
import type { ExportRead } from '../io/survey/read.js';
import { readExport } from '../io/survey/read.js';
import { writeAtomic } from '../io/write.js';
import { loadWorkspaceConfig } from './shared/config.js';
import { inputPaths } from './shared/inputs.js';
import { printResult } from './shared/print.js';
import { loadMap } from './shared/map.js';
import { progressBar } from './shared/progress.js';

export interface MetricsFlags extends SurveyOptions {
  map?: string;
  check?: boolean;
  format: string;
  output?: string;
  config?: string;
}

function parseColumns(values: readonly string[] = []): Record<string, string> {
  const columns: Record<string, string> = {};
  for (const value of values) {
    const at = value.indexOf('=');
    if (at <= 0 || at === value.length - 1) {
      throw new UsageError(`--column takes METRIC=COLUMN, not '${value}'.`, 'For example --column nps=Q1 or --column channel="Custom Data 1".');
    }
    columns[value.slice(0, at).trim().toLowerCase()] = value.slice(at + 1).trim();
  }
  return columns;
}

/** --scale ces=1-7:higher, --scale csat=1-5 */
function parseScales(values: readonly string[] = []): Partial<Record<MetricName, ScaleSpec>> {
  const scales: Partial<Record<MetricName, ScaleSpec>> = {};
  for (const value of values) {
    const match = /^(nps|csat|ces|fcr)=(-?\d+(?:\.\d+)?)-(-?\d+(?:\.\d+)?)(?::(higher|lower))?$/i.exec(value.trim());
    const min = Number(match?.[2]);
    const max = Number(match?.[3]);
    if (!match || !(min < max)) {
      throw new UsageError(`--scale takes METRIC=MIN-MAX[:higher|lower], not '${value}'.`, 'For example --scale ces=1-7:higher (CES 2.0) or --scale ces=1-5:lower (CES 1.0).');
    }
    scales[match[1]!.toLowerCase() as MetricName] = { min, max, ...(match[4] ? { higherIsBetter: match[4].toLowerCase() === 'higher' } : {}) };
  }
  return scales;
}

/** --labels "csat=Very unfavourable|Unfavourable|Neutral|Favourable|Very favourable" */
function parseLabels(values: readonly string[] = []): Partial<Record<MetricName, string[]>> {
  const labels: Partial<Record<MetricName, string[]>> = {};
  for (const value of values) {
    const match = /^\s*(nps|csat|ces|fcr)\s*=(.*)$/is.exec(value);
    const list = match ? match[2]!.split('|').map((label) => label.replace(/\s+/g, ' ').trim()) : [];
    if (!match || list.length < 2 || list.some((label) => label === '')) {
      throw new UsageError(
        `--labels takes METRIC=LOWEST|...|HIGHEST (two labels or more, none empty), not '${value.replace(/\s+/g, ' ').slice(0, 80)}'.`,
        'For example --labels "csat=Very unfavourable|Unfavourable|Neutral|Favourable|Very favourable".',
      );
    }
    labels[match[1]!.toLowerCase() as MetricName] = list;
  }
  return labels;
}

/** Survey options shared by `metrics`, `score --survey` and (later) `report --survey`. */
export interface SurveyOptions {
  by?: string;
  period?: string;
  tz?: string;
  platform?: string;
  column?: string[];
  scale?: string[];
  labels?: string[];
  completeOnly?: boolean;
  /** `--min-n N` (metrics): the fewest answers a KPI figure is judged on; below it, `insufficient`. */
  minN?: string;
}

function checkSurveyOptions(flags: SurveyOptions): void {
  if (flags.platform !== undefined && flags.platform !== 'auto' && !(PLATFORMS as readonly string[]).includes(flags.platform)) {
    throw new UsageError(`Unknown platform '${flags.platform}'.`, `Use one of: auto, ${PLATFORMS.join(', ')}.`);
  }
  if (flags.period !== undefined && !['week', 'month', 'quarter'].includes(flags.period)) {
    throw new UsageError(`--period must be week, month or quarter, not '${flags.period}'.`);
  }
  if (flags.tz !== undefined && !isValidTimeZone(flags.tz)) {
    throw new UsageError(`Unknown time zone '${flags.tz}'.`, 'Use an IANA name such as Europe/Berlin, America/Denver or UTC.');
  }
  for (const key of Object.keys(parseColumns(flags.column))) {
    if (![...METRIC_NAMES, 'channel', 'stage', 'touchpoint', 'date', 'response_id', 'comment'].includes(key)) {
      throw new UsageError(`--column does not know '${key}'.`, 'Name one of nps, csat, ces, fcr, channel, stage, touchpoint, date, response_id, comment; other segments go in --by COLUMN.');
    }
  }
  parseScales(flags.scale);
  parseLabels(flags.labels);
  parseMinN(flags.minN);
}

/** `--min-n`: a whole number of 1 or more; default LOW_SAMPLE (30), the low-sample line. */
function parseMinN(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`--min-n must be a whole number of 1 or more, not '${value}'.`, 'For example --min-n 10 judges KPIs on 10 answers or more (default 30).');
  }
  return n;
}

/**
 * Reads survey exports into a metrics report (KPIs included): the work of `journey metrics`,
 * reused by the commands that take `--survey`. `optionalBy` adds canonical dimensions when the
 * export has them (the map's touchpoints and stages).
 */
export async function computeMetrics(
  files: readonly string[],
  flags: SurveyOptions,
  context: CommandContext,
  map: JourneyMap | undefined,
  config: ResolvedConfig,
  defaults: { optionalBy?: readonly string[]; optionalPeriod?: Period } = {},
): Promise<MetricsReport> {
  checkSurveyOptions(flags);
  const binding = map?.survey ?? config.survey;
  const platform = flags.platform && flags.platform !== 'auto' ? (flags.platform as Platform) : binding?.platform && binding.platform !== 'auto' ? binding.platform : undefined;
  const by = (flags.by ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const wantsTouchpoints = map !== undefined && touchpointsOf(map).some((t) => (t.touchpoint.kpis ?? []).length > 0);
  const optional = [...new Set([...(defaults.optionalBy ?? []), ...(wantsTouchpoints ? ['touchpoint'] : [])])];
  const request: MetricsRequest = {
    ...(platform ? { platform } : {}),
    columns: parseColumns(flags.column),
    scales: parseScales(flags.scale),
    labels: parseLabels(flags.labels),
    by,
    ...(optional.length > 0 ? { optionalBy: optional } : {}),
    ...(flags.period ? { period: flags.period as Period } : {}),
    ...(defaults.optionalPeriod ? { optionalPeriod: defaults.optionalPeriod } : {}),
    ...(flags.tz ? { timeZone: flags.tz } : {}),
    completeOnly: flags.completeOnly === true,
    ...(binding ? { binding } : {}),
  };
  const origin = columnOrigins(request.columns, map, config);
  const progress = progressBar(context.stderr);
  const reads: ExportRead[] = [];
  const seenIds = new Set<string>();
  for (const file of files) {
    const absolute = path.resolve(context.cwd, file);
    const display = displayPath(context.cwd, absolute);
    const parallelBytes = Number(context.env.JOURNEYKIT_PARALLEL_BYTES);
    let read: ExportRead;
    try {
      read = await readExport(absolute, request, {
        display,
        workspace: context.workspace,
        onProgress: (done, total) => progress.update(display, done, total),
        ...(parallelBytes > 0 ? { parallelBytes } : {}),
        ...(seenIds.size > 0 ? { excludeIds: seenIds } : {}),
        ...(files.length > 1 ? { collectIds: true } : {}),
      });
    } catch (error) {
      progress.done();
      // A name the map or the config gave: say where it was given, since no flag shows it.
      const from = error instanceof MissingColumnError ? origin.byReference(error.reference) : undefined;
      if (error instanceof MissingColumnError && from && !from.flag) {
        throw new InputError(`${from.where} names the column '${error.reference}', which the export '${display}' does not have.`, error.hint);
      }
      throw error;
    }
    reads.push(read);
    if (files.length > 1) for (const id of reads[reads.length - 1]!.state.ids) seenIds.add(id);
  }
  progress.done();

  const first = reads[0]!;
  const metricsOf = (r: ExportRead) => r.planned.plan.metrics.map((m) => `${m.metric} ${m.scale.min}-${m.scale.max}`).join(', ');
  for (const r of reads.slice(1)) {
    if (metricsOf(r) !== metricsOf(first)) {
      throw new UsageError(
        `The exports measure different things: '${displayPath(context.cwd, first.file)}' has ${metricsOf(first)}, '${displayPath(context.cwd, r.file)}' has ${metricsOf(r)}.`,
        'Pass exports of the same survey together, or use --column and --scale so they line up.',
      );
    }
  }
  let state: AggregateState = first.state;
  if (reads.length > 1) {
    state = emptyState(first.planned.plan);
    for (const r of reads) mergeStates(state, r.state, first.planned.plan.metrics.length);
  }
  const partial = buildReport(state, first.planned, {
    files: reads.map((r) => displayPath(context.cwd, r.file)),
    encoding: [...new Set(reads.map((r) => r.encoding))].join(', '),
    delimiter: [...new Set(reads.map((r) => delimiterName(r.delimiter)))].join(', '),
    extraInferred: reads.flatMap((r) => r.notes),
  });
  partial.source.platformDetected = first.layout.detected;
  refuseUnusableColumns(partial, first, origin);
  const minN = parseMinN(flags.minN);
  const kpis = kpiStatus(partial, map, config, minN !== undefined ? { minN } : {});
  const ces = partial.overall.ces;
  const configuredCes = config.kpis?.ces;
  if (ces && configuredCes && !kpis.some((k) => k.metric === 'ces' && k.source !== 'map')) {
    partial.source.inferred.push(
      `The config's CES KPI (${configuredCes.direction ?? 'lower-is-better'}) is not applied: this survey's CES is ${ces.higherIsBetter ? 'higher' : 'lower'}-is-better.`,
    );
  }
  const unmatched = map ? unmatchedTouchpointsWarning(map, partial) : undefined;
  return { ...partial, kpis, warnings: unmatched ? [...partial.warnings, unmatched] : partial.warnings };
}

interface ColumnOrigin {
  /** True for --column, false for the map's or the config's survey.columns. */
  flag: boolean;
  /** "--column nps=LTR", "survey.columns.nps in the map", "journeykit.config.yaml:4:8: survey.columns.nps" */
  where: string;
}

/** Where each named column (--column, the map's or the config's survey.columns) was named. */
function columnOrigins(
  flagged: Readonly<Record<string, string>>,
  map: JourneyMap | undefined,
  config: ResolvedConfig,
): { byKey(key: string): ColumnOrigin | undefined; byReference(reference: string): ColumnOrigin | undefined } {
  const bound = map?.survey?.columns ?? (map?.survey ? undefined : config.survey?.columns);
  const fromMap = map?.survey !== undefined;
  const byKey = (key: string): ColumnOrigin | undefined => {
    if (Object.hasOwn(flagged, key)) return { flag: true, where: `--column ${key}=${flagged[key]!}` };
    if (!bound || !Object.hasOwn(bound, key)) return undefined;
    if (fromMap) return { flag: false, where: `survey.columns.${key} in the map` };
    const at = config.surveyColumnLines?.[key];
    const file = config.file ?? 'the config';
    return { flag: false, where: `${at ? `${file}:${at.line}:${at.column}` : file}: survey.columns.${key}` };
  };
  const normal = (s: string) => s.replace(/\s+/g, ' ').trim();
  const byReference = (reference: string): ColumnOrigin | undefined => {
    const key = Object.keys(bound ?? {}).find(
      (k) => !Object.hasOwn(flagged, k) && normal((bound as Record<string, string>)[k] ?? '') === reference,
    );
    return key === undefined ? undefined : byKey(key);
  };
  return { byKey, byReference };
}

/**
 * A column the user named for a metric that gave no usable answer is an input error (exit 2)
 * with the reason, rather than a report without the metric: the user asked for that figure.
 */
function refuseUnusableColumns(report: Omit<MetricsReport, 'kpis'>, read: ExportRead, origin: ReturnType<typeof columnOrigins>): void {
  for (const column of read.planned.plan.metrics) {
    const from = origin.byKey(column.metric);
    if (!from) continue;
    const n = report.overall[column.metric]?.n ?? 0;
    if (n > 0) continue;
    const id = read.planned.plan.columnIds[column.index] ?? `column ${column.index + 1}`;
    const name = column.metric.toUpperCase();
    const bad = report.warnings.filter((w) => w.code === 'csv/bad-value' && w.column === id);
    const scale = column.metric === 'nps' ? '0-10' : column.metric === 'fcr' ? 'yes/no' : `${column.scale.min}-${column.scale.max}`;
    const reason =
      bad.length > 0
        ? `none of its answers is a ${name} answer on ${scale} (${bad
            .slice(0, 3)
            .map((w) => `${/'[^']*'/.exec(w.message)?.[0] ?? 'a value'} at line ${w.line ?? '?'}`)
            .join(', ')}${bad.length > 3 ? ', ...' : ''})`
        : 'every included response leaves it empty or answers N/A';
    throw new InputError(
      `Column '${id}' named for ${name} (${from.where}) has no usable answer: ${reason}.`,
      `Name the column that holds the ${name} answers (by its id, question text or ImportId)${column.metric === 'nps' ? '' : ', or give its scale with --scale'}.`,
    );
  }
}

export async function metricsCommand(files: readonly string[], flags: MetricsFlags, context: CommandContext): Promise<number> {
  if (!(METRICS_FORMAT_NAMES as readonly string[]).includes(flags.format)) {
    throw new UsageError(`Unknown format '${flags.format}'.`, `Use one of: ${METRICS_FORMAT_NAMES.join(', ')}.`);
  }
  checkSurveyOptions(flags);
  const { config, absolute: configPath } = await loadWorkspaceConfig(context, flags.config);
  const map = flags.map !== undefined ? await loadMap(context, flags.map, config) : undefined;
  const report = await computeMetrics(files, flags, context, map, config);

  const text = metricsFormatters[flags.format as MetricsFormatName](report, { color: flags.output === undefined && context.color });
  if (flags.output !== undefined) {
    await writeAtomic(flags.output, text, inputPaths(context.cwd, [...files, flags.map, configPath]), context.cwd);
  } else {
    printResult(context, text, { human: flags.format === 'table' });
  }
  return flags.check && report.kpis.some((k) => k.status === 'breach') ? 1 : 0;
}
