/**
 * The canvas' lanes, top to bottom, in one explicit list. Each lane is left out when the map
 * (or the persona's part of it) has nothing for it; `--lanes` picks among them.
 */
import { escapeXmlAttribute as attr, escapeXmlText as text } from '../escape/xml.js';
import { emotionScale } from '../model.js';
import type { Kpi, Opportunity, PainPoint, Touchpoint } from '../model.js';
import type { KpiResult } from '../survey/types.js';
import type { ChartPoint } from './emotion.js';
import { chartSvg } from './emotion.js';
import type { CanvasModel, Column } from './model.js';
import { stageRuns } from './model.js';
import { quadrantLabel } from '../score/types.js';
import { KPI_STATUS_TEXT, STATUS_NAMES, kpiFigure, metricName } from './text.js';

export const COLUMN_WIDTH = 160;
export const LABEL_WIDTH = 120;
const CHART_HEIGHT = 150;

/** The named lines of a service blueprint, drawn as labelled dashed rules above the lane they name. */
export type BlueprintLine = 'interaction' | 'visibility' | 'internal-interaction';

export const LINE_NAMES: Readonly<Record<BlueprintLine, string>> = {
  interaction: 'Line of interaction',
  visibility: 'Line of visibility',
  'internal-interaction': 'Line of internal interaction',
};

export interface Lane {
  name: string;
  title: string;
  /** The heading drawn for this map when it says more than `title` (e.g. which survey figure). */
  heading?(model: CanvasModel): string;
  /** The blueprint line drawn above this lane when it is the first lane below that line. */
  below?: BlueprintLine[];
  has(model: CanvasModel): boolean;
  /** The lane's cells after its heading: one per column, or spanning cells. */
  /** `width`: the width of each touchpoint column on this page, in CSS pixels. */
  cells(model: CanvasModel, columns: readonly Column[], width: number): string;
}

/** User text in an element of its own, its direction found from its first strong character. */
function userText(tag: string, className: string, value: string): string {
  return `<${tag} class="${className}" dir="auto">${text(value)}</${tag}>`;
}

function tpCell(column: Column, body: string, extraClass = ''): string {
  const tp = column.touchpoint;
  return `<td class="jk-cell${extraClass}" data-stage="${attr(column.stage.id)}"${tp ? ` data-touchpoint="${attr(tp.id)}"` : ''}>${body}</td>`;
}

function perTouchpoint(columns: readonly Column[], body: (tp: Touchpoint) => string): string {
  return columns.map((c) => tpCell(c, c.touchpoint ? body(c.touchpoint) : '')).join('');
}

function anyTouchpoint(model: CanvasModel, test: (tp: Touchpoint) => boolean): boolean {
  return model.columns.some((c) => c.touchpoint !== undefined && test(c.touchpoint));
}

const nonEmpty = (list: readonly unknown[] | undefined) => list !== undefined && list.length > 0;

function rating(label: string, value: number | undefined): string {
  return value === undefined ? '' : `<span class="jk-rating">${label} ${value}/5</span>`;
}

function evidenceTag(evidence: string | undefined): string {
  return evidence === undefined ? '' : `<span class="jk-tag jk-tag--${attr(evidence)}">${text(evidence)}</span>`;
}

function painPointCard(p: PainPoint): string {
  const meta = [rating('Severity', p.severity), rating('Frequency', p.frequency), evidenceTag(p.evidence)].filter((s) => s !== '');
  return (
    `<div class="jk-card jk-card--pain-point" data-pain-point="${attr(p.id)}">` +
    userText('p', 'jk-card__text', p.description) +
    (meta.length > 0 ? `<p class="jk-card__meta">${meta.join(' ')}</p>` : '') +
    '</div>'
  );
}

function opportunityCard(o: Opportunity, model: CanvasModel): string {
  const scored = model.input.score.opportunities.find((s) => s.id === o.id);
  const meta: string[] = [];
  const kind = [
    o.status !== undefined ? `<span class="jk-tag jk-tag--status-${attr(o.status)}">${text(STATUS_NAMES[o.status] ?? o.status)}</span>` : '',
    scored?.quadrant !== undefined ? `<span class="jk-quadrant">${text(quadrantLabel(scored.quadrant))}</span>` : '',
  ].filter((s) => s !== '');
  if (kind.length > 0) meta.push(kind.join(' <span class="jk-kind"><span aria-hidden="true">·</span> ') + (kind.length > 1 ? '</span>' : ''));
  if (o.impact !== undefined || o.effort !== undefined) {
    meta.push([rating('Impact', o.impact), rating('Effort', o.effort)].filter((s) => s !== '').join(' '));
  }
  if (o.owner !== undefined) meta.push(`<span class="jk-owner" dir="auto">Owner: ${text(o.owner)}</span>`);
  return (
    `<div class="jk-card jk-card--opportunity" data-opportunity="${attr(o.id)}">` +
    userText('p', 'jk-card__text', o.description) +
    meta.map((m) => `<p class="jk-card__meta">${m}</p>`).join('') +
    '</div>'
  );
}

function kpiCard(kpi: Kpi, result: KpiResult | undefined): string {
  const target = kpiFigure(kpi.metric, kpi.target, kpi.unit, 'fraction');
  const status = result ? KPI_STATUS_TEXT[result.status] : undefined;
  const value =
    result && result.value !== null
      ? `<p class="jk-kpi__value">${text(kpiFigure(kpi.metric, result.value, kpi.unit, 'percent'))} <span class="jk-kpi__n">n ${result.n.toLocaleString('en-US')}</span></p>`
      : '';
  return (
    `<div class="jk-card jk-card--kpi${result ? ` jk-kpi--${result.status}` : ''}" data-kpi="${attr(kpi.metric)}">` +
    `<p class="jk-kpi__metric" dir="auto">${text(metricName(kpi.metric))}</p>` +
    value +
    (status ? `<p class="jk-kpi__status"><span aria-hidden="true">${status.symbol}</span> ${text(status.text)}</p>` : '') +
    `<p class="jk-card__meta">Target ${text(target)}</p>` +
    '</div>'
  );
}

function list(items: readonly string[], className: string): string {
  return `<ul class="${className}">${items.map((i) => `<li dir="auto">${text(i)}</li>`).join('')}</ul>`;
}

function emotionPoints(model: CanvasModel): ChartPoint[] {
  return model.columns.flatMap((c) => {
    const tp = c.touchpoint;
    if (tp?.emotion === undefined) return [];
    return [{ column: c.index, touchpoint: tp.id, name: tp.name, value: tp.emotion, label: `${tp.emotion > 0 ? '+' : ''}${tp.emotion}` }];
  });
}

/** The survey figure per touchpoint: the metric most touchpoints have, NPS before CSAT, CES and FCR on a tie. */
export function surveySeries(model: CanvasModel): { metric: string; points: ChartPoint[]; min: number; max: number; neutral?: number } | undefined {
  const order = ['nps', 'csat', 'ces', 'fcr'] as const;
  const byId = new Map(model.input.score.touchpoints.map((t) => [t.id, t]));
  let best: { metric: (typeof order)[number]; count: number } | undefined;
  for (const metric of order) {
    const count = model.columns.filter((c) => {
      const s = c.touchpoint && byId.get(c.touchpoint.id)?.survey;
      return s !== undefined && 'metrics' in s && s.metrics[metric] !== undefined;
    }).length;
    if (count > 0 && (best === undefined || count > best.count)) best = { metric, count };
  }
  if (best === undefined) return undefined;
  const metric = best.metric;
  const points = model.columns.flatMap((c): ChartPoint[] => {
    const s = c.touchpoint && byId.get(c.touchpoint.id)?.survey;
    const figure = s !== undefined && 'metrics' in s ? s.metrics[metric] : undefined;
    if (!c.touchpoint || figure === undefined) return [];
    const shown = metric === 'ces' ? figure.value.toFixed(1) : kpiFigure(metric, figure.value, undefined, 'percent');
    return [{ column: c.index, touchpoint: c.touchpoint.id, name: c.touchpoint.name, value: figure.value, label: `${shown} (n ${figure.n})` }];
  });
  if (metric === 'nps') return { metric, points, min: -100, max: 100, neutral: 0 };
  if (metric === 'ces') {
    const scale = model.input.metrics?.source.scales.ces;
    return { metric, points, min: scale?.min ?? Math.min(1, ...points.map((p) => p.value)), max: scale?.max ?? Math.max(7, ...points.map((p) => p.value)) };
  }
  return { metric, points, min: 0, max: 100 };
}

const BLUEPRINT: readonly ['frontstage' | 'backstage' | 'support' | 'systems', string, BlueprintLine[]][] = [
  ['frontstage', 'Frontstage', ['interaction']],
  ['backstage', 'Backstage', ['interaction', 'visibility']],
  ['support', 'Support processes', ['interaction', 'visibility', 'internal-interaction']],
  ['systems', 'Systems', ['interaction', 'visibility', 'internal-interaction']],
];

function blueprintLanes(): Lane[] {
  return BLUEPRINT.map(([key, title, lines]) => ({
    name: key,
    title,
    below: lines,
    has: (model) => anyTouchpoint(model, (tp) => nonEmpty(tp.blueprint?.[key])),
    cells: (_model, columns) => perTouchpoint(columns, (tp) => (nonEmpty(tp.blueprint?.[key]) ? list(tp.blueprint![key]!, 'jk-steps') : '')),
  }));
}

export const LANES: readonly Lane[] = [
  {
    name: 'goals',
    title: 'Stage goals',
    has: (model) => model.stages.some((s) => s.stage.goal !== undefined),
    cells: (_model, columns) => spanning(columns, (stage) => (stage.goal !== undefined ? userText('p', 'jk-goal', stage.goal) : '')),
  },
  {
    name: 'actions',
    title: 'Customer actions',
    has: (model) => anyTouchpoint(model, (tp) => tp.description !== undefined),
    cells: (_model, columns) => perTouchpoint(columns, (tp) => (tp.description !== undefined ? userText('p', 'jk-action', tp.description) : '')),
  },
  {
    name: 'channels',
    title: 'Channel',
    has: (model) => model.columns.some((c) => c.touchpoint !== undefined),
    cells: (_model, columns) => perTouchpoint(columns, (tp) => userText('span', 'jk-channel', tp.channel)),
  },
  {
    name: 'emotion',
    title: 'Emotion',
    heading: (model) => {
      const scale = emotionScale(model.input.map);
      return `Emotion (${signed(scale.min)} to ${signed(scale.max)})`;
    },
    has: (model) => emotionPoints(model).length > 0,
    cells: (model, columns, width) => {
      const scale = emotionScale(model.input.map);
      const neutral = scale.min <= 0 && scale.max >= 0 ? 0 : (scale.min + scale.max) / 2;
      const offset = columns[0]!.index;
      const points = emotionPoints(model)
        .filter((p) => p.column >= offset && p.column < offset + columns.length)
        .map((p) => ({ ...p, column: p.column - offset }));
      const svg = chartSvg(points, {
        columns: columns.length,
        columnWidth: width,
        height: CHART_HEIGHT,
        min: scale.min,
        max: scale.max,
        neutral,
        kind: 'emotion',
        title: `Emotion curve, ${scale.min} to ${scale.max}`,
      });
      return `<td class="jk-chart-cell" colspan="${columns.length}">${svg}</td>`;
    },
  },
  {
    name: 'survey',
    title: 'Survey',
    heading: (model) => {
      const series = surveySeries(model)!;
      const percent = series.metric === 'csat' || series.metric === 'fcr' ? '%' : '';
      return `Survey: ${metricName(series.metric)} (${axisText(series.min)} to ${axisText(series.max)}${percent})`;
    },
    has: (model) => surveySeries(model) !== undefined,
    cells: (model, columns, width) => {
      const series = surveySeries(model)!;
      const offset = columns[0]!.index;
      const points = series.points.filter((p) => p.column >= offset && p.column < offset + columns.length).map((p) => ({ ...p, column: p.column - offset }));
      const svg = chartSvg(points, {
        columns: columns.length,
        columnWidth: width,
        height: 120,
        min: series.min,
        max: series.max,
        ...(series.neutral !== undefined ? { neutral: series.neutral } : {}),
        kind: 'survey',
        title: `${metricName(series.metric)} per touchpoint, ${series.min} to ${series.max}`,
      });
      return `<td class="jk-chart-cell" colspan="${columns.length}">${svg}</td>`;
    },
  },
  {
    name: 'moments',
    title: 'Moments of truth',
    has: (model) => anyTouchpoint(model, (tp) => tp.moment_of_truth === true),
    cells: (_model, columns) =>
      perTouchpoint(columns, (tp) => (tp.moment_of_truth === true ? '<span class="jk-moment"><span aria-hidden="true">★</span> Moment of truth</span>' : '')),
  },
  {
    name: 'pain-points',
    title: 'Pain points',
    has: (model) => anyTouchpoint(model, (tp) => nonEmpty(tp.pain_points)),
    cells: (_model, columns) => perTouchpoint(columns, (tp) => (tp.pain_points ?? []).map(painPointCard).join('')),
  },
  {
    name: 'opportunities',
    title: 'Opportunities',
    has: (model) => anyTouchpoint(model, (tp) => nonEmpty(tp.opportunities)),
    cells: (model, columns) => perTouchpoint(columns, (tp) => (tp.opportunities ?? []).map((o) => opportunityCard(o, model)).join('')),
  },
  {
    name: 'kpis',
    title: 'KPIs',
    has: (model) => anyTouchpoint(model, (tp) => nonEmpty(tp.kpis)),
    cells: (model, columns) =>
      perTouchpoint(columns, (tp) =>
        (tp.kpis ?? [])
          .map((k) =>
            kpiCard(
              k,
              model.input.metrics?.kpis.find((r) => r.touchpoint === tp.id && r.metric === k.metric),
            ),
          )
          .join(''),
      ),
  },
  ...blueprintLanes(),
];

function signed(value: number): string {
  return value > 0 ? `+${value}` : String(value);
}

function axisText(value: number): string {
  return String(Math.round(value * 100) / 100);
}

export function laneTitle(lane: Lane, model: CanvasModel): string {
  return lane.heading?.(model) ?? lane.title;
}

export const LANE_NAMES: readonly string[] = LANES.map((l) => l.name);

function spanning(columns: readonly Column[], body: (stage: Column['stage']) => string): string {
  return stageRuns(columns)
    .map(({ stage, count }) => `<td class="jk-cell" colspan="${count}" data-stage="${attr(stage.id)}">${body(stage)}</td>`)
    .join('');
}
