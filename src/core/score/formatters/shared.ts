import { fixed } from '../../output/numbers.js';
import type { ComponentName, OpportunityScore, ScoreReport, ScoringSettings, TouchpointScore } from '../types.js';
import type { ScoreFormatterOptions } from './types.js';

/** The ranked lists a format shows, after `--top`, with the lengths before it. */
export interface Listed {
  touchpoints: TouchpointScore[];
  opportunities: OpportunityScore[];
  /** How many there are in the report, for `top 3 of 12`. */
  totals: { touchpoints: number; opportunities: number };
}

/**
 * The first `top` touchpoints and the first `top` opportunities: the two lists are cut
 * separately, each keeps its own ranking. No `top` (or one that is not a number) lists all.
 */
export function listed(report: ScoreReport, top: number | undefined): Listed {
  const cut = <T>(items: readonly T[]): T[] => (top === undefined || Number.isNaN(top) ? [...items] : items.slice(0, Math.max(0, Math.floor(top))));
  return {
    touchpoints: cut(report.touchpoints),
    opportunities: cut(report.opportunities),
    totals: { touchpoints: report.touchpoints.length, opportunities: report.opportunities.length },
  };
}

/** `top 3 of 12`, or `''` when nothing was left out. */
export function cutNote(shown: number, total: number): string {
  return shown < total ? `top ${shown} of ${total}` : '';
}

/** Value for effort and RICE (small ratios, rounded to two decimals by the model): two decimals; `-` when unknown. */
export function ratioText(value: number | undefined): string {
  return value === undefined ? '-' : fixed(value, 2);
}

/** Impact and delivery effort (1..5) and settings: as written, up to three decimals; `-` when unknown. */
export function plainNumber(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '-';
  return fixed(value, 3).replace(/\.?0+$/, '');
}

/** What the human formats call a component, or another unknown input such as `reach`. */
const INPUT_LABELS: Readonly<Record<string, string>> = {
  emotion: 'emotion',
  effort: 'effort',
  painPoints: 'pain points',
  survey: 'survey',
  reach: 'reach',
  impact: 'impact',
};

/**
 * `survey, reach`: the unknown inputs in words. Names the model does not use are passed through
 * `escape`, since they are not ours to trust.
 */
export function missingText(missing: readonly string[], escape: (text: string) => string): string {
  return missing.map((name) => (Object.hasOwn(INPUT_LABELS, name) ? INPUT_LABELS[name]! : escape(name))).join(', ');
}

/** `emotion 0.35, effort 0.25, pain points 0.25, survey 0.15`. */
export function weightsText(settings: ScoringSettings): string {
  const names: readonly ComponentName[] = ['emotion', 'effort', 'painPoints', 'survey'];
  return names.map((name) => `${INPUT_LABELS[name]} ${plainNumber(settings.weights[name])}`).join(', ');
}

/** `high impact ≥ 4, high effort ≥ 3`: where the quadrants split. */
export function quadrantText(settings: ScoringSettings): string {
  return `high impact ≥ ${plainNumber(settings.quadrant.impact)}, high effort ≥ ${plainNumber(settings.quadrant.effort)}`;
}

/** `priority ×1.5`: what a moment of truth does to a touchpoint. */
export function momentOfTruthText(settings: ScoringSettings): string {
  return `priority ×${plainNumber(settings.momentOfTruth)}`;
}

/**
 * What a reader should know besides the explanation, one short phrase each: the unknown inputs,
 * pain points left out for want of a rating, why survey figures were not used. (A placeholder
 * friction and assumed evidence are not repeated: the explanation says so.) User text goes
 * through `escape`.
 */
export function touchpointNotes(tp: TouchpointScore, escape: (text: string) => string): string[] {
  const notes: string[] = [];
  if (tp.missing.length > 0) notes.push(`unknown: ${missingText(tp.missing, escape)}`);
  if (tp.unrated !== undefined && tp.unrated.length > 0) notes.push(`pain points without severity or frequency: ${tp.unrated.map(escape).join(', ')}`);
  const survey = tp.survey;
  if (survey !== undefined && 'note' in survey) notes.push(`survey: ${escape(survey.note)}`);
  if (survey !== undefined && 'notes' in survey) for (const note of survey.notes ?? []) notes.push(`survey: ${escape(note)}`);
  return notes;
}

/** The same for an opportunity: its unknown inputs. */
export function opportunityNotes(o: OpportunityScore, escape: (text: string) => string): string[] {
  return o.missing.length > 0 ? [`unknown: ${missingText(o.missing, escape)}`] : [];
}

/** A stage's name from the formatter options, or its id when the options do not name it. */
export function stageName(options: Pick<ScoreFormatterOptions, 'stageNames'>, stage: string): string {
  const names = options.stageNames;
  return names !== undefined && Object.hasOwn(names, stage) ? names[stage]! : stage;
}

/** Touchpoint id -> name, from the report's touchpoints (an opportunity names its touchpoint by id). */
export function touchpointNames(report: ScoreReport): ReadonlyMap<string, string> {
  return new Map(report.touchpoints.map((t) => [t.id, t.name]));
}
