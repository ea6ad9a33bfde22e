import { painter } from '../../output/painter.js';
import { escapeTerminal as t } from '../../escape/terminal.js';
import type { Change, FileDiff } from '../types.js';
import { KIND_LABELS, changeLabel, changeSubject, fileLabel, largestRiseName, quoted, scoreChangeText, stageName, summaryText, valueText } from './shared.js';
import type { DiffFormatter } from './types.js';
import { plural } from '../../output/plural.js';

const SIGNS: Readonly<Record<Change['change'], string>> = { added: '+', removed: '-', moved: '>', renamed: '~', changed: '~' };

/**
 * One change: the item by its name (or description) with its id in brackets, so it can be found
 * in the YAML; stages by name; KPI targets with their unit.
 */
function changeLine(f: FileDiff, c: Change): string {
  const label = changeLabel(c);
  const subject = label !== undefined && label.trim() !== '' ? `${quoted(label)} (${changeSubject(c)})` : changeSubject(c);
  const what = `${KIND_LABELS[c.kind]} ${t(subject)}`;
  switch (c.change) {
    case 'added':
      return `${what} added${c.stage !== undefined ? ` in ${t(stageName(f, c.stage))}` : ''}`;
    case 'removed':
      return `${what} removed${c.stage !== undefined ? ` from ${t(stageName(f, c.stage))}` : ''}`;
    case 'moved':
      return `${what} moved: ${t(valueText(f, c, c.before))} -> ${t(valueText(f, c, c.after))}`;
    default:
      return `${what}${c.change === 'renamed' ? ' renamed' : ''}: ${t(c.field ?? '')} ${t(valueText(f, c, c.before))} -> ${t(valueText(f, c, c.after))}`;
  }
}

/**
 * The human format: one block per map, a sign per change, friction and priority deltas (0..100,
 * changes in points), a summary line. Items by name with their id in brackets; `--format json`
 * has the ids alone.
 */
export const text: DiffFormatter = (report, options) => {
  const c = painter(options.color);
  const colour: Readonly<Record<Change['change'], (s: string) => string>> = { added: c.green, removed: c.red, moved: c.yellow, renamed: c.cyan, changed: c.cyan };
  const lines: string[] = [];
  for (const f of report.files) {
    if (f.status === 'unchanged') continue;
    lines.push(`${c.underline(t(fileLabel(f)))}${f.journey ? ` (${t(f.journey)})` : ''}: ${t(summaryText(f))}`);
    for (const change of f.changes) lines.push(`  ${colour[change.change](`${SIGNS[change.change]} ${changeLine(f, change)}`)}`);
    for (const s of f.scores) {
      const rise = s.frictionDelta !== null && s.frictionDelta > 0;
      const friction = `friction ${scoreChangeText(s.friction, s.frictionDelta)}`;
      lines.push(
        `  ${c.dim('=')} ${t(s.name.trim() === '' ? s.touchpoint : s.name)}: ${rise ? c.red(friction) : friction}, priority ${scoreChangeText(s.priority, s.priorityDelta)}`,
      );
    }
    for (const side of ['base', 'head'] as const) {
      for (const d of f.diagnostics?.[side] ?? []) {
        lines.push(`  ${c.red('!')} ${side} ${t(side === 'base' ? (f.base ?? '') : (f.head ?? ''))}:${d.line}:${d.column} ${t(d.message)} ${c.dim(t(d.code))}`);
      }
    }
    lines.push('');
  }
  const s = report.summary;
  const rise = s.maxFrictionIncrease ? `; largest friction rise: ${t(largestRiseName(report) ?? s.maxFrictionIncrease.touchpoint)} +${s.maxFrictionIncrease.delta} points` : '';
  const counts = `${s.changed} changed, ${s.added} added, ${s.removed} removed, ${s.invalid} not valid, ${s.unchanged} unchanged`;
  lines.push(s.files === 0 ? 'No journey maps changed.' : `${plural(s.files, 'map')} compared: ${counts}${rise}`);
  return lines.join('\n') + '\n';
};
