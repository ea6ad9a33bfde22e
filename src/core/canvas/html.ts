/**
 * The canvas as HTML: a header (title, state, scope, persona cards) and a table whose columns are
 * the touchpoints, grouped under their stages, and whose rows are the lanes (lanes.ts). Plain HTML
 * and inline SVG, well-formed as XML too (so the same markup goes into an SVG's foreignObject),
 * with no script and nothing fetched. Stable hooks: `data-stage`, `data-touchpoint`, `data-lane`,
 * `data-emotion`, and one class per lane and card type (docs/canvas.md).
 */
import { escapeXmlAttribute as attr, escapeXmlText as text } from '../escape/xml.js';
import { UsageError } from '../errors.js';
import type { Persona } from '../model.js';
import type { Lane } from './lanes.js';
import { COLUMN_WIDTH, LABEL_WIDTH, LANES, LANE_NAMES, LINE_NAMES, laneTitle } from './lanes.js';
import type { CanvasInput, CanvasModel, CanvasOptions, Column } from './model.js';
import { canvasModel, stageRuns } from './model.js';
import { CANVAS_STYLE, CANVAS_THEMES, THEME_BACKGROUND } from './style.js';
import type { CanvasTheme } from './style.js';

export interface CanvasRenderOptions extends CanvasOptions {
  /**
   * Split the columns into tables at most this wide (px, lane headings included), between
   * stages where possible: one table per printed page. Default: one table.
   */
  pageWidth?: number;
  /** Draw the header (title, state, scope, persona cards); a report has its own. Default true. */
  header?: boolean;
}

/** The lanes drawn for a model: those asked for (or all), each left out when the map has nothing for it. */
export function lanesOf(model: CanvasModel, wanted: readonly string[] | undefined): Lane[] {
  if (wanted !== undefined) {
    const unknown = wanted.filter((name) => !LANE_NAMES.includes(name));
    if (unknown.length > 0) throw new UsageError(`Unknown lane '${unknown[0]}'.`, `Use one or more of: ${LANE_NAMES.join(', ')}.`);
  }
  return LANES.filter((lane) => (wanted === undefined || wanted.includes(lane.name)) && lane.has(model));
}

export function checkPersona(input: CanvasInput, persona: string | undefined): void {
  if (persona === undefined) return;
  const ids = (input.map.personas ?? []).map((p) => p.id);
  if (!ids.includes(persona)) {
    throw new UsageError(`The map has no persona '${persona}'.`, ids.length > 0 ? `Use one of: ${ids.join(', ')}.` : 'The map declares no personas; leave --persona out.');
  }
}

export function checkStages(input: CanvasInput, stages: readonly string[] | undefined): void {
  if (stages === undefined) return;
  const ids = input.map.stages.map((s) => s.id);
  const unknown = stages.find((s) => !ids.includes(s));
  if (unknown !== undefined) throw new UsageError(`The map has no stage '${unknown}'.`, `Use one or more of: ${ids.join(', ')}.`);
}

/** The canvas as an HTML fragment (a `div.jk-canvas`), for a page of its own or inside a report. */
export function canvasFragment(input: CanvasInput, options: CanvasRenderOptions = {}): string {
  checkPersona(input, options.persona);
  checkStages(input, options.stages);
  const model = canvasModel(input, options);
  const lanes = lanesOf(model, options.lanes);
  const pages = pagesOf(model, options.pageWidth);
  const { map } = input;
  return [
    `<div class="jk-canvas" data-journey="${attr(map.id)}"${options.persona !== undefined ? ` data-persona="${attr(options.persona)}"` : ''}>`,
    ...(options.header === false ? [] : [header(model)]),
    ...pages.map((columns, i) => table(model, lanes, columns, i, options.pageWidth)),
    '</div>',
  ].join('\n');
}

export interface CanvasDocumentOptions extends CanvasRenderOptions {
  theme?: CanvasTheme;
  /** A stylesheet added after the canvas' own (`--css FILE`). */
  css?: string;
  /** `@page` size for print: `A3 landscape`, `A4 landscape`. */
  page?: string;
  generator: string;
}

// Nothing may be fetched: only inline styles, data: images and data: fonts.
const CSP = "default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'";

/** The canvas as a self-contained HTML page. */
export function canvasDocument(input: CanvasInput, options: CanvasDocumentOptions): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8" />',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}" />`,
    '<meta name="viewport" content="width=device-width, initial-scale=1" />',
    `<meta name="generator" content="${attr(options.generator)}" />`,
    `<title>${text(`${input.map.title.replace(/\s+/g, ' ')}: journey map`)}</title>`,
    `<style>${canvasStyle(options.theme ?? 'default')}${options.page !== undefined ? `\n@page { size: ${options.page}; margin: 8mm; background: ${THEME_BACKGROUND[options.theme ?? 'default']}; }` : ''}</style>`,
    ...(options.css !== undefined ? [`<style class="jk-user-css">${styleText(options.css)}</style>`] : []),
    '</head>',
    '<body class="jk-page">',
    canvasFragment(input, options),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The canvas' stylesheet with a theme's colours. */
export function canvasStyle(theme: CanvasTheme): string {
  return `${CANVAS_THEMES[theme]}\n${CANVAS_STYLE}`;
}

/**
 * A stylesheet as the text of a style element: `</style` would end the element early (and what
 * follows would be markup), so its slash is written as the CSS escape `\/`, which means the same
 * in CSS. Characters XML cannot hold are dropped, and `<` `&` are escaped as CSS escapes so the
 * page stays well-formed XML for the SVG's foreignObject.
 */
export function styleText(css: string): string {
  return css
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/</g, '\\3c ')
    .replace(/&/g, '\\26 ');
}

const STATE_NAMES: Readonly<Record<string, string>> = { current: 'Current state', future: 'Future state' };

function header(model: CanvasModel): string {
  const { map } = model.input;
  const meta: string[] = [];
  if (map.state !== undefined) meta.push(`<span class="jk-state jk-state--${attr(map.state)}">${text(STATE_NAMES[map.state] ?? map.state)}</span>`);
  if (map.status !== undefined) meta.push(`<span class="jk-status">Status: ${text(map.status)}</span>`);
  if (map.owner !== undefined) meta.push(`<span class="jk-owner" dir="auto">Owner: ${text(map.owner)}</span>`);
  if (map.updated !== undefined) meta.push(`<span class="jk-updated">Updated ${text(map.updated)}</span>`);
  return [
    '<header class="jk-header">',
    `<h1 class="jk-title" dir="auto">${text(map.title)}</h1>`,
    meta.length > 0 ? `<p class="jk-meta">${meta.join(' <span aria-hidden="true">·</span> ')}</p>` : '',
    map.description !== undefined ? `<p class="jk-scope" dir="auto">${text(map.description)}</p>` : '',
    model.personas.length > 0 ? `<div class="jk-personas">${model.personas.map(personaCard).join('')}</div>` : '',
    '</header>',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

function personaCard(p: Persona): string {
  const section = (title: string, items: string[] | undefined) =>
    items !== undefined && items.length > 0
      ? `<h3 class="jk-persona__heading">${title}</h3><ul class="jk-persona__list">${items.map((i) => `<li dir="auto">${text(i)}</li>`).join('')}</ul>`
      : '';
  return (
    `<section class="jk-card jk-card--persona" data-persona="${attr(p.id)}">` +
    `<h2 class="jk-persona__name" dir="auto">${text(p.name)}</h2>` +
    (p.description !== undefined ? `<p class="jk-persona__description" dir="auto">${text(p.description)}</p>` : '') +
    section('Goals', p.goals) +
    section('Needs', p.needs) +
    section('Frustrations', p.frustrations) +
    '</section>'
  );
}

/**
 * Columns split into pages no wider than `pageWidth`: whole stages while they fit, a new page at a
 * stage boundary, and a stage wider than a page split between its touchpoints.
 */
export function pagesOf(model: CanvasModel, pageWidth: number | undefined): Column[][] {
  if (pageWidth === undefined) return [model.columns];
  const perPage = Math.max(1, Math.floor((pageWidth - LABEL_WIDTH) / COLUMN_WIDTH));
  const pages: Column[][] = [];
  let current: Column[] = [];
  for (const span of model.stages) {
    const columns = model.columns.slice(span.first, span.first + span.count);
    if (current.length > 0 && current.length + columns.length > perPage) {
      pages.push(current);
      current = [];
    }
    for (const column of columns) {
      if (current.length === perPage) {
        pages.push(current);
        current = [];
      }
      current.push(column);
    }
  }
  if (current.length > 0) pages.push(current);
  return pages;
}

/** The widest a touchpoint column grows to fill a printed page. */
const MAX_COLUMN_WIDTH = 260;

function table(model: CanvasModel, lanes: readonly Lane[], columns: readonly Column[], page: number, pageWidth: number | undefined): string {
  const rows: string[] = [];
  // On a page, the columns widen to fill it (up to 260 px), which also shortens the rows.
  const columnWidth = pageWidth === undefined ? COLUMN_WIDTH : Math.max(COLUMN_WIDTH, Math.min(MAX_COLUMN_WIDTH, Math.floor((pageWidth - LABEL_WIDTH) / columns.length)));
  const width = LABEL_WIDTH + columns.length * columnWidth;
  rows.push(`<table class="jk-grid${page > 0 ? ' jk-grid--continued' : ''}" style="width: ${width}px">`);
  rows.push(`<caption class="jk-visually-hidden">${text(model.input.map.title)}${page > 0 ? ' (continued)' : ''}</caption>`);
  rows.push(
    `<colgroup><col class="jk-col-label" style="width: ${LABEL_WIDTH}px" />${columns
      .map((c) => `<col style="width: ${columnWidth}px"${c.touchpoint ? ` data-touchpoint="${attr(c.touchpoint.id)}"` : ''} />`)
      .join('')}</colgroup>`,
  );
  rows.push('<thead>');
  // Stage headers: one cell per run of a stage's columns (a stage split across pages repeats).
  const stageCells = stageRuns(columns).map(({ stage, stageIndex, first, count }, run) => {
    const continued = run === 0 && model.columns[first - 1]?.stageIndex === stageIndex;
    return `<th class="jk-stage" scope="colgroup" colspan="${count}" data-stage="${attr(stage.id)}"><span class="jk-stage__number">${stageIndex + 1}</span> <span class="jk-stage__name" dir="auto">${text(stage.name)}</span>${continued ? ' <span class="jk-continued">(continued)</span>' : ''}</th>`;
  });
  rows.push(`<tr class="jk-stages"><th class="jk-lane__title" scope="row">Stage</th>${stageCells.join('')}</tr>`);
  rows.push(
    `<tr class="jk-touchpoints"><th class="jk-lane__title" scope="row">Touchpoint</th>${columns
      .map((c) => {
        const tp = c.touchpoint;
        if (!tp) return `<th class="jk-touchpoint jk-touchpoint--none" scope="col" data-stage="${attr(c.stage.id)}"><span class="jk-muted">No touchpoints</span></th>`;
        const moment =
          tp.moment_of_truth === true
            ? '<span class="jk-star" title="Moment of truth"><span aria-hidden="true">★</span><span class="jk-visually-hidden">Moment of truth</span></span> '
            : '';
        const evidence = tp.evidence !== undefined ? ` <span class="jk-tag jk-tag--${attr(tp.evidence)}">${text(tp.evidence)}</span>` : '';
        return `<th class="jk-touchpoint" scope="col" dir="auto" data-stage="${attr(c.stage.id)}" data-touchpoint="${attr(tp.id)}">${moment}<span class="jk-touchpoint__name" dir="auto">${text(tp.name)}</span>${evidence}</th>`;
      })
      .join('')}</tr>`,
  );
  rows.push('</thead>');
  rows.push('<tbody>');
  const drawnLines = new Set<string>();
  for (const lane of lanes) {
    for (const line of lane.below ?? []) {
      if (drawnLines.has(line)) continue;
      drawnLines.add(line);
      rows.push(`<tr class="jk-line jk-line--${line}" data-line="${line}"><td colspan="${columns.length + 1}"><span class="jk-line__label">${LINE_NAMES[line]}</span></td></tr>`);
    }
    rows.push(
      `<tr class="jk-lane jk-lane--${lane.name}" data-lane="${lane.name}"><th class="jk-lane__title" scope="row">${text(laneTitle(lane, model))}</th>${lane.cells(model, columns, columnWidth)}</tr>`,
    );
  }
  rows.push('</tbody>');
  rows.push('</table>');
  return rows.join('\n');
}
