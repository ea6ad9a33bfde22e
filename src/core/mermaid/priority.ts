/**
 * `priority` view: the map's opportunities on a Mermaid quadrantChart, impact (up) against
 * delivery effort (right), in the quadrants of `journey score`.
 *
 * Mermaid numbers quadrants counter-clockwise from the top right: quadrant-1 is top right (high
 * impact, high effort: major project), 2 top left (quick win), 3 bottom left (fill-in), 4 bottom
 * right (thankless). The axes are piecewise linear so that the score's cut-off lands on the
 * chart's middle line, and every point is placed with the score's own `quadrantOf`, so the chart
 * and `journey score` always agree.
 *
 * Points carry numbers (1.. in journey order), not names: names of any length overlapped each
 * other and ran off the chart. The view's legend (`priorityLegend`) says what each number is,
 * and whatever shows the chart lists it under it. Points never sit on the middle lines or on the
 * quadrant captions, and marks that would overlap are moved apart within their quadrant. Pure: no I/O.
 */
import type { JourneyMap } from '../model.js';
import { touchpointsOf } from '../model.js';
import { quadrantOf } from '../score/model.js';
import { DEFAULT_SCORING } from '../score/settings.js';
import type { Quadrant, ScoringSettings } from '../score/types.js';
import { drawnWithin } from './fit.js';
import { escapeMermaid } from './escape.js';
import { omittedNote } from './limit.js';
import type { LegendEntry, View, ViewInput } from './types.js';

/** Points stay inside this range so their marks are not clipped (MERMAID.md). */
export const CHART_MIN = 0.03;
export const CHART_MAX = 0.97;
/**
 * A value exactly at a cut-off counts as high (`quadrantOf`); on the middle line it would sit on
 * the border, so it is drawn inside the high half. Every point keeps at least this distance from
 * the middle line, on its own quadrant's side (its number, drawn under it, stays above the line).
 */
export const CUTOFF_NUDGE = 0.06;
/**
 * Mermaid writes each quadrant's caption across the top of the quadrant once a chart has points:
 * no point comes within this distance of a quadrant's top edge, so no point or number sits on a
 * caption ("Fill-in" and "Thankless" lie just under the middle line).
 */
export const CAPTION_BAND = 0.09;
/** Room one point and its number take, in chart units: points closer than this are moved apart. */
export const MARK_WIDTH = 0.06;
export const MARK_HEIGHT = 0.08;
/** Old name of the vertical spacing of points that share a position. */
export const JITTER_STEP = MARK_HEIGHT;

/** Size of the chart and its marks (frontmatter config; no user text goes into it). */
export const CHART_WIDTH = 640;
export const CHART_HEIGHT = 600;
const FRONTMATTER = [
  '---',
  'config:',
  '  quadrantChart:',
  `    chartWidth: ${CHART_WIDTH}`,
  `    chartHeight: ${CHART_HEIGHT}`,
  '    pointRadius: 6',
  '    pointLabelFontSize: 14',
  '    pointTextPadding: 9',
  '    quadrantLabelFontSize: 15',
  '  themeVariables:',
  // The quadrants keep light fills with dark marks and text in every theme (contrast over 7:1),
  // so every point is visible whatever the page; the title and axis labels, on the page, keep the
  // theme's own text colour.
  '    quadrant1Fill: "#e8eef8"',
  '    quadrant2Fill: "#e6f4ec"',
  '    quadrant3Fill: "#f3f3f3"',
  '    quadrant4Fill: "#faeee6"',
  '    quadrant1TextFill: "#1b1b1b"',
  '    quadrant2TextFill: "#1b1b1b"',
  '    quadrant3TextFill: "#1b1b1b"',
  '    quadrant4TextFill: "#1b1b1b"',
  '    quadrantPointFill: "#1b1b1b"',
  '    quadrantPointTextFill: "#1b1b1b"',
  '    quadrantInternalBorderStrokeFill: "#6b6b6b"',
  '    quadrantExternalBorderStrokeFill: "#6b6b6b"',
  '---',
] as const;

/**
 * The title is one line centred over the chart, and Mermaid lets a longer one run off both sides:
 * it is cut, with an ellipsis, to what fits (an estimate in pixels per character of the 20 px
 * title font, wide for CJK and emoji, against the chart width less a margin).
 */
const TITLE_FIT = { budget: CHART_WIDTH - 60, narrow: 11, wide: 20 };

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

/** Where points of a half may go: [low, high] on one axis. */
type Range = readonly [number, number];
const HIGH_X: Range = [0.5 + CUTOFF_NUDGE / 2, CHART_MAX];
const LOW_X: Range = [CHART_MIN, 0.5 - CUTOFF_NUDGE / 2];
const HIGH_Y: Range = [0.5 + CUTOFF_NUDGE, 1 - CAPTION_BAND];
const LOW_Y: Range = [CHART_MIN + 0.02, 0.5 - CAPTION_BAND];

/** The room of a half of the chart: effort (x) or impact (y), high or low. */
function rangeOf(axis: 'x' | 'y', high: boolean): Range {
  if (axis === 'x') return high ? HIGH_X : LOW_X;
  return high ? HIGH_Y : LOW_Y;
}

/**
 * Where a 1..5 value goes on a 0..1 axis whose middle is the cut-off: piecewise linear,
 * [1, cutoff] onto [0.03, 0.5] and [cutoff, 5] onto [0.5, 0.97], then kept inside the room of its
 * half (`high`: the score counts it as high): off the middle line, and on the impact axis ('y')
 * out of the quadrant captions' band.
 */
export function axisPosition(value: number, cutoff: number, high: boolean, axis: 'x' | 'y' = 'x'): number {
  const middle = 0.5;
  const exact =
    value >= cutoff
      ? cutoff >= 5
        ? middle
        : middle + ((CHART_MAX - middle) * (value - cutoff)) / (5 - cutoff)
      : cutoff <= 1
        ? CHART_MIN
        : CHART_MIN + ((middle - CHART_MIN) * (value - 1)) / (cutoff - 1);
  const [lo, hi] = rangeOf(axis, high);
  return round3(Math.min(hi, Math.max(lo, exact)));
}

/** The quadrant a chart position lies in: the right half is high effort, the upper half high impact. */
export function quadrantAt(x: number, y: number): Quadrant {
  const high = y >= 0.5;
  const hard = x >= 0.5;
  if (high) return hard ? 'major-project' : 'quick-win';
  return hard ? 'thankless' : 'fill-in';
}

/** Quadrant names as the chart's captions show them. */
export const QUADRANT_NAMES: Readonly<Record<Quadrant, string>> = {
  'major-project': 'Major project',
  'quick-win': 'Quick win',
  'fill-in': 'Fill-in',
  thankless: 'Thankless',
};

export interface PriorityPoint {
  id: string;
  /** The point's mark on the chart: its number, 1.. in journey order. */
  label: string;
  /** What a reader is told the number stands for: the opportunity's description (else its id). */
  name: string;
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

/** Two marks collide when their boxes (the point and its number under it) overlap. */
function collide(a: { x: number; y: number }, b: { x: number; y: number }): boolean {
  return Math.abs(a.x - b.x) < MARK_WIDTH - 1e-9 && Math.abs(a.y - b.y) < MARK_HEIGHT - 1e-9;
}

/**
 * Moves points apart so no two marks overlap, in journey order: each point keeps its place when
 * that is free, else takes the nearest free place on a grid of mark-sized steps around it, inside
 * the room of its own quadrant (so it never changes quadrant). In a quadrant too full for a free
 * place (dozens of identical ratings) the point stays where it is nearest to one.
 */
function spread(points: PriorityPoint[]): void {
  const placed: PriorityPoint[] = [];
  for (const point of points) {
    const hard = point.x >= 0.5;
    const high = point.y >= 0.5;
    const [xlo, xhi] = rangeOf('x', hard);
    const [ylo, yhi] = rangeOf('y', high);
    const free = (x: number, y: number) => !placed.some((other) => collide({ x, y }, other));
    if (!free(point.x, point.y)) {
      let best: { x: number; y: number; d: number } | undefined;
      for (let i = -12; i <= 12; i++) {
        for (let j = -12; j <= 12; j++) {
          const x = round3(point.x + i * MARK_WIDTH);
          const y = round3(point.y - j * MARK_HEIGHT);
          if (x < xlo || x > xhi || y < ylo || y > yhi || !free(x, y)) continue;
          // Nearest first; at equal distance below before above, then right before left.
          const d = (i * MARK_WIDTH) ** 2 + (j * MARK_HEIGHT) ** 2 + (j > 0 ? 1e-6 : 0) + (i < 0 ? 1e-7 : 0);
          if (!best || d < best.d) best = { x, y, d };
        }
      }
      if (best) {
        point.x = best.x;
        point.y = best.y;
      }
    }
    placed.push(point);
  }
}

/** The opportunities of the map as chart points, in journey order and numbered so, with the cut-offs used. */
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
      const description = typeof opportunity.description === 'string' ? opportunity.description.trim().replace(/\s+/g, ' ') : '';
      points.push({
        id: opportunity.id,
        label: String(points.length + 1),
        name: description === '' ? opportunity.id : description,
        impact,
        effort,
        quadrant,
        x: axisPosition(effort, cutoffs.effort, highEffort, 'x'),
        y: axisPosition(impact, cutoffs.impact, highImpact, 'y'),
      });
    }
  }
  spread(points);
  return { cutoffs, points, unplotted };
}

/** `text` escaped for Mermaid, cut by code point so its estimated width stays within `fit`. */
function escapedWithin(text: string, fit: { budget: number; narrow: number; wide: number }): string {
  return escapeMermaid(drawnWithin(text, fit));
}

/** An id for a `%%` comment: a slug as it is (it cannot end the comment), anything else escaped. */
function commentId(id: string): string {
  return SLUG.test(id) ? id : escapeMermaid(id);
}

/** The chart's title: the map's title cut to fit, or for a shortened map (limit.ts) what it draws. */
function titleOf(input: ViewInput): string {
  const { omitted } = input;
  if (omitted) {
    const drawn = omitted.touchpointsTotal - omitted.touchpoints;
    return escapeMermaid(`Opportunities of the first ${drawn} of ${omitted.touchpointsTotal} touchpoints`);
  }
  const mapTitle = input.map.title.trim() || input.map.id;
  return escapedWithin(`${mapTitle}: opportunities`, TITLE_FIT);
}

export function renderPriority(input: ViewInput): string {
  const plan = priorityPlan(input.map, cutoffsOf(input));
  const lines = [
    ...FRONTMATTER,
    'quadrantChart',
    `${INDENT}title ${titleOf(input)}`,
    `${INDENT}x-axis "Low delivery effort" --> "High delivery effort"`,
    `${INDENT}y-axis "Low impact" --> "High impact"`,
    `${INDENT}quadrant-1 "${QUADRANT_NAMES['major-project']}"`,
    `${INDENT}quadrant-2 "${QUADRANT_NAMES['quick-win']}"`,
    `${INDENT}quadrant-3 "${QUADRANT_NAMES['fill-in']}"`,
    `${INDENT}quadrant-4 "${QUADRANT_NAMES.thankless}"`,
    `${INDENT}%% Cut-offs of journey score: impact ${formatNumber(plan.cutoffs.impact)} or more is high, delivery effort ${formatNumber(plan.cutoffs.effort)} or more is high.`,
    `${INDENT}%% Points are numbered in journey order; the view's legend names them (the report lists it under the chart).`,
  ];
  if (input.omitted) lines.push(`${INDENT}%% ${omittedNote(input.omitted)}`);
  if (plan.unplotted.length > 0) lines.push(`${INDENT}%% Not plotted, impact or effort unknown: ${plan.unplotted.map(commentId).join(', ')}`);
  if (plan.points.length === 0) lines.push(`${INDENT}%% No opportunity has both impact and delivery effort: nothing to plot.`);
  for (const point of plan.points) {
    lines.push(`${INDENT}%% ${point.label}: ${commentId(point.id)}`);
    lines.push(`${INDENT}"${escapeMermaid(point.label)}": [${formatCoordinate(point.x)}, ${formatCoordinate(point.y)}]`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The key to the chart's numbers, one entry per point in journey order: the opportunity's
 * quadrant and ratings, then its description; then what was not plotted and, for a shortened map,
 * what was left out. Plain text: the caller escapes it for its format.
 */
export function priorityLegend(input: ViewInput): LegendEntry[] {
  const plan = priorityPlan(input.map, cutoffsOf(input));
  const entries: LegendEntry[] = plan.points.map((point) => ({
    mark: point.label,
    text: `${QUADRANT_NAMES[point.quadrant]} (impact ${formatNumber(point.impact)}, effort ${formatNumber(point.effort)}): ${point.name}`,
  }));
  const names = new Map<string, string>();
  for (const { touchpoint } of touchpointsOf(input.map)) {
    for (const o of touchpoint.opportunities ?? []) {
      const description = typeof o.description === 'string' ? o.description.trim().replace(/\s+/g, ' ') : '';
      if (!names.has(o.id)) names.set(o.id, description === '' ? o.id : description);
    }
  }
  if (plan.unplotted.length > 0) {
    entries.push({ text: `Not plotted, impact or effort unknown: ${plan.unplotted.map((id) => names.get(id) ?? id).join('; ')}` });
  }
  if (input.omitted) entries.push({ text: `Opportunities of ${omittedNote(input.omitted)}.` });
  return entries;
}

/** A cut-off in a comment: finite numbers only ever reach here. */
function formatNumber(x: number): string {
  return String(round3(x));
}

export const view: View = {
  id: 'priority',
  description: "Opportunities on an impact / delivery-effort quadrant chart, in the quadrants of 'journey score', numbered in journey order with a legend naming them",
  render: renderPriority,
  legend: priorityLegend,
};
