/**
 * `priority` view: the map's opportunities on a Mermaid quadrantChart, impact (up) against
 * delivery effort (right), in the quadrants of `journey score` (issue 5).
 *
 * Mermaid numbers quadrants counter-clockwise from the top right: quadrant-1 is top right (high
 * impact, high effort: major project), 2 top left (quick win), 3 bottom left (fill-in), 4 bottom
 * right (thankless). The axes are piecewise linear so that the score's cut-off lands on the
 * chart's middle line, and every point is placed with the score's own `quadrantOf`, so the chart
 * and `journey score` always agree. Pure: no I/O.
 */
import type { JourneyMap } from '../model.js';
import { touchpointsOf } from '../model.js';
import { quadrantOf } from '../score/model.js';
import { DEFAULT_SCORING } from '../score/settings.js';
import type { Quadrant, ScoringSettings } from '../score/types.js';
import { escapeMermaid } from './escape.js';
import { omittedNote } from './limit.js';
import type { View, ViewInput } from './types.js';

/** Points stay inside this range so their labels are not clipped (MERMAID.md). */
export const CHART_MIN = 0.03;
export const CHART_MAX = 0.97;
/**
 * A value exactly at a cut-off counts as high (`quadrantOf`); on the middle line it would sit on
 * the border, so it is drawn this far inside the high half. Every point keeps this distance from
 * the middle line, on its own quadrant's side.
 */
export const CUTOFF_NUDGE = 0.03;
/** Vertical distance between opportunities that share coordinates (about one label height). */
export const JITTER_STEP = 0.06;
/** Point labels (opportunity ids) longer than this are cut with an ellipsis. */
export const MAX_LABEL_LENGTH = 32;

const INDENT = '    ';
const SLUG = /^[a-z0-9][a-z0-9-]*$/;

export type Cutoffs = ScoringSettings['quadrant'];

/**
 * A chart coordinate as Mermaid's quadrant lexer accepts it: only `0`, `1` or `0.ddd` (`1.0`,
 * `.5`, `-0.1` and exponents are lexical errors). Clamped to 0..1, rounded to 3 decimals,
 * trailing zeros dropped (0.5 is `0.5`, 0.03 is `0.03`).
 */
export function formatCoordinate(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`A chart coordinate must be a finite number, got ${value}.`);
  const thousandths = Math.round(Math.min(1, Math.max(0, value)) * 1000);
  if (thousandths <= 0) return '0';
  if (thousandths >= 1000) return '1';
  return `0.${String(thousandths).padStart(3, '0').replace(/0+$/, '')}`;
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * Where a 1..5 value goes on a 0..1 axis whose middle is the cut-off: piecewise linear,
 * [1, cutoff] onto [0.03, 0.5] and [cutoff, 5] onto [0.5, 0.97], then kept inside its half
 * (`high`: the score counts it as high) at least {@link CUTOFF_NUDGE} away from the middle.
 */
export function axisPosition(value: number, cutoff: number, high: boolean): number {
  const middle = 0.5;
  const exact =
    value >= cutoff
      ? cutoff >= 5
        ? middle
        : middle + ((CHART_MAX - middle) * (value - cutoff)) / (5 - cutoff)
      : cutoff <= 1
        ? CHART_MIN
        : CHART_MIN + ((middle - CHART_MIN) * (value - 1)) / (cutoff - 1);
  const [lo, hi] = high ? [middle + CUTOFF_NUDGE, CHART_MAX] : [CHART_MIN, middle - CUTOFF_NUDGE];
  return round3(Math.min(hi, Math.max(lo, exact)));
}

/** The quadrant a chart position lies in: the right half is high effort, the upper half high impact. */
export function quadrantAt(x: number, y: number): Quadrant {
  const high = y >= 0.5;
  const hard = x >= 0.5;
  if (high) return hard ? 'major-project' : 'quick-win';
  return hard ? 'thankless' : 'fill-in';
}

export interface PriorityPoint {
  id: string;
  /** The point's label before escaping: the opportunity id, cut at {@link MAX_LABEL_LENGTH}. */
  label: string;
  impact: number;
  effort: number;
  quadrant: Quadrant;
  x: number;
  y: number;
}

export interface PriorityPlan {
  cutoffs: Cutoffs;
  /** In journey order. */
  points: PriorityPoint[];
  /** Ids of opportunities without impact or effort, in journey order. */
  unplotted: string[];
}

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** The score report's cut-offs, else the defaults; a missing or non-finite cut-off takes its default. */
export function cutoffsOf(input: Pick<ViewInput, 'score'>): Cutoffs {
  const given = input.score?.settings.quadrant;
  return {
    impact: finite(given?.impact) ? given.impact : DEFAULT_SCORING.quadrant.impact,
    effort: finite(given?.effort) ? given.effort : DEFAULT_SCORING.quadrant.effort,
  };
}

function cut(text: string): string {
  const chars = Array.from(text);
  return chars.length <= MAX_LABEL_LENGTH ? text : `${chars.slice(0, MAX_LABEL_LENGTH - 1).join('')}\u2026`;
}

/**
 * Spreads opportunities with identical coordinates vertically, {@link JITTER_STEP} apart, the
 * first in journey order on top, centred on the shared position and kept inside the half of the
 * chart (and so the quadrant) they belong to; closer together when the half is too short.
 */
function jitter(points: PriorityPoint[]): void {
  const groups = new Map<string, PriorityPoint[]>();
  for (const point of points) {
    const key = `${formatCoordinate(point.x)},${formatCoordinate(point.y)}`;
    const group = groups.get(key);
    if (group) group.push(point);
    else groups.set(key, [point]);
  }
  for (const group of groups.values()) {
    const k = group.length;
    if (k < 2) continue;
    const y0 = group[0]!.y;
    const [lo, hi] = y0 >= 0.5 ? [0.5 + CUTOFF_NUDGE, CHART_MAX] : [CHART_MIN, 0.5 - CUTOFF_NUDGE];
    const step = Math.min(JITTER_STEP, (hi - lo) / (k - 1));
    const ys = group.map((_, i) => y0 + ((k - 1) / 2 - i) * step);
    const top = ys[0]!;
    const bottom = ys[k - 1]!;
    const shift = top > hi ? hi - top : bottom < lo ? lo - bottom : 0;
    group.forEach((point, i) => {
      point.y = round3(Math.min(hi, Math.max(lo, ys[i]! + shift)));
    });
  }
}

/** The opportunities of the map as chart points, in journey order, with the cut-offs used. */
export function priorityPlan(map: JourneyMap, cutoffs: Cutoffs): PriorityPlan {
  const points: PriorityPoint[] = [];
  const unplotted: string[] = [];
  for (const { touchpoint } of touchpointsOf(map)) {
    for (const opportunity of touchpoint.opportunities ?? []) {
      const { impact, effort } = opportunity;
      // The same test as scoreJourney: both known, effort above zero.
      if (!finite(impact) || !finite(effort) || effort <= 0) {
        unplotted.push(opportunity.id);
        continue;
      }
      const quadrant = quadrantOf(impact, effort, cutoffs);
      const highImpact = quadrant === 'quick-win' || quadrant === 'major-project';
      const highEffort = quadrant === 'major-project' || quadrant === 'thankless';
      points.push({
        id: opportunity.id,
        label: cut(opportunity.id),
        impact,
        effort,
        quadrant,
        x: axisPosition(effort, cutoffs.effort, highEffort),
        y: axisPosition(impact, cutoffs.impact, highImpact),
      });
    }
  }
  jitter(points);
  return { cutoffs, points, unplotted };
}

/** An id for a `%%` comment: a slug as it is (it cannot end the comment), anything else escaped. */
function commentId(id: string): string {
  return SLUG.test(id) ? id : escapeMermaid(id);
}

export function renderPriority(input: ViewInput): string {
  const plan = priorityPlan(input.map, cutoffsOf(input));
  // A shortened map (limit.ts) says so in the title.
  const note = input.omitted ? escapeMermaid(`(opportunities of ${omittedNote(input.omitted)})`) : '';
  const title = [escapeMermaid(input.map.title.trim()), 'opportunities', note].filter((part) => part !== '').join(' ');
  const lines = [
    'quadrantChart',
    `${INDENT}title ${title}`,
    `${INDENT}x-axis "Low delivery effort" --> "High delivery effort"`,
    `${INDENT}y-axis "Low impact" --> "High impact"`,
    `${INDENT}quadrant-1 "Major project"`,
    `${INDENT}quadrant-2 "Quick win"`,
    `${INDENT}quadrant-3 "Fill-in"`,
    `${INDENT}quadrant-4 "Thankless"`,
    `${INDENT}%% Cut-offs of journey score: impact ${formatNumber(plan.cutoffs.impact)} or more is high, delivery effort ${formatNumber(plan.cutoffs.effort)} or more is high.`,
  ];
  if (plan.unplotted.length > 0) lines.push(`${INDENT}%% Not plotted, impact or effort unknown: ${plan.unplotted.map(commentId).join(', ')}`);
  if (plan.points.length === 0) lines.push(`${INDENT}%% No opportunity has both impact and delivery effort: nothing to plot.`);
  for (const point of plan.points) {
    lines.push(`${INDENT}"${escapeMermaid(point.label)}": [${formatCoordinate(point.x)}, ${formatCoordinate(point.y)}]`);
  }
  return `${lines.join('\n')}\n`;
}

/** A cut-off in a comment: finite numbers only ever reach here. */
function formatNumber(x: number): string {
  return String(round3(x));
}

export const view: View = {
  id: 'priority',
  description: "Opportunities on an impact / delivery-effort quadrant chart, in the quadrants of 'journey score'",
  render: renderPriority,
};
