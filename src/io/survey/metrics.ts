import path from 'node:path';
import type { ResolvedConfig } from '../../core/config.js';
import { InputError, UsageError } from '../../core/errors.js';
import type { JourneyMap } from '../../core/model.js';
import { touchpointsOf } from '../../core/model.js';
import type { AggregateState } from '../../core/survey/aggregate.js';
import { emptyState, mergeStates } from '../../core/survey/aggregate.js';
import { kpiStatus } from '../../core/survey/kpis.js';
import { unmatchedTouchpointsWarning } from '../../core/survey/join.js';
import type { SurveyOptions } from '../../core/survey/options.js';
import { checkSurveyOptions, parseColumns, parseLabels, parseMinN, parseScales } from '../../core/survey/options.js';
import type { MetricsRequest, PlanResult } from '../../core/survey/plan/index.js';
import { MissingColumnError } from '../../core/survey/plan/index.js';
import { buildReport } from '../../core/survey/report.js';
import { delimiterName } from '../../core/survey/sniff.js';
import type { MetricsReport, Period, Platform } from '../../core/survey/types.js';
import type { Output } from '../output.js';
import { displayPath } from '../paths.js';
import { progressBar } from '../progress.js';
import type { ReadScope } from '../read.js';
import type { ExportRead } from './read.js';
import { readExport } from './read.js';
import type { PlannedExport } from './sample.js';
import { planExport } from './sample.js';
import type { AggregatesMeta, Dialect, SqlSource } from '../../core/survey/sql/index.js';
import { AGGREGATES_VERSION, emitSql, stateFromCounts } from '../../core/survey/sql/index.js';
import { readAggregates } from './aggregates.js';
import { threadLimit } from '../threads.js';
import { columnName } from '../../core/survey/plan/column-name.js';

/** What reading survey exports touches: the files in scope, JOURNEYKIT_PARALLEL_BYTES, a progress bar on stderr. */
export interface MetricsScope extends ReadScope {
  env: Readonly<Record<string, string | undefined>>;
  stderr: Output;
}

/** What a survey export is summarised by when the flags do not say. */
export interface MetricsDefaults {
  optionalBy?: readonly string[];
  optionalPeriod?: Period;
}

/**
 * Reads survey exports into a metrics report (KPIs included): the work of `journey metrics`,
 * reused by the commands that take `--survey`. `optionalBy` adds canonical dimensions when the
 * export has them (the map's touchpoints and stages).
 */
export async function computeMetrics(
  files: readonly string[],
  flags: SurveyOptions,
  scope: MetricsScope,
  map: JourneyMap | undefined,
  config: ResolvedConfig,
  defaults: MetricsDefaults = {},
): Promise<MetricsReport> {
  checkSurveyOptions(flags);
  const request = metricsRequest(flags, map, config, defaults);
  const origin = columnOrigins(request.columns, map, config);
  const reads = await readExports(files, request, scope, origin);
  const first = reads[0]!;
  const partial = buildReport(mergedState(reads, scope.cwd), first.planned, {
    files: reads.map((r) => displayPath(scope.cwd, r.file)),
    encoding: [...new Set(reads.map((r) => r.encoding))].join(', '),
    delimiter: [...new Set(reads.map((r) => delimiterName(r.delimiter)))].join(', '),
    extraInferred: reads.flatMap((r) => r.notes),
  });
  partial.source.platformDetected = first.layout.detected;
  refuseUnusableColumns(partial, first, origin);
  return withKpis(partial, flags, map, config);
}

/** The flags, the map's or the config's survey binding and the command's defaults, as one request. */
function metricsRequest(flags: SurveyOptions, map: JourneyMap | undefined, config: ResolvedConfig, defaults: MetricsDefaults): MetricsRequest {
  const binding = map?.survey ?? config.survey;
  const platform = flags.platform && flags.platform !== 'auto' ? (flags.platform as Platform) : binding?.platform && binding.platform !== 'auto' ? binding.platform : undefined;
  const by = (flags.by ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const wantsTouchpoints = map !== undefined && touchpointsOf(map).some((t) => (t.touchpoint.kpis ?? []).length > 0);
  const optional = [...new Set([...(defaults.optionalBy ?? []), ...(wantsTouchpoints ? ['touchpoint'] : [])])];
  return {
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
}

/** Each export in turn (a response id seen in an earlier one is not counted again), with a progress bar. */
async function readExports(files: readonly string[], request: MetricsRequest, scope: MetricsScope, origin: ColumnOrigins): Promise<ExportRead[]> {
  const progress = progressBar(scope.stderr);
  const reads: ExportRead[] = [];
  const seenIds = new Set<string>();
  const parallelBytes = Number(scope.env.JOURNEYKIT_PARALLEL_BYTES);
  const threads = threadLimit(scope.env);
  for (const file of files) {
    const absolute = path.resolve(scope.cwd, file);
    const display = displayPath(scope.cwd, absolute);
    let read: ExportRead;
    try {
      read = await readExport(absolute, request, {
        display,
        workspace: scope.workspace,
        onProgress: (done, total) => progress.update(display, done, total),
        ...(parallelBytes > 0 ? { parallelBytes } : {}),
        ...(threads !== undefined ? { threads } : {}),
        ...(seenIds.size > 0 ? { excludeIds: seenIds } : {}),
        ...(files.length > 1 ? { collectIds: true } : {}),
      });
    } catch (error) {
      progress.done();
      throw locatedColumnError(error, origin, display);
    }
    reads.push(read);
    if (files.length > 1) for (const id of reads[reads.length - 1]!.state.ids) seenIds.add(id);
  }
  progress.done();
  return reads;
}

/** A missing column the map or the config named: said where it was named, since no flag shows it. */
function locatedColumnError(error: unknown, origin: ColumnOrigins, display: string): unknown {
  const from = error instanceof MissingColumnError ? origin.byReference(error.reference) : undefined;
  if (error instanceof MissingColumnError && from && !from.flag) {
    return new InputError(`${from.where} names the column '${error.reference}', which the export '${display}' does not have.`, error.hint);
  }
  return error;
}

/** The exports' counts as one, when they measure the same things. */
function mergedState(reads: readonly ExportRead[], cwd: string): AggregateState {
  const first = reads[0]!;
  const metricsOf = (r: ExportRead) => r.planned.plan.metrics.map((m) => `${m.metric} ${m.scale.min}-${m.scale.max}`).join(', ');
  for (const r of reads.slice(1)) {
    if (metricsOf(r) !== metricsOf(first)) {
      throw new UsageError(
        `The exports measure different things: '${displayPath(cwd, first.file)}' has ${metricsOf(first)}, '${displayPath(cwd, r.file)}' has ${metricsOf(r)}.`,
        'Pass exports of the same survey together, or use --column and --scale so they line up.',
      );
    }
  }
  if (reads.length === 1) return first.state;
  const state = emptyState(first.planned.plan);
  for (const r of reads) mergeStates(state, r.state, first.planned.plan.metrics.length);
  return state;
}

/** The KPIs judged on the figures, and the touchpoints whose KPIs the figures cannot reach. */
function withKpis(partial: Omit<MetricsReport, 'kpis'>, flags: SurveyOptions, map: JourneyMap | undefined, config: ResolvedConfig): MetricsReport {
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

interface ColumnOrigins {
  byKey(key: string): ColumnOrigin | undefined;
  byReference(reference: string): ColumnOrigin | undefined;
}

/** Where each named column (--column, the map's or the config's survey.columns) was named. */
function columnOrigins(flagged: Readonly<Record<string, string>>, map: JourneyMap | undefined, config: ResolvedConfig): ColumnOrigins {
  const bound = map?.survey?.columns ?? (map?.survey ? undefined : config.survey?.columns);
  const fromMap = map?.survey !== undefined;
  const byKey = (key: string): ColumnOrigin | undefined => {
    if (Object.hasOwn(flagged, key)) return { flag: true, where: `--column ${key}=${flagged[key]!}` };
    if (!bound || !Object.hasOwn(bound, key)) return undefined;
    if (fromMap) return { flag: false, where: `survey.columns.${key} in the map` };
    const at = config.surveyColumnAt?.(key);
    const file = config.file ?? 'the config';
    return { flag: false, where: `${at ? `${file}:${at.line}:${at.column}` : file}: survey.columns.${key}` };
  };
  const normal = (s: string) => s.replace(/\s+/g, ' ').trim();
  const byReference = (reference: string): ColumnOrigin | undefined => {
    const key = Object.keys(bound ?? {}).find((k) => !Object.hasOwn(flagged, k) && normal((bound as Record<string, string>)[k] ?? '') === reference);
    return key === undefined ? undefined : byKey(key);
  };
  return { byKey, byReference };
}

/**
 * A column the user named for a metric that gave no usable answer is an input error (exit 2)
 * with the reason, rather than a report without the metric: the user asked for that figure.
 */
function refuseUnusableColumns(report: Omit<MetricsReport, 'kpis'>, read: Pick<ExportRead, 'planned'>, origin: ColumnOrigins): void {
  for (const column of read.planned.plan.metrics) {
    const from = origin.byKey(column.metric);
    if (!from) continue;
    const n = report.overall[column.metric]?.n ?? 0;
    if (n > 0) continue;
    const id = columnName(read.planned.plan, column.index);
    const name = column.metric.toUpperCase();
    const bad = report.warnings.filter((w) => w.code === 'csv/bad-value' && w.field === id);
    const scale = column.metric === 'nps' ? '0-10' : column.metric === 'fcr' ? 'yes/no' : `${column.scale.min}-${column.scale.max}`;
    const reason =
      bad.length > 0
        ? `none of its answers is a ${name} answer on ${scale} (${bad
            .slice(0, 3)
            .map((w) => `${/'[^']*'/.exec(w.message)?.[0] ?? 'a value'}${w.line > 0 ? ` at line ${w.line}` : ''}`)
            .join(', ')}${bad.length > 3 ? ', ...' : ''})`
        : 'every included response leaves it empty or answers N/A';
    throw new InputError(
      `Column '${id}' named for ${name} (${from.where}) has no usable answer: ${reason}.`,
      `Name the column that holds the ${name} answers (by its id, question text or ImportId)${column.metric === 'nps' ? '' : ', or give its scale with --scale'}.`,
    );
  }
}

/** Where `--emit-sql`'s query reads: the export itself (DuckDB), or a warehouse table with the export's column names. */
export interface SqlRequest {
  dialect: Dialect;
  table?: string;
}

/**
 * The aggregation query for the export's plan (`journey metrics --emit-sql`): the export is read
 * here for its header, plan, encoding and delimiter, which the query's result carries, so that
 * `--from-aggregates` reproduces the report without it.
 */
export async function emitMetricsSql(
  file: string,
  flags: SurveyOptions,
  scope: MetricsScope,
  map: JourneyMap | undefined,
  config: ResolvedConfig,
  sql: SqlRequest,
): Promise<string> {
  checkSurveyOptions(flags);
  const request = metricsRequest(flags, map, config, {});
  const origin = columnOrigins(request.columns, map, config);
  const absolute = path.resolve(scope.cwd, file);
  const display = displayPath(scope.cwd, absolute);
  let read: PlannedExport;
  try {
    read = await planExport(absolute, request, display, scope.workspace);
  } catch (error) {
    throw locatedColumnError(error, origin, display);
  }
  const { plan, columns, inferred, warnings, scales, timeZone } = read.planned;
  // Verbatim comments are not aggregated: the plan read back has no comment column.
  const counted = { ...plan };
  delete counted.comment;
  const meta: AggregatesMeta = {
    journeykit: 'metrics-aggregates',
    version: AGGREGATES_VERSION,
    plan: counted,
    columns,
    inferred,
    warnings,
    scales,
    ...(timeZone ? { timeZone } : {}),
    files: [display],
    encoding: read.encoding,
    delimiter: delimiterName(read.delimiter),
    notes: [...read.notes, ...(plan.comment ? [`Comments from '${plan.columnIds[plan.comment.index] ?? ''}' are not in the aggregates: verbatim answers are not counted.`] : [])],
    platformDetected: read.layout.detected,
    // Where each metric's column was named, so that --from-aggregates refuses an unusable one as a direct run does.
    origins: Object.fromEntries(plan.metrics.flatMap((m) => (origin.byKey(m.metric) ? [[m.metric, origin.byKey(m.metric)]] : []))),
  };
  let source: SqlSource;
  if (sql.table !== undefined) source = { kind: 'table', name: sql.table };
  else if (read.encoding === 'windows-1252') {
    throw new UsageError(
      `'${display}' is Windows-1252, which DuckDB's read_csv does not read (its latin-1 differs in the € and quote characters).`,
      `Convert it first (iconv -f WINDOWS-1252 -t UTF-8 '${display}' > utf8.csv), or load it into a table and use --table.`,
    );
  } else {
    source = { kind: 'file', path: absolute, delimiter: read.delimiter, encoding: read.encoding, skipRecords: plan.headerRows + (read.sepLine ? 1 : 0) };
  }
  return `${emitSql(sql.dialect, counted, source, meta)};\n`;
}

/** The report from the counts of `--emit-sql`'s query (`journey metrics --from-aggregates FILE`). */
export async function metricsFromAggregates(file: string, flags: SurveyOptions, scope: MetricsScope, map: JourneyMap | undefined, config: ResolvedConfig): Promise<MetricsReport> {
  const { meta, plan, rows } = await readAggregates(scope, file);
  const facts = meta as AggregatesMeta & {
    columns: Record<string, string>;
    inferred: string[];
    warnings: PlanResult['warnings'];
    scales: PlanResult['scales'];
    timeZone?: string;
    files: string[];
    encoding: string;
    delimiter: string;
    notes: string[];
    platformDetected: boolean;
  };
  const planned: PlanResult = {
    plan,
    columns: facts.columns,
    inferred: facts.inferred,
    warnings: facts.warnings,
    scales: facts.scales,
    ...(facts.timeZone ? { timeZone: facts.timeZone } : {}),
  };
  let state: AggregateState;
  try {
    state = stateFromCounts(plan, rows, facts.files[0] ?? file);
  } catch (error) {
    throw new InputError(`${file}: the counts do not fit their plan: ${(error as Error).message}`, 'Save the result of the query journey metrics --emit-sql printed, unchanged.');
  }
  const partial = buildReport(state, planned, { files: facts.files, encoding: facts.encoding, delimiter: facts.delimiter, extraInferred: facts.notes });
  partial.source.platformDetected = facts.platformDetected;
  const origins = (meta.origins ?? {}) as Record<string, ColumnOrigin | undefined>;
  const byKey = (key: string) => (Object.hasOwn(origins, key) ? origins[key] : undefined);
  refuseUnusableColumns(partial, { planned }, { byKey, byReference: () => undefined });
  return withKpis(partial, flags, map, config);
}
