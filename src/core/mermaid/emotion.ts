/**
 * The `emotion` view: an xychart-beta line of emotion per touchpoint in journey order (top to
 * bottom: the chart is horizontal), on the map's emotion scale, plus a second line of survey CSAT (or NPS) per touchpoint when metrics
 * are given. All user text is escaped as MERMAID.md says.
 */
import type { EmotionScale, JourneyMap, Stage, Touchpoint } from '../model.js';
import { DEFAULT_EMOTION_SCALE, emotionScale, pointBetween, touchpointsOf } from '../model.js';
import { segmentFor } from '../survey/join.js';
import type { MetricSet, MetricsReport } from '../survey/types.js';
import { escapeMermaid } from './escape.js';
import { omittedNote } from './limit.js';
import type { View, ViewInput } from './types.js';

const INDENT = '    ';

/** A number as xychart writes it: finite, at most 2 decimals, never an exponent or `-0`. */
export function chartNumber(x: number): string {
  if (!Number.isFinite(x)) return '0';
  // Beyond 2^53 there are no decimals to keep, and toFixed would switch to exponent notation.
  if (Math.abs(x) >= 1e15) return BigInt(Math.round(x)).toString();
  const rounded = Math.round(x * 100 + (x >= 0 ? 1e-9 : -1e-9)) / 100;
  if (rounded === 0) return '0';
  return rounded
    .toFixed(2)
    .replace(/\.?0+$/, '');
}

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const clamp = (x: number, scale: EmotionScale): number => Math.min(scale.max, Math.max(scale.min, x));

/** The map's emotion scale, or the default -2..2 when it is unusable (max not above min). */
function usableScale(map: JourneyMap): { scale: EmotionScale; fallback: boolean } {
  const scale = emotionScale(map);
  return finite(scale.min) && finite(scale.max) && scale.max > scale.min ? { scale, fallback: false } : { scale: DEFAULT_EMOTION_SCALE, fallback: true };
}

export type SurveySeriesMetric = 'csat' | 'nps';

/** Where a touchpoint's survey figures come from: the touchpoint segments, or (with none) the stage segments. */
interface SurveyLookup {
  dimension: 'touchpoint' | 'stage';
  segments: Record<string, MetricSet>;
}

function lookupOf(metrics: MetricsReport): SurveyLookup | undefined {
  const nonEmpty = (segments: Record<string, MetricSet> | undefined): segments is Record<string, MetricSet> =>
    typeof segments === 'object' && segments !== null && Object.keys(segments).length > 0;
  const byTouchpoint = metrics.segments.touchpoint;
  if (nonEmpty(byTouchpoint)) return { dimension: 'touchpoint', segments: byTouchpoint };
  const byStage = metrics.segments.stage;
  if (nonEmpty(byStage)) return { dimension: 'stage', segments: byStage };
  return undefined;
}

/**
 * The segment a touchpoint is joined on, as `journey score` does: its `survey_segment` (default:
 * its id) in the touchpoint segments; only when the figures have no touchpoint segments at all,
 * its stage id in the stage segments.
 */
function segmentOf(lookup: SurveyLookup, stage: Stage, touchpoint: Touchpoint): MetricSet | undefined {
  if (lookup.dimension === 'touchpoint') return segmentFor(lookup.segments, touchpoint);
  const key = stage.id;
  return Object.hasOwn(lookup.segments, key) ? lookup.segments[key] : undefined;
}

function figureOf(set: MetricSet | undefined, metric: SurveySeriesMetric): number | undefined {
  const score = set?.[metric]?.score;
  return finite(score) ? score : undefined;
}

/**
 * A survey score rescaled linearly onto the emotion scale: CSAT from 0..100, NPS from
 * -100..100 (so CSAT 50 or NPS 0 is the middle of the axis), clamped to the axis.
 */
export function rescaleSurvey(score: number, metric: SurveySeriesMetric, scale: EmotionScale): number {
  const share = metric === 'csat' ? score / 100 : (score + 100) / 200;
  return clamp(pointBetween(share, scale.min, scale.max), scale);
}

/** Labels made unique (xychart's band axis merges equal labels): repeats get " (2)", " (3)"... */
function uniqueLabels(labels: readonly string[]): string[] {
  const seen = new Set<string>();
  return labels.map((label) => {
    let candidate = label;
    for (let n = 2; seen.has(candidate); n++) candidate = `${label} ${escapeMermaid(`(${n})`)}`;
    seen.add(candidate);
    return candidate;
  });
}

/**
 * Layout that keeps the chart legible: horizontal, so each touchpoint name sits on its own row of
 * the category axis (side by side under the chart, a dozen names ran into each other), a height
 * that grows with the touchpoints, and a palette whose first line is not the default near-white
 * lavender. Frontmatter config, which GitHub, mermaid-cli and the report's runtime all read; no
 * user text goes into it.
 */
function frontmatter(touchpoints: number): string[] {
  return [
    '---',
    'config:',
    '  xyChart:',
    '    width: 900',
    `    height: ${180 + 40 * Math.max(1, touchpoints)}`,
    '    xAxis:',
    '      labelFontSize: 12',
    '  themeVariables:',
    '    xyChart:',
    '      plotColorPalette: "#1f5fa8, #d97706"',
    '---',
  ];
}
const HEADER = 'xychart-beta horizontal';
/**
 * xychart leaves out every axis label when the widest does not fit beside the plot (and the title
 * when it is wider than the chart) rather than wrap them, and it measures the text as written in
 * the source, entities included. So text is cut, with an ellipsis, to what fits in the source:
 * an estimate in pixels per character (wide for CJK and emoji) against the room the layout above
 * leaves (about 440 px for 12 px labels, with a margin for wide letters; 900 px for the 20 px title). The report's tables carry
 * the names whole.
 */
const LABEL_FIT = { budget: 320, narrow: 7, wide: 12 };
const TITLE_FIT = { budget: 820, narrow: 11, wide: 20 };

/** `text` escaped for Mermaid, cut by code point so its estimated width stays within `fit`. */
function escapedWithin(text: string, fit: { budget: number; narrow: number; wide: number }): string {
  const widthOf = (escaped: string) => [...escaped].reduce((w, ch) => w + (ch.codePointAt(0)! >= 0x2e80 ? fit.wide : fit.narrow), 0);
  const ellipsis = escapeMermaid('…');
  const chars = [...text];
  let out = '';
  let width = 0;
  for (let i = 0; i < chars.length; i++) {
    const piece = escapeMermaid(chars[i]!);
    const rest = i === chars.length - 1 ? 0 : widthOf(ellipsis);
    if (width + widthOf(piece) + rest > fit.budget) return out + ellipsis;
    out += piece;
    width += widthOf(piece);
  }
  return out;
}

function renderEmotion({ map, metrics, omitted }: ViewInput): string {
  const { scale, fallback } = usableScale(map);
  // Halves first: min + max overflows to Infinity on a scale such as 1e308..1.7e308.
  const midpoint = scale.min / 2 + scale.max / 2;
  const refs = touchpointsOf(map);
  const comments: string[] = [];
  // A shortened map (limit.ts) says so on the value axis, whose title the chart always shows whole.
  const withNote = (label: string): string => (omitted ? `${label} (${omittedNote(omitted)})` : label);
  const title = escapedWithin(map.title.trim(), TITLE_FIT) || escapeMermaid(map.id);
  if (fallback) comments.push(`%% the map's emotion scale is unusable (max not above min): drawn on ${chartNumber(scale.min)}..${chartNumber(scale.max)}`);

  if (refs.length === 0) {
    // xychart needs at least one band and one value per series: an empty axis, no line.
    comments.push('%% the map has no touchpoints');
    const lines = [...frontmatter(0), HEADER, `${INDENT}title "${title}"`, ...comments.map((c) => INDENT + c), `${INDENT}x-axis [ "${escapeMermaid('No touchpoints')}" ]`, `${INDENT}y-axis "${escapeMermaid(withNote('Emotion'))}" ${chartNumber(scale.min)} --> ${chartNumber(scale.max)}`];
    return `${lines.join('\n')}\n`;
  }

  const labels = uniqueLabels(refs.map(({ touchpoint }) => escapedWithin(touchpoint.name.trim(), LABEL_FIT) || escapeMermaid(touchpoint.id)));
  const noEmotion: string[] = [];
  const outside: string[] = [];
  const emotions = refs.map(({ touchpoint }) => {
    if (!finite(touchpoint.emotion)) {
      noEmotion.push(touchpoint.id);
      return midpoint;
    }
    if (touchpoint.emotion < scale.min || touchpoint.emotion > scale.max) outside.push(touchpoint.id);
    return clamp(touchpoint.emotion, scale);
  });
  // Comments name ids only: they are slugs, so never syntax.
  if (noEmotion.length > 0) comments.push(`%% no emotion, drawn at the scale midpoint ${chartNumber(midpoint)}: ${noEmotion.join(', ')}`);
  if (outside.length > 0) comments.push(`%% emotion outside ${chartNumber(scale.min)}..${chartNumber(scale.max)}, drawn at the nearest end: ${outside.join(', ')}`);

  let yLabel = 'Emotion';
  const series = [`${INDENT}line "Emotion" [${emotions.map(chartNumber).join(', ')}]`];
  if (metrics) {
    const lookup = lookupOf(metrics);
    const sets = lookup ? refs.map(({ stage, touchpoint }) => segmentOf(lookup, stage, touchpoint)) : [];
    const metric: SurveySeriesMetric | undefined = sets.some((s) => figureOf(s, 'csat') !== undefined)
      ? 'csat'
      : sets.some((s) => figureOf(s, 'nps') !== undefined)
        ? 'nps'
        : undefined;
    if (!lookup) comments.push('%% survey: the metrics have no touchpoint or stage segments, so no survey line');
    else if (!metric) comments.push(`%% survey: no CSAT or NPS figure in any touchpoint's segment (by ${lookup.dimension}), so no survey line`);
    else {
      const name = metric === 'csat' ? 'CSAT' : 'NPS';
      const from = metric === 'csat' ? '0..100' : '-100..100';
      yLabel = `Emotion and ${name} rescaled`;
      const missing: string[] = [];
      const values = refs.map(({ touchpoint }, i) => {
        const score = figureOf(sets[i], metric);
        if (score === undefined) {
          missing.push(touchpoint.id);
          return midpoint;
        }
        return rescaleSurvey(score, metric, scale);
      });
      comments.push(`%% second line: ${name} of each touchpoint's segment (by ${lookup.dimension}), rescaled from ${from} onto ${chartNumber(scale.min)}..${chartNumber(scale.max)}`);
      if (missing.length > 0) comments.push(`%% no ${name} figure, drawn at the scale midpoint ${chartNumber(midpoint)}: ${missing.join(', ')}`);
      series.push(`${INDENT}line "${name}" [${values.map(chartNumber).join(', ')}]`);
    }
  }

  const lines = [
    ...frontmatter(refs.length),
    HEADER,
    `${INDENT}title "${title}"`,
    ...comments.map((c) => INDENT + c),
    `${INDENT}x-axis [ ${labels.map((l) => `"${l}"`).join(', ')} ]`,
    `${INDENT}y-axis "${escapeMermaid(withNote(yLabel))}" ${chartNumber(scale.min)} --> ${chartNumber(scale.max)}`,
    ...series,
  ];
  return `${lines.join('\n')}\n`;
}

export const emotionView: View = {
  id: 'emotion',
  description: 'emotion curve: emotion per touchpoint in journey order, with survey CSAT or NPS as a second line when metrics are given',
  render: renderEmotion,
};
