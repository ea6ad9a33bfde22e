/**
 * The fast reader (no positions) against the full parser: whatever it reads, it reads to the
 * same value, and a validation run through it reports exactly what the full path reports (code,
 * message, hint, path and range of every finding), on the example maps, the fixtures and maps
 * broken at random. The hostile-input limits still apply: it leaves every file near a limit to
 * the full parser, which refuses it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { ResolvedConfig } from '../../../src/core/config.js';
import { rules } from '../../../src/core/rules/index.js';
import type { InputFile } from '../../../src/core/validate.js';
import { validateFiles } from '../../../src/core/validate.js';
import { parseYamlFast } from '../../../src/core/yaml/fast.js';
import type { YamlLimits } from '../../../src/core/yaml/parse.js';
import { DEFAULT_YAML_LIMITS, parseYaml } from '../../../src/core/yaml/parse.js';
import { mapSchemaValidator } from '../../../src/io/schemas.js';
import { REPO_ROOT } from '../../cli/harness.js';
import { BUDGET_MS, SEED } from '../../fuzz/budget.js';

const MAP_SCHEMA = await mapSchemaValidator();

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

const FILES = [...yamlFilesUnder(path.join(REPO_ROOT, 'examples')), ...yamlFilesUnder(path.join(REPO_ROOT, 'tests', 'fixtures'))];
const TEXTS = FILES.map((file) => readFileSync(file, 'utf8'));
const MAP_TEXTS = FILES.filter((file) => /\.journey\.ya?ml$/.test(file)).map((file) => readFileSync(file, 'utf8'));
const EXAMPLE_MAPS = FILES.filter((file) => file.startsWith(path.join(REPO_ROOT, 'examples')) && file.endsWith('.journey.yaml'));

/** The fast reader's value equals the full parser's, when the fast reader reads the text at all. */
function expectSameValue(text: string, limits: YamlLimits = DEFAULT_YAML_LIMITS): boolean {
  const fast = parseYamlFast(text, limits);
  if (fast === undefined) return false;
  const full = parseYaml(text, limits);
  expect(full.diagnostics, `the full parser refuses what the fast reader read:\n${text}`).toEqual([]);
  expect(fast.value, text).toStrictEqual(full.value);
  return true;
}

/** The examples' config: owners and channels, so the rules about them speak too. */
const config = parseYaml(readFileSync(path.join(REPO_ROOT, 'examples', 'journeykit.config.yaml'), 'utf8')).value as ResolvedConfig;
const schema = MAP_SCHEMA;

/** Both paths report the same findings, file by file, for one run. */
function expectSameReport(texts: readonly string[], limits?: YamlLimits): void {
  const inputs: InputFile[] = texts.map((text, i) => ({ file: `m${i}.journey.yaml`, bytes: new TextEncoder().encode(text) }));
  const options = { config, schema, rules, ...(limits ? { limits } : {}) };
  const fast = validateFiles(inputs, options);
  const full = validateFiles(inputs, { ...options, alwaysPositions: true });
  expect(fast).toStrictEqual(full);
}

describe('the fast YAML reader', () => {
  it('reads every example map, to the value the full parser builds', () => {
    expect(EXAMPLE_MAPS.length).toBeGreaterThan(3);
    for (const file of EXAMPLE_MAPS) expect(expectSameValue(readFileSync(file, 'utf8')), file).toBe(true);
  });

  it('reads the fixtures it can to the same value, and leaves the rest to the full parser', () => {
    let read = 0;
    for (const text of TEXTS) if (expectSameValue(text)) read++;
    expect(read).toBeGreaterThan(TEXTS.length / 3);
  });

  it.each([
    ['plain scalars of the core schema', 'a: 1\nb: -2.50\nc: 0x1F\nd: 0o17\ne: 1e3\nf: ~\ng: Null\nh: TRUE\ni: 2026-11-01\nj: -0\nk: +12\nl: 1_000\nm: .5\nn: 1.\n'],
    ['keys resolved to text', '1: a\ntrue: b\n~: c\n2.0: d\n0x10: e\n'],
    ['quoted scalars', `a: "x \\"y\\" \\\\ \\n \\t /"\nb: 'it''s'\n"c d": 'e'\n'f': ""\n`],
    ['comments', '# head\na: b # tail\nc: d#e\n  # indented comment\nf:\n  # before\n  - g # after\n'],
    ['compact and indented sequences', 'a:\n- b\n- c: d\n  e: f\ng:\n    -   h: i\n        j: [k, l]\n'],
    ['flow collections', 'a: [x, "y", \'z\', 1, true]\nb: {min: -2, max: 2}\nc: []\nd: { }\ne: [ spaced ,  items ]\n'],
    ['block scalars', 'a: |\n  one\n    two\n\n  three\n\n\nb: >-\n  four\n  five\n\n  six\nc: >\n  seven\nd: |-\n  eight\ne: |\nf: x\n'],
    ['keys that name prototypes', '__proto__: 1\nconstructor: 2\ntoString: 3\n'],
    ['Unicode spaces, which YAML reads as text', 'a: \u00a0\nb: x\u3000\nc: [x\u00a0, \u2003y]\n'],
    ['empty values', 'a:\nb: \nc:\n  -\n  - \nd: x\n'],
  ])('reads %s like the full parser', (_name, text) => {
    expect(expectSameValue(text)).toBe(true);
  });

  it.each([
    ['an anchor and alias', 'a: &x 1\nb: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a repeated key', 'a: 1\na: 2\n'],
    ['a multi-line plain scalar', 'a: one\n  two\n'],
    ['a multi-line quoted scalar', 'a: "one\n  two"\n'],
    ['a tab', 'a:\tb\n'],
    ['CRLF line breaks', 'a: b\r\nc: d\r\n'],
    ['.inf', 'a: .inf\n'],
    ['a huge number', `a: 1${'0'.repeat(400)}\n`],
    ['a nested flow collection', 'a: [[1], 2]\n'],
    ['two documents', 'a: 1\n---\nb: 2\n'],
    ['a complex key', '? a\n: b\n'],
    ['a root list', '- a\n- b\n'],
    ['an empty file', ''],
    ['a folded scalar with a more-indented line', 'a: >\n  one\n    two\n'],
    ['keep chomping', 'a: |+\n  one\n'],
  ])('leaves %s to the full parser', (_name, text) => {
    expect(parseYamlFast(text, DEFAULT_YAML_LIMITS)).toBeUndefined();
  });

  it('leaves every file near a limit to the full parser, which refuses what passes a limit', () => {
    const stages = Array.from({ length: 40 }, (_, i) => `  - id: s${i}\n    name: Stage ${i}\n`).join('');
    const text = `version: 1\nid: j\ntitle: T\nstages:\n${stages}`;
    expect(parseYamlFast(text, DEFAULT_YAML_LIMITS)).toBeDefined();
    const tight: YamlLimits[] = [
      { ...DEFAULT_YAML_LIMITS, maxNodes: 150 },
      { ...DEFAULT_YAML_LIMITS, maxTokens: 200 },
      { ...DEFAULT_YAML_LIMITS, maxDepth: 3 },
      { ...DEFAULT_YAML_LIMITS, maxKeys: 6 },
    ];
    for (const limits of tight) {
      expect(parseYamlFast(text, limits), JSON.stringify(limits)).toBeUndefined();
      expectSameReport([text], limits);
    }
    const refused = validateFiles([{ file: 'm.journey.yaml', bytes: new TextEncoder().encode(text) }], { config, schema, rules, limits: tight[0]! });
    expect(refused.files[0]!.diagnostics.map((d) => d.code)).toEqual(['yaml/too-many-nodes']);
  });

  it('refuses a billion-laughs file without expanding it', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++)
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(', ')}]`,
      );
    const text = `${levels.join('\n')}\n`;
    expect(parseYamlFast(text, DEFAULT_YAML_LIMITS)).toBeUndefined();
    const started = performance.now();
    const report = validateFiles([{ file: 'lol.journey.yaml', bytes: new TextEncoder().encode(text) }], { config, schema, rules });
    expect(report.files[0]!.diagnostics.map((d) => d.code)).toEqual(['yaml/alias-limit']);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

// ---------------------------------------------------------------------------------------------
// Differential: validation runs through the fast path report what the full path reports.

const SNIPPETS = [
  ':',
  ': ',
  '- ',
  '#',
  ' #',
  '"',
  "'",
  '[',
  ']',
  '{',
  '}',
  ',',
  '&a ',
  '*a',
  '!',
  '|',
  '>',
  '>-',
  '?',
  '~',
  ' ',
  '  ',
  '\n',
  '\t',
  '%',
  '---',
  '1e999',
  '0x1F',
  '0o17',
  '-0',
  '.5',
  'true',
  'Null',
  '""',
  '\\',
  '\\u00e9',
];
const VALUES = [
  '1',
  '-3',
  '2.5',
  'true',
  'null',
  '~',
  '""',
  "''",
  '[]',
  '{}',
  '[a, b]',
  '{min: 1, max: 0}',
  '|\n  x',
  '>-\n  y',
  'x: y',
  'online-order',
  'unknown-id',
  '.inf',
  '0o7',
  '1e3',
];

type Mutation =
  | { kind: 'delete' | 'duplicate' | 'indent' | 'dedent'; line: number }
  | { kind: 'insert'; line: number; column: number; snippet: string }
  | { kind: 'value'; line: number; value: string }
  | { kind: 'swap'; line: number; other: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom<'delete' | 'duplicate' | 'indent' | 'dedent'>('delete', 'duplicate', 'indent', 'dedent'), line: fc.nat(400) }),
  fc.record({ kind: fc.constant('insert' as const), line: fc.nat(400), column: fc.nat(60), snippet: fc.constantFrom(...SNIPPETS) }),
  fc.record({ kind: fc.constant('value' as const), line: fc.nat(400), value: fc.constantFrom(...VALUES) }),
  fc.record({ kind: fc.constant('swap' as const), line: fc.nat(400), other: fc.nat(400) }),
);

function mutate(text: string, mutations: readonly Mutation[]): string {
  const lines = text.split('\n');
  for (const m of mutations) {
    const i = m.line % lines.length;
    const line = lines[i]!;
    if (m.kind === 'delete') lines.splice(i, 1);
    else if (m.kind === 'duplicate') lines.splice(i, 0, line);
    else if (m.kind === 'indent') lines[i] = ` ${line}`;
    else if (m.kind === 'dedent') lines[i] = line.replace(/^ {1,2}/, '');
    else if (m.kind === 'insert') lines[i] = line.slice(0, m.column) + m.snippet + line.slice(m.column);
    else if (m.kind === 'value') lines[i] = line.includes(': ') ? `${line.slice(0, line.indexOf(': ') + 2)}${m.value}` : `${line}${m.value}`;
    else if (m.kind === 'swap') {
      const j = m.other % lines.length;
      [lines[i], lines[j]] = [lines[j]!, line];
    }
  }
  return lines.join('\n');
}

describe('the fast YAML reader on values written by a YAML library', () => {
  it('reads any text, number or list as the full parser does, or leaves it to it', () => {
    const odd = fc.constantFrom(
      'a #b',
      '#x',
      ' ',
      '\u00a0',
      'x\u2003',
      'a: b',
      '- x',
      "it's",
      '"q"',
      'x\ny',
      'x\n\ny',
      ' lead',
      'trail ',
      'a\\b',
      '1e5',
      '0x1',
      'null',
      '---',
      '...',
    );
    const value = fc.oneof(fc.string({ unit: 'binary' }), fc.string(), fc.double(), fc.integer(), odd);
    fc.assert(
      fc.property(fc.array(value, { maxLength: 8 }), (values) => {
        expectSameValue(stringify({ list: values, ...Object.fromEntries(values.map((v, i) => [`k${i}`, { name: v }])) }));
      }),
      { seed: SEED, numRuns: 2000, interruptAfterTimeLimit: 2 * BUDGET_MS, markInterruptAsFailure: false },
    );
  });
});

describe('validation through the fast reader', () => {
  it('reports what the full path reports on every map fixture and example, one run for all', () => {
    expectSameReport(MAP_TEXTS);
  });

  it('reports what the full path reports on maps broken at random', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ source: fc.nat(MAP_TEXTS.length - 1), mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }) }), { minLength: 1, maxLength: 3 }),
        (maps) => {
          const texts = maps.map(({ source, mutations }) => mutate(MAP_TEXTS[source]!, mutations));
          for (const text of texts) expectSameValue(text);
          expectSameReport(texts);
        },
      ),
      { seed: SEED, numRuns: 300, interruptAfterTimeLimit: 4 * BUDGET_MS, markInterruptAsFailure: false },
    );
  });

  it("reads maps broken at random to the full parser's value, or leaves them to it", () => {
    let read = 0;
    fc.assert(
      fc.property(fc.nat(MAP_TEXTS.length - 1), fc.array(mutation, { minLength: 1, maxLength: 6 }), (source, mutations) => {
        if (expectSameValue(mutate(MAP_TEXTS[source]!, mutations))) read++;
      }),
      { seed: SEED, numRuns: 3000, interruptAfterTimeLimit: 2 * BUDGET_MS, markInterruptAsFailure: false },
    );
    // Most small breakages keep the file in the subset (and the test meaningful).
    expect(read).toBeGreaterThan(10);
  });
});
