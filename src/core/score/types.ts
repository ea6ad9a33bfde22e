/** `journey score`: the shapes shared by the model, the command and the formatters (CLI.md). */
import type { Evidence } from '../model.js';

export type ComponentName = 'emotion' | 'effort' | 'painPoints' | 'survey';
export const COMPONENT_NAMES: readonly ComponentName[] = ['emotion', 'effort', 'painPoints', 'survey'];

export type Quadrant = 'quick-win' | 'major-project' | 'fill-in' | 'thankless';

/** What a reader calls each quadrant (the human formats and the report; ids stay in JSON and CSV). */
export const QUADRANT_LABELS: Readonly<Record<Quadrant, string>> = {
  'quick-win': 'Quick win',
  'major-project': 'Major project',
  'fill-in': 'Fill-in',
  thankless: 'Thankless',
};

/** A quadrant's label; an unknown value (from a hand-made report) as it is. */
export function quadrantLabel(quadrant: string): string {
  return Object.hasOwn(QUADRANT_LABELS, quadrant) ? QUADRANT_LABELS[quadrant as Quadrant] : quadrant;
}

export interface ScoringWeights {
  emotion: number;
  effort: number;
  painPoints: number;
  survey: number;
}

/** The workspace config's `scoring:` with defaults filled in. */
export interface ScoringSettings {
  weights: ScoringWeights;
  /** Priority multiplier for moments of truth, 1..3. */
  momentOfTruth: number;
  /** Impact and delivery effort (1..5) at or above which an opportunity counts as high. */
  quadrant: { impact: number; effort: number };
}

/** Survey evidence for one touchpoint, from `journey metrics` figures of its segment. */
export interface SurveyEvidence {
  /** The segment value the touchpoint was matched on. */
  segment: string;
  /** 0..1 badness per measured metric, relative to its KPI target (see docs/scoring.md). */
  metrics: Partial<Record<'nps' | 'csat' | 'ces' | 'fcr', { value: number; n: number; target: number; threshold: number; badness: number }>>;
  /** The export column the segment was found in: the touchpoint column, or the stage column as fallback. */
  dimension?: 'touchpoint' | 'stage';
  /** Figures of the segment that were not used, and why (e.g. a CES scale no target fits). */
  notes?: string[];
}

export interface TouchpointScore {
  id: string;
  name: string;
  stage: string;
  /** 0..100 */
  friction: number;
  /** 0..100 */
  priority: number;
  /** Normalised components 0..1 (1 = worst); absent when unknown. */
  components: Partial<Record<ComponentName, number>>;
  /** Components (and `reach`) that are unknown and left out, never counted as zero. */
  missing: string[];
  reach?: number;
  momentOfTruth: boolean;
  /** One sentence: why this touchpoint ranks where it does. */
  explanation: string;
  /** The survey segment and figures used, or why none were. */
  survey?: SurveyEvidence | { segment: string; note: string };
  /** 1-based rank by priority. */
  rank: number;
  /** True when no weighted component is known and friction is the neutral placeholder (docs/scoring.md). */
  imputed?: boolean;
  /** Pain points without severity or frequency, left out of the pain-point component. */
  unrated?: string[];
  /** The touchpoint's evidence, so reports can show which numbers are assumptions. */
  evidence?: Evidence;
}

export interface OpportunityScore {
  id: string;
  touchpoint: string;
  stage: string;
  description: string;
  impact?: number;
  effort?: number;
  owner?: string;
  status?: string;
  quadrant?: Quadrant;
  /** Value for effort (docs/scoring.md), 0..; absent when impact or effort is unknown. */
  value?: number;
  /** RICE-style score: reach x impact x confidence / effort. */
  rice?: number;
  /** Friction (0..100) of the pain points it addresses. */
  addressedFriction: number;
  addresses: string[];
  missing: string[];
  rank: number;
  /** RICE confidence from the opportunity's evidence: observed 1, assumed 0.8, proposed or unknown 0.5. */
  confidence?: number;
  /** Reach (0..1) of the opportunity's touchpoint, used by RICE. */
  reach?: number;
}

export interface ScoreReport {
  journey: string;
  title: string;
  settings: ScoringSettings;
  /** Sorted by priority, highest first; ties by stage order, then id. */
  touchpoints: TouchpointScore[];
  /** Sorted by value, highest first; ties by stage order, then id. */
  opportunities: OpportunityScore[];
  /** Where survey evidence came from, when any. */
  evidence?: { source: string; note?: string };
}
