import type { YamlLimits } from './limits.js';

/*
 * A fast reader for the plain subset of YAML that journey maps are written in: block mappings
 * and sequences, plain and single-line quoted scalars, single-line flow lists and mappings of
 * scalars, literal and folded block scalars, comments. It builds the plain value only, with no
 * positions, and gives up (returns undefined) on anything else: anchors, aliases, tags,
 * directives, document markers, multi-line plain or quoted scalars, nested flow collections,
 * repeated keys, tabs, carriage returns, control characters, numbers that are not finite. Whatever
 * it gives up on is read by the full parser (`parseYaml`), which reports every position and every
 * refusal; whatever it reads, it reads to the same value the full parser builds.
 *
 * The hostile-input limits keep applying: it never expands an alias (it gives up on them), and it
 * gives up as soon as the file comes within half of any limit (nesting, nodes, keys per mapping,
 * tokens), so a file the full parser would refuse always goes to the full parser. Its own cost is
 * linear in the text, and its recursion is bounded by half the depth limit.
 */

/** Thrown to give up on the fast path; caught by `parseYamlFast`. */
class GiveUp extends Error {}
const GIVE_UP = new GiveUp('not in the fast subset');

/** Characters the fast path leaves to the full parser wherever they occur. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what it looks for
const UNSUPPORTED_CHARACTERS = /[\t\r\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/;
/** Document markers and directives at the start of a line. */
const DOCUMENT_MARKER = /^(?:---|\.\.\.|%)/;
/** Characters a plain scalar may not start with (`-`, `?`, `:` are allowed before a non-space, but `?` and `:` are left to the full parser). */
const INDICATORS = new Set([...',[]{}#&*!|>\'"%@`?:']);
/** Tokens the lexer may emit for one line of the subset (indentation, indicators, key, value, comment, line break). */
const TOKENS_PER_LINE = 16;
/** Tokens per item of a flow collection (scalar, separator, space). */
const TOKENS_PER_FLOW_ITEM = 4;
/** The yaml library refuses implicit keys longer than 1,024 characters. */
const MAX_KEY_LENGTH = 1000;

const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** A plain scalar's value under the YAML 1.2 core schema, as the yaml library resolves it. */
function resolvePlain(text: string): unknown {
  const first = text.charCodeAt(0);
  // Only a digit, a sign or a dot starts a number; only words of five letters or fewer are null or booleans.
  if (!((first >= 48 && first <= 57) || first === 43 || first === 45 || first === 46)) {
    if (text.length > 5) return text;
    if (NULL.test(text)) return null;
    if (BOOL.test(text)) return text[0] === 't' || text[0] === 'T';
    return text;
  }
  let number: number;
  if (INT_OCT.test(text)) number = parseInt(text.substring(2), 8);
  else if (INT.test(text)) number = parseInt(text, 10);
  else if (INT_HEX.test(text)) number = parseInt(text.substring(2), 16);
  else if (FLOAT_NAN.test(text)) throw GIVE_UP;
  else if (FLOAT_EXP.test(text) || FLOAT.test(text)) number = parseFloat(text);
  else return text;
  if (!Number.isFinite(number)) throw GIVE_UP;
  return number;
}

interface Line {
  indent: number;
  /** The line without its indentation. */
  content: string;
  /** Blank, or only a comment. */
  empty: boolean;
}

/**
 * The plain value of `text` when it is a single mapping written in the subset above and well
 * within the limits; undefined when the full parser must read it.
 */
export function parseYamlFast(text: string, limits: YamlLimits): { value: Record<string, unknown> } | undefined {
  if (UNSUPPORTED_CHARACTERS.test(text)) return undefined;
  try {
    const reader = new FastReader(text, limits);
    const value = reader.document();
    return value === undefined ? undefined : { value };
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  }
}

function check(condition: boolean): void {
  if (!condition) throw GIVE_UP;
}

class FastReader {
  private readonly lines: Line[];
  private index = 0;
  private nodes = 0;
  private flowItems = 0;

  constructor(
    text: string,
    private readonly limits: YamlLimits,
  ) {
    this.lines = text.split('\n').map((raw) => {
      let indent = 0;
      while (raw.charCodeAt(indent) === 32) indent++;
      const content = raw.slice(indent);
      check(indent > 0 || !DOCUMENT_MARKER.test(content));
      return { indent, content, empty: content === '' || content[0] === '#' };
    });
    check(this.lines.length * TOKENS_PER_LINE * 2 <= limits.maxTokens);
  }

  document(): Record<string, unknown> | undefined {
    this.skipEmpty();
    const first = this.lines[this.index];
    if (first === undefined || isSequenceItem(first.content)) return undefined;
    const value = this.mapping(first.indent, 1);
    this.skipEmpty();
    check(this.index === this.lines.length);
    check(this.nodes * 2 <= this.limits.maxNodes && this.tokensBound() * 2 <= this.limits.maxTokens);
    return value;
  }

  private tokensBound(): number {
    return this.lines.length * TOKENS_PER_LINE + this.flowItems * TOKENS_PER_FLOW_ITEM;
  }

  private skipEmpty(): void {
    while (this.index < this.lines.length && this.lines[this.index]!.empty) this.index++;
  }

  /** The next line with content, without moving past it. */
  private peek(): Line | undefined {
    this.skipEmpty();
    return this.lines[this.index];
  }

  private countNodes(count: number): void {
    this.nodes += count;
    check(this.nodes * 2 <= this.limits.maxNodes);
  }

  /** A block mapping whose keys sit at `indent`, starting at the current line. */
  private mapping(indent: number, depth: number): Record<string, unknown> {
    check(depth * 2 <= this.limits.maxDepth);
    const result: Record<string, unknown> = {};
    let keys = 0;
    for (let line = this.peek(); line !== undefined && line.indent >= indent; line = this.peek()) {
      check(line.indent === indent && !isSequenceItem(line.content));
      const { key, rest } = splitKey(line.content);
      check(!Object.hasOwn(result, key));
      check(++keys * 2 <= this.limits.maxKeys);
      this.countNodes(2);
      this.index++;
      const value = this.value(rest, indent, depth, true);
      setOwn(result, key, value);
    }
    return result;
  }

  /** A block sequence whose dashes sit at `indent`. */
  private sequence(indent: number, depth: number): unknown[] {
    check(depth * 2 <= this.limits.maxDepth);
    const result: unknown[] = [];
    // A sequence at its key's own indentation ends at the next key.
    for (let line = this.peek(); line !== undefined && (line.indent > indent || (line.indent === indent && isSequenceItem(line.content))); line = this.peek()) {
      check(line.indent === indent);
      this.countNodes(1);
      let spaces = 1;
      while (line.content.charCodeAt(spaces) === 32) spaces++;
      const rest = line.content.slice(spaces);
      if (rest !== '' && rest[0] !== '#' && startsMapping(rest)) {
        // `- key: value`: a mapping whose keys sit after the dash; the line is read again as its first key.
        check(!isSequenceItem(rest));
        this.lines[this.index] = { indent: indent + spaces, content: rest, empty: false };
        result.push(this.mapping(indent + spaces, depth + 1));
      } else {
        this.index++;
        result.push(this.value(rest, indent, depth, false));
      }
    }
    return result;
  }

  /**
   * The value written after a key or a dash (`rest`, the line's remainder) and on the lines
   * below it; `indent` is the indentation of the collection that holds it.
   */
  private value(rest: string, indent: number, depth: number, inMapping: boolean): unknown {
    if (rest === '' || rest[0] === '#') {
      const next = this.peek();
      if (next !== undefined && next.indent > indent) {
        return isSequenceItem(next.content) ? this.sequence(next.indent, depth + 1) : this.mapping(next.indent, depth + 1);
      }
      // A sequence may sit at its key's own indentation.
      if (inMapping && next !== undefined && next.indent === indent && isSequenceItem(next.content)) return this.sequence(indent, depth + 1);
      return null;
    }
    if (rest[0] === '|' || rest[0] === '>') return this.blockScalar(rest, indent);
    const value = rest[0] === '[' || rest[0] === '{' ? this.flow(rest, depth + 1) : inlineScalar(rest);
    // A line below, indented deeper, would continue a multi-line scalar.
    const next = this.peek();
    check(next === undefined || next.indent <= indent);
    return value;
  }

  /** A literal (`|`) or folded (`>`) block scalar, clipped or stripped (`-`). */
  private blockScalar(header: string, indent: number): string {
    const match = /^([|>])(-?)(?: +#.*| *)$/.exec(header);
    check(match !== null);
    const [, style, chomp] = match!;
    const content: string[] = [];
    let contentIndent = -1;
    let blankRun = 0;
    for (; this.index < this.lines.length; this.index++) {
      const line = this.lines[this.index]!;
      if (line.content === '') {
        // A blank line holding more spaces than the indentation would hold spaces of its own.
        check(contentIndent === -1 ? content.length === 0 : line.indent <= contentIndent);
        blankRun++;
        continue;
      }
      if (contentIndent === -1) {
        // No content line: an empty scalar.
        if (line.indent <= indent) break;
        check(blankRun === 0);
        contentIndent = line.indent;
      }
      if (line.indent < contentIndent) break;
      // More-indented lines keep their line breaks in a folded scalar: left to the full parser.
      check(style === '|' || line.indent === contentIndent);
      content.push(...Array<string>(blankRun).fill(''), ' '.repeat(line.indent - contentIndent) + line.content);
      blankRun = 0;
    }
    // The trailing blank lines are chomped; the next line must belong to an enclosing collection.
    const next = this.peek();
    check(next === undefined || next.indent <= indent);
    if (content.length === 0) return '';
    const body = style === '|' ? content.join('\n') : fold(content);
    return chomp === '-' ? body : `${body}\n`;
  }

  /** A flow list or mapping of scalars on one line (`[a, b]`, `{min: -2, max: 2}`). */
  private flow(rest: string, depth: number): unknown {
    check(depth * 2 <= this.limits.maxDepth);
    const close = rest[0] === '[' ? ']' : '}';
    const end = rest.indexOf(close);
    check(end !== -1);
    check(isLineEnd(rest.slice(end + 1)));
    const inner = rest.slice(1, end);
    check(!/[[\]{}]/.test(inner) && !/(?:^|\s)#/.test(inner));
    const items = /^ *$/.test(inner) ? [] : inner.split(',');
    this.flowItems += items.length + 1;
    if (close === ']') {
      this.countNodes(items.length);
      return items.map((item) => flowScalar(item, false));
    }
    check(items.length * 2 <= this.limits.maxKeys);
    this.countNodes(items.length * 2);
    const result: Record<string, unknown> = {};
    for (const item of items) {
      const separator = item.indexOf(': ');
      check(separator !== -1);
      const key = String(flowScalar(item.slice(0, separator), true));
      check(!Object.hasOwn(result, key));
      setOwn(result, key, flowScalar(item.slice(separator + 2), false));
    }
    return result;
  }
}

/** An own data property, as the full parser sets it: `__proto__` too is own data, never the prototype. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** Only spaces are YAML's white space here (tabs never reach the fast reader): a no-break space is text. */
function trimSpacesEnd(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 32) end--;
  return text.slice(0, end);
}

function isSequenceItem(content: string): boolean {
  return content[0] === '-' && (content.length === 1 || content[1] === ' ');
}

/** Whether a sequence item's text opens a mapping (`- key: value`). */
function startsMapping(rest: string): boolean {
  if (rest[0] === '"' || rest[0] === "'") {
    const { after } = quoted(rest);
    return after[0] === ':';
  }
  if (rest[0] === '[' || rest[0] === '{') return false;
  return rest.includes(': ') || rest.endsWith(':');
}

/** Only spaces, or a comment after a space. */
function isLineEnd(text: string): boolean {
  return /^(?: +#.*| *)$/.test(text);
}

/** The key of a mapping line and the text after its `:`. */
function splitKey(content: string): { key: string; rest: string } {
  let key: string;
  let after: string;
  if (content[0] === '"' || content[0] === "'") {
    ({ value: key, after } = quoted(content));
    check(after[0] === ':');
    after = after.slice(1);
  } else {
    let separator = content.indexOf(': ');
    if (separator === -1) {
      check(content.endsWith(':'));
      separator = content.length - 1;
    }
    const text = trimSpacesEnd(content.slice(0, separator));
    check(text !== '' && !INDICATORS.has(text[0]!) && !/\s#/.test(text) && !(text[0] === '-' && (text.length === 1 || text[1] === ' ')));
    key = String(resolvePlain(text));
    after = content.slice(separator + 1);
  }
  check(key.length <= MAX_KEY_LENGTH && (after === '' || after[0] === ' '));
  return { key, rest: after.replace(/^ +/, '') };
}

/** A scalar written on the rest of the line: quoted, or plain. */
function inlineScalar(rest: string): unknown {
  if (rest[0] === '"' || rest[0] === "'") {
    const { value, after } = quoted(rest);
    check(isLineEnd(after));
    return value;
  }
  const comment = rest.search(/ #/);
  const text = trimSpacesEnd(comment === -1 ? rest : rest.slice(0, comment));
  check(plainAllowed(text) && !text.includes(': ') && !text.endsWith(':'));
  return resolvePlain(text);
}

function plainAllowed(text: string): boolean {
  if (text === '') return false;
  if (text[0] === '-') return text.length > 1 && text[1] !== ' ';
  return !INDICATORS.has(text[0]!);
}

/** One item of a flow collection: quoted, or plain without `: ` (keys of flow mappings are resolved to text). */
function flowScalar(item: string, isKey: boolean): unknown {
  const text = item.replace(/^ +| +$/g, '');
  if (text[0] === '"' || text[0] === "'") {
    const { value, after } = quoted(text);
    check(after === '');
    return value;
  }
  check(plainAllowed(text) && !text.includes(':') && (!isKey || text.length <= MAX_KEY_LENGTH));
  return resolvePlain(text);
}

const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t' };

/** A single-line quoted scalar at the start of `text`, and the text after its closing quote. */
function quoted(text: string): { value: string; after: string } {
  const quote = text[0]!;
  let value = '';
  for (let i = 1; i < text.length; i++) {
    const c = text[i]!;
    if (quote === "'" && c === "'") {
      if (text[i + 1] !== "'") return { value, after: text.slice(i + 1) };
      value += "'";
      i++;
    } else if (quote === '"' && c === '"') {
      return { value, after: text.slice(i + 1) };
    } else if (quote === '"' && c === '\\') {
      const escaped = ESCAPES[text[i + 1] ?? ''];
      check(escaped !== undefined);
      value += escaped;
      i++;
    } else {
      value += c;
    }
  }
  throw GIVE_UP;
}

/** Folded lines: a single line break becomes a space, each blank line a line break. */
function fold(lines: readonly string[]): string {
  let result = lines[0]!;
  let blanks = 0;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') {
      blanks++;
      continue;
    }
    result += blanks === 0 ? ` ${line}` : '\n'.repeat(blanks) + line;
    blanks = 0;
  }
  return result;
}
