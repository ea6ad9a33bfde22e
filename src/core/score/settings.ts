import type { WorkspaceConfig } from '../config.js';
import type { ScoringSettings } from './types.js';

/**
 * The defaults documented in schemas/journeykit-config.schema.json and docs/scoring.md. Survey
 * evidence and pain points weigh more than the map's own emotion and effort judgements because
 * they are the more specific (pain points) and the more independent (survey) evidence.
 */
export const DEFAULT_SCORING: Readonly<ScoringSettings> = Object.freeze({
  weights: Object.freeze({ emotion: 1, effort: 1, painPoints: 1.5, survey: 1.5 }),
  momentOfTruth: 1.5,
  quadrant: Object.freeze({ impact: 3, effort: 3 }),
});

type Plain = Record<string, unknown>;

const isObject = (value: unknown): value is Plain => typeof value === 'object' && value !== null && !Array.isArray(value);
const numberAt = (object: Plain | undefined, key: string): number | undefined => {
  const value = object?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
};
const objectAt = (object: Plain | undefined, key: string): Plain | undefined => {
  const value = object?.[key];
  return isObject(value) ? value : undefined;
};

/** One `scoring:` layer (snake_case keys) laid over `base`, key by key. */
function layer(base: ScoringSettings, scoring: unknown): ScoringSettings {
  if (!isObject(scoring)) return base;
  const weights = objectAt(scoring, 'weights');
  const quadrant = objectAt(scoring, 'quadrant');
  return {
    weights: {
      emotion: numberAt(weights, 'emotion') ?? base.weights.emotion,
      effort: numberAt(weights, 'effort') ?? base.weights.effort,
      painPoints: numberAt(weights, 'pain_points') ?? base.weights.painPoints,
      survey: numberAt(weights, 'survey') ?? base.weights.survey,
    },
    momentOfTruth: numberAt(scoring, 'moment_of_truth') ?? base.momentOfTruth,
    quadrant: {
      impact: numberAt(quadrant, 'impact') ?? base.quadrant.impact,
      effort: numberAt(quadrant, 'effort') ?? base.quadrant.effort,
    },
  };
}

/**
 * The scoring settings in effect: the defaults, then the workspace config's `scoring:`, then
 * `override` (the `--weights FILE`, same shape as `scoring:`), each winning key by key. Both
 * layers have passed the config schema; anything that is not a finite number is ignored.
 */
export function scoringSettings(config: WorkspaceConfig, override?: unknown): ScoringSettings {
  const defaults: ScoringSettings = {
    weights: { ...DEFAULT_SCORING.weights },
    momentOfTruth: DEFAULT_SCORING.momentOfTruth,
    quadrant: { ...DEFAULT_SCORING.quadrant },
  };
  return layer(layer(defaults, config.scoring), override);
}
