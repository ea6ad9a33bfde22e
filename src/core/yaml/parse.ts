import type { CST, Document, LineCounter as LineCounterType, Node as YamlNode } from 'yaml';
import { Composer, LineCounter, Parser, isAlias, isMap, isPair, isScalar, isSeq, visit } from 'yaml';
import type { Diagnostic, Range } from '../diagnostics.js';
import { toPointer } from '../diagnostics.js';
import { SourceMap } from './source-map.js';

export interface YamlLimits {
  /** Deepest nesting of mappings and sequences. */
  maxDepth: number;
  /** Most nodes the document may expand to, aliases included (billion-laughs guard). */
  maxNodes: number;
}

export const DEFAULT_YAML_LIMITS: YamlLimits = { maxDepth: 64, maxNodes: 100_000 };

/**
 * The YAML library composes nodes recursively, one level per nested mapping, sequence or flow
 * collection, and catches the stack overflow that deep input causes. Catching is not enough:
 * V8 aborts the whole process ("FATAL ERROR: RegExpCompiler") when a regular expression happens
 * to be compiled with the stack nearly exhausted, and 200,000 brackets take minutes as the
 * overflow is caught at every level. So nesting is measured on the library's concrete syntax
 * tree, whose parser is iterative and linear, and the composer only ever sees documents far from
 * the stack limit (it overflows at about 900 flow levels here). The bound is well above the
 * semantic limit (`maxDepth`), which is checked with a path during conversion.
 */
const MAX_SYNTAX_NESTING = 256;

/** Offset of the first collection nested deeper than MAX_SYNTAX_NESTING, if any. */
function nestingExceeded(tokens: readonly CST.Token[]): number | undefined {
  // Depth first, in document order (pushed in reverse), so the first offending place is reported.
  const pending: { token: CST.Token | null | undefined; depth: number }[] = tokens.map((token) => ({ token, depth: 0 })).reverse();
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { token, depth } = next;
    if (!token) continue;
    switch (token.type) {
      case 'document':
        pending.push({ token: token.value, depth });
        break;
      case 'block-map':
      case 'block-seq':
      case 'flow-collection': {
        if (depth + 1 > MAX_SYNTAX_NESTING) return token.offset;
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
  DUPLICATE_KEY: {
    code: 'yaml/duplicate-key',
    hint: 'Remove one of the two entries or merge them; YAML keeps only one and the other would be lost silently.',
  },
  TAB_AS_INDENT: {
    code: 'yaml/tab-indent',
    hint: 'YAML indentation must use spaces; replace the tab with spaces (two per level is the convention).',
  },
};

class StopConversion extends Error {}

/**
 * Parses one YAML document into plain data and a source map, refusing what a journey map must
 * never contain: several documents, unknown tags, complex keys, non-finite numbers, deep
 * nesting and alias expansion beyond the limits. Keys such as `__proto__` are ordinary own
 * properties, so they never reach an object's prototype.
 */
export function parseYaml(text: string, limits: YamlLimits = DEFAULT_YAML_LIMITS): ParsedYaml {
  const sourceMap = new SourceMap();
  const lineCounter = new LineCounter();
  const rangeOf = (start: number, end: number): Range => toRange(lineCounter, start, end);
  const tokens = Array.from(new Parser(lineCounter.addNewLine).parse(text));
  const tooDeepAt = nestingExceeded(tokens);
  if (tooDeepAt !== undefined) {
    return { value: undefined, sourceMap, diagnostics: [tooDeep(rangeOf(tooDeepAt, tooDeepAt + 1), limits)] };
  }
  const composer = new Composer({ uniqueKeys: true, strict: true, merge: false, version: '1.2' });
  const documents: Document.Parsed[] = Array.from(composer.compose(tokens));

  const diagnostics: Diagnostic[] = [];
  for (const document of documents) {
    for (const error of document.errors) {
      const known = YAML_ERROR_CODES[error.code];
      const range = rangeOf(error.pos[0], Math.max(error.pos[1], error.pos[0] + 1));
      let message = sentence(error.message);
      if (error.code === 'DUPLICATE_KEY') {
        const key = (/^[^:\n]*/.exec(text.slice(error.pos[0], error.pos[0] + 200))?.[0] ?? '').trim();
        message = key ? `Key '${key}' appears more than once in this mapping.` : message;
      }
      diagnostics.push({
        code: known?.code ?? 'yaml/syntax',
        severity: 'error',
        message,
        hint: known?.hint ?? 'Fix the YAML syntax at this position (check indentation, quotes and brackets).',
        path: '',
        ...range,
      });
    }
  }
  if (diagnostics.length > 0) return { value: undefined, sourceMap, diagnostics: dedupeByLine(diagnostics) };

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
  visit(first, (_key, node) => {
    const anchored = node as YamlNode;
    if ((isScalar(anchored) || isMap(anchored) || isSeq(anchored)) && anchored.anchor) {
      const list = anchors.get(anchored.anchor) ?? [];
      list.push({ node: anchored, offset: anchored.range?.[0] ?? 0 });
      anchors.set(anchored.anchor, list);
    }
  });
  const resolveAlias = (name: string, offset: number): YamlNode | undefined =>
    anchors
      .get(name)
      ?.filter((a) => a.offset < offset)
      .at(-1)?.node;

  let nodes = 0;
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
    if (++nodes > limits.maxNodes) {
      fail({
        code: 'yaml/alias-limit',
        severity: 'error',
        message: `The document expands to more than ${limits.maxNodes} nodes.`,
        hint: 'Aliases (*name) that repeat large anchors multiply the document (the "billion laughs" attack); write the content out or split the file.',
        path: pointer,
        ...range,
      });
    }
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
        const value = convert(pair.value as YamlNode | null, pointer + toPointer([key]), depth + 1, keyNodeRange, keyNodeRange);
        // defineProperty: `__proto__` and `constructor` become own data, never the prototype.
        Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
      }
      return result;
    }
    return null;
  };

  try {
    const value = convert(first.contents, '', 0, undefined, rangeOf(0, 0));
    return { value, sourceMap, diagnostics };
  } catch (error) {
    if (error instanceof StopConversion) return { value: undefined, sourceMap, diagnostics };
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

function tooDeep(range: Range, limits: YamlLimits): Diagnostic {
  return {
    code: 'yaml/too-deep',
    severity: 'error',
    message: `The document nests deeper than ${limits.maxDepth} levels.`,
    hint: 'Real files nest a few levels deep (a journey map about eight); check for runaway brackets or indentation.',
    path: '',
    ...range,
  };
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
