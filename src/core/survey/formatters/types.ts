import type { Formatter } from '../../output/formatter.js';
import type { MetricsReport } from '../types.js';

export interface MetricsFormatterOptions {
  /** ANSI colour; only the human format (`table`) uses it. */
  color: boolean;
  /** journeykit's version, for formats that name their tool (SARIF). */
  version: string;
}

export type MetricsFormatter = Formatter<MetricsReport, MetricsFormatterOptions>;
