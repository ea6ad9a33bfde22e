import type {
  CesResult,
  CompletionResult,
  CsatResult,
  FcrResult,
  Interval,
  KpiResult,
  MetricSet,
  MetricsReport,
  MetricsSource,
  NpsResult,
  PeriodChange,
  PeriodMetrics,
  VerbatimComments,
} from '../types.js';
import { REPORT_METRICS } from './shared.js';
import type { MetricsFormatter } from './types.js';
import type { MetricsJsonWarning } from '../warnings.js';
import { warningToJson } from '../warnings.js';

/**
 * The `metrics` JSON contract of CLI.md: `{source, overall, segments, periods, kpis, warnings}`,
 * and `comments` when the export has a free-text column and a touchpoint column.
 * Objects are rebuilt key by key, so the key order is fixed whatever order the aggregation built
 * them in, and nothing outside the contract leaks into the output. Numbers are written as the
 * report holds them (rounded upstream). Keys CLI.md shows come in its order; the additions of
 * types.ts (`platformDetected`, `lowSample`, `change`, ...) sit among them as types.ts orders them.
 *
 * Segment values and period keys are data, not code: maps are built with Object.fromEntries, so
 * a segment called `__proto__` is an ordinary key.
 */
export const json: MetricsFormatter = (report) => JSON.stringify(toJson(report), null, 2) + '\n';

/** The metrics JSON: the report, with warnings in their JSON shape. */
export type MetricsJson = Omit<MetricsReport, 'warnings'> & { warnings: MetricsJsonWarning[] };

export function toJson(report: MetricsReport): MetricsJson {
  return {
    source: source(report.source),
    overall: metricSet(report.overall),
    segments: mapValues(report.segments, (segments) => mapValues(segments, metricSet)),
    periods: mapValues(report.periods, periodMetrics),
    kpis: report.kpis.map(kpi),
    warnings: report.warnings.map(warningToJson),
    ...(report.comments !== undefined ? { comments: comments(report.comments) } : {}),
  };
}

function comments(c: VerbatimComments): VerbatimComments {
  return { column: c.column, byTouchpoint: mapValues(c.byTouchpoint, (list) => list.map((comment) => ({ text: comment.text, line: comment.line }))) };
}

function mapValues<T, U>(record: Readonly<Record<string, T>>, f: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, f(value)]));
}

function interval(value: Interval): Interval {
  return [value[0], value[1]];
}

function source(s: MetricsSource): MetricsSource {
  return {
    files: [...s.files],
    platform: s.platform,
    platformDetected: s.platformDetected,
    encoding: s.encoding,
    delimiter: s.delimiter,
    rows: s.rows,
    included: s.included,
    excluded: mapValues(s.excluded, (count) => count),
    columns: mapValues(s.columns, (column) => column),
    inferred: [...s.inferred],
    scales: mapValues(s.scales, (scale) => ({
      min: scale.min,
      max: scale.max,
      ...(scale.higherIsBetter !== undefined ? { higherIsBetter: scale.higherIsBetter } : {}),
    })),
    ...(s.timeZone !== undefined ? { timeZone: s.timeZone } : {}),
  };
}

function metricSet(set: MetricSet): MetricSet {
  return {
    ...(set.nps ? { nps: nps(set.nps) } : {}),
    ...(set.csat ? { csat: csat(set.csat) } : {}),
    ...(set.ces ? { ces: ces(set.ces) } : {}),
    ...(set.fcr ? { fcr: fcr(set.fcr) } : {}),
    ...(set.completion ? { completion: completion(set.completion) } : {}),
  };
}

function nps(r: NpsResult): NpsResult {
  return {
    score: r.score,
    n: r.n,
    promoters: r.promoters,
    passives: r.passives,
    detractors: r.detractors,
    ci95: interval(r.ci95),
    lowSample: r.lowSample,
  };
}

function csat(r: CsatResult): CsatResult {
  return { score: r.score, n: r.n, mean: r.mean, scale: [r.scale[0], r.scale[1]], ci95: interval(r.ci95), lowSample: r.lowSample };
}

function ces(r: CesResult): CesResult {
  return {
    score: r.score,
    n: r.n,
    ci95: interval(r.ci95),
    scale: [r.scale[0], r.scale[1]],
    higherIsBetter: r.higherIsBetter,
    mean: r.mean,
    meanCi95: interval(r.meanCi95),
    lowSample: r.lowSample,
  };
}

function fcr(r: FcrResult): FcrResult {
  return { score: r.score, n: r.n, ci95: interval(r.ci95), lowSample: r.lowSample };
}

function completion(r: CompletionResult): CompletionResult {
  return { score: r.score, n: r.n, finished: r.finished, ci95: interval(r.ci95), lowSample: r.lowSample };
}

function periodMetrics(p: PeriodMetrics): PeriodMetrics {
  if (p.change === undefined) return metricSet(p);
  const changes: PeriodMetrics['change'] = {};
  for (const metric of REPORT_METRICS) {
    const c = p.change[metric];
    if (c !== undefined) changes[metric] = change(c);
  }
  return { ...metricSet(p), change: changes };
}

function change(c: PeriodChange): PeriodChange {
  return { from: c.from, delta: c.delta, p: c.p, significant: c.significant, direction: c.direction, ...(c.tested !== undefined ? { tested: c.tested } : {}) };
}

function kpi(k: KpiResult): KpiResult {
  return {
    metric: k.metric,
    source: k.source,
    ...(k.touchpoint !== undefined ? { touchpoint: k.touchpoint } : {}),
    target: k.target,
    threshold: k.threshold,
    direction: k.direction,
    value: k.value,
    n: k.n,
    status: k.status,
  };
}
