import type { MetricsReport } from '../types.js';

export interface MetricsFormatterOptions {
  /** ANSI colour; only the human format (`table`) uses it. */
  color: boolean;
}

/** A pure function from a metrics report to the complete output text. */
export type MetricsFormatter = (report: MetricsReport, options: MetricsFormatterOptions) => string;
