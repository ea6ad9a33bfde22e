import type { CST, Document, LineCounter as LineCounterType } from 'yaml';
import { Composer, LineCounter } from 'yaml';
import type { Diagnostic, Range } from '../diagnostics.js';
import type { RangeOf } from './convert.js';
import { convertDocument } from './convert.js';
import { explainSyntaxErrors } from './explain.js';
import { readTokens, structureExceeded } from './guards.js';
import { DEFAULT_YAML_LIMITS } from './limits.js';
import type { YamlLimits } from './limits.js';
import { SourceMap } from './source-map.js';

export type { YamlLimits } from './limits.js';
export { DEFAULT_YAML_LIMITS } from './limits.js';

/**
 * Syntax errors kept from the composer. It builds an Error object (with a stack trace) for each,
 * and a file can hold one per token: 500,000 stray brackets took 5 s and 850 MB.
 */
const MAX_SYNTAX_ERRORS = 100;

/**
 * Makes the composer drop the errors after the first `max`. It reports them through its own
 * `onError` property, read at each call; if a later version of the library does otherwise, this
 * does nothing and the errors are only bounded by the token limit.
 */
function keepFirstErrors(composer: Composer, max: number): void {
  const internal = composer as unknown as { onError?: unknown };
  if (typeof internal.onError !== 'function') return;
  const report = internal.onError as (...args: unknown[]) => void;
  let count = 0;
  internal.onError = (...args: unknown[]): void => {
    if (++count <= max) report(...args);
  };
}

export interface ParsedYaml {
  /** The plain JS value; undefined when the YAML could not be read. */
  value: unknown;
  sourceMap: SourceMap;
  diagnostics: Diagnostic[];
}

const YAML_ERROR_CODES: Record<string, { code: string; hint: string }> = {
  TAB_AS_INDENT: {
    code: 'yaml/tab-indent',
    hint: 'YAML indentation must use spaces; replace the tab with spaces (two per level is the convention).',
  },
};

/**
 * Parses one YAML document into plain data and a source map, refusing what a journey map must
 * never contain: several documents, unknown tags, complex keys, repeated keys, non-finite
 * numbers, and tokens, nodes, keys per mapping, nesting or alias expansion beyond the limits.
 * The limits are checked before the library builds the part they bound (tokens and nesting while
 * it tokenizes, nodes and keys on its syntax tree before composing, aliases while converting), so
 * time and memory stay linear in what the limits allow. Keys such as `__proto__` are ordinary own
 * properties, so they never reach an object's prototype.
 */
export function parseYaml(text: string, limits: YamlLimits = DEFAULT_YAML_LIMITS): ParsedYaml {
  const sourceMap = new SourceMap();
  const lineCounter = new LineCounter();
  const rangeOf = (start: number, end: number): Range => toRange(lineCounter, start, end);
  const refuse = (diagnostics: Diagnostic[]): ParsedYaml => ({ value: undefined, sourceMap, diagnostics });
  const read = readTokens(text, lineCounter.addNewLine, limits);
  const refused = 'tokens' in read ? structureExceeded(read.tokens, limits) : read;
  if (refused) return refuse([refused.diagnostic(rangeOf(refused.offset, refused.offset + 1))]);
  const { tokens, aliases } = read as { tokens: CST.Token[]; aliases: number };
  const documents = compose(tokens);
  const syntax = syntaxErrors(documents, rangeOf);
  if (syntax.length > 0) return refuse(dedupeByLine(explainSyntaxErrors(text, syntax)));
  const notOne = notOneDocument(documents, rangeOf);
  if (notOne) return refuse([notOne]);
  const { value, diagnostics } = convertDocument(documents[0]!, { text, limits, rangeOf, sourceMap, hasAliases: aliases > 0 });
  if (diagnostics.length > 0) return refuse(dedupeByLine(diagnostics));
  return { value, sourceMap, diagnostics };
}

/** The documents of the syntax tree, composed with the library's own checks that cost more than linear time off. */
function compose(tokens: readonly CST.Token[]): Document.Parsed[] {
  // Duplicate keys are found while converting, in linear time: the library's own check compares
  // every key with every other (32,000 keys took 4 s) and lets `1` and "1" overwrite each other.
  const composer = new Composer({ uniqueKeys: false, strict: true, merge: false, version: '1.2' });
  keepFirstErrors(composer, MAX_SYNTAX_ERRORS);
  // Errors between documents (a stray ']' after the root) reach the composer as tokens of their own.
  let strayErrors = 0;
  const kept = tokens.filter((token) => token.type !== 'error' || ++strayErrors <= MAX_SYNTAX_ERRORS);
  return Array.from(composer.compose(kept));
}

/** The library's syntax errors as diagnostics, in its own words. */
function syntaxErrors(documents: readonly Document.Parsed[], rangeOf: RangeOf): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const document of documents) {
    for (const error of document.errors) {
      const known = YAML_ERROR_CODES[error.code];
      const range = rangeOf(error.pos[0], Math.max(error.pos[1], error.pos[0] + 1));
      diagnostics.push({
        code: known?.code ?? 'yaml/syntax',
        severity: 'error',
        message: sentence(error.message),
        hint: known?.hint ?? 'Fix the YAML syntax at this position (check indentation, quotes and brackets).',
        path: '',
        ...range,
      });
    }
  }
  return diagnostics;
}

/** The refusal of a file that holds no document, or more than one. */
function notOneDocument(documents: readonly Document.Parsed[], rangeOf: RangeOf): Diagnostic | undefined {
  const first = documents[0];
  if (!first || first.contents === null) {
    return {
      code: 'yaml/empty',
      severity: 'error',
      message: 'The file holds no YAML document.',
      hint: 'A journey map needs at least version, id, title and stages; `journey init` writes a complete example.',
      path: '',
      ...rangeOf(0, 0),
    };
  }
  if (documents.length > 1) {
    const start = documents[1]!.range[0];
    return {
      code: 'yaml/multiple-documents',
      severity: 'error',
      message: 'The file holds more than one YAML document; a journey map is exactly one.',
      hint: "Split the documents into separate files, or remove the '---' separator.",
      path: '',
      ...rangeOf(start, start + 3),
    };
  }
  return undefined;
}

function toRange(lineCounter: LineCounterType, start: number, end: number): Range {
  const a = lineCounter.linePos(start);
  const b = lineCounter.linePos(end);
  return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
}

function sentence(message: string): string {
  const trimmed = message.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** The YAML parser often reports one mistake several times on the same line: keep the first. */
function dedupeByLine(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<number>();
  return diagnostics.filter((d) => {
    if (seen.has(d.line)) return false;
    seen.add(d.line);
    return true;
  });
}
