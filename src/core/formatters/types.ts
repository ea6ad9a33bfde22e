import type { ValidationReport } from '../diagnostics.js';
import type { Formatter as OutputFormatter } from '../output/formatter.js';
import type { RuleMeta } from '../rules/rule.js';

export interface FormatterOptions {
  /** ANSI colour; only the human format uses it. */
  color: boolean;
  /** journeykit's version, for formats that name their tool (SARIF). */
  version: string;
  /** Metadata of every lint rule, for formats that describe rules (SARIF). */
  rules: readonly RuleMeta[];
}

export type Formatter = OutputFormatter<ValidationReport, FormatterOptions>;
