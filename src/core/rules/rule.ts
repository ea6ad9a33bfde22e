import type { ResolvedConfig } from '../config.js';
import type { Severity } from '../diagnostics.js';
import type { JourneyMap } from '../model.js';

export type PathSegment = string | number;

/** Rule metadata as data (after ESLint's `meta`): documented in docs/rules.md. */
export interface RuleMeta {
  /** kebab-case id; the diagnostic code is `lint/<id>` and the file name is `<id>.ts`. */
  id: string;
  /** Severity used unless the workspace config says otherwise. */
  severity: Severity;
  /** One line: what the rule reports. */
  description: string;
  /** A paragraph for the docs: why it matters and how to fix it. */
  docs: string;
}

/**
 * What a rule returns: only a message, the path of the offending node and an optional hint.
 * The engine adds the code, the severity and the source range (as Spectral does).
 */
export interface RuleFinding {
  message: string;
  path: PathSegment[];
  hint?: string;
  /** Point at the key instead of the value (e.g. a duplicate id points at its value, the default). */
  at?: 'key' | 'value';
}

/** A map of the current run that passed the schema. */
export interface RunMap {
  file: string;
  map: JourneyMap;
}

export interface RuleContext {
  /** The map being checked; it has passed the JSON Schema. */
  map: JourneyMap;
  file: string;
  config: ResolvedConfig;
  /** Every map of this run that passed the schema, this one included, in file order. */
  run: readonly RunMap[];
}

export interface Rule {
  meta: RuleMeta;
  check(context: RuleContext): RuleFinding[];
}
