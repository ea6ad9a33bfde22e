/*
 * The lines of a YAML text as the syntax-error explanations read them: indentation, dashes, key
 * and value of each line, and the blocks, quotes and brackets they open.
 */

export interface Line {
  /** 1-based. */
  number: number;
  text: string;
  /** Leading spaces (a leading tab ends the count). */
  indent: number;
  /** The leading whitespace holds a tab. */
  tab: boolean;
  /** Neither blank, nor a comment, nor the inside of a block scalar (`|`, `>`). */
  content: boolean;
  /** A list item (`- ...`). */
  dash: boolean;
  /** 0-based column where the key (or the item's value) starts: after the dashes. */
  keyColumn: number;
  /** The key, when the line is `key:` or `key: value` (after any dashes). */
  key?: string;
  /** The value written after `key:`, comment removed ('' when none). */
  value: string;
  /** Lines below may nest under this one: `key:` with no value, a block scalar or a bare `-`. */
  opens: boolean;
}

const KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"[\]{}:,-][^#]*?|-[^\s#][^#]*?):(?:\s+|$)(.*)$/;

export function analyse(text: string): Line[] {
  const raw = text.split(/\r\n|\r|\n/);
  const lines: Line[] = [];
  /** Indentation of the line that opened a block scalar, while reading its content. */
  let scalarParent: number | undefined;
  raw.forEach((textOfLine, i) => {
    const lead = /^[ \t]*/.exec(textOfLine)![0];
    const indent = /^ */.exec(textOfLine)![0].length;
    const rest = textOfLine.slice(lead.length);
    const blank = rest === '' || rest.startsWith('#');
    if (scalarParent !== undefined && (blank || indent > scalarParent)) {
      lines.push({ number: i + 1, text: textOfLine, indent, tab: false, content: false, dash: false, keyColumn: indent, value: '', opens: false });
      return;
    }
    scalarParent = undefined;
    const dashes = /^(?:-(?: +|$))*/.exec(rest)![0];
    const body = rest.slice(dashes.length);
    const match = KEY.exec(body);
    const value = (match ? match[2]! : body).replace(/(^|\s)#.*$/, '').trim();
    const key = match ? match[1] : undefined;
    const blockScalar = /^[|>][-+0-9]*$/.test(value);
    if (blockScalar) scalarParent = indent;
    lines.push({
      number: i + 1,
      text: textOfLine,
      indent,
      tab: lead.includes('\t'),
      content: !blank,
      dash: dashes !== '',
      keyColumn: lead.length + dashes.length,
      ...(key !== undefined ? { key } : {}),
      value,
      opens: key !== undefined ? value === '' || blockScalar || /^&\S+$/.test(value) : dashes !== '' && body === '',
    });
  });
  return lines;
}

/** The content line before line `number` (1-based), if any. */
function previous(lines: readonly Line[], number: number): Line | undefined {
  for (let i = number - 2; i >= 0; i--) if (lines[i]!.content) return lines[i];
  return undefined;
}

/** Columns a line may start at after `p`: p's own columns and those of its ancestors. */
function columnsAfter(lines: readonly Line[], p: Line): Set<number> {
  const columns = new Set<number>([p.indent, p.keyColumn]);
  let level = p.indent;
  for (let i = p.number - 2; i >= 0 && level > 0; i--) {
    const line = lines[i]!;
    if (!line.content || line.tab || line.indent >= level) continue;
    columns.add(line.indent);
    columns.add(line.keyColumn);
    level = line.indent;
  }
  columns.add(0);
  return columns;
}

interface Misindented {
  line: Line;
  /** Spaces more (positive) or fewer (negative) than the keys it should line up with. */
  by: number;
  /** The line it should line up with. */
  reference: Line;
  /** 0-based column the line should start at. */
  expected: number;
}

/** The line `line` when it starts at a column no key above it allows. */
export function misindented(lines: readonly Line[], line: Line | undefined): Misindented | undefined {
  if (!line?.content || line.tab || (line.key === undefined && !line.dash)) return undefined;
  const p = previous(lines, line.number);
  if (!p || p.tab) return undefined;
  if (line.indent > p.keyColumn) {
    // Deeper than the key above is nesting only where that key opens a block.
    if (p.opens || p.key === undefined) return undefined;
    return { line, by: line.indent - p.keyColumn, reference: p, expected: p.keyColumn };
  }
  const columns = columnsAfter(lines, p);
  if (columns.has(line.indent)) return undefined;
  const expected = Math.min(...[...columns].filter((c) => c > line.indent));
  return { line, by: line.indent - expected, reference: p, expected };
}

/** Where the quote that is never closed was opened: the last line up to `number` with an odd count. */
export function openingQuote(lines: readonly Line[], number: number, quote: string): { number: number; column: number } | undefined {
  for (let i = Math.min(number, lines.length) - 1; i >= 0; i--) {
    const text = lines[i]!.text;
    const positions = [...text].flatMap((ch, j) => (ch === quote ? [j] : []));
    if (positions.length % 2 === 1) return { number: i + 1, column: positions[positions.length - 1]! + 1 };
  }
  return undefined;
}

/** The last line up to `number` holding an opening bracket its line does not close. */
export function openingBracket(lines: readonly Line[], number: number, open: string, close: string): { number: number; column: number } | undefined {
  for (let i = Math.min(number, lines.length) - 1; i >= 0; i--) {
    const text = lines[i]!.text;
    let depth = 0;
    let column = -1;
    for (let j = text.length - 1; j >= 0; j--) {
      if (text[j] === close) depth++;
      else if (text[j] === open) {
        if (depth === 0) {
          column = j;
          break;
        }
        depth--;
      }
    }
    if (column >= 0) return { number: i + 1, column: column + 1 };
  }
  return undefined;
}

/**
 * The last line of the block a mistake on line `number` disturbs: the item or mapping holding it,
 * up to the next line that starts at or left of that block's own column.
 */
export function blockEnd(lines: readonly Line[], number: number): number {
  const line = lines[number - 1];
  const p = previous(lines, number);
  if (!line || !p) return number;
  let column: number;
  if (p.dash && !p.tab) column = p.indent;
  else {
    const parent = p.tab
      ? undefined
      : lines
          .slice(0, p.number - 1)
          .reverse()
          .find((l) => l.content && !l.tab && l.indent < p.indent);
    column = parent?.indent ?? 0;
  }
  let end = number;
  for (let i = number; i < lines.length; i++) {
    const next = lines[i]!;
    if (!next.content) continue;
    if (!next.tab && next.indent <= column) break;
    end = next.number;
  }
  return end;
}
