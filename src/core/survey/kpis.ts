import type { WorkspaceConfig } from '../config.js';
import type { JourneyMap, KpiDirection } from '../model.js';
import { SHARE_METRICS, touchpointsOf } from '../model.js';
import { segmentFor } from './join.js';
import { LOW_SAMPLE, exactMean, exactScore } from './stats.js';
import type { KpiResult, KpiStatus, MetricSet, MetricsReport } from './types.js';

interface KpiTarget {
  target: number;
  threshold?: number;
  direction?: KpiDirection;
}

/** SURVEY.md's default KPI targets and action thresholds (in the map's units: shares 0..1). */
export const DEFAULT_KPIS: Readonly<Record<string, KpiTarget & { unit?: string }>> = {
  nps: { target: 50, threshold: 30, direction: 'higher-is-better' },
  csat: { target: 0.8, threshold: 0.7, direction: 'higher-is-better' },
  ces: { target: 2.0, threshold: 3.0, direction: 'lower-is-better' },
  fcr: { target: 0.7, threshold: 0.65, direction: 'higher-is-better' },
  'response-time': { target: 2, threshold: 4, direction: 'lower-is-better', unit: 'hours' },
  'abandonment-rate': { target: 0.1, threshold: 0.15, direction: 'lower-is-better' },
  'completion-rate': { target: 0.85, threshold: 0.8, direction: 'higher-is-better' },
};

/**
 * A metric's value from survey figures, in the unit the report shows (percent for shares, the
 * mean for CES): `value` as printed, `exact` unrounded for judging the status (SURVEY.md). A
 * result read back from a JSON file carries no unrounded score; NPS and completion are then
 * recomputed from their counts, the others are judged as printed.
 */
function valueOf(metric: string, set: MetricSet | undefined): Figures | undefined {
  if (!set) return undefined;
  switch (metric) {
    case 'nps': {
      const r = set.nps;
      if (!r) return undefined;
      const fromCounts = r.n > 0 && Number.isFinite(r.promoters) && Number.isFinite(r.detractors) ? (100 * (r.promoters - r.detractors)) / r.n : r.score;
      return { value: r.score, exact: exactOr(r, fromCounts), n: r.n };
    }
    case 'csat':
      return set.csat && { value: set.csat.score, exact: exactScore(set.csat), n: set.csat.n };
    case 'ces':
      return set.ces && { value: set.ces.mean, exact: exactMean(set.ces), n: set.ces.n };
    case 'fcr':
      return set.fcr && { value: set.fcr.score, exact: exactScore(set.fcr), n: set.fcr.n };
    case 'completion-rate':
    case 'abandonment-rate': {
      const r = set.completion;
      if (!r) return undefined;
      const fromCounts = r.n > 0 && Number.isFinite(r.finished) ? (100 * r.finished) / r.n : r.score;
      const completion = exactOr(r, fromCounts);
      return metric === 'completion-rate' ? { value: r.score, exact: completion, n: r.n } : { value: Math.round((100 - r.score) * 10) / 10, exact: 100 - completion, n: r.n };
    }
    default:
      return undefined;
  }
}

interface Figures {
  /** As printed. */
  value: number;
  /** Unrounded. */
  exact: number;
  n: number;
}

/** The unrounded score this process computed, else `fallback` (recomputed from the result's counts). */
function exactOr(result: { score: number }, fallback: number): number {
  const exact = exactScore(result);
  return exact !== result.score ? exact : fallback;
}

/**
 * Whether a CES target's direction fits the survey's CES convention: a lower-is-better target
 * (CES 1.0) means nothing on a higher-is-better scale (CES 2.0) and the other way round.
 * Unknown on either side fits.
 */
export function cesDirectionFits(direction: KpiDirection | undefined, cesHigherIsBetter: boolean | undefined): boolean {
  return direction === undefined || cesHigherIsBetter === undefined || (direction === 'higher-is-better') === cesHigherIsBetter;
}

/**
 * met at or beyond the target, breach beyond the threshold, watch between (a value on the
 * threshold is watch). Give it the unrounded value: a CSAT of 79.96% is not at a target of 80
 * although it prints as 80.0.
 */
export function statusOf(value: number, target: number, threshold: number, direction: KpiDirection): KpiStatus {
  const better = (a: number, b: number) => (direction === 'higher-is-better' ? a >= b : a <= b);
  if (better(value, target)) return 'met';
  if (better(value, threshold)) return 'watch';
  return 'breach';
}

const inUnit = (metric: string, x: number) => (SHARE_METRICS.includes(metric) ? Math.round(x * 1000) / 10 : x);

function entry(
  metric: string,
  given: KpiTarget,
  fallback: KpiTarget | undefined,
  source: KpiResult['source'],
  figures: Figures | undefined,
  cesHigherIsBetter: boolean | undefined,
  minN: number,
  touchpoint?: string,
): KpiResult {
  const defaultDirection: KpiDirection = metric === 'ces' && cesHigherIsBetter ? 'higher-is-better' : (DEFAULT_KPIS[metric]?.direction ?? 'higher-is-better');
  const direction = given.direction ?? fallback?.direction ?? defaultDirection;
  const target = inUnit(metric, given.target);
  const threshold = inUnit(metric, given.threshold ?? fallback?.threshold ?? given.target);
  return {
    metric,
    source,
    ...(touchpoint !== undefined ? { touchpoint } : {}),
    target,
    threshold,
    direction,
    value: figures ? figures.value : null,
    n: figures ? figures.n : 0,
    status: !figures ? 'no-data' : figures.n < minN ? 'insufficient' : statusOf(figures.exact, target, threshold, direction),
  };
}

/**
 * CES KPIs whose direction contradicts the survey's CES convention are left out (the caller
 * says so in the inferred notes).
 *
 * A figure resting on fewer than `minN` answers (default LOW_SAMPLE, the low-sample line;
 * `--min-n` changes it) is `insufficient`: shown with its value and n, not judged, so it never
 * fails `--check`.
 *
 * KPI status: per touchpoint from the map's KPIs (its survey segment in the touchpoint
 * dimension), and overall for every measured metric from the config's `kpis`, else SURVEY.md's
 * defaults. The CES default (2.0 / 3.0) belongs to the 1-5 lower-is-better convention, so it is
 * not applied to a higher-is-better CES scale unless the config sets a CES KPI.
 */
export function kpiStatus(report: Omit<MetricsReport, 'kpis'>, map: JourneyMap | undefined, config: WorkspaceConfig, options: { minN?: number } = {}): KpiResult[] {
  const minN = options.minN ?? LOW_SAMPLE;
  const results: KpiResult[] = [];
  const cesHigher = report.overall.ces?.higherIsBetter;
  const configured = config.kpis ?? {};
  const overallMetrics = ['nps', 'csat', 'ces', 'fcr', 'completion-rate', 'abandonment-rate'].filter((metric) => {
    if (valueOf(metric, report.overall) === undefined) return false;
    if (metric === 'abandonment-rate') return configured[metric] !== undefined;
    if (metric === 'ces' && cesHigher && configured.ces === undefined) return false;
    return true;
  });
  // A CES target belongs to one convention: a lower-is-better target (CES 1.0, "under 2.0")
  // means nothing on a higher-is-better scale (CES 2.0), and the other way round.
  const cesConventionFits = (kpi: KpiTarget | undefined, fallback: KpiTarget | undefined): boolean => cesDirectionFits(kpi?.direction ?? fallback?.direction, cesHigher);
  for (const metric of overallMetrics) {
    const fromConfig = configured[metric];
    if (metric === 'ces' && !cesConventionFits(fromConfig, DEFAULT_KPIS.ces)) continue;
    results.push(entry(metric, fromConfig ?? DEFAULT_KPIS[metric]!, DEFAULT_KPIS[metric], fromConfig ? 'config' : 'default', valueOf(metric, report.overall), cesHigher, minN));
  }
  if (map) {
    const bySegment = report.segments.touchpoint;
    for (const { touchpoint } of touchpointsOf(map)) {
      for (const kpi of touchpoint.kpis ?? []) {
        if (kpi.metric === 'ces' && !cesConventionFits(kpi, configured.ces ?? DEFAULT_KPIS.ces)) continue;
        const segment = segmentFor(bySegment, touchpoint);
        results.push(entry(kpi.metric, kpi, configured[kpi.metric] ?? DEFAULT_KPIS[kpi.metric], 'map', valueOf(kpi.metric, segment), cesHigher, minN, touchpoint.id));
      }
    }
  }
  return results;
}
