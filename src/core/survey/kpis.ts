import type { WorkspaceConfig } from '../config.js';
import type { JourneyMap, KpiDirection } from '../model.js';
import { SHARE_METRICS, touchpointsOf } from '../model.js';
import { segmentFor } from './join.js';
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

/** A metric's value from survey figures, in the unit the report shows (percent for shares, the mean for CES). */
function valueOf(metric: string, set: MetricSet | undefined): { value: number; n: number } | undefined {
  if (!set) return undefined;
  switch (metric) {
    case 'nps':
      return set.nps && { value: set.nps.score, n: set.nps.n };
    case 'csat':
      return set.csat && { value: set.csat.score, n: set.csat.n };
    case 'ces':
      return set.ces && { value: set.ces.mean, n: set.ces.n };
    case 'fcr':
      return set.fcr && { value: set.fcr.score, n: set.fcr.n };
    case 'completion-rate':
      return set.completion && { value: set.completion.score, n: set.completion.n };
    case 'abandonment-rate':
      return set.completion && { value: Math.round((100 - set.completion.score) * 10) / 10, n: set.completion.n };
    default:
      return undefined;
  }
}

/**
 * Whether a CES target's direction fits the survey's CES convention: a lower-is-better target
 * (CES 1.0) means nothing on a higher-is-better scale (CES 2.0) and the other way round.
 * Unknown on either side fits.
 */
export function cesDirectionFits(direction: KpiDirection | undefined, cesHigherIsBetter: boolean | undefined): boolean {
  return direction === undefined || cesHigherIsBetter === undefined || (direction === 'higher-is-better') === cesHigherIsBetter;
}

/** met at or beyond the target, breach beyond the threshold, watch between (a value on the threshold is watch). */
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
  figures: { value: number; n: number } | undefined,
  cesHigherIsBetter: boolean | undefined,
  touchpoint?: string,
): KpiResult {
  const defaultDirection: KpiDirection =
    metric === 'ces' && cesHigherIsBetter ? 'higher-is-better' : (DEFAULT_KPIS[metric]?.direction ?? 'higher-is-better');
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
    status: figures ? statusOf(figures.value, target, threshold, direction) : 'no-data',
  };
}

/**
 * CES KPIs whose direction contradicts the survey's CES convention are left out (the caller
 * says so in the inferred notes).
 *
 * KPI status: per touchpoint from the map's KPIs (its survey segment in the touchpoint
 * dimension), and overall for every measured metric from the config's `kpis`, else SURVEY.md's
 * defaults. The CES default (2.0 / 3.0) belongs to the 1-5 lower-is-better convention, so it is
 * not applied to a higher-is-better CES scale unless the config sets a CES KPI.
 */
export function kpiStatus(report: Omit<MetricsReport, 'kpis'>, map: JourneyMap | undefined, config: WorkspaceConfig): KpiResult[] {
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
  const cesConventionFits = (kpi: KpiTarget | undefined, fallback: KpiTarget | undefined): boolean =>
    cesDirectionFits(kpi?.direction ?? fallback?.direction, cesHigher);
  for (const metric of overallMetrics) {
    const fromConfig = configured[metric];
    if (metric === 'ces' && !cesConventionFits(fromConfig, DEFAULT_KPIS.ces)) continue;
    results.push(entry(metric, fromConfig ?? DEFAULT_KPIS[metric]!, DEFAULT_KPIS[metric], fromConfig ? 'config' : 'default', valueOf(metric, report.overall), cesHigher));
  }
  if (map) {
    const bySegment = report.segments.touchpoint;
    for (const { touchpoint } of touchpointsOf(map)) {
      for (const kpi of touchpoint.kpis ?? []) {
        if (kpi.metric === 'ces' && !cesConventionFits(kpi, configured.ces ?? DEFAULT_KPIS.ces)) continue;
        const segment = segmentFor(bySegment, touchpoint);
        results.push(
          entry(kpi.metric, kpi, configured[kpi.metric] ?? DEFAULT_KPIS[kpi.metric], 'map', valueOf(kpi.metric, segment), cesHigher, touchpoint.id),
        );
      }
    }
  }
  return results;
}
