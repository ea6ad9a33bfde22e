import { markdownTable } from '../../output/markdown-table.js';
import { escapeMarkdownHeading, escapeMarkdownCell as md } from '../../escape/markdown.js';
import type { OpportunityScore, Quadrant, ScoreReport, TouchpointScore } from '../types.js';
import { quadrantLabel } from '../types.js';
import { cutNote, listed, momentOfTruthText, opportunityNotes, plainNumber, quadrantText, ratioText, stageName, touchpointNames, touchpointNotes, weightsText } from './shared.js';
import { scoreText } from '../../output/numbers.js';
import type { ScoreFormatter, ScoreFormatterOptions } from './types.js';

const QUADRANT_EMOJI: Readonly<Record<Quadrant, string>> = {
  'quick-win': '🎯',
  'major-project': '🏗️',
  'fill-in': '🧩',
  thankless: '⛔',
};

/**
 * GitHub-flavoured Markdown for pull-request comments and job summaries: a heading with the
 * journey's title, the settings in one line, the ranked touchpoints with why each ranks where it
 * does, and the opportunities with their quadrant. Names where a reader reads (touchpoint and
 * stage names, opportunity descriptions, quadrant names), each item's id after its name as a small
 * code span, so a reviewer finds it in the YAML. Every piece of text from the map (title, ids,
 * stages, explanations, descriptions, owners, the evidence file) goes through
 * escapeMarkdownCell, so a map cannot inject markup, links, mentions or HTML.
 */
export const markdown: ScoreFormatter = (report, options) => {
  const list = listed(report, options.top);
  const blocks = [
    [`### journeykit score: ${escapeMarkdownHeading(report.title === '' ? report.journey : report.title)}`],
    summaryBlock(report),
    touchpointBlock(report, list.touchpoints, list.totals.touchpoints, options),
    opportunityBlock(report, list.opportunities, list.totals.opportunities),
  ];
  return blocks.map((lines) => lines.join('\n')).join('\n\n') + '\n';
};

function summaryBlock(report: ScoreReport): string[] {
  const s = report.settings;
  const parts = [`Journey ${code(report.journey)}`, `weights: ${weightsText(s)}`, `moments of truth: ${momentOfTruthText(s)}`, `quadrants: ${quadrantText(s)}`];
  if (report.evidence !== undefined) {
    const note = report.evidence.note === undefined ? '' : ` (${md(report.evidence.note)})`;
    parts.push(`survey evidence: ${md(report.evidence.source)}${note}`);
  }
  return [parts.join(' · ')];
}

function touchpointBlock(report: ScoreReport, touchpoints: readonly TouchpointScore[], total: number, options: ScoreFormatterOptions): string[] {
  if (touchpoints.length === 0) return ['#### Touchpoints', '', total === 0 ? 'The map has no touchpoints.' : 'None listed (`--top 0`).'];
  const rows = touchpoints.map((t) => [
    String(t.rank),
    `${named(t.name, t.id)}${t.momentOfTruth ? ' ★' : ''}`,
    md(stageName(options, t.stage)),
    scoreText(t.friction),
    scoreText(t.priority),
    whyCell(t),
  ]);
  return [
    '#### Touchpoints',
    '',
    ...markdownTable(['#', 'Touchpoint', 'Stage', 'Friction', 'Priority', 'Why'], ['---:', '---', '---', '---:', '---:', '---'], rows),
    ...notes([touchpoints.some((t) => t.momentOfTruth) ? `★ moment of truth: ${momentOfTruthText(report.settings)}` : '', cutText(touchpoints.length, total, 'touchpoints')]),
  ];
}

/** The explanation, then in italics what was unknown or assumed (shared.ts touchpointNotes). */
function whyCell(t: TouchpointScore): string {
  return withNotes(md(t.explanation), touchpointNotes(t, md));
}

function opportunityBlock(report: ScoreReport, opportunities: readonly OpportunityScore[], total: number): string[] {
  const names = touchpointNames(report);
  if (opportunities.length === 0) return ['#### Opportunities', '', total === 0 ? 'The map has no opportunities.' : 'None listed (`--top 0`).'];
  const rows = opportunities.map((o) => [
    String(o.rank),
    descriptionCell(o),
    md(names.get(o.touchpoint) ?? o.touchpoint),
    plainNumber(o.impact),
    plainNumber(o.effort),
    o.quadrant === undefined ? '-' : `${QUADRANT_EMOJI[o.quadrant] ?? ''} ${md(quadrantLabel(o.quadrant))}`.trim(),
    ratioText(o.value),
    ratioText(o.rice),
    o.status === undefined ? '' : md(o.status),
    o.owner === undefined ? '' : md(o.owner),
  ]);
  return [
    '#### Opportunities',
    '',
    ...markdownTable(
      ['#', 'Opportunity', 'Touchpoint', 'Impact', 'Effort', 'Quadrant', 'Value', 'RICE', 'Status', 'Owner'],
      ['---:', '---', '---', '---:', '---:', '---', '---:', '---:', '---', '---'],
      rows,
    ),
    ...notes(['Impact and effort to deliver on a 1-5 scale; RICE = reach × impact × confidence ÷ effort.', cutText(opportunities.length, total, 'opportunities')]),
  ];
}

/** The description, its id, then in italics what was unknown. */
function descriptionCell(o: OpportunityScore): string {
  return withNotes(named(o.description, o.id), opportunityNotes(o, md));
}

/**
 * `Checkout `checkout``: the name, then the id as code when it says something the name does not
 * (an id that is not a plain identifier in brackets, escaped: `(id =cmd\|calc)`).
 */
function named(name: string, id: string): string {
  const text = md(name.trim() === '' ? id : name);
  if (name.trim() === id) return text;
  return isPlainId(id) ? `${text} \`${id}\`` : `${text} (id ${md(id)})`;
}

function isPlainId(id: string): boolean {
  return /^[\p{L}\p{N}_.-]+$/u.test(id);
}

/** `text _note; note_`. */
function withNotes(text: string, notes: readonly string[]): string {
  const italic = notes.length > 0 ? `_${notes.join('; ')}_` : '';
  return [text, italic].filter((part) => part !== '').join(' ');
}

// ---------------------------------------------------------------------------------------------

/** Footnotes under a table: one italic paragraph per non-empty note. */
function notes(lines: readonly string[]): string[] {
  return lines.filter((line) => line !== '').flatMap((line) => ['', `_${capitalise(line)}_`]);
}

/** `top 3 of 12 touchpoints.` under --top, else `''`. */
function cutText(shown: number, total: number, noun: string): string {
  const cut = cutNote(shown, total);
  return cut === '' ? '' : `${cut} ${noun}.`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Ids are shown as code when they are plain identifiers, as escaped text otherwise. */
function code(id: string): string {
  return isPlainId(id) ? `\`${id}\`` : md(id);
}
