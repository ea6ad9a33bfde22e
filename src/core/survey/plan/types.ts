import type { SurveyBinding } from '../../model.js';
import type { DateOrder } from '../dates/order.js';
import type { Layout } from '../layout.js';
import type { NormalizeOptions } from '../normalize.js';
import type { Diagnostic } from '../../diagnostics.js';
import type { AnswerKind, MetricName, Period, Platform, Scale } from '../types.js';

export interface ScaleSpec extends Scale {
  higherIsBetter?: boolean;
}

/** What the user asked for, beyond the file itself. */
export interface MetricsRequest {
  platform?: Platform;
  /** --column METRIC=COLUMN (metrics, canonical dimensions, date, response_id, comment). */
  columns: Record<string, string>;
  /** --scale METRIC=MIN-MAX[:higher|lower]. */
  scales: Partial<Record<MetricName, ScaleSpec>>;
  /** --labels METRIC=LOWEST|...|HIGHEST: the column's own labels, one per point from the lowest. */
  labels?: Partial<Record<MetricName, string[]>>;
  by: string[];
  /** Canonical dimensions to segment by when the export has them (the map's touchpoints for KPIs). */
  optionalBy?: string[];
  period?: Period;
  /** Trend by this period when the export has a date column (the report's monthly trend). */
  optionalPeriod?: Period;
  /** --tz */
  timeZone?: string;
  completeOnly: boolean;
  binding?: SurveyBinding;
}

export interface MetricColumn {
  metric: MetricName;
  index: number;
  kind: AnswerKind;
  scale: Scale;
  higherIsBetter: boolean;
  /** Qualtrics numeric FCR coding: 1 = Yes, 2 = No. */
  fcrOneTwo?: boolean;
  /** NPS recoded 1..11: subtract one. */
  npsShift?: boolean;
  /** How the column's answers normalise: its label scale, the user's labels, whole points. */
  answers: AnswerOptions;
}

export type AnswerOptions = Omit<NormalizeOptions, 'decimalComma'>;

/** Everything the aggregation needs; plain data, so it can be sent to worker threads. */
export interface AggregationPlan {
  platform: Platform;
  headerRows: number;
  width: number;
  columnIds: string[];
  metrics: MetricColumn[];
  dims: { name: string; index: number }[];
  date?: { index: number; order: DateOrder; timeZone: string; period: Period };
  responseId?: number;
  status?: number;
  distributionChannel?: number;
  finished?: { index: number; kind: 'qualtrics' | 'typeform' };
  /** The free-text column whose answers are kept as verbatim comments, by the touchpoint column's value. */
  comment?: { index: number; touchpoint: number };
  completeOnly: boolean;
  decimalComma: boolean;
}

export interface PlanResult {
  plan: AggregationPlan;
  /** Metric and dimension -> column id. */
  columns: Record<string, string>;
  inferred: string[];
  warnings: Diagnostic[];
  scales: Partial<Record<MetricName, { min: number; max: number; higherIsBetter?: boolean }>>;
  timeZone?: string;
}

/** What every step of the plan reads, and the notes, warnings and column names they add to. */
export interface PlanContext {
  layout: Layout;
  sample: readonly string[][];
  request: MetricsRequest;
  options: NormalizeOptions;
  inferred: string[];
  warnings: Diagnostic[];
  /** Metric and dimension -> column id; keys are column names from the export and --by. */
  columns: Record<string, string>;
  /** The column named for `key` by --column, else by the survey binding. */
  explicit(key: string): string | undefined;
}
