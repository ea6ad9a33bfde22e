import { markdownTable } from '../../output/markdown-table.js';
import { clip } from '../../clip.js';
import { escapeMarkdownCell as md, escapeMarkdownHtml } from '../../escape/markdown.js';
import { diffDiagram } from '../mermaid.js';
import type { Change, FileDiff } from '../types.js';
import { KIND_LABELS, changeLabel, changeSubject, fileLabel, largestRiseName, scoreChangeText, stageName, summaryText, valueText } from './shared.js';
import type { DiffFormatter } from './types.js';
import { plural, pluralWord } from '../../output/plural.js';

/** First line of every diff comment, so a workflow can find and update its own earlier comment. */
export const DIFF_MARKER = '<!-- journeykit-diff -->';
/**
 * GitHub refuses comments over 65,536 characters. The whole comment, the workflow's marker line
 * included, stays within this, whatever the number of maps or the length of their ids and names:
 * long text is cut in its cell, and tables, maps and diagrams that do not fit are left out whole
 * (never half a row or half a `<details>`), with a closing note on what is missing and where the
 * whole diff is.
 */
export const MAX_COMMENT_CHARS = 60_000;
/** Room kept for the closing note. */
const NOTE_ROOM = 700;
/** User text (ids, names, values, paths) longer than this is cut with an ellipsis in its cell. */
export const MAX_CELL_CHARS = 200;

/** A map's one-line summary (counts, and the touchpoint whose friction moved most) is cut at this. */
const MAX_SUMMARY_CHARS = 1_000;

/** User text for a table cell: cut, then escaped (cutting first never splits an escape). */
const cell = (text: string, max = MAX_CELL_CHARS): string => md(clip(text, max));
/** User text for the raw-HTML summary line: cut, then escaped. */
const htmlText = (text: string, max = MAX_CELL_CHARS): string => escapeMarkdownHtml(clip(text, max));

/** What changed, by name: stages by their name, KPI targets with their unit. */
function detailCell(f: FileDiff, c: Change): string {
  switch (c.change) {
    case 'added':
      return c.stage !== undefined ? `in ${cell(stageName(f, c.stage))}` : '';
    case 'removed':
      return c.stage !== undefined ? `from ${cell(stageName(f, c.stage))}` : '';
    case 'moved':
      return `${cell(valueText(f, c, c.before))} → ${cell(valueText(f, c, c.after))}`;
    default:
      return `${cell(c.field ?? '')}: ${cell(valueText(f, c, c.before))} → ${cell(valueText(f, c, c.after))}`;
  }
}

/** What was left out to keep within the limit. */
interface Omissions {
  maps: number;
  rows: number;
  diagrams: number;
  listed: number;
}

/** Lines of text counted against a character budget (each line with its newline). */
class Budget {
  constructor(private left: number) {}
  fits(lines: readonly string[]): boolean {
    return lines.reduce((n, line) => n + line.length + 1, 0) <= this.left;
  }
  take(lines: readonly string[]): void {
    this.left -= lines.reduce((n, line) => n + line.length + 1, 0);
  }
  /** The header lines and as many whole rows as fit while `after` (lines that must follow) still fits; how many rows were dropped. */
  table(header: readonly string[], rows: readonly string[], after: readonly string[], cap = Infinity): { lines: string[]; dropped: number } {
    let left = Math.min(this.left, cap) - [...header, ...after].reduce((n, line) => n + line.length + 1, 0);
    const kept: string[] = [];
    for (const row of rows) {
      if (row.length + 1 > left) break;
      kept.push(row);
      left -= row.length + 1;
    }
    return { lines: [...header, ...kept], dropped: rows.length - kept.length };
  }
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): { header: string[]; rows: string[] } {
  const lines = markdownTable(
    header,
    header.map(() => '---'),
    rows,
  );
  return { header: lines.slice(0, 2), rows: lines.slice(2) };
}

/** One map's collapsible details within `budget`, or undefined when not even its summary line fits. */
function fileDetails(f: FileDiff, budget: Budget, omitted: Omissions): string[] | undefined {
  // The summary line is raw HTML (inside <details>), where GitHub still links mentions and
  // references: the file label of an invalid map is a path anyone opening a pull request chooses.
  const open = ['<details>', `<summary><b>${htmlText(f.journey || fileLabel(f))}</b>: ${htmlText(summaryText(f, '→'), MAX_SUMMARY_CHARS)}</summary>`, ''];
  const close = ['</details>', ''];
  if (!budget.fits([...open, ...close])) return undefined;
  budget.take([...open, ...close]);
  const out = [...open];
  const more = (n: number, what: string): string[] => [`_${n} more ${what} not shown here._`, ''];
  const MORE_ROOM = more(999_999, 'score changes');
  if (f.changes.length > 0) {
    const t = table(
      ['Change', 'Item', 'Name', 'Id', 'Details'],
      f.changes.map((c) => {
        const label = changeLabel(c);
        return [c.change, KIND_LABELS[c.kind], label !== undefined ? cell(label.trim()) : '', cell(changeSubject(c)), detailCell(f, c)];
      }),
    );
    const { lines, dropped } = budget.table(t.header, t.rows, ['', ...MORE_ROOM]);
    if (lines.length > 2) {
      const block = [...lines, '', ...(dropped > 0 ? more(dropped, pluralWord(dropped, 'change')) : [])];
      out.push(...block);
      budget.take(block);
      omitted.rows += dropped;
    } else omitted.rows += f.changes.length;
  }
  if (f.scores.length > 0) {
    const title = ['**Friction and priority** (score model on map fields, 0-100; changes in points; ⚠️ friction rose)', ''];
    const t = table(
      ['Touchpoint', 'Stage', 'Friction', 'Priority'],
      f.scores.map((s) => [
        cell(s.name),
        cell(stageName(f, s.stage)),
        scoreChangeText(s.friction, s.frictionDelta, '→') + (s.frictionDelta !== null && s.frictionDelta > 0 ? ' ⚠️' : ''),
        scoreChangeText(s.priority, s.priorityDelta, '→'),
      ]),
    );
    const { lines, dropped } = budget.table([...title, ...t.header], t.rows, ['', ...MORE_ROOM]);
    if (lines.length > title.length + 2) {
      const block = [...lines, '', ...(dropped > 0 ? more(dropped, pluralWord(dropped, 'score change')) : [])];
      out.push(...block);
      budget.take(block);
      omitted.rows += dropped;
    } else omitted.rows += f.scores.length;
  }
  for (const side of ['base', 'head'] as const) {
    const diagnostics = f.diagnostics?.[side];
    if (!diagnostics) continue;
    const file = side === 'base' ? f.base : f.head;
    const intro = [`**${side === 'base' ? 'Base' : 'Head'} map is not valid**, so it could not be compared:`, ''];
    const items = diagnostics.map((d) => `- ${cell(file ?? '')}:${d.line}:${d.column} ${cell(d.message)} (${cell(d.code)})`);
    const { lines, dropped } = budget.table(intro, items, ['', ...MORE_ROOM]);
    const block = [...lines, '', ...(dropped > 0 ? more(dropped, pluralWord(dropped, 'problem')) : [])];
    out.push(...block);
    budget.take(block);
    omitted.rows += dropped;
  }
  const diagram = diffDiagram(f);
  if (diagram !== undefined) {
    const block = ['**Touchpoints added, removed, moved or renamed**', '', '```mermaid', diagram.trimEnd(), '```', ''];
    const instead = ['_The diagram of touchpoints added, removed, moved or renamed is left out to keep within the comment size limit._', ''];
    if (budget.fits(block)) {
      out.push(...block);
      budget.take(block);
    } else {
      if (budget.fits(instead)) {
        out.push(...instead);
        budget.take(instead);
      }
      omitted.diagrams += 1;
    }
  }
  out.push('</details>');
  return out;
}

function closingNote(o: Omissions): string | undefined {
  const parts: string[] = [];
  if (o.listed > 0) parts.push(`${plural(o.listed, 'map')} not listed in the table`);
  if (o.maps > 0) parts.push(`Details of ${plural(o.maps, 'map')} left out`);
  if (o.rows > 0) parts.push(`${plural(o.rows, 'table row')} left out`);
  if (o.diagrams > 0) parts.push(`${plural(o.diagrams, 'diagram')} left out`);
  if (parts.length === 0) return undefined;
  return `_Shortened to stay within the comment size limit: ${parts.join('; ')}. The whole diff: run \`journey diff\` (the text format) or \`journey diff --format json\`, or see the \`journeykit-diff\` artefact of the workflow run._`;
}

/** Made for a pull-request comment: marker, one-line summary, a table of maps, then collapsible details per map. */
export const markdown: DiffFormatter = (report) => {
  const s = report.summary;
  const budget = new Budget(MAX_COMMENT_CHARS - NOTE_ROOM);
  const head: string[] = [DIFF_MARKER, '### Journey map changes', ''];
  const counts = [`${s.changed} changed`, `${s.added} added`, `${s.removed} removed`, ...(s.invalid > 0 ? [`${s.invalid} not valid`] : [])].join(' · ');
  const rise = s.maxFrictionIncrease ? ` · largest friction rise: ${cell(largestRiseName(report) ?? s.maxFrictionIncrease.touchpoint)} +${s.maxFrictionIncrease.delta} points` : '';
  head.push(`Compared ${cell(report.base)} with ${cell(report.head)}: ${counts}${rise}`);
  const shown = report.files.filter((f) => f.status !== 'unchanged');
  if (shown.length === 0) return [...head, '', 'No journey map changed.', ''].join('\n');
  const status = (f: FileDiff) => (f.renamed ? `${f.status}, renamed` : f.status);
  budget.take([...head, '']);
  const t = table(
    ['Journey', 'File', 'Status', 'Summary'],
    shown.map((f) => [cell(f.journey), cell(fileLabel(f)), status(f), cell(summaryText(f, '→'), MAX_SUMMARY_CHARS)]),
  );
  // The table of maps comes first: every map's one-line summary, as many as fit; details after it.
  const { lines, dropped } = budget.table(t.header, t.rows, ['']);
  budget.take([...lines, '']);
  const omitted: Omissions = { maps: 0, rows: 0, diagrams: 0, listed: dropped };
  const parts = [[...head, '', ...lines].join('\n')];
  for (const f of shown) {
    const block = fileDetails(f, budget, omitted);
    if (block === undefined) omitted.maps += 1;
    else parts.push(block.join('\n'));
  }
  const note = closingNote(omitted);
  if (note !== undefined) parts.push(note);
  return parts.join('\n\n') + '\n';
};
