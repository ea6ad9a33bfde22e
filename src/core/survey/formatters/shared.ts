import type {
  CesResult,
  CompletionResult,
  CsatResult,
  FcrResult,
  Interval,
  KpiStatus,
  MetricSet,
  MetricsReport,
  NpsResult,
  PeriodChange,
  PeriodMetrics,
  Platform,
} from '../types.js';
import { fixed, scoreText } from '../../output/numbers.js';
import { plural, pluralWord } from '../../output/plural.js';
import type { Diagnostic } from '../../diagnostics.js';

/** The metrics a MetricSet can hold, in the order every format lists them. */
export type ReportMetric = 'nps' | 'csat' | 'ces' | 'fcr' | 'completion';
export const REPORT_METRICS: readonly ReportMetric[] = ['nps', 'csat', 'ces', 'fcr', 'completion'];

export const METRIC_LABELS: Readonly<Record<ReportMetric, string>> = {
  nps: 'NPS',
  csat: 'CSAT',
  ces: 'CES',
  fcr: 'FCR',
  completion: 'Completion',
};

export const PLATFORM_LABELS: Readonly<Record<Platform, string>> = {
  qualtrics: 'Qualtrics',
  surveymonkey: 'SurveyMonkey',
  typeform: 'Typeform',
  'google-forms': 'Google Forms',
  generic: 'generic CSV',
};

export type MetricResult = NpsResult | CsatResult | CesResult | FcrResult | CompletionResult;

/** The metrics present in a set, in REPORT_METRICS order. */
export function metricsOf(set: MetricSet): [ReportMetric, MetricResult][] {
  const out: [ReportMetric, MetricResult][] = [];
  for (const metric of REPORT_METRICS) {
    const result = set[metric];
    if (result !== undefined) out.push([metric, result]);
  }
  return out;
}

/** The metrics present in at least one of the sets: the columns of a segment or period table. */
export function metricsIn(sets: readonly MetricSet[]): ReportMetric[] {
  return REPORT_METRICS.filter((metric) => sets.some((set) => set[metric] !== undefined));
}

/**
 * Segments the human formats (table, markdown) list per dimension: a table of hundreds of rows
 * is not read, and a pull-request comment has a size limit. JSON and CSV list every segment of
 * the report (at most MAX_SEGMENTS per dimension, see report.ts).
 */
export const MAX_SHOWN_SEGMENTS = 100;

/** How many responses a segment's figures rest on: the largest n among its metrics. */
function responsesOf(set: MetricSet): number {
  let n = 0;
  for (const metric of REPORT_METRICS) n = Math.max(n, set[metric]?.n ?? 0);
  return n;
}

/**
 * The segments of a dimension a human format lists: every one, or the MAX_SHOWN_SEGMENTS with
 * the most responses (ties: report order), kept in report order; `hidden` counts the others.
 */
export function shownSegments(segments: Readonly<Record<string, MetricSet>>): { shown: [string, MetricSet][]; hidden: number } {
  const entries = Object.entries(segments);
  if (entries.length <= MAX_SHOWN_SEGMENTS) return { shown: entries, hidden: 0 };
  const largest = entries
    .map((entry, index) => ({ index, n: responsesOf(entry[1]) }))
    .sort((a, b) => b.n - a.n || a.index - b.index)
    .slice(0, MAX_SHOWN_SEGMENTS)
    .map((e) => e.index)
    .sort((a, b) => a - b);
  return { shown: largest.map((i) => entries[i]!), hidden: entries.length - MAX_SHOWN_SEGMENTS };
}

/** The line under a segment table that lists only some of its segments. */
export function hiddenSegmentsText(hidden: number): string {
  return `... and ${hidden.toLocaleString('en-US')} more ${pluralWord(hidden, 'segment')} with fewer responses (--format json or csv lists every one)`;
}

/** Periods the human formats list: the latest; JSON and CSV list every one of the report. */
export const MAX_SHOWN_PERIODS = 100;

/** The periods a human format lists (the latest MAX_SHOWN_PERIODS, in order) and how many earlier ones it leaves out. */
export function shownPeriods<T>(periods: Readonly<Record<string, T>>): { shown: [string, T][]; hidden: number } {
  const entries = Object.entries(periods);
  const hidden = Math.max(0, entries.length - MAX_SHOWN_PERIODS);
  return { shown: entries.slice(hidden), hidden };
}

/** The line under a period table that lists only the latest periods. */
export function hiddenPeriodsText(hidden: number): string {
  return `... and ${hidden.toLocaleString('en-US')} earlier ${pluralWord(hidden, 'period')} (--format json or csv lists every one)`;
}

/** The mean, for the metrics that have one (CSAT, CES). */
export function meanOf(result: MetricResult): number | undefined {
  return 'mean' in result ? result.mean : undefined;
}

/** A metric label for a KPI's free-form metric name (`nps` -> `NPS`, `abandonment` as is). */
export function metricLabel(metric: string): string {
  return Object.hasOwn(METRIC_LABELS, metric) ? METRIC_LABELS[metric as ReportMetric] : metric;
}

/** Means on an answer scale: two decimals. */
export function meanText(value: number): string {
  return fixed(value, 2);
}

/** `[3.8, 35.1]`. */
export function intervalText(interval: Interval, digits = 1): string {
  return `[${fixed(interval[0], digits)}, ${fixed(interval[1], digits)}]`;
}

/** `+17.8`, `-6.1`. */
export function deltaText(delta: number): string {
  const text = scoreText(delta);
  return delta > 0 && text !== '0.0' ? `+${text}` : text;
}

/**
 * `p 0.0123`, `p 0.412`, `p < 0.001`: three significant digits, and never a figure that reads as
 * the 5% line itself for a p-value below it (0.04996 is `p < 0.05`, not `p 0.0500`), so a flagged
 * change never shows `p 0.050`.
 */
export function pText(p: number): string {
  if (!Number.isFinite(p)) return 'p -';
  if (p < 0.001) return 'p < 0.001';
  const shown = Number(p.toPrecision(3));
  if (p < 0.05 && shown >= 0.05) return 'p < 0.05';
  return `p ${String(shown)}`;
}

/**
 * KPI targets, thresholds and values come in the metric's own unit: a score (one decimal) or,
 * for a mean target such as CES 2.0, a mean that needs two.
 */
export function kpiNumber(value: number | null): string {
  if (value === null) return '-';
  return Math.abs(value * 10 - Math.round(value * 10)) < 1e-9 ? fixed(value, 1) : fixed(value, 2);
}

/** `1-5`. */
export function scaleText(scale: readonly [number, number]): string {
  return `${scale[0]}-${scale[1]}`;
}

/** `preview 12, spam 3, incomplete 55`. */
export function excludedReasons(excluded: Readonly<Record<string, number>>): [string, number][] {
  return Object.entries(excluded).filter(([, count]) => count > 0);
}

export function excludedCount(report: MetricsReport): number {
  return Math.max(0, report.source.rows - report.source.included);
}

/** What a metric's score is a share of, for a reader who does not know the convention. */
export function scoreMeaning(metric: ReportMetric, result: MetricResult): string {
  if (metric === 'csat' && 'scale' in result) return `% in the top two boxes of ${scaleText(result.scale)}`;
  if (metric === 'ces' && 'higherIsBetter' in result) {
    return `% on the easy side of ${scaleText(result.scale)} (${result.higherIsBetter ? 'higher' : 'lower'} is better)`;
  }
  if (metric === 'fcr') return '% resolved on first contact';
  if (metric === 'completion' && 'finished' in result) return `% finished (${result.finished} of ${result.n})`;
  if (metric === 'nps' && 'promoters' in result) {
    return `${result.promoters} promoters, ${result.passives} passives, ${result.detractors} detractors`;
  }
  return '';
}

/**
 * A period's change for one metric, only when it was tested (neither period a low sample) and
 * the difference test says it is significant.
 */
export function significantChange(period: PeriodMetrics, metric: ReportMetric): PeriodChange | undefined {
  const change = period.change?.[metric];
  return change?.significant === true && change.tested !== false ? change : undefined;
}

/**
 * The period-over-period changes listed, tested and not (a low sample on either side); per
 * metric, the periods whose change was not tested and how many changes it has in all.
 */
export function changeCounts(
  periods: readonly (readonly [string, PeriodMetrics])[],
  metrics: readonly ReportMetric[],
): { tested: number; untested: [ReportMetric, string[], number][] } {
  let tested = 0;
  const untested: [ReportMetric, string[], number][] = [];
  for (const metric of metrics) {
    const keys: string[] = [];
    let all = 0;
    for (const [key, period] of periods) {
      const change = period.change?.[metric];
      if (change === undefined) continue;
      all++;
      if (change.tested === false) keys.push(key);
      else tested++;
    }
    if (keys.length > 0) untested.push([metric, keys, all]);
  }
  return { tested, untested };
}

/**
 * The note beside the change flags: at 95%, about one comparison in twenty is flagged when
 * nothing changed (SURVEY.md), so with many metrics and periods some flags are chance.
 */
export function chanceFlagsText(tested: number): string {
  const expected = tested * 0.05;
  return (
    `${plural(tested, 'change')} tested at 95%: about 1 in 20 is flagged by chance when nothing changed` +
    (tested >= 10 ? ` (about ${fixed(expected, expected < 10 ? 1 : 0)} here)` : '')
  );
}

/** Periods listed per metric in the "too few answers to test" note before it says "and N more". */
const MAX_UNTESTED_LISTED = 6;

/**
 * `Too few answers to test a change (a period with n < 30): NPS 2026-02, 2026-03; CSAT 2026-03`,
 * or, when no change at all could be tested, one sentence with the remedy. `escape` makes the
 * period keys safe for the format.
 */
export function untestedText(untested: readonly (readonly [ReportMetric, readonly string[], number])[], escape: (text: string) => string, tested = 1): string {
  if (tested === 0) {
    return 'Too few answers to test any change between periods (each needs 30 answers or more on both sides); longer periods give more answers each';
  }
  const parts = untested.map(([metric, keys, all]) => {
    if (keys.length === all && all > 1) return `${METRIC_LABELS[metric]} every change`;
    const listed = keys.slice(0, MAX_UNTESTED_LISTED).map(escape).join(', ');
    const more = keys.length > MAX_UNTESTED_LISTED ? ` and ${keys.length - MAX_UNTESTED_LISTED} more` : '';
    return `${METRIC_LABELS[metric]} ${listed}${more}`;
  });
  return `Too few answers to test a change (a period with n < 30): ${parts.join('; ')}`;
}

/** The line under a KPI table that has an `insufficient` status. */
export const INSUFFICIENT_NOTE = 'insufficient: too few answers to judge (fewer than 30 unless --min-n sets the minimum); the value and n are shown, --check does not fail on it';

export const STATUS_LABELS: Readonly<Record<KpiStatus, string>> = {
  met: 'met',
  watch: 'watch',
  breach: 'breach',
  insufficient: 'insufficient',
  'no-data': 'no data',
};

/**
 * `exports/a.csv, line 57, column Q1` (whichever parts the warning has), or `''`. The file and
 * the column come from the user: `escape` makes them safe for the format.
 */
export function warningPlace(warning: Diagnostic, escape: (text: string) => string): string {
  const parts: string[] = [];
  if (warning.file !== undefined) parts.push(escape(warning.file));
  if (warning.line > 0) parts.push(`line ${warning.line}`);
  if (warning.field !== undefined) parts.push(`column ${escape(warning.field)}`);
  return parts.join(', ');
}
