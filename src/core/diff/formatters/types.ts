import type { Formatter } from '../../output/formatter.js';
import type { DiffReport } from '../types.js';

export interface DiffFormatterOptions {
  /** ANSI colour; only the human format (`text`) uses it. */
  color: boolean;
}

export type DiffFormatter = Formatter<DiffReport, DiffFormatterOptions>;
