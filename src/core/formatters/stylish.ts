import { Chalk } from 'chalk';
import type { FileResult, Severity } from '../diagnostics.js';
import { escapeTerminal } from '../escape/terminal.js';
import { codeFrame } from './code-frame.js';
import { countsText, filesText, plural, problemCount } from './shared.js';
import { displayWidth } from './text-width.js';
import type { Formatter } from './types.js';
import { maxOf } from '../math.js';

type Painter = InstanceType<typeof Chalk>;

/** Widest message (in terminal cells) the code column is aligned after. */
const ALIGN_LIMIT = 80;

/**
 * The human format, after ESLint's: per file with findings, its path, then one aligned row per
 * finding (`line:column  severity  message  code`), a code frame when the source is known and
 * the hint; then a summary line. Text from the map is made terminal-safe (see escapeTerminal).
 */
export const stylish: Formatter = (report, options) => {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const sections = report.files.filter((file) => file.diagnostics.length > 0).map((file) => formatFile(file, c));
  const { summary } = report;
  const total = problemCount(summary);
  const footer =
    total === 0
      ? c.green(`✔ ${plural(summary.files, 'file')} checked, no problems`)
      : summaryColor(c, summary.errors > 0 ? 'error' : summary.warnings > 0 ? 'warning' : 'info')(
          `✖ ${plural(total, 'problem')} (${countsText(summary)}) ${filesText(report.files, summary)}`,
        );
  return [...sections, footer].join('\n\n') + '\n';
};

function formatFile(file: FileResult, c: Painter): string {
  const rows = file.diagnostics.map((d) => ({
    d,
    line: String(d.line),
    column: String(d.column),
    message: escapeTerminal(d.message),
  }));
  const lineWidth = maxOf(rows.map((r) => r.line.length));
  const columnWidth = maxOf(rows.map((r) => r.column.length));
  const severityWidth = maxOf(rows.map((r) => r.d.severity.length));
  // Codes line up after the widest message, unless one message is so long that padding the
  // others to it would wrap every row; those outliers just get the two-space gap.
  const messageWidth = maxOf(rows.map((r) => displayWidth(r.message)).filter((w) => w <= ALIGN_LIMIT), 0);

  const blocks = rows.map(({ d, line, column, message }) => {
    const position = `${line.padStart(lineWidth)}:${column.padEnd(columnWidth)}`;
    const severity = severityColor(c, d.severity)(d.severity) + ' '.repeat(severityWidth - d.severity.length);
    const gap = ' '.repeat(Math.max(0, messageWidth - displayWidth(message)));
    const out = [`  ${c.dim(position)}  ${severity}  ${message}${gap}  ${c.dim(d.code)}`];
    const frame = file.source === undefined ? '' : codeFrame(file.source, d, { color: c.level > 0, severity: d.severity });
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
