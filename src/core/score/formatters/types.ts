import type { ScoreReport } from '../types.js';

export interface ScoreFormatterOptions {
  /** ANSI colour; only the human format (`table`) uses it. */
  color: boolean;
  /** `--top N`: list only the first N touchpoints and the first N opportunities. */
  top?: number;
}

/** A pure function from a score report to the complete output text. */
export type ScoreFormatter = (report: ScoreReport, options: ScoreFormatterOptions) => string;
