import type { GroupState, AggregateState } from './aggregate.js';
import { tallyOf } from './aggregate.js';
import type { AggregationPlan, PlanResult } from './plan.js';
import {
  cesCounts,
  cesFromTally,
  changeDirection,
  compareNps,
  compareShares,
  completionRate,
  csatCounts,
  csatFromTally,
  fcrCounts,
  fcrFromTally,
  npsFromTally,
} from './stats.js';
import { comparePeriodKeys } from './dates.js';
import type { MetricName, MetricSet, MetricsReport, MetricsSource, PeriodChange, PeriodMetrics } from './types.js';

/** The metrics of one group of responses, each omitted when it has no answers. */
export function metricSet(group: GroupState, plan: AggregationPlan): MetricSet {
  const set: MetricSet = {};
  plan.metrics.forEach((column, i) => {
    const tally = tallyOf(group, i);
    if (column.metric === 'nps') {
      const r = npsFromTally(tally);
      if (r) set.nps = r;
    } else if (column.metric === 'csat') {
      const r = csatFromTally(tally, column.scale);
      if (r) set.csat = r;
    } else if (column.metric === 'ces') {
      const r = cesFromTally(tally, column.scale, column.higherIsBetter);
      if (r) set.ces = r;
    } else {
      const r = fcrFromTally(tally);
      if (r) set.fcr = r;
    }
  });
  if (plan.finished) {
    const completion = completionRate(group.finished, group.started);
    if (completion) set.completion = completion;
  }
  return set;
}

/** Period-over-period changes, each flagged only when its two-sample test is significant at 95%. */
function changes(current: GroupState, previous: GroupState, from: string, plan: AggregationPlan): PeriodMetrics['change'] {
  const change: NonNullable<PeriodMetrics['change']> = {};
  const record = (metric: MetricName | 'completion', delta: number, p: number, significant: boolean) => {
    change[metric] = { from, delta, p, significant, direction: significant ? changeDirection(delta) : 'flat' } satisfies PeriodChange;
  };
  plan.metrics.forEach((column, i) => {
    const a = tallyOf(current, i);
    const b = tallyOf(previous, i);
    if (a.size === 0 || b.size === 0) return;
    if (column.metric === 'nps') {
      const r = compareNps(a, b);
      record('nps', r.delta, r.p, r.significant);
      return;
    }
    const counts =
      column.metric === 'csat'
        ? [csatCounts(a, column.scale), csatCounts(b, column.scale)]
        : column.metric === 'ces'
          ? [cesCounts(a, column.scale, column.higherIsBetter), cesCounts(b, column.scale, column.higherIsBetter)]
          : [fcrCounts(a), fcrCounts(b)];
    const r = compareShares(counts[0]!.successes, counts[0]!.n, counts[1]!.successes, counts[1]!.n);
    record(column.metric, r.delta, r.p, r.significant);
  });
  if (plan.finished && current.started > 0 && previous.started > 0) {
    const r = compareShares(current.finished, current.started, previous.finished, previous.started);
    record('completion', r.delta, r.p, r.significant);
  }
  return Object.keys(change).length > 0 ? change : undefined;
}

export interface SourceFacts {
  files: string[];
  encoding: string;
  delimiter: string;
  extraInferred?: string[];
}

/** The report of `journey metrics` (without KPIs, which need the map and config). */
export function buildReport(state: AggregateState, planned: PlanResult, facts: SourceFacts): Omit<MetricsReport, 'kpis'> {
  const { plan } = planned;
  const dimensionKeys = [...plan.dims.map((d) => d.name), ...(plan.dims.length > 1 ? [plan.dims.map((d) => d.name).join('+')] : [])];
  // Segment values and dimension names are data: built with fromEntries, `__proto__` stays a key.
  const segments: MetricsReport['segments'] = Object.fromEntries(
    dimensionKeys.map((key) => {
      const values = state.segments.get(key);
      const sorted = [...(values?.keys() ?? [])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return [key, Object.fromEntries(sorted.map((value) => [value, metricSet(values!.get(value)!, plan)]))];
    }),
  );
  const periods: MetricsReport['periods'] = {};
  const keys = [...state.periods.keys()].sort(comparePeriodKeys);
  keys.forEach((key, i) => {
    const group = state.periods.get(key)!;
    const entry: PeriodMetrics = metricSet(group, plan);
    if (i > 0) {
      const change = changes(group, state.periods.get(keys[i - 1]!)!, keys[i - 1]!, plan);
      if (change) entry.change = change;
    }
    periods[key] = entry;
  });
  const warnings = [...state.warnings];
  if (state.moreWarnings > 0) {
    warnings.push({ code: 'csv/more-warnings', message: `${state.moreWarnings} more warnings are not listed.` });
  }
  if (plan.date && state.undated > 0) {
    warnings.push({ code: 'csv/undated', message: `${state.undated} included responses have no readable date and are left out of the periods.` });
  }
  const source: MetricsSource = {
    files: facts.files,
    platform: plan.platform,
    platformDetected: true,
    encoding: facts.encoding,
    delimiter: facts.delimiter,
    rows: state.rows,
    included: state.included,
    excluded: Object.fromEntries(Object.entries(state.excluded).sort(([a], [b]) => (a < b ? -1 : 1))),
    columns: planned.columns,
    inferred: [...planned.inferred, ...(facts.extraInferred ?? [])],
    scales: planned.scales,
    ...(planned.timeZone ? { timeZone: planned.timeZone } : {}),
  };
  return {
    source,
    overall: metricSet(state.overall, plan),
    segments,
    periods,
    warnings: [...planned.warnings, ...warnings],
  };
}
