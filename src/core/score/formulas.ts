/**
 * The formulas of the scoring model (docs/scoring.md documents each): the friction components,
 * pain-point loads, the survey shortfall, friction, priority and the impact-effort quadrant.
 */
import type { EmotionScale, Evidence, KpiDirection, PainPoint } from '../model.js';
import { fractionBetween } from '../model.js';
import type { ComponentName, Quadrant, ScoringSettings } from './types.js';
import { COMPONENT_NAMES } from './types.js';

/** Friction of a touchpoint with no weighted component known: the middle of the scale, never 0. */
export const NEUTRAL_FRICTION = 50;
/** The reach assumed for a touchpoint whose reach is unknown (its factor is sqrt(0.5), about 0.71). */
export const NEUTRAL_REACH = 0.5;
/** RICE confidence per evidence level; an opportunity without evidence counts as proposed. */
export const CONFIDENCE: Readonly<Record<Evidence, number>> = { observed: 1, assumed: 0.8, proposed: 0.5 };
export const UNKNOWN_CONFIDENCE = 0.5;

export const clamp01 = (x: number): number => (x <= 0 ? 0 : x >= 1 ? 1 : x);
export const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
export const round = (x: number, digits: number): number => {
  const factor = 10 ** digits;
  // Near the largest number x * factor overflows to Infinity; such a number has no decimals to round.
  if (!Number.isFinite(x * factor)) return x;
  const r = Math.round(x * factor + (x >= 0 ? 1e-9 : -1e-9)) / factor;
  return r === 0 ? 0 : r;
};

// Components: each 0..1 with 1 the worst, or undefined when unknown.

/** (max - emotion) / (max - min) on the map's scale: 0 at the best emotion, 1 at the worst. */
export function emotionComponent(emotion: number | undefined, scale: EmotionScale): number | undefined {
  if (!finite(emotion) || !(scale.max > scale.min)) return undefined;
  return clamp01(fractionBetween(emotion, scale.max, scale.min));
}

/** (effort - 1) / 4: 0 for effortless (1), 1 for very hard (5). */
export function effortComponent(effort: number | undefined): number | undefined {
  return finite(effort) ? clamp01((effort - 1) / 4) : undefined;
}

/** A pain point's load: severity x frequency / 25, or undefined when either is unknown. */
export function painPointLoad(pain: Pick<PainPoint, 'severity' | 'frequency'>): number | undefined {
  return finite(pain.severity) && finite(pain.frequency) ? clamp01((pain.severity * pain.frequency) / 25) : undefined;
}

/**
 * Noisy-OR of loads: 1 - prod(1 - load). Never below the largest load, so one severe pain point
 * is not diluted by small ones, and each further pain point adds a little.
 */
export function combineLoads(loads: readonly number[]): number {
  return clamp01(1 - loads.reduce((rest, load) => rest * (1 - clamp01(load)), 1));
}

/**
 * How far a survey figure falls short of its KPI, 0..1, piecewise linear: 0 at or beyond the
 * target, 0.5 at the action threshold, 1 at the worst value the metric can take. A threshold on
 * the wrong side of its target counts as equal to the target (no watch band).
 */
export function surveyBadness(value: number, target: number, threshold: number, direction: KpiDirection, worst: number): number {
  const good = (x: number) => (direction === 'higher-is-better' ? x : -x);
  const shortfall = good(target) - good(value);
  if (!(shortfall > 0)) return 0;
  const band = Math.max(0, good(target) - good(threshold));
  if (shortfall <= band) return (0.5 * shortfall) / band;
  const beyond = good(band > 0 ? threshold : target) - good(worst);
  if (!(beyond > 0)) return 1;
  return clamp01(0.5 + (0.5 * (shortfall - band)) / beyond);
}

/** Impact and effort at or above the cut-offs count as high. */
export function quadrantOf(impact: number, effort: number, cutoffs: ScoringSettings['quadrant']): Quadrant {
  const high = impact >= cutoffs.impact;
  const hard = effort >= cutoffs.effort;
  if (high) return hard ? 'major-project' : 'quick-win';
  return hard ? 'thankless' : 'fill-in';
}

/** Code-unit order, the same in every locale. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Friction, 0..1: the weighted mean of the known components with a positive weight; undefined when there are none. */
export function frictionOf(components: Partial<Record<ComponentName, number>>, weights: ScoringSettings['weights']): number | undefined {
  const counted = COMPONENT_NAMES.filter((c) => components[c] !== undefined && finite(weights[c]) && weights[c] > 0);
  if (counted.length === 0) return undefined;
  // Only ratios matter: scaling by the largest weight keeps tiny weights out of float underflow.
  const largest = Math.max(...counted.map((c) => weights[c]));
  let sum = 0;
  let total = 0;
  for (const c of counted) {
    const w = weights[c] / largest;
    sum += w * components[c]!;
    total += w;
  }
  return clamp01(sum / total);
}

/**
 * Priority multiplier 0..1: sqrt(reach) x (moment of truth ? m : 1) / m, unknown reach counting
 * as NEUTRAL_REACH. The square root damps reach, which spans orders of magnitude, so that a
 * broken step a fifth of customers reach is not outranked by a mild annoyance everyone sees.
 */
export function priorityFactor(reach: number | undefined, momentOfTruth: boolean, settings: Pick<ScoringSettings, 'momentOfTruth'>): number {
  const m = finite(settings.momentOfTruth) ? Math.max(1, settings.momentOfTruth) : 1;
  const r = finite(reach) ? clamp01(reach) : NEUTRAL_REACH;
  return (Math.sqrt(r) * (momentOfTruth ? m : 1)) / m;
}
