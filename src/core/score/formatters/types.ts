import type { Formatter } from '../../output/formatter.js';
import type { ScoreReport } from '../types.js';

export interface ScoreFormatterOptions {
  /** ANSI colour; only the human format (`table`) uses it. */
  color: boolean;
  /** `--top N`: list only the first N touchpoints and the first N opportunities. */
  top?: number;
  /**
   * Stage id -> stage name, from the map: the human formats (table, markdown) show names where a
   * reader reads, JSON and CSV keep ids. A stage without an entry shows its id.
   */
  stageNames?: Readonly<Record<string, string>>;
}

export type ScoreFormatter = Formatter<ScoreReport, ScoreFormatterOptions>;
