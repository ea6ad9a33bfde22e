import { CST, Lexer, Parser } from 'yaml';
import type { Diagnostic, Range } from '../diagnostics.js';
import type { YamlLimits } from './limits.js';

/*
 * The limits checked before the library composes a document: tokens and nesting while the text
 * is tokenized, nesting, keys per mapping and nodes on the concrete syntax tree.
 */

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
export function readTokens(text: string, onNewLine: (offset: number) => void, limits: YamlLimits): { tokens: CST.Token[]; aliases: number } | Refusal {
  const parser = new Parser(onNewLine);
  onNewLine(0);
  const tokens: CST.Token[] = [];
  let count = 0;
  let nodes = 0;
  let aliases = 0;
  let scalarText = false;
  for (const lexeme of new Lexer().lex(text)) {
    // The text after a plain or block scalar's marker is that scalar, whatever its first character.
    const opensNode = lexeme === CST.SCALAR || (!scalarText && (lexeme[0] === '"' || lexeme[0] === "'" || lexeme === '[' || lexeme === '{' || lexeme[0] === '*'));
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
export function structureExceeded(tokens: readonly CST.Token[], limits: YamlLimits): Refusal | undefined {
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

/** A refusal of the whole document at `range` (its limits, its nesting). */
function documentError(code: string, range: Range, message: string, hint: string): Diagnostic {
  return { code, severity: 'error', message, hint, path: '', ...range };
}

const grouped = (n: number): string => n.toLocaleString('en-US');

export function tooDeep(range: Range, limits: YamlLimits): Diagnostic {
  return documentError(
    'yaml/too-deep',
    range,
    `The document nests deeper than ${limits.maxDepth} levels.`,
    'Real files nest a few levels deep (a journey map about eight); check for runaway brackets or indentation.',
  );
}

export function tooManyNodes(range: Range, limits: YamlLimits): Diagnostic {
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
