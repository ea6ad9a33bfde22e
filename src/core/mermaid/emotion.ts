/**
 * The `emotion` view: an xychart-beta line of emotion per touchpoint, across the page in journey
 * order, on the map's emotion scale. Stages are shaded bands (every other stage) named above the
 * plot. A touchpoint without an emotion is left out of the curve (xychart cannot leave a gap in a
 * line, and drawing it anywhere would invent a value) and the axis title and the view's legend
 * say so. With survey figures each point is labelled with its touchpoint's CSAT (or NPS), on its
 * own 0..100 (-100..100) scale, never rescaled onto the emotion axis; no label where there is no
 * figure. All user text is escaped as MERMAID.md says.
 */
import type { EmotionScale, JourneyMap, Stage, Touchpoint } from '../model.js';
import { DEFAULT_EMOTION_SCALE, emotionScale } from '../model.js';
import { segmentFor } from '../survey/join.js';
import type { MetricSet, MetricsReport } from '../survey/types.js';
import { CHART_COLOURS, xyChartThemeLines } from './chart-style.js';
import { drawnWithin } from './fit.js';
import { escapeMermaid } from './escape.js';
import { omittedNote } from './limit.js';
import type { LegendEntry, View, ViewInput } from './types.js';

const INDENT = '    ';

/** A number as xychart writes it: finite, at most 2 decimals, never an exponent or `-0`. */
export function chartNumber(x: number): string {
  if (!Number.isFinite(x)) return '0';
  // Beyond 2^53 there are no decimals to keep, and toFixed would switch to exponent notation.
  if (Math.abs(x) >= 1e15) return BigInt(Math.round(x)).toString();
  const rounded = Math.round(x * 100 + (x >= 0 ? 1e-9 : -1e-9)) / 100;
  if (rounded === 0) return '0';
  return rounded.toFixed(2).replace(/\.?0+$/, '');
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
 * Labels made unique (xychart's band axis merges equal labels): repeats get " (2)", " (3)"...
 * in the source, where every other character is already an entity.
 */
function uniqueLabels(labels: readonly string[]): string[] {
  const seen = new Set<string>();
  return labels.map((label) => {
    let candidate = label;
    for (let n = 2; seen.has(candidate); n++) candidate = `${label} ${escapeMermaid(`(${n})`)}`;
    seen.add(candidate);
    return candidate;
  });
}

/** Width of the chart per touchpoint, and its least width (px). */
const PER_TOUCHPOINT = 40;
const MIN_WIDTH = 640;
const HEIGHT = 620;

/** The chart's width for `touchpoints` drawn touchpoints. */
export function emotionChartWidth(touchpoints: number): number {
  return Math.max(MIN_WIDTH, 180 + PER_TOUCHPOINT * Math.max(1, touchpoints));
}

/**
 * The chart's colours (CHART_COLOURS: its own white background and dark text in every theme).
 * Series colours, in the order the series are written: the stage bands (a light grey behind the
 * curve: decoration, not data), the emotion curve (#1f5fa8: 6.4:1 on white, 5.5:1 on a band; WCAG
 * asks 3:1 of graphics) and the stage names (#4d4d4d: 8.5:1, as text).
 */
export const EMOTION_COLOURS = { ...CHART_COLOURS, band: '#ececec', emotion: CHART_COLOURS.series, stage: '#4d4d4d' } as const;

/**
 * Frontmatter config, which GitHub, mermaid-cli and the report's runtime all read; no user text
 * goes into it. About 80 px a touchpoint (xychart always fits its SVG to the page's width, so a
 * renderer must give the page the chart's width for the natural size); no legend box (Mermaid cuts
 * it off at the right edge): the axis titles name the series;
 * touchpoint names slanted under the axis; the title pushed up to leave room for the stage names.
 */
function frontmatter(touchpoints: number): string[] {
  const c = EMOTION_COLOURS;
  return [
    '---',
    'config:',
    '  xyChart:',
    `    width: ${emotionChartWidth(touchpoints)}`,
    `    height: ${HEIGHT}`,
    '    titlePadding: 24',
    '    showLegend: false',
    '    xAxis:',
    '      labelFontSize: 13',
    '      labelRotation: -40',
    '      titleFontSize: 14',
    '    yAxis:',
    '      labelFontSize: 13',
    '      titleFontSize: 14',
    ...xyChartThemeLines([c.band, c.emotion, c.stage]),
    '---',
  ];
}
const HEADER = 'xychart-beta';
/**
 * xychart leaves out every axis label when the widest does not fit (and the title when it is
 * wider than the chart) rather than wrap them, and it measures the text as written in the
 * source, entities included. So text is cut, with an ellipsis, to what fits in the source: an
 * estimate in pixels per character (wide for CJK and emoji) against the room the layout above
 * leaves (slanted labels: about 215 px, beyond which xychart pushes them into the axis title; the 20 px title: the chart's width). The report's tables
 * carry the names whole.
 */
const LABEL_FIT = { budget: 215, narrow: 7, wide: 13 };
const titleFit = (width: number) => ({ budget: width - 80, narrow: 11, wide: 20 });
/** Estimated width per character of the 12 px stage names, as drawn (entities decoded). */
const STAGE_FONT = { narrow: 6.5, wide: 12 };
/** Least room between two stage names, and the most a name at either end may reach beyond its point. */
const STAGE_GAP = 8;
const STAGE_EDGE = 50;

/**
 * The width each stage name may take (px). A name stands centred over a point (the middle
 * touchpoint of its stage, `at`), and xychart draws it without measuring, so names are cut to fit:
 * each pair of neighbours shares the distance between their points, a short name leaving the
 * rest to its neighbour; the first and last reach at most {@link STAGE_EDGE} beyond their point.
 */
function stageRoom(at: readonly number[], names: readonly string[]): number[] {
  const widthOf = (text: string) => [...text].reduce((w, ch) => w + (ch.codePointAt(0)! >= 0x2e80 ? STAGE_FONT.wide : STAGE_FONT.narrow), 0);
  const half = names.map((name) => widthOf(name) / 2);
  const last = half.length - 1;
  if (last >= 0) {
    half[0] = Math.min(half[0]!, STAGE_EDGE);
    half[last] = Math.min(half[last]!, STAGE_EDGE);
  }
  for (let i = 0; i < last; i++) {
    const room = (at[i + 1]! - at[i]!) * PER_TOUCHPOINT - STAGE_GAP;
    const [a, b] = [half[i]!, half[i + 1]!];
    if (a + b <= room) continue;
    if (a >= room / 2 && b >= room / 2) [half[i], half[i + 1]] = [room / 2, room / 2];
    else if (a > b) half[i] = room - b;
    else half[i + 1] = room - a;
  }
  return half.map((h) => Math.max(0, 2 * h));
}

/** `text` escaped for Mermaid, cut by code point so its estimated width stays within `fit`. */
function escapedWithin(text: string, fit: { budget: number; narrow: number; wide: number }): string {
  const widthOf = (escaped: string) => [...escaped].reduce((w, ch) => w + (ch.codePointAt(0)! >= 0x2e80 ? fit.wide : fit.narrow), 0);
  const ellipsis = escapeMermaid('…');
  const whole = escapeMermaid(text);
  if (widthOf(whole) <= fit.budget) return whole;
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

interface EmotionPlan {
  scale: EmotionScale;
  fallback: boolean;
  /** The touchpoints on the curve, in journey order, with their (clamped) emotion and stage. */
  drawn: { stage: Stage; stageIndex: number; touchpoint: Touchpoint; emotion: number }[];
  /** Touchpoints left out: no emotion. */
  leftOut: Touchpoint[];
  /** Ids of touchpoints whose emotion is outside the scale (drawn at its nearest end). */
  outside: string[];
  /** The survey figure labelled on the curve: which metric, and each drawn touchpoint's figure. */
  survey?: { metric: SurveySeriesMetric; dimension: 'touchpoint' | 'stage'; figures: (number | undefined)[] };
  /** Why there is no survey figure on the curve, when metrics were given. */
  noSurvey?: string;
}

function planEmotion({ map, metrics }: ViewInput): EmotionPlan {
  const { scale, fallback } = usableScale(map);
  const drawn: EmotionPlan['drawn'] = [];
  const leftOut: Touchpoint[] = [];
  const outside: string[] = [];
  map.stages.forEach((stage, stageIndex) => {
    for (const touchpoint of stage.touchpoints ?? []) {
      if (!finite(touchpoint.emotion)) {
        leftOut.push(touchpoint);
        continue;
      }
      if (touchpoint.emotion < scale.min || touchpoint.emotion > scale.max) outside.push(touchpoint.id);
      drawn.push({ stage, stageIndex, touchpoint, emotion: clamp(touchpoint.emotion, scale) });
    }
  });
  const plan: EmotionPlan = { scale, fallback, drawn, leftOut, outside };
  if (metrics) {
    const lookup = lookupOf(metrics);
    const sets = lookup ? drawn.map(({ stage, touchpoint }) => segmentOf(lookup, stage, touchpoint)) : [];
    const metric: SurveySeriesMetric | undefined = sets.some((s) => figureOf(s, 'csat') !== undefined)
      ? 'csat'
      : sets.some((s) => figureOf(s, 'nps') !== undefined)
        ? 'nps'
        : undefined;
    if (!lookup) plan.noSurvey = 'the metrics have no touchpoint or stage segments';
    else if (!metric) plan.noSurvey = `no CSAT or NPS figure in the segment (by ${lookup.dimension}) of any touchpoint on the curve`;
    else plan.survey = { metric, dimension: lookup.dimension, figures: sets.map((set) => figureOf(set, metric)) };
  }
  return plan;
}

const SURVEY_NAMES: Readonly<Record<SurveySeriesMetric, { name: string; range: string }>> = {
  csat: { name: 'CSAT', range: '0 to 100' },
  nps: { name: 'NPS', range: '-100 to 100' },
};

/** A survey figure as its label: the metric and the score, whole (CSAT 66, NPS -34). */
export function surveyLabel(metric: SurveySeriesMetric, score: number): string {
  const rounded = Math.round(score);
  return `${SURVEY_NAMES[metric].name} ${rounded === 0 ? 0 : rounded}`;
}

/** An id for a `%%` comment: a slug as it is (it cannot end the comment), anything else escaped. */
function commentId(id: string): string {
  return /^[a-z0-9][a-z0-9-]*$/.test(id) ? id : escapeMermaid(id);
}

/**
 * The stage bands under the curve and the stage names above it: runs of drawn touchpoints of the
 * same stage, every other one shaded, each name over the middle of its stage.
 */
function stageBands(drawn: EmotionPlan['drawn'], scale: EmotionPlan['scale']): { bands: number[]; stageNames: string[] } {
  const runs: { stage: Stage; stageIndex: number; from: number; to: number }[] = [];
  drawn.forEach(({ stage, stageIndex }, i) => {
    const last = runs[runs.length - 1];
    if (last && last.stageIndex === stageIndex) last.to = i;
    else runs.push({ stage, stageIndex, from: i, to: i });
  });
  const bands = drawn.map(() => scale.min);
  const stageNames: string[] = drawn.map(() => '');
  runs.forEach((run, r) => {
    for (let i = run.from; i <= run.to; i++) if (r % 2 === 0) bands[i] = scale.max;
  });
  // Each name over the middle of its stage; of the two middles of an even stage, the one further
  // from its neighbours' names.
  const at: number[] = [];
  runs.forEach((run, r) => {
    const [low, high] = [Math.floor((run.from + run.to) / 2), Math.ceil((run.from + run.to) / 2)];
    const previous = r > 0 ? at[r - 1]! : Number.NEGATIVE_INFINITY;
    const next = runs[r + 1] ? Math.floor((runs[r + 1]!.from + runs[r + 1]!.to) / 2) : Number.POSITIVE_INFINITY;
    const room = (c: number) => Math.min(c - previous, next - c);
    at.push(room(high) > room(low) ? high : low);
  });
  const names = runs.map((run) => run.stage.name.trim() || run.stage.id);
  stageRoom(at, names).forEach((budget, r) => {
    stageNames[at[r]!] = escapeMermaid(drawnWithin(names[r]!, { ...STAGE_FONT, budget }));
  });
  return { bands, stageNames };
}

function renderEmotion(input: ViewInput): string {
  const { map, omitted } = input;
  const plan = planEmotion(input);
  const { scale, drawn } = plan;
  const comments: string[] = [];
  const title = escapedWithin(map.title.trim(), titleFit(emotionChartWidth(drawn.length))) || escapeMermaid(map.id);
  const range = `${chartNumber(scale.min)} to ${chartNumber(scale.max)}`;
  const surveyName = plan.survey ? SURVEY_NAMES[plan.survey.metric] : undefined;
  const yText = surveyName ? `Emotion, ${range}; labels: ${surveyName.name}, ${surveyName.range}` : `Emotion, ${range}`;
  // A shortened map says so on the value axis, whose title the chart always shows whole.
  const yTitle = escapeMermaid(omitted ? `${yText} (${omittedNote(omitted)})` : yText);
  if (plan.fallback) comments.push(`%% the map's emotion scale is unusable (max not above min): drawn on ${chartNumber(scale.min)}..${chartNumber(scale.max)}`);
  // Comments name ids only, escaped unless they are slugs, so never syntax.
  if (plan.leftOut.length > 0) comments.push(`%% no emotion, left out of the curve: ${plan.leftOut.map((t) => commentId(t.id)).join(', ')}`);
  if (plan.outside.length > 0)
    comments.push(`%% emotion outside ${chartNumber(scale.min)}..${chartNumber(scale.max)}, drawn at the nearest end: ${plan.outside.map(commentId).join(', ')}`);
  if (plan.noSurvey) comments.push(`%% survey: ${plan.noSurvey}, so no survey figures on the curve`);

  if (drawn.length === 0) {
    // xychart needs at least one band: an empty axis, no line.
    const why = plan.leftOut.length > 0 ? `No touchpoint has an emotion (${plan.leftOut.length} left out)` : 'No touchpoints';
    if (plan.leftOut.length === 0) comments.push('%% the map has no touchpoints');
    const lines = [
      ...frontmatter(0),
      HEADER,
      `${INDENT}title "${title}"`,
      ...comments.map((c) => INDENT + c),
      `${INDENT}x-axis [ "${escapeMermaid(why)}" ]`,
      `${INDENT}y-axis "${yTitle}" ${chartNumber(scale.min)} --> ${chartNumber(scale.max)}`,
    ];
    return `${lines.join('\n')}\n`;
  }

  const labels = uniqueLabels(drawn.map(({ touchpoint }) => escapedWithin(touchpoint.name.trim(), LABEL_FIT) || escapeMermaid(touchpoint.id)));
  const { bands, stageNames } = stageBands(drawn, scale);
  const survey = plan.survey;
  const emotionTitle = surveyName ? `Emotion, labelled with ${surveyName.name} (${surveyName.range})` : 'Emotion';
  const points = drawn.map(({ emotion }, i) => {
    const figure = survey?.figures[i];
    return figure === undefined ? chartNumber(emotion) : `${chartNumber(emotion)} "${escapeMermaid(surveyLabel(survey!.metric, figure))}"`;
  });
  if (survey && surveyName) {
    comments.push(`%% labels: ${surveyName.name} of each touchpoint's survey segment (by ${survey.dimension}), on its own ${surveyName.range} scale`);
    const missing = drawn.filter((_, i) => survey.figures[i] === undefined).map(({ touchpoint }) => commentId(touchpoint.id));
    if (missing.length > 0) comments.push(`%% no ${surveyName.name} figure, no label: ${missing.join(', ')}`);
  }
  const leftOut = plan.leftOut.length;
  const xTitle = leftOut > 0 ? `Touchpoints in journey order (${leftOut} without an emotion left out)` : 'Touchpoints in journey order';
  const top = chartNumber(scale.max);
  const lines = [
    ...frontmatter(drawn.length),
    HEADER,
    `${INDENT}title "${title}"`,
    ...comments.map((c) => INDENT + c),
    `${INDENT}x-axis "${escapeMermaid(xTitle)}" [ ${labels.map((l) => `"${l}"`).join(', ')} ]`,
    `${INDENT}y-axis "${yTitle}" ${chartNumber(scale.min)} --> ${top}`,
    `${INDENT}%% stage bands: every other stage shaded`,
    `${INDENT}bar [${bands.map(chartNumber).join(', ')}]`,
    `${INDENT}line "${escapeMermaid(emotionTitle)}" [${points.join(', ')}]`,
    `${INDENT}%% stage names, above the middle of each stage`,
    `${INDENT}line [${stageNames.map((name) => (name ? `${top} "${name}"` : top)).join(', ')}]`,
  ];
  return `${lines.join('\n')}\n`;
}

/** What the curve leaves out, by name: the touchpoints without an emotion. */
export function emotionLegend(input: ViewInput): LegendEntry[] {
  const plan = planEmotion(input);
  if (plan.leftOut.length === 0) return [];
  return [{ text: `Not on the curve, no emotion recorded: ${plan.leftOut.map((t) => t.name.trim() || t.id).join('; ')}` }];
}

export const emotionView: View = {
  id: 'emotion',
  description:
    'emotion curve: emotion per touchpoint across the page in journey order, stages as bands, touchpoints without an emotion left out; points labelled with survey CSAT or NPS when metrics are given',
  render: renderEmotion,
  legend: emotionLegend,
};
