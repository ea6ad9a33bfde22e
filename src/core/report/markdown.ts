/**
 * The journey report as GitHub-flavoured Markdown: map facts,
 * a one-screen summary (highest friction, KPI status, what changed), a table of contents, persona
 * cards, the stages with their goals and touchpoints (descriptions, channels, verbatim comments),
 * the Mermaid views from the registry, the priority ranking, the backlog by owner, KPI status,
 * survey segments and trend, data-quality notes and the service blueprint. Names, not ids, where
 * a client reads; figures with their units. Pure and deterministic: the
 * generation date comes from the caller. Every piece of user text goes through escapeMarkdownCell
 * (tables, lists; `lineText` when it may start a line) or headingText (headings); text inside
 * diagrams is escaped by the views themselves and by escapeMermaid for the trend chart.
 */
import { markdownTable } from '../output/markdown-table.js';
import { escapeMarkdownHeading, escapeMarkdownCell as md } from '../escape/markdown.js';
import { findView } from '../mermaid/index.js';
import { SERIES_CHART_FRONTMATTER } from '../mermaid/chart-style.js';
import { escapeMermaid } from '../mermaid/escape.js';
import type { LegendEntry, View } from '../mermaid/types.js';
import type { JourneyMap, Persona, PainPoint, Stage, Touchpoint } from '../model.js';
import { kpiMetricLabel, touchpointsOf } from '../model.js';
import { shorten } from '../shorten.js';
import { clip } from '../clip.js';
import { segmentFor, segmentKeyFor } from '../survey/join.js';
import type { OpportunityScore, ScoreReport, TouchpointScore } from '../score/types.js';
import { quadrantLabel } from '../score/types.js';
import {
  METRIC_LABELS,
  STATUS_LABELS,
  excludedCount,
  excludedReasons,
  intervalText,
  kpiNumber,
  metricsIn,
  metricsOf,
  significantChange,
  changeCounts,
  chanceFlagsText,
  untestedText,
} from '../survey/formatters/shared.js';
import { plural } from '../output/plural.js';
import { fixed, scoreText } from '../output/numbers.js';
import type { MetricResult, ReportMetric } from '../survey/formatters/shared.js';
import type { Interval, KpiResult, KpiStatus, MetricSet, MetricsReport, PeriodChange, VerbatimComment } from '../survey/types.js';

export interface MarkdownReportInput {
  map: JourneyMap;
  score: ScoreReport;
  metrics?: MetricsReport;
  /** ISO date of generation, given by the caller. */
  generated: string;
  /** Rows of the top priorities table; 5 by default. */
  topN?: number;
  /** How a diagram appears in the Markdown; a ```mermaid block by default. */
  diagram?: DiagramPresenter;
  /**
   * The journey-map canvas' lines (an image link, or a placeholder the HTML report replaces with
   * the canvas itself); without it the report has no canvas section, since Markdown cannot draw it.
   */
  canvas?: () => string[];
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

/**
 * The report's `##` sections, in order: fixed English titles (never user text), so their anchors
 * are known. The table of contents links each one; the HTML report gives each `<h2>` its anchor
 * as `id` (html.ts), as GitHub does.
 */
export const REPORT_SECTIONS = [
  'Summary',
  'Journey map',
  'Personas',
  'Journey diagram',
  'Stages and touchpoints',
  'Emotion curve',
  'Top priorities',
  'Backlog by owner',
  'Priority quadrant',
  'KPI status',
  'Segments',
  'Monthly trend',
  'Data quality',
  'Service blueprint',
] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];

/** A section title's anchor, as GitHub makes it: lower case, punctuation dropped, spaces as hyphens. */
export function sectionAnchor(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-');
}

const CONTENTS = 'Contents';

export function renderMarkdownReport(input: MarkdownReportInput): string {
  const { map, score, metrics } = input;
  const topN = Math.max(0, Math.floor(input.topN ?? DEFAULT_TOP_N));
  const bodies: Record<ReportSection, () => string[]> = {
    Summary: () => summaryBlock(map, score, metrics),
    'Journey map': () => input.canvas?.() ?? [],
    Personas: () => personaBlock(map),
    'Journey diagram': () => [...mermaid('journey', input), '', ...mermaid('stages', input)],
    'Stages and touchpoints': () => stageBlock(map, score, metrics),
    'Emotion curve': () => mermaid('emotion', input),
    'Top priorities': () => priorityBlock(map, score, topN),
    'Backlog by owner': () => backlogBlock(map, score),
    'Priority quadrant': () => mermaid('priority', input),
    'KPI status': () => (metrics ? kpiBlock(map, metrics) : [NO_SURVEY]),
    Segments: () => (metrics ? segmentBlock(metrics, map) : [NO_SURVEY]),
    'Monthly trend': () => (metrics ? trendBlock(metrics, input) : [NO_SURVEY]),
    'Data quality': () => qualityBlock(map, score, metrics),
    'Service blueprint': () => mermaid('blueprint', input),
  };
  // The canvas is drawn by the caller (an image, or the HTML itself); Markdown alone cannot hold it.
  const [first, ...rest] = REPORT_SECTIONS.filter((title) => title !== 'Journey map' || input.canvas !== undefined);
  const blocks: string[][] = [
    headerBlock(map, input.generated),
    section(first!, bodies[first!]()),
    section(
      CONTENTS,
      rest.map((title) => `- [${title}](#${sectionAnchor(title)})`),
    ),
    ...rest.map((title) => section(title, bodies[title]())),
  ];
  return blocks.map((lines) => lines.join('\n')).join('\n\n') + '\n';
}

function section(title: string, body: string[]): string[] {
  return [`## ${title}`, '', ...body];
}

/**
 * User text escaped for a place where it starts a line (a paragraph, a list item): escaped as a
 * cell, and a leading `#`, `-`, `+`, `=` or `1.` / `1)` backslash-escaped, so it cannot open a
 * heading, a list, a rule or a setext underline.
 */
export function lineText(text: string): string {
  return md(text.trim())
    .replace(/^([#+=-])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
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

/** Names in the summary's one-line lists. */
const SUMMARY_ITEMS = 3;

/**
 * One screen: the three touchpoints with the highest friction (by friction, not priority), KPI
 * status counts and the KPIs in breach, what changed between survey periods (the significant
 * changes the trend table flags), the backlog in one line.
 */
function summaryBlock(map: JourneyMap, score: ScoreReport, metrics: MetricsReport | undefined): string[] {
  const out: string[] = [];
  // Friction first; ties by priority rank, so the order is the ranking's where friction is equal.
  const byFriction = [...score.touchpoints].sort((a, b) => b.friction - a.friction || a.rank - b.rank).slice(0, SUMMARY_ITEMS);
  out.push(
    byFriction.length === 0
      ? '- **Highest friction:** no touchpoints'
      : `- **Highest friction** (0-100): ${byFriction.map((t) => `${md(t.name)} ${fixed(t.friction, 0)}${t.imputed === true ? ' (imputed)' : ''}`).join(' · ')}`,
  );
  const first = score.touchpoints[0];
  if (first !== undefined) out.push(`- **First priority** (friction weighted by reach and moments of truth): ${md(first.name)}`);
  out.push(...kpiSummary(map, metrics));
  out.push(`- **What changed:** ${changeSummary(metrics)}`);
  out.push(`- **Backlog:** ${backlogSummary(score)}`);
  return out;
}

function kpiSummary(map: JourneyMap, metrics: MetricsReport | undefined): string[] {
  if (!metrics) return ['- **KPIs:** no survey data given'];
  if (metrics.kpis.length === 0) return ['- **KPIs:** none applies to the survey figures'];
  const lines = [`- **KPIs:** ${statusCounts(metrics.kpis)}`];
  const names = touchpointNameMap(map);
  const breached = metrics.kpis.filter((k) => k.status === 'breach');
  if (breached.length > 0) {
    const shown = breached.slice(0, SUMMARY_ITEMS).map((k) => {
      const scope = k.touchpoint === undefined ? 'overall' : `at ${md(names.get(k.touchpoint) ?? k.touchpoint)}`;
      const unit = kpiUnit(map, k, metrics);
      const prose = { ...unit, suffix: unit.suffix === ' pts' ? ' points' : unit.suffix };
      return `${md(kpiMetricLabel(k.metric))} ${scope} ${unit.before}${withUnit(k.value, prose)} (target ${withUnit(k.target, prose)})`;
    });
    const more = breached.length > shown.length ? ` and ${breached.length - shown.length} more` : '';
    lines.push(`- **In breach:** ${shown.join(' · ')}${more}`);
  }
  return lines;
}

/** The significant period-over-period changes, latest first, with their units. */
function changeSummary(metrics: MetricsReport | undefined): string {
  if (!metrics) return 'no survey data given, so no change over time';
  const periods = Object.entries(metrics.periods);
  if (periods.length === 0) return 'no dated responses, so no change over time';
  if (periods.length === 1) return `one period only (${md(periods[0]![0])}), nothing to compare`;
  const columns = metricsIn(periods.map(([, set]) => set));
  const changes: { key: string; metric: ReportMetric; change: PeriodChange; score: number | undefined }[] = [];
  for (const [key, period] of periods) {
    for (const metric of columns) {
      const change = significantChange(period, metric);
      if (change !== undefined) changes.push({ key, metric, change, score: period[metric]?.score });
    }
  }
  const counted = changeCounts(periods, columns);
  if (changes.length === 0) {
    return counted.tested === 0 ? 'too few answers to test a change between periods' : `no significant change between periods (${plural(counted.tested, 'change')} tested at 95%)`;
  }
  changes.reverse();
  const shown = changes.slice(0, SUMMARY_ITEMS).map(({ key, metric, change, score }) => {
    const unit = metric === 'nps' ? '' : '%';
    const now = score === undefined ? '' : ` to ${fixed(score, 1)}${unit}`;
    const word = change.delta > 0 ? 'up' : change.delta < 0 ? 'down' : 'changed';
    return `${METRIC_LABELS[metric]} ${word} ${fixed(Math.abs(change.delta), 1)} points${now} in ${md(key)} (from ${md(change.from)})`;
  });
  const more = changes.length > shown.length ? ` and ${changes.length - shown.length} more` : '';
  return `${shown.join(' · ')}${more}; significant at 95% (see Monthly trend)`;
}

function backlogSummary(score: ScoreReport): string {
  const open = score.opportunities.filter((o) => o.status !== 'done' && o.status !== 'dropped');
  if (score.opportunities.length === 0) return 'no opportunities recorded';
  const quadrants = new Map<string, number>();
  for (const o of open) if (o.quadrant !== undefined) quadrants.set(o.quadrant, (quadrants.get(o.quadrant) ?? 0) + 1);
  const split = (['quick-win', 'major-project', 'fill-in', 'thankless'] as const)
    .filter((q) => quadrants.has(q))
    .map((q) => plural(quadrants.get(q)!, quadrantLabel(q).toLowerCase(), QUADRANT_PLURALS[q]));
  const best = open[0];
  return [
    `${plural(open.length, 'open opportunity', 'open opportunities')}${split.length > 0 ? ` (${split.join(', ')})` : ''}`,
    ...(best !== undefined ? [`best value for effort: ${md(shorten(best.description))}`] : []),
  ].join('; ');
}

const QUADRANT_PLURALS: Readonly<Record<'quick-win' | 'major-project' | 'fill-in' | 'thankless', string>> = {
  'quick-win': 'quick wins',
  'major-project': 'major projects',
  'fill-in': 'fill-ins',
  thankless: 'thankless',
};

function statusCounts(kpis: readonly KpiResult[]): string {
  return (['breach', 'watch', 'met', 'insufficient', 'no-data'] as const)
    .map((s) => [s, kpis.filter((k) => k.status === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${STATUS_EMOJI[s]} ${n} ${STATUS_LABELS[s]}`)
    .join(' · ');
}

function touchpointNameMap(map: JourneyMap): Map<string, string> {
  return new Map(touchpointsOf(map).map((r) => [r.touchpoint.id, r.touchpoint.name]));
}

/** One card per persona: name, description, goals, needs and frustrations, as the map has them. */
function personaBlock(map: JourneyMap): string[] {
  const personas = map.personas ?? [];
  if (personas.length === 0) return ['No personas given.'];
  return personas.flatMap((p, i) => [...(i > 0 ? [''] : []), ...personaCard(p)]);
}

const PERSONA_LISTS = [
  ['goals', 'Goals'],
  ['needs', 'Needs'],
  ['frustrations', 'Frustrations'],
] as const;

function personaCard(p: Persona): string[] {
  const out = [`### ${headingText(p.name)}`];
  if (p.description !== undefined && p.description.trim() !== '') out.push('', lineText(p.description));
  const lists = PERSONA_LISTS.filter(([key]) => (p[key] ?? []).some((item) => item.trim() !== ''));
  if (lists.length > 0) out.push('');
  for (const [key, label] of lists) {
    out.push(`- **${label}:**`, ...(p[key] ?? []).filter((item) => item.trim() !== '').map((item) => `  - ${lineText(item)}`));
  }
  return out;
}

/** The standard channels as a reader names them; a channel of the map's own as written. */
const CHANNEL_LABELS: Readonly<Record<string, string>> = {
  web: 'Web',
  'mobile-app': 'Mobile app',
  store: 'Store',
  phone: 'Phone',
  chat: 'Chat',
  email: 'Email',
  social: 'Social media',
  sms: 'SMS',
  mail: 'Mail',
  'self-service': 'Self-service',
  'in-person': 'In person',
};

function channelLabel(channel: string): string {
  return Object.hasOwn(CHANNEL_LABELS, channel) ? CHANNEL_LABELS[channel]! : channel;
}

/** Comments listed per touchpoint, and the characters kept of each. */
const MAX_COMMENTS = 5;
const MAX_COMMENT_CHARS = 500;

/**
 * Each stage in journey order: its goal and description, its touchpoints (channel, description,
 * friction), and under them what customers said about each touchpoint (up to five verbatim
 * comments from the export's free-text column, when the figures have them).
 */
function stageBlock(map: JourneyMap, score: ScoreReport, metrics: MetricsReport | undefined): string[] {
  if (map.stages.length === 0) return ['The map has no stages.'];
  const scores = new Map(score.touchpoints.map((t) => [t.id, t]));
  const comments = metrics?.comments;
  const out: string[] = [];
  if (comments !== undefined) {
    // Comments join touchpoints as the figures do (survey_segment, id or name); the others are counted, not shown.
    const joined = new Set(touchpointsOf(map).map((r) => segmentKeyFor(comments.byTouchpoint, r.touchpoint)));
    const unmatched = Object.keys(comments.byTouchpoint).filter((key) => !joined.has(key) && (comments.byTouchpoint[key]?.length ?? 0) > 0).length;
    const left = unmatched > 0 ? ` Comments on ${plural(unmatched, 'export value')} that match no touchpoint of the map are left out.` : '';
    out.push(
      `Customer comments are quoted as written in the export's column ${md(comments.column)}, up to ${MAX_COMMENTS} per touchpoint, e-mail addresses, phone numbers, card numbers and IBANs masked.${left}`,
      '',
    );
  }
  map.stages.forEach((stage, i) => {
    if (i > 0) out.push('');
    out.push(...stageCard(stage, i + 1, scores, comments?.byTouchpoint));
  });
  if (touchpointsOf(map).some((r) => r.touchpoint.moment_of_truth === true)) out.push('', '★ moment of truth');
  return out;
}

function stageCard(stage: Stage, position: number, scores: ReadonlyMap<string, TouchpointScore>, comments: Readonly<Record<string, VerbatimComment[]>> | undefined): string[] {
  const out = [`### ${position}. ${headingText(stage.name)}`];
  // Paragraphs that start with journeykit's bold label, so the user text never starts a line.
  if (stage.goal !== undefined && stage.goal.trim() !== '') out.push('', `**Goal:** ${md(stage.goal.trim())}`);
  if (stage.description !== undefined && stage.description.trim() !== '') out.push('', `**About:** ${md(stage.description.trim())}`);
  const touchpoints = stage.touchpoints ?? [];
  if (touchpoints.length === 0) return [...out, '', 'No touchpoints in this stage.'];
  const rows = touchpoints.map((t) => {
    const s = scores.get(t.id);
    return [
      `${md(t.name)}${t.moment_of_truth === true ? ' ★' : ''}`,
      md(channelLabel(t.channel)),
      t.description !== undefined && t.description.trim() !== '' ? md(t.description.trim()) : '-',
      s ? `${fixed(s.friction, 0)}${s.imputed === true ? ' (imputed)' : ''}` : '-',
    ];
  });
  out.push('', ...markdownTable(['Touchpoint', 'Channel', 'Description', 'Friction (0-100)'], ['---', '---', '---', '---:'], rows));
  for (const t of touchpoints) {
    const said = comments === undefined ? undefined : segmentFor(comments, t);
    if (!Array.isArray(said) || said.length === 0) continue;
    out.push('', `**What customers said about ${md(t.name)}:**`, '');
    for (const comment of said.slice(0, MAX_COMMENTS)) out.push(`- “${md(clip(comment.text.replace(/\s+/g, ' ').trim(), MAX_COMMENT_CHARS))}”`);
  }
  return out;
}

/** The touchpoints by priority, highest first: friction weighted by reach, moments of truth counting more. */
function priorityBlock(map: JourneyMap, score: ScoreReport, topN: number): string[] {
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
  const cut = score.touchpoints.length > top.length ? ` The first ${top.length} of ${score.touchpoints.length}.` : '';
  return [
    `Touchpoints ranked by priority: friction (0-100, from emotion, effort, pain points and survey figures) weighted by how many customers reach the touchpoint, moments of truth counting more.${cut}`,
    '',
    ...markdownTable(['Rank', 'Touchpoint', 'Stage', 'Friction (0-100)', 'Priority (0-100)', 'Why'], ['---:', '---', '---', '---:', '---:', '---'], rows),
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
  // Pain points by id across the map, first one wins (as the score model reads `addresses`).
  const painNames = new Map<string, string>();
  for (const { touchpoint } of refs) for (const pain of touchpoint.pain_points ?? []) if (!painNames.has(pain.id)) painNames.set(pain.id, pain.description);
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
    "Opportunities without an owner of their own are listed under their touchpoint's owner; pain points that no opportunity (other than a dropped one) addresses follow each list. Value is impact for effort, higher is better (impact and effort on a 1-5 scale).",
  ];
  for (const owner of owners) {
    const g = groups.get(owner)!;
    out.push('', `### ${owner === UNASSIGNED_KEY ? UNASSIGNED : headingText(owner)}`);
    if (g.opportunities.length > 0) {
      const rows = g.opportunities.map((o) => [
        String(o.rank),
        md(o.description),
        md(touchpointById.get(o.touchpoint)?.name ?? o.touchpoint),
        o.addresses.length > 0 ? o.addresses.map((id) => md(shorten(painNames.get(id) ?? id))).join('; ') : '-',
        o.status !== undefined ? md(o.status.replace(/-/g, ' ')) : '-',
        o.quadrant !== undefined ? md(quadrantLabel(o.quadrant)) : '-',
        o.value !== undefined ? fixed(o.value, 2) : '-',
      ]);
      out.push(
        '',
        ...markdownTable(['Rank', 'Opportunity', 'Touchpoint', 'Pain points addressed', 'Status', 'Quadrant', 'Value'], ['---:', '---', '---', '---', '---', '---', '---:'], rows),
      );
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

/** How a KPI's figures are written: NPS in points, shares in %, CES as a mean on its scale, a time in its unit. */
interface KpiUnit {
  /** After each figure: ` pts`, `%`, ` minutes` or nothing. */
  suffix: string;
  /** Before the value in prose (`mean ` for CES). */
  before: string;
  /** After the metric's name in the KPI table (`(mean, 1-7)` for CES). */
  note: string;
}

function kpiUnit(map: JourneyMap, k: KpiResult, metrics: MetricsReport): KpiUnit {
  switch (k.metric) {
    case 'nps':
      return { suffix: ' pts', before: '', note: '' };
    case 'csat':
    case 'fcr':
    case 'completion-rate':
    case 'abandonment-rate':
      return { suffix: '%', before: '', note: '' };
    case 'ces': {
      const scale = metrics.source.scales?.ces;
      const range = scale !== undefined && Number.isFinite(scale.min) && Number.isFinite(scale.max) ? `, ${scale.min}-${scale.max}` : '';
      return { suffix: '', before: 'mean ', note: ` (mean${range})` };
    }
    default: {
      // A metric of the map's own: the unit its KPI declares (a time), else none.
      const own = touchpointsOf(map)
        .find((r) => r.touchpoint.id === k.touchpoint)
        ?.touchpoint.kpis?.find((kpi) => kpi.metric === k.metric);
      return { suffix: own?.unit !== undefined ? ` ${own.unit}` : '', before: '', note: '' };
    }
  }
}

/** A KPI figure with its unit; `-` when there is none. */
function withUnit(value: number | null, unit: KpiUnit): string {
  return value === null ? '-' : `${kpiNumber(value)}${unit.suffix}`;
}

function kpiRow(k: KpiResult, set: MetricSet | undefined, name: string, unit: KpiUnit): string[] {
  const ci = k.value === null ? undefined : kpiInterval(k.metric, set);
  return [
    `${STATUS_EMOJI[k.status] ?? ''} ${STATUS_LABELS[k.status] ?? md(k.status)}`.trim(),
    name,
    md(kpiMetricLabel(k.metric)) + unit.note,
    withUnit(k.value, unit),
    withUnit(k.target, unit),
    withUnit(k.threshold, unit),
    String(k.n),
    ci ? intervalText(ci, k.metric === 'ces' ? 2 : 1) : '-',
    k.direction === 'lower-is-better' ? 'lower' : 'higher',
  ];
}

function kpiBlock(map: JourneyMap, metrics: MetricsReport): string[] {
  if (metrics.kpis.length === 0) return ['No KPI applies to the survey figures.'];
  const names = touchpointNameMap(map);
  const overall = metrics.kpis.filter((k) => k.touchpoint === undefined);
  const perTouchpoint = metrics.kpis.filter((k) => k.touchpoint !== undefined);
  const header = ['Status', 'Scope', 'Metric', 'Value', 'Target', 'Threshold', 'n', '95% CI', 'Better'];
  const align = ['---', '---', '---', '---:', '---:', '---:', '---:', '---', '---'];
  const rows = [
    ...overall.map((k) => kpiRow(k, metrics.overall, 'Overall', kpiUnit(map, k, metrics))),
    ...perTouchpoint.map((k) => kpiRow(k, segmentOf(map, metrics, k.touchpoint!), md(names.get(k.touchpoint!) ?? k.touchpoint!), kpiUnit(map, k, metrics))),
  ];
  return [
    statusCounts(metrics.kpis),
    '',
    ...markdownTable(header, align, rows),
    '',
    'NPS in points (-100 to 100); CSAT, FCR, completion and abandonment in % of answers; CES as the mean answer on its scale. The 95% CI is in the unit of the value.',
  ];
}

/** `62.3% [51.2, 72.3] · n 77`: NPS in points, the other scores in % (the interval in the same unit). */
function metricCell(result: MetricResult | undefined, metric: ReportMetric): string {
  if (!result) return '-';
  return `${scoreText(result.score)}${metric === 'nps' ? '' : '%'} ${intervalText(result.ci95)} · n ${result.n}${result.lowSample ? ' ⚠️' : ''}`;
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
  const out: string[] = [
    "Score [95% CI] · n per segment: NPS in points (-100 to 100), CSAT, CES, FCR and completion in % of answers; ⚠️ marks a low sample. Segments the map knows carry its name, the export's value in brackets.",
  ];
  const names = segmentNames(map, metrics);
  for (const [dimension, segments] of dimensions) {
    const entries = Object.entries(segments);
    const columns = metricsIn(entries.map(([, set]) => set));
    const named = Object.hasOwn(names, dimension) ? names[dimension] : undefined;
    const rows = entries.map(([segment, set]) => [segmentLabel(segment, named?.get(segment)), ...columns.map((m) => metricCell(set[m], m))]);
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
      return metricCell(period[m], m) + arrow;
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
  notes.push(`- **Responses:** ${s.included} of ${plural(s.rows, 'row')} included, ${excludedCount(metrics)} excluded${reasons.length > 0 ? ` (${reasons.join(', ')})` : ''}`);
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
