import type { Document, LineCounter as LineCounterType, Node as YamlNode } from 'yaml';
import { CST, Composer, Lexer, LineCounter, Parser, isAlias, isMap, isPair, isScalar, isSeq, visit } from 'yaml';
import type { Diagnostic, Range } from '../diagnostics.js';
import { toPointer } from '../diagnostics.js';
import { explainSyntaxErrors } from './explain.js';
import { SourceMap } from './source-map.js';

export interface YamlLimits {
  /** Deepest nesting of mappings and sequences. */
  maxDepth: number;
  /**
   * Most nodes (keys, values, lists and mappings) the document may hold as written, and may
   * expand to with its aliases (billion-laughs guard).
   */
  maxNodes: number;
  /** Most keys in one mapping. */
  maxKeys: number;
  /**
   * Most YAML tokens (scalars, punctuation, comments, line breaks) the file may hold. The yaml
   * library's parser keeps every token of the file, at 100 to 250 bytes each, before anything
   * else can look at the document, so this bounds its memory; a file is refused while it is
   * still being tokenized, as soon as it passes the bound.
   */
  maxTokens: number;
}

export const DEFAULT_YAML_LIMITS: YamlLimits = { maxDepth: 64, maxNodes: 100_000, maxKeys: 1_000, maxTokens: 500_000 };

/**
 * The YAML library composes nodes recursively, one level per nested mapping, sequence or flow
 * collection, and catches the stack overflow that deep input causes. Catching is not enough:
 * V8 aborts the whole process ("FATAL ERROR: RegExpCompiler") when a regular expression happens
 * to be compiled with the stack nearly exhausted, and 200,000 brackets take minutes as the
 * overflow is caught at every level. Its parser recurses too, once per level it closes at a
 * time (2,000 nested block mappings followed by a key at the margin overflow it, uncaught). So
 * nesting is measured on the parser's stack after every token, and again on the concrete syntax
 * tree, and neither the parser nor the composer ever sees a document far from the stack limit
 * (the composer overflows at about 900 flow levels here). The bound is well above the semantic
 * limit (`maxDepth`), which is checked with a path during conversion.
 */
const MAX_SYNTAX_NESTING = 256;

/** Zero-width markers the lexer emits (document start, plain scalar, flow end): not tokens. */
const MARKERS = new Set<string>([CST.DOCUMENT, CST.SCALAR, CST.FLOW_END]);

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

/** Why the file was refused before the composer ran, with the offset to report. */
interface Refusal {
  offset: number;
  diagnostic: (range: Range) => Diagnostic;
}

/**
 * Tokenizes and parses the text into the library's concrete syntax tree, one token at a time,
 * refusing it as soon as it holds too many tokens, too many nodes (every scalar, alias and flow
 * collection is one, so this count never exceeds the exact one) or nests too deep on the
 * parser's stack: memory and time stay bounded whatever the file holds.
 */
function readTokens(text: string, onNewLine: (offset: number) => void, limits: YamlLimits): { tokens: CST.Token[]; aliases: number } | Refusal {
  const parser = new Parser(onNewLine);
  onNewLine(0);
  const tokens: CST.Token[] = [];
  let count = 0;
  let nodes = 0;
  let aliases = 0;
  let scalarText = false;
  for (const lexeme of new Lexer().lex(text)) {
    // The text after a plain or block scalar's marker is that scalar, whatever its first character.
    const opensNode =
      lexeme === CST.SCALAR || (!scalarText && (lexeme[0] === '"' || lexeme[0] === "'" || lexeme === '[' || lexeme === '{' || lexeme[0] === '*'));
    if (!scalarText && lexeme[0] === '*') aliases++;
    scalarText = lexeme === CST.SCALAR;
    if (opensNode && ++nodes > limits.maxNodes) return { offset: parser.offset, diagnostic: (range) => tooManyNodes(range, limits) };
    if (!MARKERS.has(lexeme) && ++count > limits.maxTokens) {
      return { offset: parser.offset, diagnostic: (range) => tooManyTokens(range, limits) };
    }
    for (const token of parser.next(lexeme)) tokens.push(token);
    // The stack holds the document, the open collections and at most a scalar being read.
    if (parser.stack.length > MAX_SYNTAX_NESTING + 1) {
      const collections = parser.stack.filter((token) => CST.isCollection(token));
      if (collections.length > MAX_SYNTAX_NESTING) {
        return { offset: collections[MAX_SYNTAX_NESTING]!.offset, diagnostic: (range) => tooDeep(range, limits) };
      }
    }
  }
  for (const token of parser.end()) tokens.push(token);
  return { tokens, aliases };
}

/**
 * Walks the concrete syntax tree (iteratively) and returns the first place, in document order,
 * that nests past MAX_SYNTAX_NESTING, opens a mapping with more than `maxKeys` keys, or brings the
 * node count past `maxNodes`. Nodes are counted as the conversion counts them without aliases:
 * one per collection, per key of a mapping, per value, and per alias.
 */
function structureExceeded(tokens: readonly CST.Token[], limits: YamlLimits): Refusal | undefined {
  // Depth first, in document order (pushed in reverse), so the first offending place is reported.
  const pending: { token: CST.Token | null | undefined; depth: number }[] = tokens.map((token) => ({ token, depth: 0 })).reverse();
  let nodes = 0;
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { token, depth } = next;
    if (!token) continue;
    switch (token.type) {
      case 'document':
        nodes++;
        pending.push({ token: token.value, depth });
        break;
      case 'block-map':
      case 'block-seq':
      case 'flow-collection': {
        if (depth + 1 > MAX_SYNTAX_NESTING) return { offset: token.offset, diagnostic: (range) => tooDeep(range, limits) };
        const isMapping = token.type === 'block-map' || (token.type === 'flow-collection' && token.start.source === '{');
        if (isMapping && token.items.length > limits.maxKeys) {
          const keys = token.items.length;
          return { offset: token.offset, diagnostic: (range) => tooManyKeys(range, keys, limits) };
        }
        // The collection itself is counted where it is a value (or the document's root).
        for (const item of token.items) {
          const pair = item.key !== undefined || item.sep !== undefined;
          // A pair in a mapping is a key and a value; one in a flow sequence ([a: 1]) is a mapping too.
          const weight = token.type === 'block-seq' ? 1 : isMapping ? (pair ? 2 : 1) : pair ? 3 : 1;
          nodes += weight;
          if (nodes > limits.maxNodes) {
            const at = item.key ?? item.value ?? item.start[0] ?? item.sep?.[0];
            return { offset: at?.offset ?? token.offset, diagnostic: (range) => tooManyNodes(range, limits) };
          }
        }
        for (let i = token.items.length - 1; i >= 0; i--) {
          const item = token.items[i]!;
          pending.push({ token: item.value, depth: depth + 1 }, { token: item.key, depth: depth + 1 });
        }
        break;
      }
      default:
        break;
    }
  }
  return undefined;
}

export interface ParsedYaml {
  /** The plain JS value; undefined when the YAML could not be read. */
  value: unknown;
  sourceMap: SourceMap;
  diagnostics: Diagnostic[];
}

const CORE_TAGS = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`),
);

const YAML_ERROR_CODES: Record<string, { code: string; hint: string }> = {
  TAB_AS_INDENT: {
    code: 'yaml/tab-indent',
    hint: 'YAML indentation must use spaces; replace the tab with spaces (two per level is the convention).',
  },
};

class StopConversion extends Error {}

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
  const read = readTokens(text, lineCounter.addNewLine, limits);
  const refused = 'tokens' in read ? structureExceeded(read.tokens, limits) : read;
  if (refused) {
    return { value: undefined, sourceMap, diagnostics: [refused.diagnostic(rangeOf(refused.offset, refused.offset + 1))] };
  }
  const { tokens, aliases } = read as { tokens: CST.Token[]; aliases: number };
  // Duplicate keys are found while converting, in linear time: the library's own check compares
  // every key with every other (32,000 keys took 4 s) and lets `1` and "1" overwrite each other.
  const composer = new Composer({ uniqueKeys: false, strict: true, merge: false, version: '1.2' });
  keepFirstErrors(composer, MAX_SYNTAX_ERRORS);
  // Errors between documents (a stray ']' after the root) reach the composer as tokens of their own.
  let strayErrors = 0;
  const kept = tokens.filter((token) => token.type !== 'error' || ++strayErrors <= MAX_SYNTAX_ERRORS);
  const documents: Document.Parsed[] = Array.from(composer.compose(kept));

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
  if (diagnostics.length > 0) return { value: undefined, sourceMap, diagnostics: dedupeByLine(explainSyntaxErrors(text, diagnostics)) };

  const first = documents[0];
  if (!first || first.contents === null) {
    return {
      value: undefined,
      sourceMap,
      diagnostics: [
        {
          code: 'yaml/empty',
          severity: 'error',
          message: 'The file holds no YAML document.',
          hint: 'A journey map needs at least version, id, title and stages; `journey init` writes a complete example.',
          path: '',
          ...rangeOf(0, 0),
        },
      ],
    };
  }
  if (documents.length > 1) {
    const second = documents[1]!;
    const start = second.range[0];
    return {
      value: undefined,
      sourceMap,
      diagnostics: [
        {
          code: 'yaml/multiple-documents',
          severity: 'error',
          message: 'The file holds more than one YAML document; a journey map is exactly one.',
          hint: "Split the documents into separate files, or remove the '---' separator.",
          path: '',
          ...rangeOf(start, start + 3),
        },
      ],
    };
  }

  // Alias.resolve() walks the whole document per alias; index the anchors once instead.
  const anchors = new Map<string, { node: YamlNode; offset: number }[]>();
  // Skipped when the file holds no alias (a walk of every node).
  if (aliases > 0) {
    visit(first, (_key, node) => {
      const anchored = node as YamlNode;
      if ((isScalar(anchored) || isMap(anchored) || isSeq(anchored)) && anchored.anchor) {
        const list = anchors.get(anchored.anchor) ?? [];
        list.push({ node: anchored, offset: anchored.range?.[0] ?? 0 });
        anchors.set(anchored.anchor, list);
      }
    });
  }
  /** The last anchor of this name defined before the alias (a name may be reused; listed in document order). */
  const resolveAlias = (name: string, offset: number): YamlNode | undefined => {
    const list = anchors.get(name) ?? [];
    let low = 0;
    let high = list.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (list[middle]!.offset < offset) low = middle + 1;
      else high = middle;
    }
    return list[low - 1]?.node;
  };

  let nodes = 0;
  let aliasesExpanded = false;
  const countNode = (pointer: string, range: Range): void => {
    if (++nodes <= limits.maxNodes) return;
    // The document as written was counted before composing, so only aliases can get here; the
    // check stays in case the two counts ever differ.
    fail(
      aliasesExpanded
        ? {
            code: 'yaml/alias-limit',
            severity: 'error',
            message: `The document expands to more than ${limits.maxNodes.toLocaleString('en-US')} nodes through its aliases.`,
            hint: 'Aliases (*name) that repeat large anchors multiply the document (the "billion laughs" attack); write the content out or split the file.',
            path: pointer,
            ...range,
          }
        : { ...tooManyNodes(range, limits), path: pointer },
    );
  };
  const expanding = new Set<YamlNode>();
  const fail = (diagnostic: Diagnostic): never => {
    diagnostics.push(diagnostic);
    throw new StopConversion();
  };
  const nodeRange = (node: YamlNode | null | undefined, fallback: Range): Range =>
    node?.range ? rangeOf(node.range[0], Math.max(node.range[1], node.range[0])) : fallback;

  // Inside an alias expansion positions would point at the anchor, so nodes there are located
  // at the alias itself (the nearest recorded ancestor), which also keeps expansion cheap.
  let aliasDepth = 0;
  /** The alias being expanded (the outermost one), where nodes inside the expansion are reported. */
  let expandingAt: Range | undefined;
  const convert = (
    node: YamlNode | null | undefined,
    /** JSON pointer of the node, built one token per level (no path array per node). */
    pointer: string,
    depth: number,
    keyRange: Range | undefined,
    fallback: Range,
  ): unknown => {
    const range = nodeRange(node, fallback);
    if (aliasDepth === 0) sourceMap.set(pointer, keyRange ? { key: keyRange, value: range } : { value: range });
    countNode(pointer, aliasDepth > 0 && expandingAt ? expandingAt : range);
    if (depth > limits.maxDepth) fail({ ...tooDeep(range, limits), path: pointer });
    if (node === null || node === undefined) return null;
    if (node.tag !== undefined && !CORE_TAGS.has(node.tag)) {
      const start = node.range ? tagStart(text, node.range[0]) : -1;
      fail({
        code: 'yaml/unknown-tag',
        severity: 'error',
        message: `Tag '${node.tag.replace('tag:yaml.org,2002:', '!!')}' is not allowed in a journey map.`,
        hint: 'Remove the tag; journey maps use plain YAML 1.2 strings, numbers, booleans, lists and mappings.',
        path: pointer,
        ...(start >= 0 ? rangeOf(start, node.range![1]) : range),
      });
    }
    if (isAlias(node)) {
      const target = resolveAlias(node.source, node.range?.[0] ?? Infinity);
      if (!target) {
        fail({
          code: 'yaml/unknown-alias',
          severity: 'error',
          message: `Alias '*${node.source}' refers to no anchor defined before it.`,
          hint: 'Define the anchor (&name) before the alias, or write the value out.',
          path: pointer,
          ...range,
        });
      }
      if (expanding.has(target!)) {
        fail({
          code: 'yaml/alias-cycle',
          severity: 'error',
          message: `Alias '*${node.source}' refers to a node that contains it.`,
          hint: 'Recursive aliases cannot be represented as data; write the value out.',
          path: pointer,
          ...range,
        });
      }
      expanding.add(target!);
      aliasesExpanded = true;
      if (aliasDepth === 0) expandingAt = range;
      aliasDepth++;
      const value = convert(target, pointer, depth, keyRange, range);
      aliasDepth--;
      expanding.delete(target!);
      return value;
    }
    if (isScalar(node)) {
      const value = node.value;
      if (typeof value === 'number' && !Number.isFinite(value)) {
        fail({
          code: 'yaml/non-finite-number',
          severity: 'error',
          message: `The value '${String(node.source ?? value)}' is not a finite number.`,
          hint: 'Write a plain number; .inf and .nan have no meaning on a journey-map scale.',
          path: pointer,
          ...range,
        });
      }
      return typeof value === 'bigint' ? Number(value) : value;
    }
    if (isSeq(node)) {
      const result: unknown[] = [];
      node.items.forEach((item, index) => {
        result.push(convert(item as YamlNode | null, `${pointer}/${index}`, depth + 1, undefined, range));
      });
      return result;
    }
    if (isMap(node)) {
      const result: Record<string, unknown> = {};
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as YamlNode | null;
        const keyNodeRange = nodeRange(keyNode, range);
        if (keyNode !== null && !isScalar(keyNode)) {
          fail({
            code: 'yaml/complex-key',
            severity: 'error',
            message: 'A mapping key must be a plain value, not a list or a mapping.',
            hint: 'Use a plain text key.',
            path: pointer,
            ...keyNodeRange,
          });
        }
        const key = keyNode === null ? '' : String((keyNode as { value: unknown }).value);
        const keyPointer = pointer + toPointer([key]);
        countNode(keyPointer, keyNodeRange);
        if (Object.hasOwn(result, key)) {
          // Reported once, where it is written (not again where an alias repeats it), and the
          // conversion goes on, so every repeated key of the file is listed at once.
          if (aliasDepth === 0) {
            diagnostics.push({
              code: 'yaml/duplicate-key',
              severity: 'error',
              message: `Key '${key.length > 80 ? `${key.slice(0, 80)}…` : key}' appears more than once in this mapping.`,
              hint: 'Remove one of the two entries or merge them; YAML keeps only one and the other would be lost silently.',
              path: keyPointer,
              ...keyNodeRange,
            });
          }
          continue;
        }
        const value = convert(pair.value as YamlNode | null, keyPointer, depth + 1, keyNodeRange, keyNodeRange);
        // defineProperty: `__proto__` and `constructor` become own data, never the prototype.
        Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
      }
      return result;
    }
    return null;
  };

  try {
    const value = convert(first.contents, '', 0, undefined, rangeOf(0, 0));
    if (diagnostics.length > 0) return { value: undefined, sourceMap, diagnostics: dedupeByLine(diagnostics) };
    return { value, sourceMap, diagnostics };
  } catch (error) {
    if (error instanceof StopConversion) return { value: undefined, sourceMap, diagnostics: dedupeByLine(diagnostics) };
    throw error;
  }
}

/** Offset where the tag written before a node starts (`!!binary`, `!foo`), or -1. */
function tagStart(text: string, nodeStart: number): number {
  let i = nodeStart - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  while (i > 0 && !/\s/.test(text[i - 1]!)) i--;
  return text[i] === '!' ? i : -1;
}

/** A refusal of the whole document at `range` (its limits, its nesting). */
function documentError(code: string, range: Range, message: string, hint: string): Diagnostic {
  return { code, severity: 'error', message, hint, path: '', ...range };
}

const grouped = (n: number): string => n.toLocaleString('en-US');

function tooDeep(range: Range, limits: YamlLimits): Diagnostic {
  return documentError(
    'yaml/too-deep',
    range,
    `The document nests deeper than ${limits.maxDepth} levels.`,
    'Real files nest a few levels deep (a journey map about eight); check for runaway brackets or indentation.',
  );
}

function tooManyNodes(range: Range, limits: YamlLimits): Diagnostic {
  return documentError(
    'yaml/too-many-nodes',
    range,
    `The document holds more than ${grouped(limits.maxNodes)} nodes (keys, values, lists and mappings).`,
    'A journey map holds a few thousand; split the journey into sub-journeys linked with links_to.',
  );
}

function tooManyKeys(range: Range, keys: number, limits: YamlLimits): Diagnostic {
  return documentError(
    'yaml/too-many-keys',
    range,
    `This mapping has ${grouped(keys)} keys, more than the ${grouped(limits.maxKeys)} allowed in one mapping.`,
    'A mapping in a journey map has tens of keys; lists (- id: ...) hold the many stages, touchpoints and personas.',
  );
}

function tooManyTokens(range: Range, limits: YamlLimits): Diagnostic {
  return documentError(
    'yaml/too-many-tokens',
    range,
    `The file holds more than ${grouped(limits.maxTokens)} YAML tokens (values, punctuation, comments and line breaks).`,
    'A journey map holds a few thousand; check for generated or repeated content, or split the journey into sub-journeys linked with links_to.',
  );
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
