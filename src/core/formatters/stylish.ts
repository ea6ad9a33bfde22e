import type { Painter } from '../output/painter.js';
import { painter } from '../output/painter.js';
import type { Diagnostic, FileResult, Severity } from '../diagnostics.js';
import { escapeTerminal } from '../escape/terminal.js';
import { codeFrame } from '../output/code-frame.js';
import { countsText, filesText, problemCount } from './shared.js';
import { plural } from '../output/plural.js';
import { displayWidth } from '../output/text-width.js';
import type { Formatter } from './types.js';
import { maxOf } from '../math.js';

/** Widest message (in terminal cells) the code column is aligned after. */
const ALIGN_LIMIT = 80;

/**
 * The human format, after ESLint's: per file with findings, its path, then one aligned row per
 * finding (`line:column  severity  message  code`), a code frame when the source is known and
 * the hint (many findings of one rule with one fix share a row that lists their places); then a
 * summary line. Text from the map is made terminal-safe (see escapeTerminal).
 */
export const stylish: Formatter = (report, options) => {
  const c = painter(options.color);
  const sections = report.files.filter((file) => file.diagnostics.length > 0).map((file) => formatFile(file, c));
  const { summary } = report;
  const total = problemCount(summary);
  const footer =
    total === 0
      ? c.green(`✔ ${plural(summary.files, 'file')} checked, no problems`)
      : summary.errors === 0 && summary.warnings === 0
        ? // Infos alone are no failure: a neutral line, no ✖ and no colour.
          `${plural(summary.infos, 'info')}, no errors or warnings ${filesText(report.files, summary)}`
        : summaryColor(
            c,
            summary.errors > 0 ? 'error' : summary.warnings > 0 ? 'warning' : 'info',
          )(`✖ ${plural(total, 'problem')} (${countsText(summary)}) ${filesText(report.files, summary)}`);
  return [...sections, footer].join('\n\n') + '\n';
};

/** Findings of one rule with the same fix, from this many on, are shown as one row. */
export const COLLAPSE_FROM = 3;

/** Locations listed on a collapsed row before "and N more". */
const LOCATIONS_SHOWN = 8;

/** One row of the listing: a finding, or a group of findings of one rule with the same hint. */
interface Row {
  d: Diagnostic;
  /** The other findings of the group (empty for a single finding). */
  more: Diagnostic[];
}

/**
 * Groups findings of one rule whose hint is the same (the same unknown owner, the same missing
 * channel: one fix) when there are COLLAPSE_FROM or more of them; a group stands where its first
 * finding stands, so the listing stays in line order.
 */
function rowsOf(diagnostics: readonly Diagnostic[]): Row[] {
  const groups = new Map<string, Diagnostic[]>();
  const keyOf = (d: Diagnostic): string | undefined => (d.code.startsWith('lint/') && d.hint !== undefined ? `${d.code}\u0000${d.severity}\u0000${d.hint}` : undefined);
  for (const d of diagnostics) {
    const key = keyOf(d);
    if (key === undefined) continue;
    const list = groups.get(key) ?? [];
    list.push(d);
    groups.set(key, list);
  }
  const rows: Row[] = [];
  for (const d of diagnostics) {
    const key = keyOf(d);
    const group = key === undefined ? undefined : groups.get(key);
    if (group === undefined || group.length < COLLAPSE_FROM) rows.push({ d, more: [] });
    else if (group[0] === d) rows.push({ d, more: group.slice(1) });
  }
  return rows;
}

/** Quoted values ('x') that every message of the group names, in the order of the first. */
function commonValues(messages: readonly string[]): string[] {
  const quoted = (message: string): string[] => message.match(/'[^']*'/g) ?? [];
  const [first, ...rest] = messages.map(quoted);
  return (first ?? []).filter((value, i, all) => all.indexOf(value) === i && rest.every((values) => values.includes(value)));
}

/** `unknown owner 'x' in 7 places: 3:10, 9:12, …`, from the rule's code and the shared values. */
function groupMessage(group: readonly Diagnostic[]): string {
  const first = group[0]!;
  const rule = first.code.replace(/^lint\//, '').replace(/-/g, ' ');
  const values = commonValues(group.map((d) => d.message));
  const where = group.slice(0, LOCATIONS_SHOWN).map((d) => `${d.line}:${d.column}`);
  const rest = group.length - where.length;
  return `${rule}${values.length > 0 ? ` ${values.join(' ')}` : ''} in ${group.length} places: ${where.join(', ')}${rest > 0 ? ` and ${rest} more` : ''}`;
}

function formatFile(file: FileResult, c: Painter): string {
  const rows = rowsOf(file.diagnostics).map(({ d, more }) => ({
    d,
    grouped: more.length > 0,
    line: String(d.line),
    column: String(d.column),
    message: escapeTerminal(more.length > 0 ? groupMessage([d, ...more]) : d.message),
  }));
  const lineWidth = maxOf(rows.map((r) => r.line.length));
  const columnWidth = maxOf(rows.map((r) => r.column.length));
  const severityWidth = maxOf(rows.map((r) => r.d.severity.length));
  // Codes line up after the widest message, unless one message is so long that padding the
  // others to it would wrap every row; those outliers just get the two-space gap.
  const messageWidth = maxOf(
    rows.map((r) => displayWidth(r.message)).filter((w) => w <= ALIGN_LIMIT),
    0,
  );

  const blocks = rows.map(({ d, grouped, line, column, message }) => {
    const position = `${line.padStart(lineWidth)}:${column.padEnd(columnWidth)}`;
    const severity = severityColor(c, d.severity)(d.severity) + ' '.repeat(severityWidth - d.severity.length);
    const gap = ' '.repeat(Math.max(0, messageWidth - displayWidth(message)));
    const out = [`  ${c.dim(position)}  ${severity}  ${message}${gap}  ${c.dim(d.code)}`];
    // A group shows where it is (the locations) and its one fix, not a frame per place.
    const frame = file.source === undefined || grouped ? '' : codeFrame(file.source, d, { color: c.level > 0, severity: d.severity });
    if (frame !== '') out.push(indent(frame, '    '));
    if (d.hint !== undefined) out.push(`    ${c.dim('hint:')} ${escapeTerminal(d.hint)}`);
    return out;
  });
  // Findings with a frame or a hint get a blank line between them; bare rows stay compact.
  const body = blocks.map((lines, i) => (i > 0 && (lines.length > 1 || blocks[i - 1]!.length > 1) ? ['', ...lines] : lines)).flat();
  return [c.underline(escapeTerminal(file.file)), ...body].join('\n');
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');
}

function severityColor(c: Painter, severity: Severity): (text: string) => string {
  if (severity === 'error') return (text) => c.red(text);
  if (severity === 'warning') return (text) => c.yellow(text);
  return (text) => c.blue(text);
}

function summaryColor(c: Painter, severity: Severity): (text: string) => string {
  const color = severityColor(c, severity);
  return (text) => c.bold(color(text));
}
