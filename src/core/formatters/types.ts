import type { ValidationReport } from '../diagnostics.js';
import type { RuleMeta } from '../rules/rule.js';

export interface FormatterOptions {
  /** ANSI colour; only the human format uses it. */
  color: boolean;
  /** journeykit's version, for formats that name their tool (SARIF). */
  version: string;
  /** Metadata of every lint rule, for formats that describe rules (SARIF). */
  rules: readonly RuleMeta[];
}

/** A pure function from a report to the complete output text. */
export type Formatter = (report: ValidationReport, options: FormatterOptions) => string;
