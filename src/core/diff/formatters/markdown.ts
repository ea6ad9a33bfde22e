import { markdownTable } from '../../formatters/markdown-table.js';
import { escapeMarkdownCell as md, escapeMarkdownHtml } from '../../escape/markdown.js';
import { diffDiagram } from '../mermaid.js';
import type { Change, FileDiff } from '../types.js';
import { KIND_LABELS, changeSubject, fieldText, fileLabel, scoreText } from './shared.js';
import type { DiffFormatter } from './types.js';

/** First line of every diff comment, so a workflow can find and update its own earlier comment. */
export const DIFF_MARKER = '<!-- journeykit-diff -->';
/** GitHub refuses comments over 65,536 characters; details that do not fit are left out with a note. */
export const MAX_COMMENT_CHARS = 65_000;

function detailCell(c: Change): string {
  switch (c.change) {
    case 'added':
      return c.stage !== undefined ? `in ${md(c.stage)}` : '';
    case 'removed':
      return c.stage !== undefined ? `from ${md(c.stage)}` : '';
    case 'moved':
      return `${md(String(c.before))} → ${md(String(c.after))}`;
    default:
      return `${md(c.field ?? '')}: ${md(fieldText(c.before))} → ${md(fieldText(c.after))}`;
  }
}

function fileDetails(f: FileDiff): string[] {
  // The summary line is raw HTML (inside <details>), where GitHub still links mentions and
  // references: the file label of an invalid map is a path anyone opening a pull request chooses.
  const out: string[] = ['<details>', `<summary><b>${escapeMarkdownHtml(f.journey || fileLabel(f))}</b>: ${escapeMarkdownHtml(f.summary)}</summary>`, ''];
  if (f.changes.length > 0) {
    const rows = f.changes.map((c) => [c.change, KIND_LABELS[c.kind], md(changeSubject(c)), c.label !== undefined ? md(c.label.trim()) : '', detailCell(c)]);
    out.push(...markdownTable(['Change', 'Item', 'Id', 'Name', 'Details'], ['---', '---', '---', '---', '---'], rows), '');
  }
  if (f.scores.length > 0) {
    const rows = f.scores.map((s) => [md(s.name), md(s.stage), scoreText(s.friction, s.frictionDelta, '→') + (s.frictionDelta !== null && s.frictionDelta > 0 ? ' ⚠️' : ''), scoreText(s.priority, s.priorityDelta, '→')]);
    out.push('**Friction and priority** (score model on map fields, 0..100; ⚠️ friction rose)', '', ...markdownTable(['Touchpoint', 'Stage', 'Friction', 'Priority'], ['---', '---', '---', '---'], rows), '');
  }
  for (const side of ['base', 'head'] as const) {
    const diagnostics = f.diagnostics?.[side];
    if (!diagnostics) continue;
    const file = side === 'base' ? f.base : f.head;
    out.push(`**${side === 'base' ? 'Base' : 'Head'} map is not valid**, so it could not be compared:`, '');
    for (const d of diagnostics) out.push(`- ${md(file ?? '')}:${d.line}:${d.column} ${md(d.message)} (${md(d.code)})`);
    out.push('');
  }
  const diagram = diffDiagram(f);
  if (diagram !== undefined) out.push('**Touchpoints added, removed, moved or renamed**', '', '```mermaid', diagram.trimEnd(), '```', '');
  out.push('</details>');
  return out;
}

/** Made for a pull-request comment: marker, one-line summary, a table of maps, then collapsible details per map. */
export const markdown: DiffFormatter = (report) => {
  const s = report.summary;
  const head: string[] = [DIFF_MARKER, '### Journey map changes', ''];
  const counts = [`${s.changed} changed`, `${s.added} added`, `${s.removed} removed`, ...(s.invalid > 0 ? [`${s.invalid} not valid`] : [])].join(' · ');
  const rise = s.maxFrictionIncrease ? ` · largest friction rise: ${md(s.maxFrictionIncrease.touchpoint)} +${s.maxFrictionIncrease.delta}` : '';
  head.push(`Compared ${md(report.base)} with ${md(report.head)}: ${counts}${rise}`);
  const shown = report.files.filter((f) => f.status !== 'unchanged');
  if (shown.length === 0) return [...head, '', 'No journey map changed.', ''].join('\n');
  const status = (f: FileDiff) => (f.renamed ? `${f.status}, renamed` : f.status);
  head.push('', ...markdownTable(['Journey', 'File', 'Status', 'Summary'], ['---', '---', '---', '---'], shown.map((f) => [md(f.journey), md(fileLabel(f)), status(f), md(f.summary)])));
  const parts = [head.join('\n')];
  let length = parts[0]!.length;
  let left = 0;
  for (const f of shown) {
    const block = fileDetails(f).join('\n');
    if (length + block.length + 200 > MAX_COMMENT_CHARS) {
      left += 1;
      continue;
    }
    parts.push(block);
    length += block.length + 2;
  }
  if (left > 0) parts.push(`_Details of ${left} map${left === 1 ? '' : 's'} left out to stay within the comment size limit; run \`journey diff\` locally or use \`--format json\`._`);
  return parts.join('\n\n') + '\n';
};
