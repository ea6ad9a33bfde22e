/**
 * The journey report as GitHub-flavoured Markdown (issue 5 item 3): map facts, the Mermaid views
 * from the registry, the friction ranking, the backlog by owner, KPI status, survey segments and
 * trend, data-quality notes and the service blueprint. Pure and deterministic: the generation
 * date comes from the caller. Every piece of user text goes through escapeMarkdownCell (tables,
 * lists) or headingText (headings); text inside diagrams is escaped by the views themselves and
 * by escapeMermaid for the trend chart.
 */
import { markdownTable } from '../formatters/markdown-table.js';
import { escapeMarkdownHeading, escapeMarkdownCell as md } from '../escape/markdown.js';
import { findView } from '../mermaid/index.js';
import { SERIES_CHART_FRONTMATTER } from '../mermaid/chart-style.js';
import { escapeMermaid } from '../mermaid/escape.js';
import type { LegendEntry, View } from '../mermaid/types.js';
import type { JourneyMap, PainPoint, Touchpoint } from '../model.js';
import { touchpointsOf } from '../model.js';
import { segmentFor, segmentKeyFor } from '../survey/join.js';
import type { OpportunityScore, ScoreReport } from '../score/types.js';
import {
  METRIC_LABELS,
  STATUS_LABELS,
  excludedCount,
  excludedReasons,
  fixed,
  intervalText,
  kpiNumber,
  metricLabel,
  metricsIn,
  metricsOf,
  plural,
  scoreText,
  significantChange,
  changeCounts,
  chanceFlagsText,
  untestedText,
} from '../survey/formatters/shared.js';
import type { MetricResult } from '../survey/formatters/shared.js';
import type { Interval, KpiResult, KpiStatus, MetricSet, MetricsReport } from '../survey/types.js';

export interface MarkdownReportInput {
  map: JourneyMap;
  score: ScoreReport;
  metrics?: MetricsReport;
  /** ISO date of generation, given by the caller. */
  generated: string;
  /** Rows of the top friction table; 5 by default. */
  topN?: number;
  /** How a diagram appears in the Markdown; a ```mermaid block by default. */
  diagram?: DiagramPresenter;
}

/** Stable ids of the report's diagrams, in report order. */
export const REPORT_DIAGRAMS = ['journey', 'stages', 'emotion', 'priority', 'trend', 'blueprint'] as const;
export type ReportDiagramId = (typeof REPORT_DIAGRAMS)[number];

export interface ReportDiagram {
  id: ReportDiagramId;
  /** Short English caption, never user text (usable as alt text). */
  title: string;
  /** Mermaid source, every piece of user text already escaped for Mermaid. */
  source: string;
}

/** Returns the Markdown lines standing for one diagram. */
export type DiagramPresenter = (diagram: ReportDiagram) => string[];

/** The default presenter: a fenced block that GitHub, GitLab and most editors draw. */
export const mermaidBlock: DiagramPresenter = (diagram) => ['```mermaid', ...diagram.source.replace(/\n+$/, '').split('\n'), '```'];

const DIAGRAM_TITLES: Readonly<Record<ReportDiagramId, string>> = {
  journey: 'Journey diagram',
  stages: 'Stages and touchpoints by friction',
  emotion: 'Emotion curve',
  priority: 'Priority quadrant',
  trend: 'Trend by period',
  blueprint: 'Service blueprint',
};

const DEFAULT_TOP_N = 5;
const UNASSIGNED = 'Unassigned';
/** Group key for no owner: not a possible owner name, so an owner called "Unassigned" stays apart. */
const UNASSIGNED_KEY = '\u0000';
const NO_SURVEY = 'No survey data given.';

const STATUS_EMOJI: Readonly<Record<KpiStatus, string>> = { met: '✅', watch: '⚠️', breach: '❌', insufficient: '⏳', 'no-data': '➖' };

/** Heading text: one line, escaped, every user `#` escaped (escape/markdown.ts). */
export const headingText = escapeMarkdownHeading;

export function renderMarkdownReport(input: MarkdownReportInput): string {
  const { map, score, metrics } = input;
  const topN = Math.max(0, Math.floor(input.topN ?? DEFAULT_TOP_N));
  const blocks: string[][] = [
    headerBlock(map, input.generated),
    personaBlock(map),
    section('Journey diagram', [...mermaid('journey', input), '', ...mermaid('stages', input)]),
    section('Emotion curve', mermaid('emotion', input)),
    section('Top friction touchpoints', frictionBlock(map, score, topN)),
    section('Backlog by owner', backlogBlock(map, score)),
    section('Priority quadrant', mermaid('priority', input)),
    section('KPI status', metrics ? kpiBlock(map, metrics) : [NO_SURVEY]),
    section('Segments', metrics ? segmentBlock(metrics, map) : [NO_SURVEY]),
    section('Monthly trend', metrics ? trendBlock(metrics, input) : [NO_SURVEY]),
    section('Data quality', qualityBlock(map, score, metrics)),
    section('Service blueprint', mermaid('blueprint', input)),
  ];
  return blocks.map((lines) => lines.join('\n')).join('\n\n') + '\n';
}

function section(title: string, body: string[]): string[] {
  return [`## ${title}`, '', ...body];
}

function mermaid(id: View['id'] & ReportDiagramId, input: MarkdownReportInput): string[] {
  const view = findView(id);
  if (!view) return [`No ${id} view is available.`];
  const viewInput = { map: input.map, score: input.score, ...(input.metrics ? { metrics: input.metrics } : {}) };
  const source = view.render(viewInput);
  return [...present(input, id, source), ...legendBlock(view.legend?.(viewInput) ?? [])];
}

/** A view's legend under its diagram: numbered marks as an ordered list, notes as a paragraph. */
function legendBlock(legend: readonly LegendEntry[]): string[] {
  const marks = legend.filter((e) => e.mark !== undefined).map((e) => `${md(e.mark!)}. ${md(e.text)}`);
  const notes = legend.filter((e) => e.mark === undefined).map((e) => md(e.text));
  return [...(marks.length > 0 ? ['', ...marks] : []), ...(notes.length > 0 ? ['', notes.join(' ')] : [])];
}

function present(input: MarkdownReportInput, id: ReportDiagramId, source: string): string[] {
  return (input.diagram ?? mermaidBlock)({ id, title: DIAGRAM_TITLES[id], source });
}

function headerBlock(map: JourneyMap, generated: string): string[] {
  const facts: string[] = [`- **Journey:** ${md(map.id)}`];
  if (map.description !== undefined) facts.push(`- **Scope:** ${md(map.description.trim())}`);
  facts.push(`- **Owner:** ${map.owner !== undefined ? md(map.owner) : UNASSIGNED}`);
  if (map.state !== undefined) facts.push(`- **State:** ${md(map.state)}`);
  if (map.status !== undefined) facts.push(`- **Status:** ${md(map.status)}`);
  if (map.updated !== undefined) facts.push(`- **Updated:** ${md(String(map.updated))}`);
  facts.push(`- **Generated:** ${md(generated)}`);
  return [`# ${headingText(map.title)}`, '', ...facts];
}

function personaBlock(map: JourneyMap): string[] {
  const personas = map.personas ?? [];
  const lines =
    personas.length === 0
      ? ['No personas given.']
      : personas.map((p) => `- **${md(p.name)}** (${md(p.id)})${p.description !== undefined ? `: ${md(p.description.trim())}` : ''}`);
  return section('Personas', lines);
}

function frictionBlock(map: JourneyMap, score: ScoreReport, topN: number): string[] {
  const stageNames = new Map(map.stages.map((s) => [s.id, s.name]));
  const top = score.touchpoints.slice(0, topN);
  if (top.length === 0) return ['No touchpoints to rank.'];
  const rows = top.map((t) => [
    String(t.rank),
    `${md(t.name)}${t.momentOfTruth ? ' ★' : ''}`,
    md(stageNames.get(t.stage) ?? t.stage),
    `${fixed(t.friction, 0)}${t.imputed === true ? ' (imputed)' : ''}`,
    fixed(t.priority, 0),
    md(t.explanation),
  ]);
  return [
    ...markdownTable(['Rank', 'Touchpoint', 'Stage', 'Friction', 'Priority', 'Why'], ['---:', '---', '---', '---:', '---:', '---'], rows),
    ...(top.some((t) => t.momentOfTruth) ? ['', '★ moment of truth'] : []),
  ];
}

interface OwnerGroup {
  opportunities: OpportunityScore[];
  pains: { pain: PainPoint; touchpoint: Touchpoint }[];
}

function backlogBlock(map: JourneyMap, score: ScoreReport): string[] {
  const refs = touchpointsOf(map);
  const touchpointById = new Map(refs.map((r) => [r.touchpoint.id, r.touchpoint]));
  const groups = new Map<string, OwnerGroup>();
  const group = (owner: string | undefined): OwnerGroup => {
    const key = owner === undefined || owner.trim() === '' ? UNASSIGNED_KEY : owner;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { opportunities: [], pains: [] }));
    return g;
  };
  const addressed = new Set<string>();
  for (const o of score.opportunities) {
    group(o.owner ?? touchpointById.get(o.touchpoint)?.owner).opportunities.push(o);
    if (o.status !== 'dropped') for (const id of o.addresses) addressed.add(`${o.touchpoint}\u0000${id}`);
  }
  for (const { touchpoint } of refs) {
    for (const pain of touchpoint.pain_points ?? []) {
      if (!addressed.has(`${touchpoint.id}\u0000${pain.id}`)) group(touchpoint.owner).pains.push({ pain, touchpoint });
    }
  }
  if (groups.size === 0) return ['No opportunities or pain points recorded.'];
  const owners = [...groups.keys()].filter((o) => o !== UNASSIGNED_KEY).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (groups.has(UNASSIGNED_KEY)) owners.push(UNASSIGNED_KEY);
  const out: string[] = [
    'Opportunities without an owner of their own are listed under their touchpoint\'s owner; pain points that no opportunity (other than a dropped one) addresses follow each list.',
  ];
  for (const owner of owners) {
    const g = groups.get(owner)!;
    out.push('', `### ${owner === UNASSIGNED_KEY ? UNASSIGNED : headingText(owner)}`);
    if (g.opportunities.length > 0) {
      const rows = g.opportunities.map((o) => [
        String(o.rank),
        md(o.description),
        md(touchpointById.get(o.touchpoint)?.name ?? o.touchpoint),
        o.addresses.length > 0 ? o.addresses.map(md).join(', ') : '-',
        o.status !== undefined ? md(o.status) : '-',
        o.quadrant !== undefined ? md(o.quadrant) : '-',
        o.value !== undefined ? fixed(o.value, 2) : '-',
      ]);
      out.push('', ...markdownTable(['Rank', 'Opportunity', 'Touchpoint', 'Addresses', 'Status', 'Quadrant', 'Value'], ['---:', '---', '---', '---', '---', '---', '---:'], rows));
    }
    if (g.pains.length > 0) {
      const rows = g.pains.map(({ pain, touchpoint }) => [
        md(pain.description),
        md(touchpoint.name),
        pain.severity !== undefined ? String(pain.severity) : '-',
        pain.frequency !== undefined ? String(pain.frequency) : '-',
        md(pain.evidence ?? touchpoint.evidence ?? '-'),
      ]);
      out.push('', ...markdownTable(['Unaddressed pain point', 'Touchpoint', 'Severity', 'Frequency', 'Evidence'], ['---', '---', '---:', '---:', '---'], rows));
    }
  }
  return out;
}

function segmentOf(map: JourneyMap, metrics: MetricsReport, touchpointId: string): MetricSet | undefined {
  const touchpoint = touchpointsOf(map).find((r) => r.touchpoint.id === touchpointId)?.touchpoint;
  return touchpoint ? segmentFor(metrics.segments.touchpoint, touchpoint) : undefined;
}

/** The 95% interval of the figure a KPI is measured on, in the KPI's unit; undefined when none. */
function kpiInterval(metric: string, set: MetricSet | undefined): Interval | undefined {
  if (!set) return undefined;
  switch (metric) {
    case 'nps':
      return set.nps?.ci95;
    case 'csat':
      return set.csat?.ci95;
    case 'ces':
      return set.ces?.meanCi95;
    case 'fcr':
      return set.fcr?.ci95;
    case 'completion-rate':
      return set.completion?.ci95;
    case 'abandonment-rate':
      return set.completion && [100 - set.completion.ci95[1], 100 - set.completion.ci95[0]];
    default:
      return undefined;
  }
}

function kpiRow(k: KpiResult, set: MetricSet | undefined, name: string): string[] {
  const ci = k.value === null ? undefined : kpiInterval(k.metric, set);
  return [
    `${STATUS_EMOJI[k.status] ?? ''} ${STATUS_LABELS[k.status] ?? md(k.status)}`.trim(),
    name,
    md(metricLabel(k.metric)),
    kpiNumber(k.value),
    kpiNumber(k.target),
    kpiNumber(k.threshold),
    String(k.n),
    ci ? intervalText(ci, k.metric === 'ces' ? 2 : 1) : '-',
    k.direction === 'lower-is-better' ? 'lower' : 'higher',
  ];
}

function kpiBlock(map: JourneyMap, metrics: MetricsReport): string[] {
  if (metrics.kpis.length === 0) return ['No KPI applies to the survey figures.'];
  const names = new Map(touchpointsOf(map).map((r) => [r.touchpoint.id, r.touchpoint.name]));
  const overall = metrics.kpis.filter((k) => k.touchpoint === undefined);
  const perTouchpoint = metrics.kpis.filter((k) => k.touchpoint !== undefined);
  const header = ['Status', 'Scope', 'Metric', 'Value', 'Target', 'Threshold', 'n', '95% CI', 'Better'];
  const align = ['---', '---', '---', '---:', '---:', '---:', '---:', '---', '---'];
  const rows = [
    ...overall.map((k) => kpiRow(k, metrics.overall, 'Overall')),
    ...perTouchpoint.map((k) => kpiRow(k, segmentOf(map, metrics, k.touchpoint!), md(names.get(k.touchpoint!) ?? k.touchpoint!))),
  ];
  const counts = (['met', 'watch', 'breach', 'insufficient', 'no-data'] as const)
    .map((s) => [s, metrics.kpis.filter((k) => k.status === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${STATUS_EMOJI[s]} ${n} ${STATUS_LABELS[s]}`);
  return [counts.join(' · '), '', ...markdownTable(header, align, rows)];
}

function metricCell(result: MetricResult | undefined): string {
  if (!result) return '-';
  return `${scoreText(result.score)} ${intervalText(result.ci95)} · n ${result.n}${result.lowSample ? ' ⚠️' : ''}`;
}

/**
 * The map's name for a survey segment: touchpoints join on `survey_segment`, id or name (case and
 * spacing ignored, src/core/survey/join.ts), stages on their id. A segment the map does not know
 * keeps the export's value.
 */
function segmentNames(map: JourneyMap, metrics: MetricsReport): Readonly<Record<string, ReadonlyMap<string, string>>> {
  const touchpoints = new Map<string, string>();
  for (const { touchpoint } of touchpointsOf(map)) {
    const key = segmentKeyFor(metrics.segments.touchpoint, touchpoint);
    if (key !== undefined && !touchpoints.has(key)) touchpoints.set(key, touchpoint.name);
  }
  return {
    touchpoint: touchpoints,
    stage: new Map(map.stages.map((stage) => [stage.id, stage.name])),
  };
}

function segmentLabel(segment: string, name: string | undefined): string {
  if (name === undefined) return md(segment);
  // "Advocacy" for the segment "advocacy": the value in brackets only when it says something else.
  return name.toLowerCase() === segment.toLowerCase() ? md(name) : `${md(name)} (${md(segment)})`;
}

function segmentBlock(metrics: MetricsReport, map: JourneyMap): string[] {
  const dimensions = Object.entries(metrics.segments).filter(([, segments]) => Object.keys(segments).length > 0);
  if (dimensions.length === 0) return ['No segment dimension in the survey figures.'];
  const out: string[] = ['Score [95% CI] · n per segment; ⚠️ marks a low sample. Segments the map knows carry its name, the export\'s value in brackets.'];
  const names = segmentNames(map, metrics);
  for (const [dimension, segments] of dimensions) {
    const entries = Object.entries(segments);
    const columns = metricsIn(entries.map(([, set]) => set));
    const named = Object.hasOwn(names, dimension) ? names[dimension] : undefined;
    const rows = entries.map(([segment, set]) => [segmentLabel(segment, named?.get(segment)), ...columns.map((m) => metricCell(set[m]))]);
    out.push('', `### By ${headingText(dimension)}`, '', ...markdownTable([md(dimension), ...columns.map((m) => METRIC_LABELS[m])], ['---', ...columns.map(() => '---:')], rows));
  }
  return out;
}

function trendBlock(metrics: MetricsReport, input: MarkdownReportInput): string[] {
  const entries = Object.entries(metrics.periods);
  if (entries.length === 0) return ['No dated responses in the survey figures.'];
  const columns = metricsIn(entries.map(([, set]) => set));
  const rows = entries.map(([key, period]) => [
    md(key),
    ...columns.map((m) => {
      const change = significantChange(period, m);
      const arrow = change === undefined ? '' : change.direction === 'up' ? ' ▲' : change.direction === 'down' ? ' ▼' : '';
      return metricCell(period[m]) + arrow;
    }),
  ]);
  const counted = changeCounts(entries, columns);
  const flagged = entries.some(([, period]) => columns.some((m) => significantChange(period, m) !== undefined));
  return [
    ...markdownTable(['Period', ...columns.map((m) => METRIC_LABELS[m])], ['---', ...columns.map(() => '---:')], rows),
    '',
    `▲ ▼ significant change from the previous period (95%).${flagged ? ` ${chanceFlagsText(counted.tested)}.` : ''}`,
    ...(counted.untested.length > 0 ? ['', `${untestedText(counted.untested, md, counted.tested)}.`] : []),
    ...trendChart(metrics, input),
  ];
}

function trendChart(metrics: MetricsReport, input: MarkdownReportInput): string[] {
  const entries = Object.entries(metrics.periods);
  const metric = entries.some(([, p]) => p.nps) ? 'nps' : entries.some(([, p]) => p.csat) ? 'csat' : undefined;
  if (metric === undefined) return [];
  const points = entries.flatMap(([key, p]) => {
    const value = p[metric]?.score;
    return value !== undefined && Number.isFinite(value) ? [[key, value] as const] : [];
  });
  if (points.length === 0) return [];
  const label = METRIC_LABELS[metric];
  const [low, high] = metric === 'nps' ? [-100, 100] : [0, 100];
  const source = [
    // A visible line colour (Mermaid's default first colour is a near-white lavender).
    ...SERIES_CHART_FRONTMATTER,
    'xychart-beta',
    `    title "${escapeMermaid(`${label} by period`)}"`,
    `    x-axis [${points.map(([key]) => `"${escapeMermaid(key)}"`).join(', ')}]`,
    `    y-axis "${escapeMermaid(label)}" ${low} --> ${high}`,
    `    line [${points.map(([, v]) => fixed(v, 1)).join(', ')}]`,
  ].join('\n');
  return ['', ...present(input, 'trend', source)];
}

function qualityBlock(map: JourneyMap, score: ScoreReport, metrics: MetricsReport | undefined): string[] {
  const notes: string[] = [];
  const refs = touchpointsOf(map);
  const byEvidence = (evidence: string | undefined) => refs.filter((r) => r.touchpoint.evidence === evidence).map((r) => md(r.touchpoint.name));
  for (const evidence of ['observed', 'assumed', 'proposed'] as const) {
    const names = byEvidence(evidence);
    notes.push(`- **Evidence ${evidence}:** ${names.length > 0 ? `${names.length} (${names.join(', ')})` : '0'}`);
  }
  const unknown = byEvidence(undefined);
  if (unknown.length > 0) notes.push(`- **Evidence not stated:** ${unknown.length} (${unknown.join(', ')})`);
  const imputed = score.touchpoints.filter((t) => t.imputed === true).map((t) => md(t.name));
  notes.push(`- **Imputed friction** (no weighted component known, neutral placeholder): ${imputed.length > 0 ? `${imputed.length} (${imputed.join(', ')})` : 'none'}`);
  const unrated = score.touchpoints.reduce((n, t) => n + (t.unrated?.length ?? 0), 0);
  if (unrated > 0) notes.push(`- **Unrated pain points** (no severity or frequency, left out of friction): ${unrated}`);
  if (!metrics) {
    notes.push(`- **Survey:** ${NO_SURVEY}`);
    return notes;
  }
  const s = metrics.source;
  const reasons = excludedReasons(s.excluded).map(([reason, count]) => `${md(reason)} ${count}`);
  notes.push(
    `- **Responses:** ${s.included} of ${plural(s.rows, 'row')} included, ${excludedCount(metrics)} excluded${reasons.length > 0 ? ` (${reasons.join(', ')})` : ''}`,
  );
  const low: string[] = [];
  const lowIn = (scope: string, set: MetricSet) => {
    for (const [m, r] of metricsOf(set)) if (r.lowSample) low.push(`${scope} ${METRIC_LABELS[m]} (n ${r.n})`);
  };
  lowIn('overall', metrics.overall);
  for (const [dimension, segments] of Object.entries(metrics.segments)) {
    for (const [segment, set] of Object.entries(segments)) lowIn(`${md(dimension)} ${md(segment)}`, set);
  }
  for (const [key, set] of Object.entries(metrics.periods)) lowIn(md(key), set);
  notes.push(`- **Low samples:** ${low.length > 0 ? `${low.length}: ${low.join('; ')}` : 'none'}`);
  // What was inferred (columns, scales, the CES convention, KPIs left out) is part of the evidence.
  if (s.inferred.length > 0) notes.push('- **How the export was read:**', ...s.inferred.map((note) => `  - ${md(note)}`));
  const shown = metrics.warnings.slice(0, MAX_REPORT_WARNINGS);
  notes.push(`- **Warnings:** ${metrics.warnings.length}${metrics.warnings.length > shown.length ? ` (the first ${shown.length} below)` : ''}`);
  for (const w of shown) {
    const place = [w.file, w.line !== undefined ? `line ${w.line}` : undefined, w.column !== undefined ? `column ${w.column}` : undefined].filter((x) => x !== undefined);
    notes.push(`  - ${md(w.code)}${place.length > 0 ? ` (${md(place.join(', '))})` : ''}: ${md(w.message)}`);
  }
  return notes;
}

/** Warnings listed in a report's data-quality notes; `journey metrics` lists them all. */
const MAX_REPORT_WARNINGS = 10;
