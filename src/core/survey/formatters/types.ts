import type { Formatter } from '../../output/formatter.js';
import type { MetricsReport } from '../types.js';

export interface MetricsFormatterOptions {
  /** ANSI colour; only the human format (`table`) uses it. */
  color: boolean;
}

export type MetricsFormatter = Formatter<MetricsReport, MetricsFormatterOptions>;
