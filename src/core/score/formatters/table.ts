import type { Painter } from '../../output/painter.js';
import { painter, sectionsText } from '../../output/painter.js';
import { escapeTerminal as t } from '../../escape/terminal.js';
import type { Cell, Column, Row } from '../../output/table.js';
import { cell, label, left, renderTable, right } from '../../output/table.js';
import type { OpportunityScore, Quadrant, ScoreReport, TouchpointScore } from '../types.js';
import { quadrantLabel } from '../types.js';
import { cutNote, listed, momentOfTruthText, opportunityNotes, plainNumber, quadrantText, ratioText, stageName, touchpointNames, touchpointNotes, weightsText } from './shared.js';
import { scoreText } from '../../output/numbers.js';
import type { ScoreFormatter, ScoreFormatterOptions } from './types.js';

/** Terminal cells of a priority bar at 100. */
const BAR_WIDTH = 10;
const INDENT = '  ';
const GAP = '  ';

/**
 * The human format of `journey score`: the journey and the settings the scores were computed
 * with, the touchpoints by priority (with a bar, ★ for a moment of truth, and under each row why
 * it ranks there and which inputs were unknown), then the opportunities by value for effort with
 * their quadrant in colour (quick win green, major project yellow, fill-in dim, thankless red).
 * Names, not ids: a touchpoint's and a stage's name, an opportunity's description (whole under
 * the row when the column cuts it), the quadrant's name; ids are in `--format json` and `csv`.
 *
 * Friction and priority have one decimal, value and RICE two; `-` is an unknown figure. Text from the
 * map goes through escapeTerminal; columns are aligned on display width, so CJK and emoji ids
 * line up.
 */
export const table: ScoreFormatter = (report, options) => {
  const c = painter(options.color);
  const list = listed(report, options.top);
  const sections = [
    headerSection(report, c),
    touchpointSection(report, list.touchpoints, list.totals.touchpoints, c, options),
    opportunitySection(report, list.opportunities, list.totals.opportunities, c),
  ];
  return sectionsText(sections);
};

// ---------------------------------------------------------------------------------------------
// Sections

function headerSection(report: ScoreReport, c: Painter): string[] {
  const s = report.settings;
  const fields: [string, string][] = [
    ['Journey', `${c.bold(t(report.journey))}${report.title === '' ? '' : `${GAP}${t(report.title)}`}`],
    ['Weights', `${weightsText(s)}; moment of truth ×${plainNumber(s.momentOfTruth)}`],
    ['Quadrants', quadrantText(s)],
  ];
  if (report.evidence !== undefined) {
    const note = report.evidence.note === undefined ? '' : ` (${t(report.evidence.note)})`;
    fields.push(['Evidence', `${t(report.evidence.source)}${note}`]);
  }
  const width = Math.max(...fields.map(([label]) => label.length)) + GAP.length;
  return fields.map(([label, value]) => c.dim(label) + ' '.repeat(width - label.length) + value);
}

function touchpointSection(report: ScoreReport, touchpoints: readonly TouchpointScore[], total: number, c: Painter, options: ScoreFormatterOptions): string[] {
  const title = sectionTitle('Touchpoints', touchpoints.length, total, c);
  if (touchpoints.length === 0) return [title, `${INDENT}${total === 0 ? 'The map has no touchpoints.' : 'None listed (--top 0).'}`];
  const columns: Column[] = [right('#'), left('Touchpoint'), left('Stage'), right('Friction'), right('Priority'), { header: '', align: 'left', gap: ' ' }, left('MoT')];
  const rows = touchpoints.map((tp): Row => ({
    cells: [
      cell(String(tp.rank)),
      cell(label(tp.name.trim() === '' ? tp.id : tp.name)),
      cell(label(stageName(options, tp.stage))),
      cell(scoreText(tp.friction)),
      cell(scoreText(tp.priority)),
      cell(bar(tp.priority)),
      tp.momentOfTruth ? cell('★', c.yellow) : cell(''),
    ],
    details: [t(tp.explanation), ...touchpointNotes(tp, t)].filter((line) => line !== ''),
  }));
  const legend = touchpoints.some((tp) => tp.momentOfTruth) ? [c.dim(`${INDENT}★ moment of truth: ${momentOfTruthText(report.settings)}`)] : [];
  return [title, ...renderTable(columns, rows, c), ...legend];
}

const QUADRANT_COLORS: Readonly<Record<Quadrant, (c: Painter) => (text: string) => string>> = {
  'quick-win': (c) => c.green,
  'major-project': (c) => c.yellow,
  'fill-in': (c) => c.dim,
  thankless: (c) => c.red,
};

function opportunitySection(report: ScoreReport, opportunities: readonly OpportunityScore[], total: number, c: Painter): string[] {
  const names = touchpointNames(report);
  const title = sectionTitle('Opportunities', opportunities.length, total, c);
  if (opportunities.length === 0) return [title, `${INDENT}${total === 0 ? 'The map has no opportunities.' : 'None listed (--top 0).'}`];
  const columns: Column[] = [
    right('#'),
    left('Opportunity'),
    left('Touchpoint'),
    right('Impact'),
    right('Effort'),
    left('Quadrant'),
    right('Value'),
    right('RICE'),
    left('Status'),
    left('Owner'),
  ];
  const rows = opportunities.map((o): Row => {
    const flat = o.description.replace(/\s+/g, ' ').trim();
    const description = flat === '' ? o.id : flat;
    const shown = label(description);
    return {
      cells: [
        cell(String(o.rank)),
        cell(shown),
        cell(label(names.get(o.touchpoint) ?? o.touchpoint)),
        figure(plainNumber(o.impact), c),
        figure(plainNumber(o.effort), c),
        o.quadrant === undefined ? cell('-', c.dim) : cell(t(quadrantLabel(o.quadrant)), (QUADRANT_COLORS[o.quadrant] ?? QUADRANT_COLORS['fill-in'])(c)),
        figure(ratioText(o.value), c),
        figure(ratioText(o.rice), c),
        cell(label(o.status ?? '')),
        cell(label(o.owner ?? '')),
      ],
      // The whole description under the row only when the column cut it.
      details: [shown === t(description) ? '' : t(description), ...opportunityNotes(o, t)].filter((line) => line !== ''),
    };
  });
  return [title, ...renderTable(columns, rows, c), c.dim(`${INDENT}impact and effort to deliver on a 1-5 scale; RICE = reach × impact × confidence ÷ effort`)];
}

/** `Touchpoints`, or `Touchpoints (top 3 of 12)` under --top. */
function sectionTitle(title: string, shown: number, total: number, c: Painter): string {
  const cut = cutNote(shown, total);
  return c.bold(title) + (cut === '' ? '' : ` ${c.dim(`(${cut})`)}`);
}

/** Priority 0..100 as a bar of BAR_WIDTH cells, in eighths of a cell: 65.3 is `██████▌`. */
export function bar(value: number): string {
  if (!Number.isFinite(value)) return '';
  const eighths = Math.round((Math.min(100, Math.max(0, value)) / 100) * BAR_WIDTH * 8);
  return '█'.repeat(Math.floor(eighths / 8)) + (PARTIAL_BLOCKS[eighths % 8] ?? '');
}

const PARTIAL_BLOCKS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

// ---------------------------------------------------------------------------------------------
// Table layout

/** A figure; `-` (unknown) dim. */
function figure(text: string, c: Painter): Cell {
  return text === '-' ? cell(text, c.dim) : cell(text);
}
