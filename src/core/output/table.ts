import { escapeTerminal } from '../escape/terminal.js';
import { displayWidth, graphemes } from './text-width.js';
import { maxOf } from '../math.js';
import type { Painter } from './painter.js';

const INDENT = '  ';
const GAP = '  ';
/** Terminal cells user text may take in a table cell before it is cut with `…`. */
export const MAX_LABEL_WIDTH = 40;

/** Plain text (already terminal-safe) for measuring, and the same text with colour for printing. */
export interface Cell {
  text: string;
  styled?: string;
}

/** A table row, and the dim lines under it, indented to its second column. */
export interface Row {
  cells: readonly Cell[];
  details: readonly string[];
}

export interface Column {
  header: string;
  align: 'left' | 'right';
  /** Space before the column; two spaces unless a marker column sits closer to its neighbour. */
  gap?: string;
}

/** A column headed `header`, its cells left-aligned. */
export function left(header: string): Column {
  return { header, align: 'left' };
}

/** A column headed `header`, its cells right-aligned (figures). */
export function right(header: string): Column {
  return { header, align: 'right' };
}

export function cell(text: string, paint?: (text: string) => string): Cell {
  return paint === undefined || text === '' ? { text } : { text, styled: paint(text) };
}

/**
 * The human tables of every command: rows padded to display width (CJK and emoji count two
 * cells), two spaces between columns, a column whose every body cell is empty left out, each
 * row's details after it, dim, under the second column. No trailing spaces.
 */
export function renderTable(columns: readonly Column[], rows: readonly (readonly Cell[] | Row)[], c: Painter): string[] {
  const normal: Row[] = rows.map((row) => ('cells' in row ? row : { cells: row, details: [] }));
  const kept = columns.map((_, i) => i).filter((i) => normal.some((row) => (row.cells[i]?.text ?? '') !== ''));
  const widths = kept.map((i) =>
    maxOf(
      normal.map((row) => displayWidth(row.cells[i]?.text ?? '')),
      displayWidth(columns[i]!.header),
    ),
  );
  const gapBefore = (k: number): string => (k === 0 ? '' : (columns[kept[k]!]!.gap ?? GAP));
  const line = (cells: readonly Cell[]): string =>
    (
      INDENT +
      kept
        .map((i, k) => {
          const value = cells[i] ?? { text: '' };
          const pad = ' '.repeat(widths[k]! - displayWidth(value.text));
          const shown = value.styled ?? value.text;
          return gapBefore(k) + (columns[i]!.align === 'right' ? pad + shown : shown + pad);
        })
        .join('')
    ).trimEnd();
  const detailIndent = ' '.repeat(INDENT.length + (widths[0] ?? 0) + gapBefore(1).length);
  const header = line(columns.map((column) => cell(column.header, c.dim)));
  return [header, ...normal.flatMap((row) => [line(row.cells), ...row.details.map((detail) => detailIndent + c.dim(detail))])];
}

/** User text for a table cell: terminal-safe, cut to MAX_LABEL_WIDTH cells with `…`. */
export function label(text: string): string {
  const safe = escapeTerminal(text);
  if (displayWidth(safe) <= MAX_LABEL_WIDTH) return safe;
  let out = '';
  let width = 0;
  for (const { segment } of graphemes(safe)) {
    const w = displayWidth(segment);
    if (width + w > MAX_LABEL_WIDTH - 1) break;
    out += segment;
    width += w;
  }
  return out + '…';
}
