import type { Document, Node as YamlNode, Scalar, YAMLMap, YAMLSeq, Alias } from 'yaml';
import { isAlias, isMap, isPair, isScalar, isSeq, visit } from 'yaml';
import type { Diagnostic, Range } from '../diagnostics.js';
import { toPointer } from '../diagnostics.js';
import { JourneyBaseError } from '../errors.js';
import { tooDeep, tooManyNodes } from './guards.js';
import type { YamlLimits } from './limits.js';
import type { SourceMap } from './source-map.js';

/** The source range of the text between two offsets. */
export type RangeOf = (start: number, end: number) => Range;

const CORE_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));

/** Thrown inside the conversion to stop at the first refusal; caught by convertDocument. */
class StopConversion extends JourneyBaseError {}

/** The anchors of a document by name, each list in document order. */
class AnchorIndex {
  private readonly anchors = new Map<string, { node: YamlNode; offset: number }[]>();

  /** Alias.resolve() walks the whole document per alias; the anchors are indexed once instead. */
  constructor(document: Document.Parsed, hasAliases: boolean) {
    // Skipped when the file holds no alias (a walk of every node).
    if (!hasAliases) return;
    visit(document, (_key, node) => {
      const anchored = node as YamlNode;
      if ((isScalar(anchored) || isMap(anchored) || isSeq(anchored)) && anchored.anchor) {
        const list = this.anchors.get(anchored.anchor) ?? [];
        list.push({ node: anchored, offset: anchored.range?.[0] ?? 0 });
        this.anchors.set(anchored.anchor, list);
      }
    });
  }

  /** The last anchor of this name defined before the alias (a name may be reused). */
  resolve(name: string, offset: number): YamlNode | undefined {
    const list = this.anchors.get(name) ?? [];
    let low = 0;
    let high = list.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (list[middle]!.offset < offset) low = middle + 1;
      else high = middle;
    }
    return list[low - 1]?.node;
  }
}

/**
 * Converts the composed document into plain data, recording each node's range in the source map
 * and refusing unknown tags, unknown or cyclic aliases, complex keys, non-finite numbers, nesting
 * past `maxDepth` and alias expansion past `maxNodes`. Repeated keys are all listed; any other
 * refusal stops the conversion.
 */
export function convertDocument(
  document: Document.Parsed,
  context: { text: string; limits: YamlLimits; rangeOf: RangeOf; sourceMap: SourceMap; hasAliases: boolean },
): { value: unknown; diagnostics: Diagnostic[] } {
  const converter = new NodeConverter(context.text, context.limits, context.rangeOf, context.sourceMap, new AnchorIndex(document, context.hasAliases));
  try {
    const value = converter.convert(document.contents, '', 0, undefined, context.rangeOf(0, 0));
    return { value: converter.diagnostics.length > 0 ? undefined : value, diagnostics: converter.diagnostics };
  } catch (error) {
    if (error instanceof StopConversion) return { value: undefined, diagnostics: converter.diagnostics };
    throw error;
  }
}

class NodeConverter {
  readonly diagnostics: Diagnostic[] = [];
  private nodes = 0;
  private aliasesExpanded = false;
  private readonly expanding = new Set<YamlNode>();
  /**
   * Inside an alias expansion positions would point at the anchor, so nodes there are located
   * at the alias itself (the nearest recorded ancestor), which also keeps expansion cheap.
   */
  private aliasDepth = 0;
  /** The alias being expanded (the outermost one), where nodes inside the expansion are reported. */
  private expandingAt: Range | undefined;

  constructor(
    private readonly text: string,
    private readonly limits: YamlLimits,
    private readonly rangeOf: RangeOf,
    private readonly sourceMap: SourceMap,
    private readonly anchors: AnchorIndex,
  ) {}

  convert(
    node: YamlNode | null | undefined,
    /** JSON pointer of the node, built one token per level (no path array per node). */
    pointer: string,
    depth: number,
    keyRange: Range | undefined,
    fallback: Range,
  ): unknown {
    const range = this.nodeRange(node, fallback);
    if (this.aliasDepth === 0) this.sourceMap.set(pointer, keyRange ? { key: keyRange, value: range } : { value: range });
    this.countNode(pointer, this.aliasDepth > 0 && this.expandingAt ? this.expandingAt : range);
    if (depth > this.limits.maxDepth) this.fail({ ...tooDeep(range, this.limits), path: pointer });
    if (node === null || node === undefined) return null;
    if (node.tag !== undefined && !CORE_TAGS.has(node.tag)) this.unknownTag(node, node.tag, pointer, range);
    if (isAlias(node)) return this.convertAlias(node, pointer, depth, keyRange, range);
    if (isScalar(node)) return this.convertScalar(node, pointer, range);
    if (isSeq(node)) return this.convertSeq(node, pointer, depth, range);
    if (isMap(node)) return this.convertMap(node, pointer, depth, range);
    return null;
  }

  private convertAlias(node: Alias, pointer: string, depth: number, keyRange: Range | undefined, range: Range): unknown {
    const target = this.anchors.resolve(node.source, node.range?.[0] ?? Infinity);
    if (!target) {
      this.fail({
        code: 'yaml/unknown-alias',
        severity: 'error',
        message: `Alias '*${node.source}' refers to no anchor defined before it.`,
        hint: 'Define the anchor (&name) before the alias, or write the value out.',
        path: pointer,
        ...range,
      });
    }
    if (this.expanding.has(target)) {
      this.fail({
        code: 'yaml/alias-cycle',
        severity: 'error',
        message: `Alias '*${node.source}' refers to a node that contains it.`,
        hint: 'Recursive aliases cannot be represented as data; write the value out.',
        path: pointer,
        ...range,
      });
    }
    this.expanding.add(target);
    this.aliasesExpanded = true;
    if (this.aliasDepth === 0) this.expandingAt = range;
    this.aliasDepth++;
    const value = this.convert(target, pointer, depth, keyRange, range);
    this.aliasDepth--;
    this.expanding.delete(target);
    return value;
  }

  private convertScalar(node: Scalar, pointer: string, range: Range): unknown {
    const value = node.value;
    if (typeof value === 'number' && !Number.isFinite(value)) {
      this.fail({
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

  private convertSeq(node: YAMLSeq, pointer: string, depth: number, range: Range): unknown[] {
    const result: unknown[] = [];
    node.items.forEach((item, index) => {
      result.push(this.convert(item as YamlNode | null, `${pointer}/${index}`, depth + 1, undefined, range));
    });
    return result;
  }

  private convertMap(node: YAMLMap, pointer: string, depth: number, range: Range): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as YamlNode | null;
      const keyNodeRange = this.nodeRange(keyNode, range);
      if (keyNode !== null && !isScalar(keyNode)) {
        this.fail({
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
      this.countNode(keyPointer, keyNodeRange);
      if (Object.hasOwn(result, key)) {
        this.duplicateKey(key, keyPointer, keyNodeRange);
        continue;
      }
      const value = this.convert(pair.value as YamlNode | null, keyPointer, depth + 1, keyNodeRange, keyNodeRange);
      // defineProperty: `__proto__` and `constructor` become own data, never the prototype.
      Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
    }
    return result;
  }

  /**
   * A repeated key is reported once, where it is written (not again where an alias repeats it),
   * and the conversion goes on, so every repeated key of the file is listed at once.
   */
  private duplicateKey(key: string, keyPointer: string, keyNodeRange: Range): void {
    if (this.aliasDepth > 0) return;
    this.diagnostics.push({
      code: 'yaml/duplicate-key',
      severity: 'error',
      message: `Key '${key.length > 80 ? `${key.slice(0, 80)}…` : key}' appears more than once in this mapping.`,
      hint: 'Remove one of the two entries or merge them; YAML keeps only one and the other would be lost silently.',
      path: keyPointer,
      ...keyNodeRange,
    });
  }

  private unknownTag(node: YamlNode, tag: string, pointer: string, range: Range): never {
    const start = node.range ? tagStart(this.text, node.range[0]) : -1;
    return this.fail({
      code: 'yaml/unknown-tag',
      severity: 'error',
      message: `Tag '${tag.replace('tag:yaml.org,2002:', '!!')}' is not allowed in a journey map.`,
      hint: 'Remove the tag; journey maps use plain YAML 1.2 strings, numbers, booleans, lists and mappings.',
      path: pointer,
      ...(start >= 0 ? this.rangeOf(start, node.range![1]) : range),
    });
  }

  private countNode(pointer: string, range: Range): void {
    if (++this.nodes <= this.limits.maxNodes) return;
    // The document as written was counted before composing, so only aliases can get here; the
    // check stays in case the two counts ever differ.
    this.fail(
      this.aliasesExpanded
        ? {
            code: 'yaml/alias-limit',
            severity: 'error',
            message: `The document expands to more than ${this.limits.maxNodes.toLocaleString('en-US')} nodes through its aliases.`,
            hint: 'Aliases (*name) that repeat large anchors multiply the document (the "billion laughs" attack); write the content out or split the file.',
            path: pointer,
            ...range,
          }
        : { ...tooManyNodes(range, this.limits), path: pointer },
    );
  }

  private fail(diagnostic: Diagnostic): never {
    this.diagnostics.push(diagnostic);
    throw new StopConversion(diagnostic.message);
  }

  private nodeRange(node: YamlNode | null | undefined, fallback: Range): Range {
    return node?.range ? this.rangeOf(node.range[0], Math.max(node.range[1], node.range[0])) : fallback;
  }
}

/** Offset where the tag written before a node starts (`!!binary`, `!foo`), or -1. */
function tagStart(text: string, nodeStart: number): number {
  let i = nodeStart - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  while (i > 0 && !/\s/.test(text[i - 1]!)) i--;
  return text[i] === '!' ? i : -1;
}
