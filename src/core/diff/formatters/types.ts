import type { DiffReport } from '../types.js';

export interface DiffFormatterOptions {
  /** ANSI colour; only the human format (`text`) uses it. */
  color: boolean;
}

/** A pure function from a diff report to the complete output text. */
export type DiffFormatter = (report: DiffReport, options: DiffFormatterOptions) => string;
