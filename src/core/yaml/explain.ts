import type { Diagnostic } from '../diagnostics.js';

/**
 * Rewrites the YAML library's syntax errors in plain words, at the line with the mistake, and
 * drops the follow-on errors one mistake causes in the rest of its block.
 *
 * The library reports what its grammar saw: one extra space before `channel:` under
 * `name: Checkout` is "Nested mappings are not allowed in compact mappings" on the `name` line
 * (a value cannot also be a mapping); a tab is one error and then every later line of the item
 * fails again. Reading the lines around the first error tells what the author did instead: a line
 * indented more or less than the keys above it, a value holding ": ", a quote or bracket never
 * closed. Only the text is read here (no second parse); what cannot be explained keeps the
 * library's words with a plainer hint.
 */
export function explainSyntaxErrors(text: string, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const lines = analyse(text);
  const sorted = [...diagnostics].sort((a, b) => a.line - b.line || a.column - b.column);
  const result: Diagnostic[] = [];
  /** Errors up to this line follow from the mistake already reported. */
  let coveredUntil = 0;
  for (const d of sorted) {
    if (d.line <= coveredUntil) continue;
    const { diagnostic, line } = explain(d, lines);
    result.push(diagnostic);
    coveredUntil = blockEnd(lines, line);
  }
  return result;
}

interface Line {
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

function analyse(text: string): Line[] {
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
function misindented(lines: readonly Line[], line: Line | undefined): Misindented | undefined {
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

const SPACES = (n: number): string => (n === 1 ? 'one space' : `${n} spaces`);

function explain(d: Diagnostic, lines: readonly Line[]): { diagnostic: Diagnostic; line: number } {
  const at = (number: number): Line | undefined => lines[number - 1];
  const here = at(d.line);
  if (d.code === 'yaml/tab-indent') {
    return {
      diagnostic: { ...d, message: 'This line is indented with a tab; YAML indents with spaces only.' },
      line: d.line,
    };
  }
  // The library reports extra indentation on the line above the mistake, less on the line itself.
  const wrong = misindented(lines, here) ?? misindented(lines, at(d.line + 1));
  if (wrong) {
    const { line, by, reference, expected } = wrong;
    const what = line.dash && !reference.dash ? 'item' : 'key';
    const name = line.key !== undefined ? `'${clipKey(line.key)}'` : 'this item';
    const endOfKey = line.keyColumn + (line.key?.length ?? 1);
    return {
      diagnostic: {
        ...d,
        message: `This line is indented ${SPACES(Math.abs(by))} ${by > 0 ? 'more' : 'less'} than the ${reference.key !== undefined || !reference.dash ? 'keys' : 'items'} above it.`,
        hint:
          by > 0
            ? `Start ${name} at column ${expected + 1}, under '${clipKey(reference.key ?? '')}' on line ${reference.number}; a key can only go deeper under a key that ends with ':' and has no value.`
            : `Start ${name} at column ${expected + 1}, in line with the ${what}s of its mapping; every key of one mapping starts at the same column.`,
        line: line.number,
        column: Math.min(expected, line.indent) + 1,
        endLine: line.number,
        endColumn: Math.max(endOfKey, expected + 1) + 1,
      },
      line: line.number,
    };
  }
  if (/Nested mappings are not allowed in compact mappings/.test(d.message) && here?.key !== undefined && /:\s/.test(here.value)) {
    const column = here.text.indexOf(here.value, here.keyColumn + here.key.length) + 1;
    return {
      diagnostic: {
        ...d,
        message: `The value of '${clipKey(here.key)}' holds ': ', which YAML reads as the start of another key.`,
        hint: `Put the value in quotes: ${clipKey(here.key)}: "${here.value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}".`,
        line: here.number,
        column: column > 0 ? column : d.column,
        endLine: here.number,
        endColumn: column > 0 ? column + here.value.length : d.endColumn,
      },
      line: here.number,
    };
  }
  if (/^Missing closing ["']quote/.test(d.message)) {
    const quote = d.message.includes('"quote') ? '"' : "'";
    const opened = openingQuote(lines, d.line, quote);
    const line = opened ?? here;
    return {
      diagnostic: {
        ...d,
        message: `A value opened with ${quote} is never closed.`,
        hint: `End the value with ${quote} on the same line${quote === '"' ? ', or write \\" for a quote inside it' : ", or write '' for a quote inside it"}.`,
        ...(opened ? { line: opened.number, column: opened.column, endLine: opened.number, endColumn: opened.column + 1 } : {}),
      },
      line: line?.number ?? d.line,
    };
  }
  if (/^Flow (sequence|mapping) in block collection/.test(d.message)) {
    const bracket = d.message.startsWith('Flow sequence') ? '[' : '{';
    const close = bracket === '[' ? ']' : '}';
    const opened = openingBracket(lines, d.line, bracket, close);
    return {
      diagnostic: {
        ...d,
        message: `A ${bracket === '[' ? 'list' : 'mapping'} opened with '${bracket}' is never closed with '${close}'.`,
        hint: `Close it with '${close}' (it may span lines if they are indented further than its key), or write the items one '- item' per line.`,
        ...(opened ? { line: opened.number, column: opened.column, endLine: opened.number, endColumn: opened.column + 1 } : {}),
      },
      line: opened?.number ?? d.line,
    };
  }
  if (/^Implicit (map )?keys need to/.test(d.message) && here?.content && here.key === undefined) {
    return {
      diagnostic: {
        ...d,
        message: `This line is neither 'key: value' nor a list item ('- item').`,
        hint: "Put ': ' (a colon and a space) after the key, or '- ' before a list item; a long text goes in quotes or after '>' on the key's line.",
      },
      line: d.line,
    };
  }
  if (/^A block sequence may not be used as an implicit map key/.test(d.message)) {
    const dashKey = lines.slice(0, d.line).reverse().find((l) => l.content && l.key !== undefined && /^-\S/.test(l.key));
    if (dashKey) {
      return {
        diagnostic: {
          ...d,
          message: `'${clipKey(dashKey.key!)}' has no space after the dash, so YAML reads it as a key, not a list item.`,
          hint: `Write '- ${clipKey(dashKey.key!.slice(1))}: …' with a space after the dash.`,
          line: dashKey.number,
          column: dashKey.keyColumn + 1,
          endLine: dashKey.number,
          endColumn: dashKey.keyColumn + dashKey.key!.length + 1,
        },
        line: dashKey.number,
      };
    }
    return {
      diagnostic: {
        ...d,
        message: 'This list item stands among keys of a mapping at the same indentation.',
        hint: "A list goes under a key that ends with ':', one '- item' per line indented under it.",
      },
      line: d.line,
    };
  }
  if (/^All (mapping|collection) items must start at the same column/.test(d.message)) {
    return {
      diagnostic: { ...d, message: 'This line does not line up with the keys above it.', hint: 'Every key of one mapping (and every item of one list) starts at the same column.' },
      line: d.line,
    };
  }
  return {
    diagnostic: { ...d, hint: d.hint ?? 'Fix the YAML syntax at this position (check indentation, quotes and brackets).' },
    line: d.line,
  };
}

/** Where the quote that is never closed was opened: the last line up to `number` with an odd count. */
function openingQuote(lines: readonly Line[], number: number, quote: string): { number: number; column: number } | undefined {
  for (let i = Math.min(number, lines.length) - 1; i >= 0; i--) {
    const text = lines[i]!.text;
    const positions = [...text].flatMap((ch, j) => (ch === quote ? [j] : []));
    if (positions.length % 2 === 1) return { number: i + 1, column: positions[positions.length - 1]! + 1 };
  }
  return undefined;
}

/** The last line up to `number` holding an opening bracket its line does not close. */
function openingBracket(lines: readonly Line[], number: number, open: string, close: string): { number: number; column: number } | undefined {
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
function blockEnd(lines: readonly Line[], number: number): number {
  const line = lines[number - 1];
  const p = previous(lines, number);
  if (!line || !p) return number;
  let column: number;
  if (p.dash && !p.tab) column = p.indent;
  else {
    const parent = p.tab ? undefined : lines.slice(0, p.number - 1).reverse().find((l) => l.content && !l.tab && l.indent < p.indent);
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

function clipKey(key: string): string {
  return key.length > 40 ? `${key.slice(0, 40)}…` : key;
}
