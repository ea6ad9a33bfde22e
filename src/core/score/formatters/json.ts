import type { OpportunityScore, ScoreReport, ScoringSettings, SurveyEvidence, TouchpointScore } from '../types.js';
import { COMPONENT_NAMES } from '../types.js';
import { listed } from './shared.js';
import type { ScoreFormatter } from './types.js';

/**
 * The `score` JSON contract of CLI.md: `{journey, touchpoints, opportunities}`, then the rest of
 * the report (`title`, `settings`, `evidence`). Objects are rebuilt key by key, so the key order
 * is fixed and nothing outside types.ts leaks into the output: the keys CLI.md shows come first,
 * in its order, then the other fields of types.ts in the order types.ts declares them. The key
 * lists below are checked against the types, so a field added to types.ts fails the type check
 * until it has its place here.
 *
 * `--top N` cuts both arrays to their first N entries, as in every other format: a script asking
 * for the top 5 gets the top 5. `rank` still says where each stands in the whole list.
 *
 * Unknown optional figures (impact, effort, quadrant, value, rice, reach, confidence, components)
 * are absent, never `null` or `0`; `missing` names them. An optional figure that is not finite
 * counts as unknown and is left out, so the output never holds NaN (JSON.stringify would write
 * `null` in its place).
 */
export const json: ScoreFormatter = (report, options) => JSON.stringify(toJson(report, options.top), null, 2) + '\n';

/** The output object; `top` as in ScoreFormatterOptions. */
export function toJson(report: ScoreReport, top?: number): ScoreReport {
  const { touchpoints, opportunities } = listed(report, top);
  return ordered({ ...report, touchpoints, opportunities }, REPORT_KEYS, {
    touchpoints: (list) => list.map(touchpoint),
    opportunities: (list) => list.map(opportunity),
    settings,
    evidence: (e) => ({ source: e.source, ...(e.note !== undefined ? { note: e.note } : {}) }),
  });
}

// Key order of each object. `satisfies` keeps out keys types.ts does not have; `Complete` fails
// the type check when types.ts has a key the list lacks.
type Complete<T, Keys extends readonly (keyof T)[]> = Exclude<keyof T, Keys[number]> extends never ? Keys : never;

const REPORT_KEYS = ['journey', 'touchpoints', 'opportunities', 'title', 'settings', 'evidence'] as const satisfies readonly (keyof ScoreReport)[];
const TOUCHPOINT_KEYS = [
  'id',
  'stage',
  'friction',
  'priority',
  'components',
  'missing',
  'explanation',
  'name',
  'reach',
  'momentOfTruth',
  'survey',
  'rank',
  'imputed',
  'unrated',
  'evidence',
] as const satisfies readonly (keyof TouchpointScore)[];
const OPPORTUNITY_KEYS = [
  'id',
  'touchpoint',
  'impact',
  'effort',
  'quadrant',
  'value',
  'stage',
  'description',
  'owner',
  'status',
  'rice',
  'addressedFriction',
  'addresses',
  'missing',
  'rank',
  'confidence',
  'reach',
] as const satisfies readonly (keyof OpportunityScore)[];
const SURVEY_KEYS = ['segment', 'metrics', 'dimension', 'notes'] as const satisfies readonly (keyof SurveyEvidence)[];

// Compile-time only: each line fails when its type gains a key the list above lacks.
const keysComplete: [
  Complete<ScoreReport, typeof REPORT_KEYS>,
  Complete<TouchpointScore, typeof TOUCHPOINT_KEYS>,
  Complete<OpportunityScore, typeof OPPORTUNITY_KEYS>,
  Complete<SurveyEvidence, typeof SURVEY_KEYS>,
] = [REPORT_KEYS, TOUCHPOINT_KEYS, OPPORTUNITY_KEYS, SURVEY_KEYS];
void keysComplete;

/** Copies the keys in order, leaving out the absent ones; `convert` gives a key's output value. */
function ordered<T extends object>(value: T, keys: readonly (keyof T)[], convert: Partial<{ [K in keyof T]: (v: NonNullable<T[K]>) => unknown }>): T {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const v = value[key];
    if (v === undefined) continue;
    const f = convert[key];
    const converted = f === undefined ? v : f(v as NonNullable<T[typeof key]>);
    if (converted !== undefined) out[key as string] = converted;
  }
  return out as T;
}

/** An optional figure: absent when not finite. */
function known(value: number): number | undefined {
  return Number.isFinite(value) ? value : undefined;
}

function touchpoint(t: TouchpointScore): TouchpointScore {
  return ordered(t, TOUCHPOINT_KEYS, {
    components: (components) => {
      const out: TouchpointScore['components'] = {};
      for (const name of COMPONENT_NAMES) {
        const value = components[name];
        if (value !== undefined && Number.isFinite(value)) out[name] = value;
      }
      return out;
    },
    missing: (missing) => [...missing],
    reach: known,
    survey: (survey) => ('note' in survey ? { segment: survey.segment, note: survey.note } : surveyEvidence(survey)),
    unrated: (unrated) => [...unrated],
  });
}

function surveyEvidence(s: SurveyEvidence): SurveyEvidence {
  return ordered(s, SURVEY_KEYS, {
    metrics: (metrics) => {
      const out: SurveyEvidence['metrics'] = {};
      for (const name of ['nps', 'csat', 'ces', 'fcr'] as const) {
        const m = metrics[name];
        if (m !== undefined) out[name] = { value: m.value, n: m.n, target: m.target, threshold: m.threshold, badness: m.badness };
      }
      return out;
    },
    notes: (notes) => [...notes],
  });
}

function opportunity(o: OpportunityScore): OpportunityScore {
  return ordered(o, OPPORTUNITY_KEYS, {
    impact: known,
    effort: known,
    value: known,
    rice: known,
    confidence: known,
    reach: known,
    addresses: (addresses) => [...addresses],
    missing: (missing) => [...missing],
  });
}

function settings(s: ScoringSettings): ScoringSettings {
  return {
    weights: { emotion: s.weights.emotion, effort: s.weights.effort, painPoints: s.weights.painPoints, survey: s.weights.survey },
    momentOfTruth: s.momentOfTruth,
    quadrant: { impact: s.quadrant.impact, effort: s.quadrant.effort },
  };
}
