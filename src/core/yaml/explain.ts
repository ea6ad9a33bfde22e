import type { Diagnostic } from '../diagnostics.js';
import type { Line } from './lines.js';
import { analyse, blockEnd, misindented, openingBracket, openingQuote } from './lines.js';

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

const SPACES = (n: number): string => (n === 1 ? 'one space' : `${n} spaces`);

/** A rewritten diagnostic, and the line whose block the follow-on errors are dropped from. */
interface Explained {
  diagnostic: Diagnostic;
  line: number;
}

/** One kind of mistake: its explanation when `d` is that mistake, else undefined. */
type Explainer = (d: Diagnostic, lines: readonly Line[]) => Explained | undefined;

/** The first explainer that recognizes the error rewrites it; the order matters. */
function explain(d: Diagnostic, lines: readonly Line[]): Explained {
  for (const explainer of EXPLAINERS) {
    const explained = explainer(d, lines);
    if (explained) return explained;
  }
  return {
    diagnostic: { ...d, hint: d.hint ?? 'Fix the YAML syntax at this position (check indentation, quotes and brackets).' },
    line: d.line,
  };
}

const tabIndent: Explainer = (d) =>
  d.code === 'yaml/tab-indent' ? { diagnostic: { ...d, message: 'This line is indented with a tab; YAML indents with spaces only.' }, line: d.line } : undefined;

const misindentation: Explainer = (d, lines) => {
  // The library reports extra indentation on the line above the mistake, less on the line itself.
  const wrong = misindented(lines, lines[d.line - 1]) ?? misindented(lines, lines[d.line]);
  if (!wrong) return undefined;
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
};

const colonInValue: Explainer = (d, lines) => {
  const here = lines[d.line - 1];
  if (!/Nested mappings are not allowed in compact mappings/.test(d.message) || here?.key === undefined || !/:\s/.test(here.value)) return undefined;
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
};

const unclosedQuote: Explainer = (d, lines) => {
  if (!/^Missing closing ["']quote/.test(d.message)) return undefined;
  const quote = d.message.includes('"quote') ? '"' : "'";
  const opened = openingQuote(lines, d.line, quote);
  const line = opened ?? lines[d.line - 1];
  return {
    diagnostic: {
      ...d,
      message: `A value opened with ${quote} is never closed.`,
      hint: `End the value with ${quote} on the same line${quote === '"' ? ', or write \\" for a quote inside it' : ", or write '' for a quote inside it"}.`,
      ...(opened ? { line: opened.number, column: opened.column, endLine: opened.number, endColumn: opened.column + 1 } : {}),
    },
    line: line?.number ?? d.line,
  };
};

const unclosedBracket: Explainer = (d, lines) => {
  if (!/^Flow (sequence|mapping) in block collection/.test(d.message)) return undefined;
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
};

const notKeyValue: Explainer = (d, lines) => {
  const here = lines[d.line - 1];
  if (!/^Implicit (map )?keys need to/.test(d.message) || !here?.content || here.key !== undefined) return undefined;
  return {
    diagnostic: {
      ...d,
      message: `This line is neither 'key: value' nor a list item ('- item').`,
      hint: "Put ': ' (a colon and a space) after the key, or '- ' before a list item; a long text goes in quotes or after '>' on the key's line.",
    },
    line: d.line,
  };
};

const listAmongKeys: Explainer = (d, lines) => {
  if (!/^A block sequence may not be used as an implicit map key/.test(d.message)) return undefined;
  const dashKey = lines
    .slice(0, d.line)
    .reverse()
    .find((l) => l.content && l.key !== undefined && /^-\S/.test(l.key));
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
};

const notLinedUp: Explainer = (d) =>
  /^All (mapping|collection) items must start at the same column/.test(d.message)
    ? {
        diagnostic: {
          ...d,
          message: 'This line does not line up with the keys above it.',
          hint: 'Every key of one mapping (and every item of one list) starts at the same column.',
        },
        line: d.line,
      }
    : undefined;

const EXPLAINERS: readonly Explainer[] = [tabIndent, misindentation, colonInValue, unclosedQuote, unclosedBracket, notKeyValue, listAmongKeys, notLinedUp];

function clipKey(key: string): string {
  return key.length > 40 ? `${key.slice(0, 40)}…` : key;
}
