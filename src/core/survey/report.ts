import type { GroupState, AggregateState } from './aggregate.js';
import { emptyGroup, mergeGroup, tallyOf, warningsWithRepeats } from './aggregate.js';
import type { AggregationPlan, PlanResult } from './plan/index.js';
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
  npsCounts,
  npsFromTally,
  LOW_SAMPLE,
} from './stats.js';
import type { ComparisonResult } from './stats.js';
import { comparePeriodKeys } from './dates/index.js';
import type { MetricName, MetricSet, MetricsReport, MetricsSource, PeriodChange, PeriodMetrics, VerbatimComments } from './types.js';
import { COMMENT_TOUCHPOINTS } from './comments.js';
import type { Diagnostic } from '../diagnostics.js';
import { surveyWarning, WHOLE_RUN } from './warnings.js';
import { plural } from '../output/plural.js';
import { columnName } from './plan/column-name.js';

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

/**
 * Period-over-period changes, each flagged only when its two-sample test is significant at 95%
 * and neither period is a low sample (SURVEY.md); with a low sample on either side the change is
 * recorded as not tested ("too few answers to test").
 */
function changes(current: GroupState, previous: GroupState, from: string, plan: AggregationPlan): PeriodMetrics['change'] {
  const change: NonNullable<PeriodMetrics['change']> = {};
  const record = (metric: MetricName | 'completion', r: ComparisonResult, nA: number, nB: number) => {
    const tested = nA >= LOW_SAMPLE && nB >= LOW_SAMPLE;
    const significant = tested && r.significant;
    change[metric] = { from, delta: r.delta, p: r.p, significant, direction: significant ? changeDirection(r.delta) : 'flat', tested } satisfies PeriodChange;
  };
  plan.metrics.forEach((column, i) => {
    const a = tallyOf(current, i);
    const b = tallyOf(previous, i);
    if (a.size === 0 || b.size === 0) return;
    if (column.metric === 'nps') {
      record('nps', compareNps(a, b), npsCounts(a).n, npsCounts(b).n);
      return;
    }
    const counts =
      column.metric === 'csat'
        ? [csatCounts(a, column.scale), csatCounts(b, column.scale)]
        : column.metric === 'ces'
          ? [cesCounts(a, column.scale, column.higherIsBetter), cesCounts(b, column.scale, column.higherIsBetter)]
          : [fcrCounts(a), fcrCounts(b)];
    const r = compareShares(counts[0]!.successes, counts[0]!.n, counts[1]!.successes, counts[1]!.n);
    record(column.metric, r, counts[0]!.n, counts[1]!.n);
  });
  if (plan.finished && current.started > 0 && previous.started > 0) {
    record('completion', compareShares(current.finished, current.started, previous.finished, previous.started), current.started, previous.started);
  }
  return Object.keys(change).length > 0 ? change : undefined;
}

/**
 * Segments listed per dimension (README "Limits"). A column with more distinct values (a
 * response id or a free-text answer given to --by, or an export built to be large) would make a
 * report as large as the export and as slow to build: beyond this, the segments with the most
 * responses are listed and the others are counted together as one, whose figures are exact for
 * the responses it holds, with a `csv/segments-folded` warning.
 */
export const MAX_SEGMENTS = 10_000;

/**
 * Periods kept in the report (README "Limits"): the latest ones; 1,000 weeks are 19 years. Dates
 * spread over centuries (a mangled date column, or an export built to be large) would make a
 * trend as long as the export: the responses of the earlier periods are left out of the trend
 * with a `csv/periods-dropped` warning, as undated ones are.
 */
export const MAX_PERIODS = 1_000;

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** One dimension's segments, by value, at most MAX_SEGMENTS of them plus the folded rest. */
function segmentTable(dimension: string, values: ReadonlyMap<string, GroupState> | undefined, plan: AggregationPlan, warnings: Diagnostic[]): Record<string, MetricSet> {
  if (!values) return {};
  let entries = [...values];
  let rest: [string, GroupState] | undefined;
  if (entries.length > MAX_SEGMENTS) {
    entries.sort(([a, g], [b, h]) => h.started - g.started || byName(a, b));
    const folded = emptyGroup(plan.metrics.length);
    for (let i = MAX_SEGMENTS; i < entries.length; i++) mergeGroup(folded, entries[i]![1]);
    const count = entries.length - MAX_SEGMENTS;
    entries = entries.slice(0, MAX_SEGMENTS);
    // A name no listed value has, so that the fold never hides a segment.
    const kept = new Set(entries.map(([value]) => value));
    let name = `(${count.toLocaleString('en-US')} other values)`;
    while (kept.has(name)) name = `(${name})`;
    rest = [name, folded];
    warnings.push(
      surveyWarning({
        code: 'csv/segments-folded',
        identity: dimension,
        message:
          `'${dimension}' has ${(count + MAX_SEGMENTS).toLocaleString('en-US')} distinct values: the ${MAX_SEGMENTS.toLocaleString('en-US')} with the most responses are listed, ` +
          `the other ${count.toLocaleString('en-US')} (${folded.started.toLocaleString('en-US')} responses) are counted together as '${name}'.`,
      }),
    );
  }
  entries.sort(([a], [b]) => byName(a, b));
  if (rest) entries.push(rest);
  return Object.fromEntries(entries.map(([value, group]) => [value, metricSet(group, plan)]));
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
  const folds: Diagnostic[] = [];
  // Segment values and dimension names are data: built with fromEntries, `__proto__` stays a key.
  const segments: MetricsReport['segments'] = Object.fromEntries(dimensionKeys.map((key) => [key, segmentTable(key, state.segments.get(key), plan, folds)]));
  const periods: MetricsReport['periods'] = {};
  const sorted = [...state.periods.keys()].sort(comparePeriodKeys);
  const keys = sorted.slice(-MAX_PERIODS);
  if (sorted.length > keys.length) {
    const dropped = sorted.slice(0, sorted.length - keys.length);
    const responses = dropped.reduce((sum, key) => sum + state.periods.get(key)!.started, 0);
    folds.push(
      surveyWarning({
        code: 'csv/periods-dropped',
        identity: WHOLE_RUN,
        message:
          `The responses fall into ${sorted.length.toLocaleString('en-US')} periods: the latest ${MAX_PERIODS.toLocaleString('en-US')} are listed, from ${keys[0]!}; ` +
          `the ${dropped.length.toLocaleString('en-US')} earlier ones (${responses.toLocaleString('en-US')} responses, from ${dropped[0]!}) are left out of the trend.`,
      }),
    );
  }
  keys.forEach((key, i) => {
    const group = state.periods.get(key)!;
    const entry: PeriodMetrics = metricSet(group, plan);
    if (i > 0) {
      const change = changes(group, state.periods.get(keys[i - 1]!)!, keys[i - 1]!, plan);
      if (change) entry.change = change;
    }
    periods[key] = entry;
  });
  const warnings = [...folds, ...warningsWithRepeats(state)];
  if (state.moreWarnings > 0) {
    warnings.push(surveyWarning({ code: 'csv/more-warnings', identity: WHOLE_RUN, message: `${state.moreWarnings} more warnings are not listed.` }));
  }
  if (plan.date && state.undated > 0) {
    const [have, are] = state.undated === 1 ? ['has', 'is'] : ['have', 'are'];
    warnings.push(
      surveyWarning({
        code: 'csv/undated',
        identity: WHOLE_RUN,
        message: `${plural(state.undated, 'included response')} ${have} no readable date and ${are} left out of the periods.`,
      }),
    );
  }
  const comments = commentsOf(state, plan);
  const commentNotes: string[] = [];
  if (comments) {
    const lists = Object.values(comments.byTouchpoint);
    const count = lists.reduce((sum, list) => sum + list.length, 0);
    commentNotes.push(`${plural(count, 'comment')} kept from '${comments.column}' for ${plural(lists.length, 'touchpoint')}.`);
    if (state.commentsCapped) {
      commentNotes.push(`Comments are kept for the first ${COMMENT_TOUCHPOINTS.toLocaleString('en-US')} touchpoints with comments only; the touchpoint column has more values.`);
    }
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
    inferred: [...planned.inferred, ...commentNotes, ...(facts.extraInferred ?? [])],
    scales: planned.scales,
    ...(planned.timeZone ? { timeZone: planned.timeZone } : {}),
  };
  return {
    source,
    overall: metricSet(state.overall, plan),
    segments,
    periods,
    warnings: [...planned.warnings, ...warnings],
    ...(comments ? { comments } : {}),
  };
}

/** The comments kept, by touchpoint in name order (as segments are listed); undefined without a comments column. */
function commentsOf(state: AggregateState, plan: AggregationPlan): VerbatimComments | undefined {
  if (!plan.comment) return undefined;
  const column = columnName(plan, plan.comment.index);
  // Touchpoint names are data: built with fromEntries, `__proto__` stays a key.
  const byTouchpoint = Object.fromEntries(
    [...state.comments].sort(([a], [b]) => byName(a, b)).map(([touchpoint, comments]) => [touchpoint, comments.map((c) => ({ text: c.text, line: c.line }))]),
  );
  return { column, byTouchpoint };
}
