/**
 * Escaping audit (issue 7 item 4): one hostile corpus, put into every slot of user text that
 * reaches an output target, through the real entry points (the pure formatters and the CLI), and
 * for each target a parser of that target reading the text back as text:
 *
 * - Markdown (validate, metrics, score, report, diff): tables keep their column count, no raw HTML
 *   but journeykit's own few tags, no link, image, autolink, mention or reference; marked renders
 *   the user text back as the same text.
 * - HTML (report --format html): a tag scan, and Chromium's DOM when a browser is there.
 * - CSV (metrics, score): csv-parse reads the same columns and the same text, formula starts neutralised.
 * - SARIF (JSON) and JUnit (XML 1.0, checked by a small well-formedness parser below).
 * - GitHub workflow commands: parsed the way the Actions runner parses them (ActionCommand.TryParseV2).
 * - Mermaid (every view of `journey render`): a line grammar per view, user text only in escaped slots.
 * - The rendering browser has networking blocked: a local HTTP server must receive nothing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import fc from 'fast-check';
import { Marked } from 'marked';
import { renderMermaid } from '@mermaid-js/mermaid-cli';
import puppeteer from 'puppeteer';
import type { Browser } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic, ValidationReport } from '../src/core/diagnostics.js';
import { summarize } from '../src/core/diagnostics.js';
import { diffFormatters } from '../src/core/diff/formatters/index.js';
import type { DiffReport, FileDiff } from '../src/core/diff/types.js';
import { escapeTerminal } from '../src/core/escape/terminal.js';
import { formatters } from '../src/core/formatters/index.js';
import { REPORT_SECTIONS, sectionAnchor } from '../src/core/report/markdown.js';
import { rules } from '../src/core/rules/index.js';
import { withRenderer } from '../src/io/render.js';
import { browserForTests, runCli } from './cli/harness.js';

// ---------------------------------------------------------------------------------------------
// The hostile corpus

/**
 * Every entry is at most 40 characters (survey warnings quote 40 of a bad answer, schema messages
 * 57 of a value), so each one reaches every slot whole. The last one ends in a closing `#`
 * sequence, so the map title built from the corpus ends in one too.
 */
const CORPUS: readonly string[] = [
  'pipe | cell | split',
  'tick `code` ``x``',
  '*em* _u_ [b] (p) ~s~ ~~d~~',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">a</a>',
  '[click](javascript:alert(1))',
  '<javascript:alert(1)>',
  '[x](http://evil.example)',
  '![](http://evil.example/p.png)',
  '[ref]: http://evil.example',
  '&amp; &lt;b&gt; &#60;i&#62; &copy;&#x3C;',
  '$x^2$ and $$y$$',
  '@octocat @org/team',
  'fixes #123 GH-45 o/r#6',
  'see http://evil.example/a',
  'www.evil.example and me@evil.example',
  'mail x@-evil.example',
  '%0A%0D%25 100% %3A%2C',
  '::error::injected',
  'a\r\n::warning file=x::smuggled',
  'comma, colon: double:: end',
  'nul\u0000 esc\u001b[31m bel\u0007 vt\u000b',
  'fffe\uFFFE ffff\uFFFF del\u007f',
  'lone \uD800 high \uDC00 low',
  'cdata ]]> end',
  '"double" \'single\'',
  "=cmd|' /C calc'!A0",
  '=HYPERLINK("http://evil.example")',
  '+1+2',
  '-2-3',
  '@SUM(A1:A2)',
  '\t=1+1',
  '\r=1+1',
  '%%{init: {"theme":"dark"}}%%',
  'a --> b; c',
  'end',
  'section x',
  'title y',
  'Journeys',
  'subgraph z',
  'classDef k fill:#f00',
  'click n1 call alert(1)',
  'Bug #12; fixed',
  'line1\nline2\r\nline3\rline4',
  'para\n\n[x](http://evil.example) @octocat',
  'emoji 😀🚀 CJK 顧客体験 中文',
  'RTL \u202Eevil\u202C \u200Fmark\u200E \u2028sep',
  'back\\slash \\| pipe \\',
  '<!-- c --> <details> </summary>',
  '</td></tr></table>',
  '# heading',
  '> quote',
  '- item',
  '---',
  '  spaced  ',
  ':tada: :+1:',
  'trailing hashes ##',
];

/** A YAML double-quoted scalar holding `text` exactly, in printable ASCII only. */
function yamlString(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const code = text.charCodeAt(i);
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (code >= 0x20 && code <= 0x7e) out += ch;
    else out += `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return `${out}"`;
}

/** The map title: every entry, so each map-level slot sees all of them. */
const TITLE = CORPUS.join(' ¦ ');

/**
 * A valid map with every entry in every free-text slot: stage i and touchpoint i are named with
 * entry i, which is also the touchpoint's description and owner, its pain points' descriptions
 * (one addressed, one not), its opportunity's description and owner, its persona's name and each
 * blueprint lane. `plain` names every slot `plain <i>` instead (the base of the diff).
 */
function hostileMap(options: { plain?: boolean; extra?: 'added' | 'removed'; entries?: readonly string[] } = {}): string {
  const entries = options.entries ?? CORPUS;
  const title = entries.join(' ¦ ');
  const text = (i: number) => yamlString(options.plain ? `plain ${i}` : entries[i]!);
  const lines = [
    'version: 1',
    'id: hostile',
    `title: ${options.plain ? '"plain title"' : yamlString(title)}`,
    `description: ${options.plain ? '"plain"' : yamlString(title)}`,
    `owner: ${options.plain ? '"plain"' : yamlString(title)}`,
    'personas:',
  ];
  entries.forEach((_, i) => lines.push(`  - id: p${i}`, `    name: ${text(i)}`, `    description: ${text(i)}`));
  lines.push('stages:');
  entries.forEach((_, i) => {
    lines.push(
      `  - id: s${i}`,
      `    name: ${text(i)}`,
      `    goal: ${text(i)}`,
      '    touchpoints:',
      `      - id: t${i}`,
      `        name: ${text(i)}`,
      '        channel: web',
      `        description: ${text(i)}`,
      `        owner: ${text(i)}`,
      `        personas: [p${i}]`,
      `        emotion: ${(i % 5) - 2}`,
      `        effort: ${1 + (i % 5)}`,
      `        reach: 0.5`,
      `        evidence: ${['observed', 'assumed', 'proposed'][i % 3]}`,
      `        survey_segment: t${i}`,
      '        pain_points:',
      `          - id: pa${i}`,
      `            description: ${text(i)}`,
      `            severity: ${1 + (i % 5)}`,
      '            frequency: 3',
      `          - id: pb${i}`,
      `            description: ${text(i)}`,
      '            severity: 2',
      '            frequency: 2',
      '        opportunities:',
      `          - id: o${i}`,
      `            description: ${text(i)}`,
      `            owner: ${text(i)}`,
      `            addresses: [pa${i}]`,
      `            impact: ${1 + (i % 5)}`,
      `            effort: ${1 + ((i * 2) % 5)}`,
      '        blueprint:',
      `          frontstage: [${text(i)}]`,
      `          backstage: [${text(i)}]`,
      `          support: [${text(i)}]`,
      `          systems: [${text(i)}]`,
    );
    if (i === 0 && options.extra !== undefined) {
      lines.push(`      - id: ${options.extra === 'added' ? 'tadd' : 'tdel'}`, `        name: ${text(1)}`, '        channel: web', '        emotion: 1');
    }
  });
  return lines.join('\n') + '\n';
}

/** Text a file holds after a UTF-8 round trip: lone surrogates become U+FFFD. */
function utf8(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

/** Every field quoted (RFC 4180), so the export itself is unambiguous. */
function csvLine(fields: readonly string[]): string {
  return fields.map((f) => `"${f.replace(/"/g, '""')}"`).join(',');
}

/** A column header that is itself hostile, used as a `--by` dimension. */
const HOSTILE_COLUMN = '=HYPERLINK("http://evil.example") @me #';

/** An entry as a survey export can hold it: a NUL byte makes the file binary (refused as such). */
const surveyText = (entry: string) => utf8(entry).replaceAll('\u0000', '');

/** A generic survey export: one response per entry per channel value, plus one bad NPS answer per entry. */
function hostileSurvey(): string {
  const lines = [csvLine(['response_id', 'nps', 'channel', 'touchpoint', HOSTILE_COLUMN])];
  let n = 0;
  CORPUS.forEach((entry, i) => {
    const text = surveyText(entry);
    for (const score of [10, 9, 3]) lines.push(csvLine([`r${++n}`, String(score), text, `t${i}`, text]));
    lines.push(csvLine([`r${++n}`, text, text, `t${i}`, text]));
  });
  return lines.join('\r\n') + '\r\n';
}

// ---------------------------------------------------------------------------------------------
// Reading text back

/** The text a reader sees, compared loosely: no zero-width spaces, control characters as U+FFFD, whitespace runs as one space. */
function seen(text: string): string {
  return (
    text
      .trim()
      .replace(/\u200B/g, '')
      // eslint-disable-next-line no-control-regex -- control characters are what is normalised
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '\uFFFD')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

const ENTITY = /&(#\d+|#x[0-9a-fA-F]+|amp|lt|gt|quot|apos);/g;

function decodeEntities(text: string): string {
  return text.replace(ENTITY, (_, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[name]!;
  });
}

/** Text content of HTML that journeykit or marked wrote (every `<` in text is escaped there). */
function htmlText(html: string): string {
  return decodeEntities(html.replace(/<br\s*\/?>/gi, '\n').replace(/<[^>]*>/g, ''));
}

/** GitHub turns these into links, mentions or cross-references, also inside raw HTML. */
const GITHUB_REFERENCE = /@[\p{L}\p{N}_.-]|#\p{N}|GH-\p{N}|:\/\/|www\./iu;

// ---------------------------------------------------------------------------------------------
// Markdown

/** Cells of one table row, split as GFM does: a pipe after an odd number of backslashes is text. */
function tableCells(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '\\' && i + 1 < line.length) {
      cell += ch + line[i + 1]!;
      i++;
    } else if (ch === '|') {
      cells.push(cell);
      cell = '';
    } else {
      cell += ch;
    }
  }
  cells.push(cell);
  return cells;
}

/** Tags journeykit itself writes into Markdown. */
const OWN_TAGS = new Set(['<br>', '<details>', '</details>', '<summary>', '</summary>', '<b>', '</b>', '<!-- journeykit-diff -->']);

/** Elements marked may produce from journeykit's Markdown. */
const MARKDOWN_ELEMENTS = new Set([
  'h1',
  'h2',
  'h3',
  'h4',
  'p',
  'ul',
  'ol',
  'li',
  'strong',
  'em',
  'code',
  'pre',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'br',
  'details',
  'summary',
  'b',
]);

interface MarkdownCheck {
  /** Entries that must read back as text. */
  texts: readonly string[];
  /** Raw text fragments that must read back as text (already in the form journeykit writes them, e.g. JSON-quoted). */
  fragments?: readonly string[];
}

/** Fenced blocks replaced by a marker line; returns the Mermaid sources too. */
function splitFences(markdown: string): { prose: string; mermaid: string[] } {
  const mermaid: string[] = [];
  const prose = markdown.replace(/^```(\w*)\n([\s\S]*?)^```$/gm, (_, lang: string, body: string) => {
    if (lang === 'mermaid') mermaid.push(body);
    return '```\n```';
  });
  return { prose, mermaid };
}

/**
 * The report's table of contents: journeykit's links to its own section anchors (fixed English
 * titles), taken out before the scan; any other link, or one to another anchor, stays and fails it.
 */
const OWN_ANCHORS = new Set(REPORT_SECTIONS.map(sectionAnchor));
function withoutOwnLinks(html: string): string {
  return html.replace(/<a href="#([a-z-]+)">([A-Za-z ]+)<\/a>/g, (link, anchor: string, title: string) =>
    OWN_ANCHORS.has(anchor) && sectionAnchor(title) === anchor ? title : link,
  );
}

function checkMarkdown(markdown: string, check: MarkdownCheck): void {
  expect(markdown).not.toMatch(/\r/);
  const { prose, mermaid } = splitFences(markdown);
  for (const source of mermaid) checkMermaid(source, 'flowchart-or-chart');

  // Tables: every row keeps the header's column count.
  const lines = prose.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.startsWith('|')) continue;
    const header = tableCells(lines[i]!).length;
    expect(lines[i + 1], `table at line ${i + 1} has an alignment row`).toMatch(/^\|(?: :?-+:? \|)+$/);
    for (; i < lines.length && lines[i]!.startsWith('|'); i++) {
      const line = lines[i]!;
      expect(line, 'a row starts and ends with a pipe').toMatch(/^\| .* \|$|^\|(?: :?-+:? \|)+$/s);
      expect(tableCells(line).length, `columns of row ${JSON.stringify(line)}`).toBe(header);
    }
  }

  // ATX headings: one line, and no closing sequence (` ##` at the end is dropped by renderers).
  for (const heading of prose.match(/^#{1,6}(?:[ \t][^\n]*)?$/gm) ?? []) {
    expect(heading.replace(/^#+/, ''), `heading ${JSON.stringify(heading)}`).not.toMatch(/(?:^|[ \t])#+[ \t]*$/);
  }

  // Raw HTML: journeykit's own tags only.
  for (const tag of prose.match(/<[^\s<>]*[^<>]*>/g) ?? []) expect(OWN_TAGS, `raw tag ${tag}`).toContain(tag);

  // What a Markdown renderer makes of it: no link, image, script or other element from user text.
  const html = withoutOwnLinks(new Marked({ gfm: true }).parse(prose, { async: false }));
  for (const [, name] of html.matchAll(/<\/?([a-zA-Z][\w-]*)/g)) expect(MARKDOWN_ELEMENTS, `element <${name}>`).toContain(name!.toLowerCase());
  expect(html).not.toMatch(/<(?:a|img|script|iframe)\b|<[^>]*\s(?:href|src)=/i);
  // Entities: only the ones escaping writes; a user's `&copy;` arrives as `&amp;copy;`.
  for (const [entity] of html.matchAll(/&[a-zA-Z][a-zA-Z0-9]*;/g)) expect(['&amp;', '&lt;', '&gt;', '&quot;']).toContain(entity);

  const text = htmlText(html);
  const reference = GITHUB_REFERENCE.exec(text);
  expect(reference === null ? null : text.slice(Math.max(0, reference.index - 40), reference.index + 20), 'a GitHub link, mention or reference').toBeNull();
  const shown = seen(text);
  for (const entry of check.texts) expect(shown, `reads back ${JSON.stringify(entry)}`).toContain(seen(entry));
  for (const fragment of check.fragments ?? []) expect(shown, `reads back ${JSON.stringify(fragment)}`).toContain(seen(fragment));
}

// ---------------------------------------------------------------------------------------------
// Mermaid

/** Escaped user text: letters, digits, spaces and `#<codepoint>;` only (MERMAID.md). */
const ESCAPED = String.raw`(?:[\p{L}\p{N} ]|#\d+;)*`;
/** A quoted slot: escaped user text, journeykit's own words (`Fill-in`, `friction 39.7`) and `<br>`. */
const QUOTED = String.raw`"(?:[\p{L}\p{N} .\-]|#\d+;|<br>)*"`;
const NUMBER = String.raw`-?\d+(?:\.\d+)?`;
const ID = String.raw`[a-z]+\d+`;
const STYLE = String.raw`[\w:#,.\- ]+`;

/** Line grammars of what journeykit writes, per diagram kind; `Q` stands for a quoted, escaped slot. */
const LINE_GRAMMARS: Readonly<Record<string, readonly RegExp[]>> = {
  journey: [
    /^journey$/,
    new RegExp(`^    title ${ESCAPED}$`, 'u'),
    new RegExp(`^    section ${ESCAPED}$`, 'u'),
    new RegExp(`^        ${ESCAPED}: [1-5](?:: [\\p{L}\\p{N} ]+(?:, [\\p{L}\\p{N} ]+)*)?$`, 'u'),
  ],
  xychart: [
    /^xychart-beta(?: horizontal)?$/,
    /^ {4}title Q$/,
    /^ {4}x-axis (?:Q )?\[ ?Q(?:, Q)* ?\]$/,
    new RegExp(`^    y-axis Q ${NUMBER} --> ${NUMBER}$`),
    new RegExp(`^    (?:line|bar)(?: Q)? \\[${NUMBER}(?: Q)?(?:, ${NUMBER}(?: Q)?)*\\]$`),
  ],
  quadrant: [
    /^quadrantChart$/,
    new RegExp(`^    title ${ESCAPED}$`, 'u'),
    /^ {4}[xy]-axis Q --> Q$/,
    /^ {4}quadrant-[1-4] Q$/,
    /^ {4}Q: \[(?:0|1|0\.\d{1,3}), (?:0|1|0\.\d{1,3})\]$/,
  ],
  block: [
    /^block-beta$/,
    /^ {4}columns \d+$/,
    new RegExp(`^    (?:${ID}\\[Q\\](?::\\d+)?|space(?::\\d+)?)(?: (?:${ID}\\[Q\\](?::\\d+)?|space(?::\\d+)?))*$`),
    /^ {4}l\d -\.- e\d$/,
    new RegExp(`^    classDef [a-zA-Z]+ ${STYLE}$`),
    new RegExp(`^    class ${ID}(?:,${ID})* [a-zA-Z]+$`),
  ],
  flowchart: [
    /^flowchart (?:LR|TB|TD)$/,
    new RegExp(`^ *subgraph ${ID} \\[Q\\]$`),
    /^ *end$/,
    new RegExp(`^ *${ID}\\[Q\\](?::::[a-z]+)?$`),
    new RegExp(`^ *${ID}(?: (?:-->|---|~~~) ${ID})+$`),
    new RegExp(`^ *style ${ID} ${STYLE}$`),
    new RegExp(`^ *classDef [a-z]+ ${STYLE}$`),
    new RegExp(`^ *class ${ID}(?:,${ID})* [a-z]+$`),
  ],
};

/** Frontmatter: journeykit's own keys with numbers, booleans or colours, and the blueprint's one fixed CSS rule. */
const FRONTMATTER_LINE =
  /^(?:config:|(?: {2})+[a-zA-Z][a-zA-Z0-9]*:(?: -?\d+| true| false| "#[0-9a-f]{6}(?:, #[0-9a-f]{6})*")?| {2}themeCSS: "\.edge-pattern-dotted \{ stroke-dasharray: 8 5; stroke-width: 2px; \}")$/;

const KINDS: Readonly<Record<string, string>> = { journey: 'journey', 'xychart-beta': 'xychart', quadrantChart: 'quadrant', 'block-beta': 'block', flowchart: 'flowchart' };

/**
 * Checks Mermaid source line by line against the grammar of its diagram kind and returns the
 * user text of every slot, decoded. Comments may hold journeykit's words and slugs only.
 */
function checkMermaid(source: string, label: string): string[] {
  expect(source, `${label}: no directive`).not.toContain('%%{');
  expect(source).not.toMatch(/\r/);
  let lines = source.replace(/\n$/, '').split('\n');
  if (lines[0] === '---') {
    // Frontmatter config (each view's layout and colours): journeykit's own keys and values only.
    const end = lines.indexOf('---', 1);
    expect(end, `${label}: frontmatter closed`).toBeGreaterThan(0);
    for (const line of lines.slice(1, end)) expect(line, `${label}: frontmatter`).toMatch(FRONTMATTER_LINE);
    lines = lines.slice(end + 1);
  }
  const kind = KINDS[lines[0]!.split(' ')[0]!];
  expect(kind, `${label}: diagram kind of ${lines[0]}`).toBeDefined();
  const slots: string[] = [];
  for (const line of lines) {
    if (/^\s*%%/.test(line)) {
      // A comment must not end early or carry markup: plain ASCII words, numbers and slugs.
      expect(line, `${label}: comment`).toMatch(/^\s*%% [\w ,.:;()'<>=-]*$/);
      continue;
    }
    const quoted = line.replace(new RegExp(QUOTED, 'gu'), (slot) => {
      slots.push(slot.slice(1, -1));
      return 'Q';
    });
    expect(quoted, `${label}: stray quote in ${line}`).not.toContain('"');
    const grammar = LINE_GRAMMARS[kind!]!;
    expect(
      grammar.some((re) => re.test(quoted)),
      `${label}: line ${JSON.stringify(line)} fits the ${kind} grammar`,
    ).toBe(true);
    // Unquoted slots (journey titles, sections and tasks; the quadrant title).
    const section = /^ {4}(?:title|section) (.*)$/u.exec(quoted);
    const task = kind === 'journey' ? /^ {8}(.*?): [1-5]/u.exec(quoted) : null;
    const unquoted = section ?? task;
    if (unquoted && !unquoted[1]!.includes('Q')) {
      const text = unquoted[1]!;
      // The journey lexer reads `journey` anywhere at a task's start, `title `/`section ` before a space.
      if (task) expect(text, `${label}: a task starting with a keyword`).not.toMatch(/^(?:journey|(?:section|title)\s|acc(?:Title|Descr))/i);
      if (/^ {4}section /.test(quoted)) expect(text, `${label}: a section starting with a keyword`).not.toMatch(/^(?:section|journey|title|accTitle|accDescr)\b/i);
      slots.push(text);
    }
  }
  return slots.map((slot) => slot.replace(/<br>/g, '\n').replace(/#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code))));
}

// ---------------------------------------------------------------------------------------------
// XML: a small well-formedness parser (XML 1.0 production rules that matter here)

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: (XmlElement | string)[];
}

const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const XML_NAME = /^[A-Za-z_:][\w.:-]*/;

/** Decodes references and checks each one names a character XML allows. */
function xmlReferences(raw: string, where: string): string {
  if (/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(raw)) throw new Error(`${where}: bare '&' in ${JSON.stringify(raw)}`);
  const decoded = decodeEntities(raw);
  for (const [, name] of raw.matchAll(/&#(x?[0-9a-fA-F]+);/g)) {
    const code = name!.startsWith('x') ? parseInt(name!.slice(1), 16) : parseInt(name!, 10);
    if (NOT_XML_CHAR.test(String.fromCodePoint(code))) throw new Error(`${where}: reference to a character XML cannot hold: &#${name};`);
  }
  return decoded;
}

function parseXml(xml: string): XmlElement {
  const bad = NOT_XML_CHAR.exec(xml);
  if (bad) throw new Error(`character U+${bad[0].charCodeAt(0).toString(16)} is not allowed in XML 1.0 (offset ${bad.index})`);
  const text = xml.replace(/\r\n?/g, '\n');
  let i = 0;
  const declaration = /^<\?xml[^?]*\?>/.exec(text);
  if (declaration) i = declaration[0].length;
  const root: XmlElement = { name: '#document', attributes: {}, children: [] };
  const stack: XmlElement[] = [root];
  while (i < text.length) {
    const top = stack[stack.length - 1]!;
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0 || text.slice(i + 4, end).includes('--')) throw new Error('malformed comment');
      i = end + 3;
    } else if (text.startsWith('<![CDATA[', i)) {
      const end = text.indexOf(']]>', i);
      if (end < 0 || stack.length === 1) throw new Error('malformed CDATA');
      top.children.push(text.slice(i + 9, end));
      i = end + 3;
    } else if (text.startsWith('</', i)) {
      const match = /^<\/([^\s>]+)\s*>/.exec(text.slice(i));
      if (!match || match[1] !== top.name || stack.length === 1) throw new Error(`unexpected end tag at ${i}: ${text.slice(i, i + 30)}`);
      stack.pop();
      i += match[0].length;
    } else if (text[i] === '<') {
      const name = XML_NAME.exec(text.slice(i + 1))?.[0];
      if (name === undefined) throw new Error(`'<' that starts no tag at ${i}: ${JSON.stringify(text.slice(i, i + 30))}`);
      i += 1 + name.length;
      const element: XmlElement = { name, attributes: {}, children: [] };
      for (;;) {
        const attribute = /^\s+([A-Za-z_:][\w.:-]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/.exec(text.slice(i));
        if (!attribute) break;
        const [whole, attrName, , double, single] = attribute;
        if (Object.hasOwn(element.attributes, attrName!)) throw new Error(`duplicate attribute ${attrName}`);
        // Attribute-value normalisation: literal whitespace characters become spaces; references stay.
        element.attributes[attrName!] = xmlReferences((double ?? single)!.replace(/[\t\n]/g, ' '), `attribute ${attrName}`);
        i += whole.length;
      }
      const close = /^\s*(\/?)>/.exec(text.slice(i));
      if (!close) throw new Error(`malformed start tag <${name} at ${i}: ${JSON.stringify(text.slice(i, i + 40))}`);
      i += close[0].length;
      if (stack.length === 1 && root.children.some((c) => typeof c !== 'string')) throw new Error('more than one root element');
      top.children.push(element);
      if (close[1] !== '/') stack.push(element);
    } else {
      const end = text.indexOf('<', i);
      const raw = text.slice(i, end < 0 ? text.length : end);
      if (raw.includes(']]>')) throw new Error("']]>' in text");
      if (stack.length === 1 && raw.trim() !== '') throw new Error('text outside the root element');
      top.children.push(xmlReferences(raw, `text in <${top.name}>`));
      i += raw.length;
    }
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1]!.name}>`);
  const element = root.children.find((c): c is XmlElement => typeof c !== 'string');
  if (!element) throw new Error('no root element');
  return element;
}

function xmlElements(element: XmlElement, name: string): XmlElement[] {
  const own = element.name === name ? [element] : [];
  return [...own, ...element.children.flatMap((c) => (typeof c === 'string' ? [] : xmlElements(c, name)))];
}

function xmlText(element: XmlElement): string {
  return element.children.map((c) => (typeof c === 'string' ? c : xmlText(c))).join('');
}

/** What XML 1.0 can hold of a text (journeykit documents that it drops the rest). */
function xmlCanHold(text: string): string {
  return [...text].filter((ch) => !NOT_XML_CHAR.test(ch)).join('');
}

// ---------------------------------------------------------------------------------------------
// GitHub workflow commands, parsed as actions/runner's ActionCommand.TryParseV2 does

interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  data: string;
}

function unescapeWith(text: string, mappings: readonly (readonly [string, string])[]): string {
  return mappings.reduce((out, [token, replacement]) => out.split(replacement).join(token), text);
}
const DATA_MAPPINGS = [
  ['\r', '%0D'],
  ['\n', '%0A'],
  ['%', '%25'],
] as const;
const PROPERTY_MAPPINGS = [
  ['\r', '%0D'],
  ['\n', '%0A'],
  [':', '%3A'],
  [',', '%2C'],
  ['%', '%25'],
] as const;

/**
 * What a workflow command carries for `text`: line breaks travel encoded and come back; every
 * other control character is made visible (the job log draws ANSI sequences), as on a terminal.
 */
function commandText(text: string): string {
  return text
    .split(/([\r\n])/)
    .map((part) => (part === '\r' || part === '\n' ? part : escapeTerminal(part)))
    .join('');
}

function parseWorkflowCommand(line: string): WorkflowCommand | undefined {
  const message = line.trimStart();
  if (!message.startsWith('::')) return undefined;
  const end = message.indexOf('::', 2);
  if (end < 0) return undefined;
  const info = message.slice(2, end);
  const space = info.indexOf(' ');
  const command = space < 0 ? info : info.slice(0, space);
  const properties: Record<string, string> = {};
  if (space > 0) {
    for (const property of info
      .slice(space + 1)
      .trim()
      .split(',')
      .filter((p) => p !== '')) {
      const eq = property.indexOf('=');
      if (eq > 0 && eq < property.length - 1) properties[property.slice(0, eq)] = unescapeWith(property.slice(eq + 1), PROPERTY_MAPPINGS);
    }
  }
  return { command, properties, data: unescapeWith(message.slice(end + 2), DATA_MAPPINGS) };
}

// ---------------------------------------------------------------------------------------------
// CSV

/** The documented neutralisation (src/core/escape/csv.ts): a formula start gets a leading `'`, plain decimals excepted. */
function csvExpected(text: string): string {
  return /^[=+\-@\t\r]/.test(text) && !/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(text) ? `'${text}` : text;
}

function parseCsvTable(text: string): string[][] {
  const rows: string[][] = parseCsv(text, { relax_column_count: true });
  const width = rows[0]!.length;
  for (const row of rows) expect(row.length, `columns of ${JSON.stringify(row)}`).toBe(width);
  for (const row of rows) {
    for (const cell of row) {
      if (/^[=+\-@\t\r]/.test(cell)) expect(cell, 'a cell starting like a formula is a plain number').toMatch(/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/);
    }
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// The workspace: maps, config, survey, with hostile file names

let dir = '';
const HOSTILE_FILE = 'we|rd @me #12 [x](http:evil) %0A, : <b> $x$ 😀.journey.yaml';
const INVALID_FILE = "bad @octocat #7 ::error:: %25 'q' & <i>.journey.yaml";

/** A map that fails the schema with hostile text in the messages: ids that are no slugs, and unknown keys. */
function invalidMap(): string {
  const lines = ['version: 1', 'id: invalid', 'title: Invalid', 'stages:'];
  CORPUS.forEach((entry, i) => {
    lines.push(`  - id: ${yamlString(entry)}`, `    name: s${i}`, `    ${yamlString(`k${entry}`)}: 1`);
  });
  return lines.join('\n') + '\n';
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'journeykit-escaping-'));
  const files: Record<string, string> = {
    'journeykit.config.yaml': 'owners: [cx-team]\n',
    [HOSTILE_FILE]: hostileMap(),
    'base.journey.yaml': hostileMap({ plain: true, extra: 'removed' }),
    'head.journey.yaml': hostileMap({ extra: 'added' }),
    [INVALID_FILE]: invalidMap(),
    'survey.csv': hostileSurvey(),
  };
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
});

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

const cli = (...argv: string[]) => runCli(argv, { cwd: dir, env: { SOURCE_DATE_EPOCH: '1795478400' } });

// ---------------------------------------------------------------------------------------------
// journey validate: every format against the JSON truth

interface JsonReport {
  files: { file: string; diagnostics: Diagnostic[] }[];
}

describe('journey validate: user text in messages, hints and file names', () => {
  let truth: JsonReport;
  const paths = [HOSTILE_FILE, INVALID_FILE];

  beforeAll(async () => {
    const result = await cli('validate', ...paths, '--format', 'json');
    expect(result.code).toBe(1);
    truth = JSON.parse(result.stdout) as JsonReport;
  });

  it('the hostile text reaches the diagnostics (owners, ids that are no slugs, unknown keys, file names)', () => {
    expect(truth.files.map((f) => f.file)).toEqual([...paths].sort());
    const messages = truth.files.flatMap((f) => f.diagnostics.map((d) => `${d.message}\n${d.hint ?? ''}`)).join('\n');
    for (const entry of CORPUS) {
      expect(messages, 'owner warning').toContain(`owner '${entry}'`);
      if (!/^[a-z0-9][a-z0-9-]*$/.test(entry)) expect(messages, 'slug error').toContain(`'${entry}' is not a valid id`);
      expect(messages, 'unknown key').toContain(`Unknown key 'k${entry}'`);
    }
  });

  it('markdown: tables keep their columns, no markup or reference from user text, the text reads back', async () => {
    const result = await cli('validate', ...paths, '--format', 'markdown');
    expect(result.code).toBe(1);
    const rows = result.stdout.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Severity'));
    expect(rows).toHaveLength(truth.files.reduce((n, f) => n + f.diagnostics.length, 0) + 1);
    checkMarkdown(result.stdout, { texts: [...paths, ...truth.files.flatMap((f) => f.diagnostics.flatMap((d) => [d.message, d.hint ?? '']))] });
  });

  it('sarif: valid JSON whose messages and file URIs are the text itself', async () => {
    const result = await cli('validate', ...paths, '--format', 'sarif');
    const log = JSON.parse(result.stdout) as { runs: { results: { message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    const expected = truth.files.flatMap((f) => f.diagnostics.map((d) => ({ file: f.file, text: d.hint === undefined ? d.message : `${d.message}\n${d.hint}` })));
    const results = log.runs[0]!.results;
    expect(results.map((r) => r.message.text)).toEqual(expected.map((e) => e.text));
    expect(results.map((r) => decodeURIComponent(r.locations[0]!.physicalLocation.artifactLocation.uri))).toEqual(expected.map((e) => e.file));
    for (const r of results) expect(r.locations[0]!.physicalLocation.artifactLocation.uri).toMatch(/^[A-Za-z0-9\-_.!~*'()%/]+$/);
  });

  it('junit: well-formed XML 1.0 whose attributes and text decode to the messages, minus what XML cannot hold', async () => {
    const result = await cli('validate', ...paths, '--format', 'junit');
    const root = parseXml(result.stdout);
    expect(root.name).toBe('testsuites');
    expect(xmlElements(root, 'testsuite').map((s) => s.attributes.name)).toEqual(truth.files.map((f) => xmlCanHold(f.file)));
    const cases = xmlElements(root, 'testcase');
    const diagnostics = truth.files.flatMap((f) => f.diagnostics.map((d) => ({ file: f.file, d })));
    expect(cases).toHaveLength(diagnostics.length);
    diagnostics.forEach(({ file, d }, k) => {
      const testCase = cases[k]!;
      expect(testCase.attributes.classname).toBe(xmlCanHold(file));
      const hint = d.hint === undefined ? '' : `\nhint: ${d.hint}`;
      const failure = xmlElements(testCase, 'failure')[0];
      if (d.severity === 'error') {
        expect(failure?.attributes.message).toBe(xmlCanHold(d.message));
        expect(xmlText(failure!)).toBe(xmlCanHold(`${file}:${d.line}:${d.column} ${d.message}${hint}`));
      } else {
        expect(xmlText(xmlElements(testCase, 'system-out')[0]!)).toBe(xmlCanHold(`${file}:${d.line}:${d.column} ${d.severity}: ${d.message}${hint}`));
      }
    });
  });

  it('github: one workflow command per finding, whose properties and message decode to the text (control characters made visible)', async () => {
    const result = await cli('validate', ...paths, '--format', 'github');
    const lines = result.stdout.replace(/\n$/, '').split('\n');
    const diagnostics = truth.files.flatMap((f) => f.diagnostics.map((d) => ({ file: f.file, d })));
    expect(lines).toHaveLength(diagnostics.length);
    diagnostics.forEach(({ file, d }, k) => {
      const line = lines[k]!;
      expect(line).not.toMatch(/\r/);
      expect(line).toMatch(/^::(?:error|warning|notice) file=[^,:]*,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[^,:]*::/);
      const command = parseWorkflowCommand(line)!;
      expect(command.command).toBe(d.severity === 'info' ? 'notice' : d.severity);
      expect(command.properties).toEqual({
        file: commandText(file),
        line: String(d.line),
        col: String(d.column),
        endLine: String(d.endLine),
        endColumn: String(d.endColumn),
        title: d.code,
      });
      expect(command.data).toBe(commandText(d.hint === undefined ? d.message : `${d.message}\nhint: ${d.hint}`));
      // eslint-disable-next-line no-control-regex -- no control character but the encoded line breaks
      expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// The validate formatters as pure functions, on generated text

/** Hostile text, generated: corpus fragments, the characters that matter, and any code units. */
const hostileText = fc.oneof(
  fc.constantFrom(...CORPUS),
  fc.string({ unit: fc.constantFrom(...'|`*_[]()~<>&;$@#:/.,%\r\n\t\\"\'=+-!{}^'.split(''), 'a', ' ', '1', 'www', 'http', '\u0000', '\uD800', '\uFFFE', '😀'), maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);

function syntheticReport(texts: readonly string[]): ValidationReport {
  const files = texts.map((text, i) => ({
    // A file name holds no `/` or NUL; line breaks are left out to keep one finding per line.
    file: `maps/${[...text].map((ch) => ('\r\n/\u0000'.includes(ch) ? '_' : ch)).join('')}.journey.yaml`,
    diagnostics: [
      {
        code: 'lint/unknown-owner',
        severity: (['error', 'warning', 'info'] as const)[i % 3]!,
        message: text,
        hint: text,
        path: '/owner',
        line: 1 + i,
        column: 1,
        endLine: 1 + i,
        endColumn: 2,
      },
    ],
  }));
  return { files, summary: summarize(files) };
}

describe('validate formatters on generated text (fast-check, seeded)', () => {
  const options = { color: false, version: '0.0.0', rules: rules.map((r) => r.meta) };

  it('markdown, junit and github read back what they were given', () => {
    fc.assert(
      fc.property(fc.array(hostileText, { minLength: 1, maxLength: 4 }), (texts) => {
        const report = syntheticReport(texts);
        const markdown = formatters.markdown(report, options);
        const rows = markdown.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Severity'));
        for (const row of rows) expect(tableCells(row)).toHaveLength(7);
        checkMarkdown(markdown, { texts });

        const root = parseXml(formatters.junit(report, options));
        xmlElements(root, 'testcase').forEach((testCase, k) => {
          const failure = xmlElements(testCase, 'failure')[0];
          if (failure) expect(failure.attributes.message).toBe(xmlCanHold(texts[k]!));
        });

        const commands = formatters.github(report, options).replace(/\n$/, '').split('\n').map(parseWorkflowCommand);
        commands.forEach((command, k) => {
          expect(command?.data).toBe(commandText(`${texts[k]!}\nhint: ${texts[k]!}`));
          expect(command?.properties.file).toBe(commandText(report.files[k]!.file));
        });
      }),
      { seed: 7, numRuns: 150 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// journey metrics

describe('journey metrics: segment values, a hostile column and bad answers from the export', () => {
  const argv = ['metrics', 'survey.csv', '--column', 'nps=nps', '--by', `channel,${HOSTILE_COLUMN}`];

  it('csv: same columns on every row, every segment cell is the export text (formula starts neutralised)', async () => {
    const result = await cli(...argv, '--format', 'csv');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const rows = parseCsvTable(result.stdout);
    const header = rows[0]!;
    const column = (name: string) => header.indexOf(name);
    const segments = new Set(rows.filter((r) => r[column('scope')] === 'segment').map((r) => r[column('segment')]!));
    const dimensions = new Set(rows.filter((r) => r[column('scope')] === 'segment').map((r) => r[column('dimension')]!));
    // Two dimensions also give their combination, named `a+b`.
    expect(dimensions).toEqual(new Set(['channel', csvExpected(HOSTILE_COLUMN), `channel+${HOSTILE_COLUMN}`]));
    // Line breaks inside a quoted cell of the export may be read as LF: that is reading, not escaping.
    const lf = (text: string) => text.replace(/\r\n?/g, '\n');
    const read = new Set([...segments].map(lf));
    for (const entry of CORPUS) expect(read, JSON.stringify(entry)).toContain(lf(csvExpected(surveyText(entry).trim())));
  });

  it('markdown: tables keep their columns, the text reads back', async () => {
    const result = await cli(...argv, '--format', 'markdown');
    expect(result.code).toBe(0);
    const json = JSON.parse((await cli(...argv, '--format', 'json')).stdout) as { warnings: { message: string }[] };
    checkMarkdown(result.stdout, {
      texts: [...CORPUS.map(surveyText), HOSTILE_COLUMN, ...json.warnings.slice(0, 10).map((w) => w.message)],
    });
  });
});

// ---------------------------------------------------------------------------------------------
// journey score

describe('journey score: descriptions, owners and the title', () => {
  it('csv: same columns on every row, descriptions and owners are the map text (formula starts neutralised)', async () => {
    const result = await cli('score', HOSTILE_FILE, '--format', 'csv');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const rows = parseCsvTable(result.stdout);
    const header = rows[0]!;
    const opportunities = rows.filter((r) => r[0] === 'opportunity');
    expect(opportunities).toHaveLength(CORPUS.length);
    for (const row of opportunities) {
      const i = Number(row[header.indexOf('id')]!.slice(1));
      // What a UTF-8 file can hold: a lone surrogate is U+FFFD once written.
      expect(row[header.indexOf('explanation')]).toBe(csvExpected(utf8(CORPUS[i]!)));
      expect(row[header.indexOf('owner')]).toBe(csvExpected(utf8(CORPUS[i]!)));
    }
  });

  it('markdown: tables keep their columns, the text reads back', async () => {
    const result = await cli('score', HOSTILE_FILE, '--format', 'markdown');
    expect(result.code).toBe(0);
    checkMarkdown(result.stdout, { texts: [TITLE, ...CORPUS] });
  });
});

// ---------------------------------------------------------------------------------------------
// journey render: every view

describe('journey render: every view keeps user text inside escaped slots', () => {
  const expectations: Readonly<Record<string, (i: number) => string[]>> = {
    journey: (i) => [CORPUS[i]!],
    emotion: (i) => [CORPUS[i]!],
    blueprint: (i) => [CORPUS[i]!, `• ${CORPUS[i]!.trim()}`],
    priority: () => [],
    stages: (i) => [CORPUS[i]!],
  };

  it.each(Object.keys(expectations))('%s', async (view) => {
    const result = await cli('render', HOSTILE_FILE, '--view', view);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const slots = checkMermaid(result.stdout, view).map(seen);
    // The emotion chart cuts names to what xychart can draw, the quadrant its title to the chart's
    // width: whole, or a prefix and "…".
    const shows = (slot: string, text: string) =>
      slot.includes(text) || ((view === 'emotion' || view === 'priority') && slot.endsWith('…') && slot.length > 1 && text.startsWith(slot.slice(0, -1)));
    if (view === 'journey' || view === 'emotion' || view === 'priority')
      expect(
        slots.some((slot) => shows(slot, seen(TITLE))),
        `${view} shows the title`,
      ).toBe(true);
    CORPUS.forEach((_, i) => {
      for (const text of expectations[view]!(i))
        expect(
          slots.some((slot) => shows(slot, seen(text))),
          `${view} shows ${JSON.stringify(text)}`,
        ).toBe(true);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// journey report (Markdown and HTML)

describe('journey report', () => {
  it('markdown: tables keep their columns, headings stay one line, no markup from user text, the text reads back', async () => {
    const result = await cli('report', HOSTILE_FILE, '--survey', 'survey.csv', '--column', 'nps=nps');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    checkMarkdown(result.stdout, { texts: [TITLE, ...CORPUS, ...CORPUS.map(surveyText)] });
  });

  it('html: only journeykit markup and its one script; user text only as text', async () => {
    const result = await cli('report', HOSTILE_FILE, '--format', 'html');
    expect(result.code).toBe(0);
    checkHtmlPage(result.stdout, { script: true, texts: [TITLE, ...CORPUS] });
  });
});

/** Elements of journeykit's HTML page around the marked body, and of the journey-map canvas in it. */
const CANVAS_ELEMENTS = ['div', 'header', 'section', 'span', 'caption', 'colgroup', 'col'];
const PAGE_ELEMENTS = new Set([...MARKDOWN_ELEMENTS, ...CANVAS_ELEMENTS, 'html', 'head', 'meta', 'title', 'style', 'body', 'main', 'figure', 'pre', 'script']);

/**
 * Scans the page: every `<` opens a known element with quoted attributes (no event handler, no
 * URL), the only script is journeykit's at the end, and the visible text holds every entry.
 */
function checkHtmlPage(original: string, options: { script: boolean; texts: readonly string[] }): void {
  const page = withoutOwnLinks(original);
  const scriptAt = page.indexOf('<script>');
  expect(scriptAt >= 0).toBe(options.script);
  const markup = options.script ? page.slice(0, scriptAt) + page.slice(page.indexOf('</script>') + '</script>'.length) : page;
  if (options.script) expect(page.slice(page.indexOf('</script>') + 9)).not.toContain('<script');
  const body = markup.slice(markup.indexOf('<body>'), markup.indexOf('</body>'));
  // Inline diagrams (--images svg) are Mermaid's markup: no script, image, link or handler in them.
  for (const [svg] of body.matchAll(/<svg[\s\S]*?<\/svg>/g)) {
    for (const [tag] of svg.matchAll(/<[^>]*>/g))
      expect(tag, 'a tag of an inline diagram').not.toMatch(/^<\/?(?:script|img|image|iframe|a|object|embed)\b|\son[a-z]+=|javascript:/i);
  }
  const withoutSvg = body.replace(/<svg[\s\S]*?<\/svg>/g, '');
  for (const [tag] of markup.replace(/<svg[\s\S]*?<\/svg>/g, '').matchAll(/<[^>]*>?/g)) {
    expect(tag, 'a tag').toMatch(/^<(?:!DOCTYPE html|\/?[a-z][a-z0-9]*(?:\s+[a-z-]+(?:="[^"<>]*")?)*\s*\/?)>$/);
    const name = /^<\/?([a-z][a-z0-9]*)/.exec(tag)?.[1];
    if (name !== undefined) expect(PAGE_ELEMENTS, `element <${name}>`).toContain(name);
    expect(tag).not.toMatch(/\son[a-z]+=|javascript:|\s(?:src|href)=/i);
  }
  // Mermaid source for the embedded runtime: checked as Mermaid, then left out of the text.
  const sources = [...body.matchAll(/<pre class="mermaid">([\s\S]*?)<\/pre>/g)].map((m) => decodeEntities(m[1]!));
  for (const source of sources) checkMermaid(source, 'report figure');
  const text = seen(htmlText(withoutSvg.replace(/<pre class="mermaid">[\s\S]*?<\/pre>/g, '')));
  // A page written to a file holds U+FFFD where the map had a lone surrogate: compared as UTF-8 text.
  for (const entry of options.texts) expect(utf8(text), `reads back ${JSON.stringify(entry)}`).toContain(seen(utf8(entry)));
  const title = /<title>([^<]*)<\/title>/.exec(markup)?.[1];
  expect(utf8(seen(decodeEntities(title ?? '')))).toContain(seen(utf8(xmlCanHold(options.texts[0]!))));
}

// ---------------------------------------------------------------------------------------------
// journey diff --format markdown

describe('journey diff --format markdown', () => {
  it('two versions of the hostile map: renamed, added, removed, changed; tables, details and the diagram hold', async () => {
    const result = await cli('diff', 'base.journey.yaml', 'head.journey.yaml', '--format', 'markdown');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith('<!-- journeykit-diff -->\n')).toBe(true);
    checkMarkdown(result.stdout, { texts: CORPUS, fragments: CORPUS.map((entry) => JSON.stringify(entry)) });
  });

  it('an invalid map under a hostile file name: the summary line is HTML, and still no reference or markup', async () => {
    const result = await cli('diff', 'base.journey.yaml', INVALID_FILE, '--format', 'markdown');
    expect(result.code).toBe(1);
    checkMarkdown(result.stdout, { texts: [INVALID_FILE] });
  });

  it('the formatter, on generated file names and messages', () => {
    fc.assert(
      fc.property(hostileText, hostileText, (file, message) => {
        const diagnostic: Diagnostic = { code: 'lint/x', severity: 'error', message, path: '', line: 1, column: 1, endLine: 1, endColumn: 2 };
        const diff: FileDiff = {
          base: null,
          head: file,
          status: 'invalid',
          journey: '',
          summary: 'head map is not valid (1 error)',
          changes: [],
          scores: [],
          diagnostics: { head: [diagnostic] },
        };
        const report: DiffReport = {
          base: file,
          head: 'working tree',
          files: [diff],
          summary: { files: 1, added: 0, removed: 0, changed: 0, unchanged: 0, invalid: 1, changes: 0, maxFrictionIncrease: null },
        };
        checkMarkdown(diffFormatters.markdown(report, { color: false }), { texts: [file, message] });
      }),
      { seed: 11, numRuns: 150 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The browser: networking blocked while rendering, and the HTML report opened as a reader would

const browser = await browserForTests('the blocked browser network');

describe.skipIf(!browser)('with a real browser', () => {
  const hits: string[] = [];
  const server = createServer((request, response) => {
    hits.push(request.url ?? '');
    response.writeHead(200, { 'content-type': 'image/svg+xml' }).end('<svg xmlns="http://www.w3.org/2000/svg"/>');
  });
  let port = 0;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  /** A browser as a reader has it, networking on: the control, and where the HTML reports are opened. */
  let reader: Browser;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    reader = await puppeteer.launch({ executablePath: browser!, headless: true, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
  });
  afterAll(async () => {
    await reader?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  /** Raw Mermaid (no journeykit escaping) whose labels are images on the local server. */
  const leakyDiagram = () =>
    ['flowchart LR', `  a["<img src='http://127.0.0.1:${port}/leak-ip'>"]`, `  b["<img src='http://localhost:${port}/leak-host'>"]`, '  a --> b'].join('\n');

  it('control: the same diagram in a browser without the blocking flags fetches the images', async () => {
    hits.length = 0;
    await renderMermaid(reader, leakyDiagram(), 'svg', { mermaidConfig: { securityLevel: 'strict' } });
    for (let waited = 0; waited < 5000 && hits.length < 2; waited += 50) await sleep(50);
    // Both the address and the host name reach the server: the assertions below are not vacuous.
    expect([...hits].sort()).toEqual(['/leak-host', '/leak-ip']);
  }, 30_000);

  it.each([['per-diagram'], ['shared-page']] as const)(
    'withRenderer (%s) renders it without any request reaching the server',
    async (engine) => {
      hits.length = 0;
      const svg = await withRenderer(
        browser!,
        async (render) => {
          const data = await render(leakyDiagram(), 'svg');
          await sleep(200);
          return Buffer.from(data).toString('utf8');
        },
        engine,
      );
      expect(svg).toContain('<svg');
      expect(hits).toEqual([]);
    },
    30_000,
  );

  it('the HTML report (--images none and svg) with image markup in its text: opened in Chromium, no request, no element from the text', async () => {
    const leak = `<img src="http://127.0.0.1:${port}/leak2"> <img src="http://localhost:${port}/leak3">`;
    // A smaller map than the full corpus keeps the browser's work short (the full one is scanned above).
    const entries = [
      leak,
      ...[
        '<script>alert(1)</script>',
        '<img src=x onerror=alert(1)>',
        '[x](http://evil.example)',
        '%%{init: {"theme":"dark"}}%%',
        'para\n\n[x](http://evil.example) @octocat',
      ].filter((e) => CORPUS.includes(e)),
    ];
    writeFileSync(path.join(dir, 'leak.journey.yaml'), hostileMap({ entries }));
    hits.length = 0;
    for (const images of ['none', 'svg']) {
      const out = path.join(dir, `leak-${images}.html`);
      const result = await runCli(['report', 'leak.journey.yaml', '--format', 'html', '--images', images, '--output', out], { cwd: dir, env: { JOURNEYKIT_BROWSER: browser! } });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const page = readFileSync(out, 'utf8');
      checkHtmlPage(page, { script: images === 'none', texts: [entries.join(' ¦ '), ...entries] });
      const tab = await reader.newPage();
      const requests: string[] = [];
      tab.on('request', (request) => {
        if (!/^(file|data):/.test(request.url())) requests.push(request.url());
      });
      await tab.goto(`file://${out}`, { waitUntil: 'load' });
      await tab.waitForFunction('document.querySelectorAll("figure.diagram svg").length === document.querySelectorAll("figure.diagram").length', { timeout: 20_000 });
      await sleep(200);
      const dom = (await tab.evaluate(`(() => {
        const all = [...document.querySelectorAll('*')];
        return {
          scripts: document.scripts.length,
          images: document.images.length,
          // The table of contents links the report's own sections (a[href^="#"] to a fixed anchor); no other link.
          links: [...document.querySelectorAll('a[href], iframe, object, embed')].filter((e) => !(e.tagName === 'A' && ${JSON.stringify([...OWN_ANCHORS].map((a) => `#${a}`))}.includes(e.getAttribute('href')))).length,
          handlers: all.flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => e.tagName + ' ' + a.name)),
          text: document.body.innerText,
          title: document.title,
        };
      })()`)) as { scripts: number; images: number; links: number; handlers: string[]; text: string; title: string };
      await tab.close();
      expect(requests).toEqual([]);
      expect(dom.scripts).toBe(images === 'none' ? 1 : 0);
      expect(dom.images).toBe(0);
      expect(dom.links).toBe(0);
      expect(dom.handlers).toEqual([]);
      expect(seen(dom.text)).toContain(seen(leak));
      expect(dom.title).toContain(leak);
    }
    expect(hits).toEqual([]);
  }, 60_000);
});
