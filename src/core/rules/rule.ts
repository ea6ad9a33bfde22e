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
  /**
   * The parts of a map the rule needs complete. When the schema rejects part of a map, the
   * rules still run on the rest (see `pruneMap` in validate.ts); a rule whose findings rest on
   * something being absent (an unknown persona, an unused one, a default scale) names here
   * the parts whose pruning would make it wrong, and skips such a map. Absent: the rule only
   * judges the values it finds, and runs on whatever part of the map passed the schema.
   */
  needsComplete?: readonly MapPart[];
}

/**
 * What the schema can reject and validate then leaves out: an entity of a list (with all it
 * contains: a stage takes its touchpoints along, a touchpoint its pain points, opportunities
 * and KPIs) or a top-level field of the map (named by its key).
 */
export type MapPart = 'personas' | 'stages' | 'touchpoints' | 'pain_points' | 'opportunities' | 'kpis' | 'scales' | 'based_on' | 'state';

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

/**
 * A map of the current run that passed the schema, or the part of one that did. In a partial
 * map, a list whose entity the schema rejected keeps its length and the entity's index: the
 * entity is a hole in the array, which `forEach`, `map`, `filter` and `flatMap` skip (iterate
 * lists that way, not with `for...of`), so findings keep the paths of the file.
 */
export interface RunMap {
  file: string;
  map: JourneyMap;
  /** The parts the schema rejected and the rules do not see (absent when the map passed whole). */
  pruned?: ReadonlySet<string>;
}

export interface RuleContext {
  /** The map being checked: it passed the JSON Schema, or is the part of it that did (see RunMap). */
  map: JourneyMap;
  file: string;
  config: ResolvedConfig;
  /**
   * Every map of this run that passed the schema, whole or in part (its top-level id always
   * passed), this one included, in file order. A file whose top level the schema rejected
   * (no id, a `stages` that is not a list...) is not among them.
   */
  run: readonly RunMap[];
}

export interface Rule {
  meta: RuleMeta;
  check(context: RuleContext): RuleFinding[];
}
