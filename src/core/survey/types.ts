/**
 * Survey metrics: the shapes shared by the reader, the aggregation, the statistics and the
 * formatters of `journey metrics` (CLI.md documents the JSON).
 */
import type { Diagnostic } from '../diagnostics.js';

export type MetricName = 'nps' | 'csat' | 'ces' | 'fcr';
export const METRIC_NAMES: readonly MetricName[] = ['nps', 'csat', 'ces', 'fcr'];

/** How a column's answers are read: a metric's, or the NPS group column's (Promoter, Passive, Detractor). */
export type AnswerKind = 'nps' | 'nps-group' | 'csat' | 'ces' | 'fcr';

export type Platform = 'qualtrics' | 'surveymonkey' | 'typeform' | 'google-forms' | 'generic';
export const PLATFORMS: readonly Platform[] = ['qualtrics', 'surveymonkey', 'typeform', 'google-forms', 'generic'];

export type Period = 'week' | 'month' | 'quarter';

/**
 * Counts of answers per numeric value (e.g. NPS 0..10). Every metric is computed from tallies,
 * so partial results from worker threads merge by adding counts.
 */
export type Tally = Map<number, number>;

export interface Scale {
  min: number;
  max: number;
}

/** [low, high] in the unit of the score. */
export type Interval = [number, number];

export interface NpsResult {
  /** -100..100 */
  score: number;
  n: number;
  promoters: number;
  passives: number;
  detractors: number;
  ci95: Interval;
  lowSample: boolean;
}

export interface CsatResult {
  /** Top-two-box share, percent 0..100. */
  score: number;
  n: number;
  mean: number;
  scale: [number, number];
  ci95: Interval;
  lowSample: boolean;
}

export interface CesResult {
  /** Share of answers on the "easy" side, percent 0..100. */
  score: number;
  n: number;
  ci95: Interval;
  scale: [number, number];
  higherIsBetter: boolean;
  mean: number;
  meanCi95: Interval;
  lowSample: boolean;
}

export interface FcrResult {
  /** Share of yes answers, percent 0..100. */
  score: number;
  n: number;
  ci95: Interval;
  lowSample: boolean;
}

export interface CompletionResult {
  /** finished / started, percent 0..100. */
  score: number;
  n: number;
  finished: number;
  ci95: Interval;
  lowSample: boolean;
}

export interface MetricSet {
  nps?: NpsResult;
  csat?: CsatResult;
  ces?: CesResult;
  fcr?: FcrResult;
  completion?: CompletionResult;
}

/** A period's metrics plus, per metric, how it moved against the previous period. */
export interface PeriodMetrics extends MetricSet {
  change?: Partial<Record<MetricName | 'completion', PeriodChange>>;
}

export interface PeriodChange {
  /** Previous period key. */
  from: string;
  /** score - previous score, in the score's unit. */
  delta: number;
  /** Two-sided p-value of the two-sample test. */
  p: number;
  /** True only when the change was tested and the test is significant at 95%. */
  significant: boolean;
  direction: 'up' | 'down' | 'flat';
  /**
   * False when either period is a low sample (n < 30): the change is not tested ("too few answers
   * to test"), `significant` is false and `p` is only informative. Always written by `journey
   * metrics`; absent in files written before it existed (then read as tested).
   */
  tested?: boolean;
}

/** `insufficient`: the figure rests on fewer answers than the minimum n (a low sample); shown, not judged. */
export type KpiStatus = 'met' | 'watch' | 'breach' | 'insufficient' | 'no-data';

export interface KpiResult {
  metric: string;
  /** Where the target came from: a touchpoint of the map, the map's survey level, the config or the built-in default. */
  source: 'map' | 'config' | 'default';
  touchpoint?: string;
  target: number;
  threshold: number;
  direction: 'higher-is-better' | 'lower-is-better';
  value: number | null;
  n: number;
  status: KpiStatus;
}

export interface MetricsSource {
  files: string[];
  platform: Platform;
  /** How the platform was decided. */
  platformDetected: boolean;
  encoding: string;
  delimiter: string;
  rows: number;
  included: number;
  excluded: Record<string, number>;
  /** Metric (and dimension) -> column id used. */
  columns: Record<string, string>;
  /** Human-readable notes on what was inferred (CES convention, scales, date order). */
  inferred: string[];
  scales: Partial<Record<MetricName, { min: number; max: number; higherIsBetter?: boolean }>>;
  timeZone?: string;
}

export interface MetricsReport {
  source: MetricsSource;
  overall: MetricSet;
  /** dimension -> segment value -> metrics. With two dimensions the key is "a × b" values joined by " / ". */
  segments: Record<string, Record<string, MetricSet>>;
  /** period key (2026-03, 2026-W10, 2026-Q1) -> metrics, in time order. */
  periods: Record<string, PeriodMetrics>;
  kpis: KpiResult[];
  /** Survey warnings: `field` is the column's header, line 0 a warning about the whole run. */
  warnings: Diagnostic[];
  /**
   * Verbatim answers of the export's free-text column, at most five per touchpoint, e-mail
   * addresses, phone numbers, card numbers and IBANs masked. Absent when the export has no free-text column.
   */
  comments?: VerbatimComments;
}

export interface VerbatimComments {
  /** The free-text column the comments come from. */
  column: string;
  /** touchpoint (segment value of the touchpoint dimension) -> comments in file order. */
  byTouchpoint: Record<string, VerbatimComment[]>;
}

export interface VerbatimComment {
  text: string;
  /** Physical line of the export the answer starts on. */
  line: number;
}
