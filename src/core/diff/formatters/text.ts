import { Chalk } from 'chalk';
import { escapeTerminal as t } from '../../escape/terminal.js';
import type { Change } from '../types.js';
import { KIND_LABELS, changeSubject, fieldText, fileLabel, scoreText } from './shared.js';
import type { DiffFormatter } from './types.js';

const SIGNS: Readonly<Record<Change['change'], string>> = { added: '+', removed: '-', moved: '>', renamed: '~', changed: '~' };

function changeLine(c: Change): string {
  const what = `${KIND_LABELS[c.kind]} ${t(changeSubject(c))}`;
  const label = c.label !== undefined ? ` ${t(JSON.stringify(c.label.replace(/\s+/g, ' ').trim()))}` : '';
  switch (c.change) {
    case 'added':
      return `${what}${label} added${c.stage !== undefined ? ` in ${t(c.stage)}` : ''}`;
    case 'removed':
      return `${what}${label} removed${c.stage !== undefined ? ` from ${t(c.stage)}` : ''}`;
    case 'moved':
      return `${what} moved: ${t(String(c.before))} -> ${t(String(c.after))}`;
    default:
      return `${what}${c.change === 'renamed' ? ' renamed' : ''}: ${t(c.field ?? '')} ${t(fieldText(c.before))} -> ${t(fieldText(c.after))}`;
  }
}

/** The human format: one block per map, a sign per change, friction and priority deltas, a summary line. */
export const text: DiffFormatter = (report, options) => {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const colour: Readonly<Record<Change['change'], (s: string) => string>> = { added: c.green, removed: c.red, moved: c.yellow, renamed: c.cyan, changed: c.cyan };
  const lines: string[] = [];
  for (const f of report.files) {
    if (f.status === 'unchanged') continue;
    lines.push(`${c.underline(t(fileLabel(f)))}${f.journey ? ` (${t(f.journey)})` : ''}: ${t(f.summary)}`);
    for (const change of f.changes) lines.push(`  ${colour[change.change](`${SIGNS[change.change]} ${changeLine(change)}`)}`);
    for (const s of f.scores) {
      const rise = s.frictionDelta !== null && s.frictionDelta > 0;
      const friction = `friction ${scoreText(s.friction, s.frictionDelta)}`;
      lines.push(`  ${c.dim('=')} ${t(s.touchpoint)}: ${rise ? c.red(friction) : friction}, priority ${scoreText(s.priority, s.priorityDelta)}`);
    }
    for (const side of ['base', 'head'] as const) {
      for (const d of f.diagnostics?.[side] ?? []) {
        lines.push(`  ${c.red('!')} ${side} ${t(side === 'base' ? (f.base ?? '') : (f.head ?? ''))}:${d.line}:${d.column} ${t(d.message)} ${c.dim(t(d.code))}`);
      }
    }
    lines.push('');
  }
  const s = report.summary;
  const rise = s.maxFrictionIncrease ? `; largest friction rise: ${t(s.maxFrictionIncrease.touchpoint)} +${s.maxFrictionIncrease.delta}` : '';
  const counts = `${s.changed} changed, ${s.added} added, ${s.removed} removed, ${s.invalid} not valid, ${s.unchanged} unchanged`;
  lines.push(s.files === 0 ? 'No journey maps changed.' : `${s.files} map${s.files === 1 ? '' : 's'} compared: ${counts}${rise}`);
  return lines.join('\n') + '\n';
};
