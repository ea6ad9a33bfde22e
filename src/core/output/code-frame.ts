import type { Range, Severity } from '../diagnostics.js';
import { escapeTerminal } from '../escape/terminal.js';
import type { Painter } from './painter.js';
import { painter } from './painter.js';
import { displayWidth, graphemes } from './text-width.js';

export interface CodeFrameOptions {
  color: boolean;
  /** Colours the marker and the carets; defaults to `error`. */
  severity?: Severity;
}

/** Tab stops in the frame; YAML forbids tabs in indentation, so they only appear inside values. */
const TAB_WIDTH = 4;
/** Source cells shown per line; longer lines are cut around the column with `…`. */
const MAX_WIDTH = 100;
/** Cells kept before the column when a long line is cut. */
const CONTEXT_WIDTH = 30;
/**
 * UTF-16 units of a line laid out at most, around the column: grapheme segmentation of a whole
 * 400,000-character line took minutes, and only about MAX_WIDTH cells are ever shown.
 */
const MAX_LAYOUT = 2_000;

/** One grapheme of a source line as displayed: its UTF-16 offsets and its place on screen. */
interface Cell {
  start: number;
  end: number;
  x: number;
  text: string;
  width: number;
}

interface DisplayLine {
  cells: Cell[];
  width: number;
}

/**
 * The offending line of `source` with one line of context on each side, Babel style:
 *
 * ```
 *   11 |   - id: checkout
 * > 12 |     channel: webb
 *      |              ^^^^
 *   13 |     emotion: 2
 * ```
 *
 * The carets span the range when it ends on the same line and run to the end of the line when
 * it does not; there is always at least one. Returns `''` when the line is not in the source.
 * No trailing newline; no trailing spaces.
 */
export function codeFrame(source: string, range: Range, options: CodeFrameOptions): string {
  const lines = splitLines(source);
  // The empty "line" after a final newline only exists for diagnostics that point at it.
  const last = lines.length > 1 && lines[lines.length - 1] === '' && range.line !== lines.length ? lines.length - 1 : lines.length;
  if (range.line < 1 || range.line > last) return '';

  const c = painter(options.color);
  const paint = severityColor(c, options.severity ?? 'error');

  const first = Math.max(1, range.line - 1);
  const final = Math.min(last, range.line + 1);
  const shown: { number: number; line: DisplayLine }[] = [];
  for (let number = first; number <= final; number++) shown.push({ number, line: layout(lines[number - 1] ?? '', range.column - 1) });
  const target = shown.find((s) => s.number === range.line)!.line;

  const caretStart = xAt(target, range.column - 1);
  const caretEnd = range.endLine === range.line ? xBefore(target, range.endColumn - 1) : xBefore(target, (lines[range.line - 1] ?? '').trimEnd().length);

  const windowStart = target.width <= MAX_WIDTH ? 0 : clamp(caretStart - CONTEXT_WIDTH, 0, target.width - MAX_WIDTH);
  const windowEnd = windowStart + MAX_WIDTH;
  const prefixWidth = windowStart > 0 ? 1 : 0;

  const numberWidth = String(final).length;
  const out: string[] = [];
  for (const { number, line } of shown) {
    const isTarget = number === range.line;
    const marker = isTarget ? paint('>') : ' ';
    const gutter = c.dim(` ${String(number).padStart(numberWidth)} |`);
    const text = clip(line, windowStart, windowEnd);
    out.push(`${marker}${gutter}${text === '' ? '' : ' ' + text}`.trimEnd());
    if (isTarget) {
      const from = clamp(caretStart, windowStart, windowEnd);
      const to = Math.min(Math.max(caretEnd, caretStart), windowEnd);
      const carets = '^'.repeat(Math.max(1, to - from));
      const pad = ' '.repeat(prefixWidth + from - windowStart);
      out.push(` ${c.dim(` ${' '.repeat(numberWidth)} |`)} ${pad}${paint(carets)}`);
    }
  }
  return out.join('\n');
}

// A file with many findings asks for frames from the same source again and again.
let lastSource: string | undefined;
let lastLines: string[] = [];

/** Lines as the YAML parser counts them: LF ends a line, a CR before it is dropped. */
function splitLines(source: string): string[] {
  if (source !== lastSource) {
    lastLines = source.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
    lastSource = source;
  }
  return lastLines;
}

function severityColor(c: Painter, severity: Severity): (text: string) => string {
  if (severity === 'error') return (text) => c.red.bold(text);
  if (severity === 'warning') return (text) => c.yellow.bold(text);
  return (text) => c.blue.bold(text);
}

/** Lays out `line`, or for a very long line the MAX_LAYOUT units around offset `around`, with `…` cells where it was cut. */
function layout(line: string, around: number): DisplayLine {
  let start = 0;
  let end = line.length;
  if (line.length > MAX_LAYOUT) {
    start = clamp(around - MAX_LAYOUT / 4, 0, line.length - MAX_LAYOUT);
    if (/[\uDC00-\uDFFF]/.test(line[start] ?? '')) start += 1;
    end = start + MAX_LAYOUT;
    if (/[\uD800-\uDBFF]/.test(line[end - 1] ?? '')) end -= 1;
  }
  const cells: Cell[] = [];
  let x = 0;
  // A zero-length cell at the cut: the window and the carets work on it as on any other text.
  const cut = (at: number) => {
    cells.push({ start: at, end: at, x, text: '…', width: 1 });
    x += 1;
  };
  if (start > 0) cut(start);
  for (const { segment, index: sliceIndex } of graphemes(line.slice(start, end))) {
    const index = sliceIndex + start;
    // Tabs align to tab stops; everything else is made safe for the terminal first.
    const text = segment === '\t' ? ' '.repeat(TAB_WIDTH - (x % TAB_WIDTH)) : escapeTerminal(segment);
    const width = segment === '\t' ? text.length : displayWidth(text);
    cells.push({ start: index, end: index + segment.length, x, text, width });
    x += width;
  }
  if (end < line.length) cut(end);
  return { cells, width: x };
}

/** Screen position of the cell holding UTF-16 offset `offset` (the end of the line past it). */
function xAt(line: DisplayLine, offset: number): number {
  return line.cells.find((cell) => cell.end > offset)?.x ?? line.width;
}

/** Screen position where a range ending before UTF-16 offset `offset` stops. */
function xBefore(line: DisplayLine, offset: number): number {
  return line.cells.find((cell) => cell.start >= offset)?.x ?? line.width;
}

/** The cells inside [from, to) on screen; `…` marks text cut on either side. */
function clip(line: DisplayLine, from: number, to: number): string {
  let cutBefore = false;
  let cutAfter = false;
  let text = '';
  let x = from;
  for (const cell of line.cells) {
    if (cell.x < from) {
      cutBefore = true;
      continue;
    }
    if (cell.x + cell.width > to) {
      cutAfter = true;
      break;
    }
    // A wide character cut by the window start leaves a gap.
    text += ' '.repeat(cell.x - x) + cell.text;
    x = cell.x + cell.width;
  }
  const prefix = from > 0 ? (cutBefore ? '…' : ' ') : '';
  return (prefix + text + (cutAfter ? '…' : '')).trimEnd();
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
