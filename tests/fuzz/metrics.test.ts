/**
 * Fuzz tests of `journey metrics` (issue 7): mutated real exports and generated ones, in-process.
 * Every run must end with a diagnostic and exit 0, 1 or 2: no stack trace, no internal error, no
 * run over RUN_LIMIT_MS, no NaN or Infinity in the JSON (JSON.stringify writes them as null, so a
 * null where CLI.md's shape has a number counts as one), intervals ordered and inside the score's
 * range, counts that are non-negative integers and add up, warning lines inside the file. Each
 * property is seeded and stops after its run count or its time budget, whichever comes first (an
 * interrupted property passes; a failing run fails with its seed and counterexample).
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_CELL_BYTES, MAX_COLUMNS } from '../../src/io/survey/stream.js';
import type { CliResult } from '../cli/harness.js';
import { REPO_ROOT, runCli, workspace } from '../cli/harness.js';
import { RUN_LIMIT_MS, assertWithin } from './budget.js';
import { createSchemaValidator } from '../../src/core/schema/compile.js';
import { SourceMap } from '../../src/core/yaml/source-map.js';
import { readSchema } from '../../src/io/package.js';

const METRICS_SCHEMA = createSchemaValidator(readSchema('metrics-report'));

// ---------------------------------------------------------------------------------------------
// The corpus: every survey fixture and the example export, with the flags their tests use.

const FIXTURES = path.join(REPO_ROOT, 'tests', 'fixtures', 'surveys');

interface Seed {
  name: string;
  bytes: Buffer;
  args: string[];
  /** `--by channel --period month` works on the export as it is (set in beforeAll). */
  trend?: boolean;
}

const SEEDS: Seed[] = [
  ...readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((f) => {
      const expected = JSON.parse(readFileSync(path.join(FIXTURES, f.replace(/\.csv$/, '.expected.json')), 'utf8')) as { args?: string[] };
      return { name: f, bytes: readFileSync(path.join(FIXTURES, f)), args: expected.args ?? [] };
    }),
  { name: 'online-order-survey.csv', bytes: readFileSync(path.join(REPO_ROOT, 'examples', 'surveys', 'online-order-survey.csv')), args: [] },
];

/** A seed's own flags without its --by, so another --by can take its place. */
function withoutBy(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--by') i++;
    else out.push(args[i]!);
  }
  return out;
}

const trendArgs = (seed: Seed) => [...withoutBy(seed.args), '--by', 'channel', '--period', 'month'];

// ---------------------------------------------------------------------------------------------
// Invariants of every run.

/** What a crash looks like on stderr: a stack frame, a JS error class, an internal error. */
const CRASH = /\n\s+at |TypeError|RangeError|ReferenceError|SyntaxError|Cannot read properties|internal error|Maximum call stack/;
/** The errors that are about a place in the CSV file, which must then be named `file:line:`. */
const CSV_PLACE = /cannot be parsed|the limit for|never closed/;

/** Physical lines of a file, as an editor counts them (CRLF, CR and LF each end one), plus one. */
function physicalLines(bytes: Uint8Array): number {
  let lines = 1;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 10) lines++;
    else if (bytes[i] === 13) {
      lines++;
      if (bytes[i + 1] === 10) i++;
    }
  }
  return lines;
}

interface Run {
  argv: string[];
  bytes: Uint8Array;
  env?: Record<string, string>;
}

/** Runs `journey metrics` on `bytes` written to e.csv in `cwd`, and checks what holds for every run. */
async function metrics(cwd: string, run: Run): Promise<CliResult> {
  writeFileSync(path.join(cwd, 'e.csv'), run.bytes);
  const argv = ['metrics', 'e.csv', ...run.argv, '--format', 'json'];
  const started = performance.now();
  const result = await runCli(argv, { cwd, ...(run.env ? { env: run.env } : {}) });
  const elapsed = performance.now() - started;
  const what = `journey ${argv.join(' ')}${run.env ? ` (${JSON.stringify(run.env)})` : ''}`;
  expect([0, 1, 2], `${what}: exit code\n${result.stderr}`).toContain(result.code);
  expect(result.stderr, `${what}: crashed`).not.toMatch(CRASH);
  expect(elapsed, `${what}: took ${Math.round(elapsed)} ms`).toBeLessThan(RUN_LIMIT_MS);
  if (result.code === 2) {
    const first = result.stderr.split('\n')[0]!;
    expect(first, `${what}: exit 2 without a reason\n${result.stderr}`).toMatch(/^journey: error: \S.*$/);
    expect(result.stdout, `${what}: output beside the error`).toBe('');
    if (CSV_PLACE.test(first)) {
      const line = /^journey: error: e\.csv:(\d+): /.exec(first);
      expect(line, `${what}: no CSV line in ${first}`).not.toBeNull();
      expect(Number(line![1]), `${what}: ${first}`).toBeGreaterThanOrEqual(1);
      expect(Number(line![1]), `${what}: ${first}`).toBeLessThanOrEqual(physicalLines(run.bytes));
    }
  } else {
    expectReport(result.stdout, run.bytes, what);
  }
  return result;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

function expectCount(value: Json | undefined, label: string): number {
  expect(Number.isSafeInteger(value) && (value as number) >= 0, `${label}: ${JSON.stringify(value)} is not a count`).toBe(true);
  return value as number;
}

function expectNumber(value: Json | undefined, label: string): number {
  // JSON.stringify writes NaN and Infinity as null.
  expect(typeof value === 'number' && Number.isFinite(value), `${label}: ${JSON.stringify(value)} is not a finite number`).toBe(true);
  return value as number;
}

/** [lo, hi] finite, ordered, inside [min, max], and around `point` when given. */
function expectInterval(value: Json | undefined, min: number, max: number, label: string, point?: number): void {
  expect(Array.isArray(value) && value.length === 2, `${label}: ${JSON.stringify(value)} is not an interval`).toBe(true);
  const [lo, hi] = (value as Json[]).map((x, i) => expectNumber(x, `${label}[${i}]`)) as [number, number];
  expect(lo <= hi && lo >= min && hi <= max, `${label}: [${lo}, ${hi}] not ordered inside [${min}, ${max}]`).toBe(true);
  if (point !== undefined) expect(lo <= point && point <= hi, `${label}: [${lo}, ${hi}] does not contain ${point}`).toBe(true);
}

function expectScale(value: Json | undefined, label: string): [number, number] {
  expect(Array.isArray(value) && value.length === 2, `${label}: ${JSON.stringify(value)} is not a scale`).toBe(true);
  const [min, max] = (value as Json[]).map((x, i) => expectNumber(x, `${label}[${i}]`)) as [number, number];
  expect(min < max, `${label}: [${min}, ${max}]`).toBe(true);
  return [min, max];
}

/** One metric object of CLI.md's shape. */
function expectMetric(name: string, m: Json | undefined, label: string): void {
  expect(isObject(m), `${label}: not an object`).toBe(true);
  const r = m as JsonObject;
  const n = expectCount(r.n, `${label}.n`);
  expect(n, `${label}.n`).toBeGreaterThan(0);
  const score = expectNumber(r.score, `${label}.score`);
  const [min, max] = name === 'nps' ? [-100, 100] : [0, 100];
  expect(score >= min && score <= max, `${label}.score ${score} outside ${min}..${max}`).toBe(true);
  expectInterval(r.ci95, min, max, `${label}.ci95`, score);
  expect(typeof r.lowSample, `${label}.lowSample`).toBe('boolean');
  if (name === 'nps') {
    const parts = ['promoters', 'passives', 'detractors'].map((k) => expectCount(r[k], `${label}.${k}`));
    expect(parts[0]! + parts[1]! + parts[2]!, `${label}: groups add up to n`).toBe(n);
  } else if (name === 'csat' || name === 'ces') {
    const [lo, hi] = expectScale(r.scale, `${label}.scale`);
    const mean = expectNumber(r.mean, `${label}.mean`);
    expect(mean >= lo && mean <= hi, `${label}.mean ${mean} outside [${lo}, ${hi}]`).toBe(true);
    if (name === 'ces') {
      expect(typeof r.higherIsBetter, `${label}.higherIsBetter`).toBe('boolean');
      expectInterval(r.meanCi95, lo, hi, `${label}.meanCi95`, mean);
    }
  } else if (name === 'completion') {
    expect(expectCount(r.finished, `${label}.finished`), `${label}.finished`).toBeLessThanOrEqual(n);
  }
}

function expectMetricSet(set: Json | undefined, label: string): JsonObject {
  expect(isObject(set), `${label}: not an object`).toBe(true);
  for (const [name, m] of Object.entries(set as JsonObject)) {
    if (name === 'change') continue;
    expect(['nps', 'csat', 'ces', 'fcr', 'completion'], `${label}: unknown key ${name}`).toContain(name);
    expectMetric(name, m, `${label}.${name}`);
  }
  return set as JsonObject;
}

/** Words a computed number turns into when it goes wrong. */
const BAD_WORDS = ['NaN', 'Infinity', 'undefined'] as const;

/** The `metrics --format json` report: parses, and every figure is where and what CLI.md says. */
function expectReport(stdout: string, bytes: Uint8Array, what: string): void {
  const lines = physicalLines(bytes);
  // Messages quote cells: a bad word counts only when the export does not hold it.
  const input = Buffer.from(bytes).toString('latin1') + iconv.decode(Buffer.from(bytes), 'utf16le');
  for (const word of BAD_WORDS) if (!input.includes(word)) expect(stdout, `${what}: '${word}' in the output`).not.toContain(word);
  let report: JsonObject;
  try {
    report = JSON.parse(stdout) as JsonObject;
  } catch (error) {
    throw new Error(`${what}: stdout is not JSON (${(error as Error).message}):\n${stdout.slice(0, 500)}`, { cause: error });
  }
  // What score, render and report accept with --metrics: the writer never leaves the schema.
  expect(
    METRICS_SCHEMA.validate(report, new SourceMap(), stdout).map((d) => `${d.path}: ${d.message}`),
    `${what}: fits the metrics schema`,
  ).toEqual([]);
  const source = report.source as JsonObject;
  expect(isObject(source), `${what}: source`).toBe(true);
  const rows = expectCount(source.rows, `${what}: source.rows`);
  const included = expectCount(source.included, `${what}: source.included`);
  let excluded = 0;
  for (const [reason, count] of Object.entries(source.excluded as JsonObject)) excluded += expectCount(count, `${what}: source.excluded.${reason}`);
  expect(included + excluded, `${what}: included + excluded = rows`).toBe(rows);
  for (const [metric, scale] of Object.entries(source.scales as JsonObject)) {
    expect(isObject(scale), `${what}: source.scales.${metric}`).toBe(true);
    const s = scale as JsonObject;
    expectScale([s.min!, s.max!], `${what}: source.scales.${metric}`);
  }

  const overall = expectMetricSet(report.overall, `${what}: overall`);
  for (const [dimension, values] of Object.entries(report.segments as JsonObject)) {
    expect(isObject(values), `${what}: segments.${dimension}`).toBe(true);
    const sums: Record<string, number> = {};
    for (const [value, set] of Object.entries(values as JsonObject)) {
      const s = expectMetricSet(set, `${what}: segments.${dimension}.${value}`);
      for (const [name, m] of Object.entries(s)) sums[name] = (sums[name] ?? 0) + ((m as JsonObject).n as number);
    }
    // Every included response falls in exactly one value of a dimension ("(blank)" included).
    for (const [name, m] of Object.entries(overall)) expect(sums[name] ?? 0, `${what}: segments.${dimension} add up to overall ${name}.n`).toBe((m as JsonObject).n);
  }
  for (const [key, period] of Object.entries(report.periods as JsonObject)) {
    const p = expectMetricSet(period, `${what}: periods.${key}`);
    if (p.change === undefined) continue;
    for (const [metric, change] of Object.entries(p.change as JsonObject)) {
      const c = change as JsonObject;
      const label = `${what}: periods.${key}.change.${metric}`;
      expectNumber(c.delta, `${label}.delta`);
      const pValue = expectNumber(c.p, `${label}.p`);
      expect(pValue >= 0 && pValue <= 1, `${label}.p ${pValue}`).toBe(true);
      expect(typeof c.significant, `${label}.significant`).toBe('boolean');
      expect(['up', 'down', 'flat'], `${label}.direction`).toContain(c.direction);
    }
  }
  for (const kpi of report.kpis as JsonObject[]) {
    const label = `${what}: kpi ${JSON.stringify(kpi)}`;
    expectNumber(kpi.target, `${label}.target`);
    expectNumber(kpi.threshold, `${label}.threshold`);
    expectCount(kpi.n, `${label}.n`);
    // The one place CLI.md allows null: a KPI with no data.
    if (kpi.value === null) expect(kpi.status, label).toBe('no-data');
    else expectNumber(kpi.value, `${label}.value`);
    expect(['met', 'watch', 'breach', 'insufficient', 'no-data'], label).toContain(kpi.status);
  }
  for (const w of report.warnings as JsonObject[]) {
    const label = `${what}: warning ${JSON.stringify(w)}`;
    expect(typeof w.code === 'string' && typeof w.message === 'string', label).toBe(true);
    if (w.line !== undefined) {
      expect(expectCount(w.line, `${label}.line`), label).toBeGreaterThanOrEqual(1);
      expect(w.line, `${label}: past the last line (${lines})`).toBeLessThanOrEqual(lines);
    }
  }
  // Anything else: a null or a non-finite number anywhere is a NaN that slipped through.
  const walk = (value: Json, at: string): void => {
    if (value === null) expect(at, `${what}: null at ${at}`).toMatch(/^kpis\.\d+\.value$/);
    else if (typeof value === 'number') expect(Number.isFinite(value), `${what}: ${value} at ${at}`).toBe(true);
    else if (typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, at ? `${at}.${k}` : k);
  };
  walk(report, '');
}

// ---------------------------------------------------------------------------------------------
// Byte-level mutations of real exports.

const utf8 = (s: string) => Buffer.from(s, 'utf8');

/** Text fragments that break or bend an export: quotes, delimiters, line ends, BOMs, odd numbers. */
const FRAGMENTS: readonly Buffer[] = [
  '"',
  '""',
  '"""',
  ',',
  ';',
  '\t',
  '|',
  '\n',
  '\r\n',
  '\r',
  '\0',
  '\uFEFF',
  'sep=;\n',
  '"\n"',
  ',"',
  '",',
  '1e309',
  '-1e309',
  'NaN',
  'Infinity',
  '-0',
  '٣',
  '٣٫٥',
  '５',
  '50%',
  '4,5',
  '10 - Extremely likely',
  'Very satisfied',
  'Yes',
  'No',
  'Promoter',
  'N/A',
  '-99',
  '2026-02-30 25:61',
  '99999-12-31',
  '0000-00-00T00:00:00Z',
  '{"ImportId":"QID1"}',
].map(utf8);

const UTF16_TEXT = ['Très satisfait', 'Ja, beim ersten Kontakt', '10', 'Sehr zufrieden;Kanal\r\n', '٣'];
const CP1252_TEXT = ['Très satisfait', '“Ja” – €5', 'Zufriedenheit;Kanal\r\n', 'Ñandú'];

type Mutation =
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'overwrite'; at: number; bytes: Uint8Array }
  | { kind: 'fragment'; at: number; which: number }
  | { kind: 'utf16'; at: number; which: number; bom: boolean }
  | { kind: 'cp1252'; at: number; which: number }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'deleteByte'; byte: number; nth: number }
  | { kind: 'row'; op: 'duplicate' | 'delete'; nth: number }
  | { kind: 'column'; op: 'duplicate' | 'delete'; nth: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'lineEnds'; to: 'crlf' | 'lf' | 'cr' | 'mixed'; seed: number }
  | { kind: 'bom'; which: 'utf8' | 'utf16le' | 'utf16be' };

const position = fc.nat({ max: 1 << 30 });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: position, bytes: fc.uint8Array({ minLength: 1, maxLength: 12 }) }),
  fc.record({ kind: fc.constant('overwrite' as const), at: position, bytes: fc.uint8Array({ minLength: 1, maxLength: 12 }) }),
  fc.record({ kind: fc.constant('fragment' as const), at: position, which: fc.nat() }),
  fc.record({ kind: fc.constant('utf16' as const), at: position, which: fc.nat(), bom: fc.boolean() }),
  fc.record({ kind: fc.constant('cp1252' as const), at: position, which: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ kind: fc.constant('deleteByte' as const), byte: fc.constantFrom(0x22, 0x2c, 0x3b, 0x09, 0x0a, 0x0d), nth: fc.nat() }),
  fc.record({ kind: fc.constant('row' as const), op: fc.constantFrom('duplicate' as const, 'delete' as const), nth: fc.nat() }),
  fc.record({ kind: fc.constant('column' as const), op: fc.constantFrom('duplicate' as const, 'delete' as const), nth: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({ kind: fc.constant('lineEnds' as const), to: fc.constantFrom('crlf' as const, 'lf' as const, 'cr' as const, 'mixed' as const), seed: fc.nat() }),
  fc.record({ kind: fc.constant('bom' as const), which: fc.constantFrom('utf8' as const, 'utf16le' as const, 'utf16be' as const) }),
);

const splice = (b: Buffer, at: number, remove: number, insert: Uint8Array = new Uint8Array()) =>
  Buffer.concat([b.subarray(0, at), insert, b.subarray(Math.min(b.length, at + remove))]);

/** Lines with their line ends kept, so joining them gives the bytes back. */
function splitLines(b: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  for (let i = b.indexOf(10); i !== -1; i = b.indexOf(10, start)) {
    lines.push(b.subarray(start, i + 1));
    start = i + 1;
  }
  if (start < b.length) lines.push(b.subarray(start));
  return lines;
}

function mutate(b: Buffer, m: Mutation): Buffer {
  const at = (n: number) => n % (b.length + 1);
  switch (m.kind) {
    case 'insert':
      return splice(b, at(m.at), 0, m.bytes);
    case 'overwrite':
      return splice(b, at(m.at), m.bytes.length, m.bytes);
    case 'fragment':
      return splice(b, at(m.at), 0, FRAGMENTS[m.which % FRAGMENTS.length]);
    case 'utf16': {
      const text = iconv.encode(UTF16_TEXT[m.which % UTF16_TEXT.length]!, 'utf16le');
      return splice(b, at(m.at), 0, m.bom ? Buffer.concat([Buffer.from([0xff, 0xfe]), text]) : text);
    }
    case 'cp1252':
      return splice(b, at(m.at), 0, iconv.encode(CP1252_TEXT[m.which % CP1252_TEXT.length]!, 'win1252'));
    case 'delete':
      return splice(b, at(m.at), m.length);
    case 'deleteByte': {
      const hits: number[] = [];
      for (let i = b.indexOf(m.byte); i !== -1 && hits.length < 10_000; i = b.indexOf(m.byte, i + 1)) hits.push(i);
      return hits.length === 0 ? b : splice(b, hits[m.nth % hits.length]!, 1);
    }
    case 'row': {
      const lines = splitLines(b);
      if (lines.length === 0) return b;
      const k = m.nth % lines.length;
      lines.splice(k, m.op === 'delete' ? 1 : 0, ...(m.op === 'duplicate' ? [lines[k]!] : []));
      return Buffer.concat(lines);
    }
    case 'column': {
      // Naive about quotes on purpose: a quoted delimiter shifts the cut and breaks the quoting.
      const delimiter = [',', ';', '\t'].map((d) => [d, b.subarray(0, 4096).toString('latin1').split(d).length] as const).sort((x, y) => y[1] - x[1])[0]![0];
      return Buffer.concat(
        splitLines(b).map((line) => {
          const cells = line.toString('latin1').split(delimiter);
          const k = m.nth % cells.length;
          cells.splice(k, m.op === 'delete' ? 1 : 0, ...(m.op === 'duplicate' ? [cells[k]!] : []));
          return Buffer.from(cells.join(delimiter), 'latin1');
        }),
      );
    }
    case 'truncate':
      return b.subarray(0, at(m.at));
    case 'lineEnds': {
      const ends = ['\r\n', '\n', '\r'];
      let state = m.seed;
      const text = b.toString('latin1').replace(/\r\n|\r|\n/g, () => {
        if (m.to !== 'mixed') return m.to === 'crlf' ? '\r\n' : m.to === 'lf' ? '\n' : '\r';
        state = (state * 1103515245 + 12345) >>> 0;
        return ends[state % 3]!;
      });
      return Buffer.from(text, 'latin1');
    }
    case 'bom':
      return Buffer.concat([m.which === 'utf8' ? Buffer.from([0xef, 0xbb, 0xbf]) : m.which === 'utf16le' ? Buffer.from([0xff, 0xfe]) : Buffer.from([0xfe, 0xff]), b]);
  }
}

describe('fuzz: mutated survey exports', () => {
  beforeAll(async () => {
    const cwd = workspace();
    for (const seed of SEEDS) {
      writeFileSync(path.join(cwd, 'e.csv'), seed.bytes);
      seed.trend = (await runCli(['metrics', 'e.csv', ...trendArgs(seed), '--format', 'json'], { cwd })).code === 0;
    }
    // At least the Qualtrics exports and the example have a channel and a date column.
    expect(SEEDS.filter((s) => s.trend).length).toBeGreaterThanOrEqual(4);
  });

  it('byte-level mutations of the fixtures and the example end in a diagnostic, exit 0/1/2', async () => {
    const cwd = workspace();
    await assertWithin(
      fc.tuple(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean()),
      async ([which, mutations, trend]) => {
        const seed = SEEDS[which % SEEDS.length]!;
        const bytes = mutations.reduce(mutate, seed.bytes);
        await metrics(cwd, { argv: trend && seed.trend ? trendArgs(seed) : seed.args, bytes });
      },
      400,
    );
  });

  it('the same through worker threads (JOURNEYKIT_PARALLEL_BYTES=1000)', async () => {
    const cwd = workspace();
    await assertWithin(
      fc.tuple(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 3 })),
      async ([which, mutations]) => {
        const seed = SEEDS[which % SEEDS.length]!;
        const bytes = mutations.reduce(mutate, seed.bytes);
        await metrics(cwd, { argv: seed.trend ? trendArgs(seed) : seed.args, bytes, env: { JOURNEYKIT_PARALLEL_BYTES: '1000' } });
      },
      40,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Generated exports: columns of a kind (a metric, a segment, a date, ...) with mostly fitting
// values and some wild ones, random extra columns, ragged rows, any delimiter and line end.

const KINDS = {
  nps: {
    headers: ['How likely are you to recommend us?', 'NPS', 'LTR', 'Likelihood to recommend', 'Q1'],
    values: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '10 - Extremely likely', '0 (Not at all likely)', '9/10', '11'],
  },
  csat: {
    headers: ['How satisfied were you?', 'csat', 'satisfaction', 'Zufriedenheit'],
    values: ['1', '2', '3', '4', '5', '4,5', 'Very satisfied', 'Satisfied', 'Neutral', 'Dissatisfied', 'Very dissatisfied', '5 = Very satisfied'],
  },
  ces: {
    headers: ['How easy was it?', 'How much effort did you put in?', 'CES', 'effort', 'The company made it easy for me'],
    values: ['1', '2', '3', '4', '5', '6', '7', 'Strongly agree', 'Agree', 'Somewhat agree', 'Very easy', 'Very difficult', 'Very low effort'],
  },
  fcr: {
    headers: ['Was your issue resolved on first contact?', 'fcr', 'Resolved first contact'],
    values: ['Yes', 'No', '1', '0', '2', 'yes, on the first contact', 'No - I called twice', 'true'],
  },
  segment: {
    headers: ['channel', 'Channel', 'stage', 'touchpoint', 'Kanal', 'region'],
    values: ['web', 'store', 'phone', '', '(blank)', '__proto__', 'constructor', 'a / b', 'Web ', 'x\ny'],
  },
  date: {
    headers: ['submitted_at', 'date', 'Timestamp', 'RecordedDate', 'StartDate', 'Submit Date (UTC)'],
    values: [
      '2026-03-05 14:22:10',
      '2026-03-05T14:22:10Z',
      '2026-01-31T23:30:00Z',
      '2025-12-31 23:59',
      '03/04/2026 9:14 PM',
      '18.07.2017 08:28',
      '2024/03/05 9:14:07 AM GMT+1',
      '2026-02-30 10:00',
      '13/13/2026',
      '275760-09-13',
      '-271821-04-20',
      '0000-00-00',
      '9999-12-31T23:59:59+14:00',
      '2026-03-05 14:22:10 +25:00',
      '1e309',
      'NaN',
      '',
    ],
  },
  id: { headers: ['id', 'ResponseId', 'response_id', '#', 'Respondent ID'], values: ['r1', 'r2', 'r3', 'r4', 'r5', 'r6', ' r1 ', ''] },
  meta: {
    headers: ['Status', 'Finished', 'Progress', 'Response Type', 'DistributionChannel'],
    values: ['0', '1', '2', '8', '16', 'IP Address', 'Survey Preview', 'True', 'False', 'partial', 'completed', '100', 'preview', 'anonymous'],
  },
} as const;
type Kind = keyof typeof KINDS | 'free';

/** Values that bend every normaliser: odd numbers, digits of other scripts, labels of other scales. */
const WILD = [
  '',
  ' ',
  '-1',
  '-0',
  '+0',
  '0.5',
  '9.5',
  '1e309',
  '-1e309',
  '1e-400',
  'NaN',
  'Infinity',
  '-Infinity',
  '٣',
  '٩',
  '٣٫٥',
  '１０',
  '50%',
  '100 %',
  'Promoter',
  'Passive',
  'Detractor',
  'N/A',
  '-99',
  "Don't know",
  "99 = Don't know",
  'Very high effort',
  'Strongly disagree',
  '__proto__',
  '=1+1',
  '"',
  '""',
  'a,b',
  'a;b',
  'x\ny',
  '\u00a0',
  '\u200b9',
  '9\u0301',
];

const FREE_HEADERS = ['', ' ', 'comment', 'Q5_TEXT', 'Q1_NPS_GROUP', '__proto__', 'constructor', 'hasOwnProperty', 'V1', 'sep=,'];

function cellOf(kind: Kind): fc.Arbitrary<string> {
  const fitting = kind === 'free' ? fc.constantFrom(...WILD) : fc.constantFrom(...KINDS[kind].values);
  return fc.oneof(
    { weight: 16, arbitrary: fitting },
    { weight: 2, arbitrary: fc.constantFrom(...WILD) },
    { weight: 1, arbitrary: fc.string({ maxLength: 12, unit: 'binary' }) },
    { weight: 1, arbitrary: fc.double().map(String) },
  );
}

const columnOf = (kinds: readonly Kind[]) =>
  fc.constantFrom(...kinds).chain((kind) =>
    fc.record({
      kind: fc.constant(kind),
      header: fc.oneof(
        { weight: 8, arbitrary: kind === 'free' ? fc.constantFrom(...FREE_HEADERS) : fc.constantFrom(...KINDS[kind].headers) },
        { weight: 1, arbitrary: fc.string({ maxLength: 10, unit: 'binary' }) },
      ),
    }),
  );

/** One metric column somewhere among up to eight columns of any kind. */
const columns = fc
  .tuple(columnOf(['nps', 'csat', 'ces', 'fcr']), fc.array(columnOf(['nps', 'csat', 'ces', 'fcr', 'segment', 'date', 'id', 'meta', 'free']), { maxLength: 8 }), fc.nat())
  .map(([metric, others, at]) => {
    const all = [...others];
    all.splice(at % (others.length + 1), 0, metric);
    return all;
  });

/** Flags: fixed sets, and flags naming the export's own columns. */
const flagsFor = (headers: readonly string[]) =>
  fc.oneof(
    fc.constantFrom(...FLAG_SETS),
    fc
      .tuple(fc.constantFrom(...headers), fc.constantFrom('--by', 'nps', 'csat', 'fcr', 'date', 'channel'), fc.constantFrom([], ['--period', 'month']))
      .map(([header, what, more]) => [...(what === '--by' ? ['--by', header] : ['--column', `${what}=${header}`]), ...more]),
  );

interface Generated {
  headers: string[];
  rows: string[][];
  delimiter: string;
  eol: string;
  quoting: 'rfc' | 'all' | 'none';
  bom: boolean;
  flags: string[];
}

const FLAG_SETS: readonly string[][] = [
  [],
  [],
  ['--by', 'channel'],
  ['--period', 'month'],
  ['--by', 'channel', '--period', 'month'],
  ['--period', 'week', '--tz', 'Pacific/Kiritimati'],
  ['--period', 'quarter', '--by', 'stage,channel'],
  ['--column', 'nps=NPS'],
  ['--column', 'nps=How likely are you to recommend us?', '--by', 'Channel'],
  ['--scale', 'ces=1-7:higher'],
  ['--scale', 'ces=1-5:lower', '--scale', 'csat=1-5'],
  ['--complete-only'],
  ['--platform', 'qualtrics'],
  ['--platform', 'typeform'],
  ['--platform', 'surveymonkey'],
  ['--platform', 'google-forms'],
  ['--column', 'fcr=fcr', '--column', 'channel=stage'],
  ['--by', '__proto__'],
  ['--column', 'date=Timestamp', '--period', 'month'],
];

/** Columns first, then rows of cells that fit each column; a row may lose or gain cells at its end. */
const generated: fc.Arbitrary<Generated> = columns.chain((columns) =>
  fc.record({
    headers: fc.constant(columns.map((c) => c.header)),
    rows: fc.array(
      fc
        .tuple(fc.tuple(...columns.map((c) => cellOf(c.kind))), fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: -3, max: 3 }) }))
        .map(([cells, ragged]) =>
          ragged < 0 ? cells.slice(0, Math.max(0, cells.length + ragged)) : [...cells, ...Array.from({ length: ragged }, (_, i) => (i % 2 ? '' : 'extra'))],
        ),
      { maxLength: 40 },
    ),
    delimiter: fc.constantFrom(',', ';', '\t', '|'),
    eol: fc.constantFrom('\n', '\r\n', '\r'),
    quoting: fc.constantFrom('rfc' as const, 'rfc' as const, 'all' as const, 'none' as const),
    bom: fc.boolean(),
    flags: flagsFor(columns.map((c) => c.header)),
  }),
);

/** Writes a cell: RFC 4180 quoting when needed, always, or never (then the file may break). */
function writeCell(value: string, g: Pick<Generated, 'delimiter' | 'quoting'>): string {
  const special = value.includes(g.delimiter) || /["\r\n]/.test(value);
  if (g.quoting === 'all' || (g.quoting === 'rfc' && special)) return `"${value.replace(/"/g, '""')}"`;
  return value;
}

function writeExport(g: Generated): Buffer {
  const text = [g.headers, ...g.rows].map((r) => r.map((c) => writeCell(c, g)).join(g.delimiter)).join(g.eol) + g.eol;
  return Buffer.from((g.bom ? '\uFEFF' : '') + text, 'utf8');
}

/** Well-formed exports of the usual columns, long enough to be split between worker threads. */
const wellFormed: fc.Arbitrary<Generated> = fc.record({
  headers: fc.constant(['id', 'submitted_at', 'channel', 'How likely are you to recommend us?', 'How satisfied were you?', 'Was your issue resolved on first contact?']),
  rows: fc.array(fc.tuple(cellOf('id'), cellOf('date'), cellOf('segment'), cellOf('nps'), cellOf('csat'), cellOf('fcr')), { minLength: 1, maxLength: 150 }),
  delimiter: fc.constantFrom(',', ';'),
  eol: fc.constantFrom('\n', '\r\n'),
  quoting: fc.constantFrom('rfc' as const, 'all' as const),
  bom: fc.boolean(),
  flags: fc.constantFrom([], ['--by', 'channel'], ['--by', 'channel', '--period', 'month'], ['--period', 'week']),
});

describe('fuzz: generated survey exports', () => {
  it('random headers, ragged rows and wild values end in a diagnostic, exit 0/1/2', async () => {
    const cwd = workspace();
    await assertWithin(
      generated,
      async (g) => {
        await metrics(cwd, { argv: g.flags, bytes: writeExport(g) });
      },
      400,
    );
  });

  it('worker threads give what one thread gives on well-formed exports', async () => {
    const cwd = workspace();
    await assertWithin(
      wellFormed,
      async (g) => {
        const bytes = writeExport(g);
        const single = await metrics(cwd, { argv: g.flags, bytes });
        const parallel = await metrics(cwd, { argv: g.flags, bytes, env: { JOURNEYKIT_PARALLEL_BYTES: '200' } });
        expect(parallel.code, parallel.stderr).toBe(single.code);
        expect(parallel.stdout).toBe(single.stdout);
      },
      30,
    );
  });
  it('huge cells and many columns near the limits: refused over them with the line, read at them', async () => {
    const cwd = workspace();
    const base = ['id,How likely are you to recommend us?,comment', 'r1,9,fine', 'r2,3,"two\nlines"', 'r3,10,ok'];
    const near = fc.record({
      what: fc.constantFrom('cell' as const, 'columns' as const),
      delta: fc.integer({ min: -3, max: 3 }),
      /** Where the big record goes: 0 replaces the header, else it is inserted before base[row]. */
      row: fc.integer({ min: 0, max: base.length }),
      unit: fc.constantFrom('x', 'é', '€', '😀', '\n', '""'),
      eol: fc.constantFrom('\n', '\r\n'),
    });
    await assertWithin(
      near,
      async ({ what, delta, row, unit, eol }) => {
        let record: string;
        if (what === 'cell') {
          // A cell of MAX_CELL_BYTES + delta bytes of text in UTF-8 (a doubled quote is one byte of text).
          const unitBytes = unit === '""' ? 1 : Buffer.byteLength(unit);
          const count = Math.floor((MAX_CELL_BYTES + delta) / unitBytes);
          const text = unit.repeat(count) + 'x'.repeat(MAX_CELL_BYTES + delta - count * unitBytes);
          record = row === 0 ? `id,How likely are you to recommend us?,"${text}"` : `r9,7,"${text}"`;
        } else {
          // A record of MAX_COLUMNS + delta cells: a trailing run of empty ones.
          record = (row === 0 ? base[0]! : 'r9,7,ok') + ','.repeat(MAX_COLUMNS + delta - 3);
        }
        const lines = [...base];
        lines.splice(row === 0 ? 0 : row, row === 0 ? 1 : 0, record);
        const startLine = row === 0 ? 1 : lines.slice(0, row).join('\n').split('\n').length + 1;
        const result = await metrics(cwd, { argv: [], bytes: Buffer.from(lines.join('\n').replace(/\n/g, eol) + eol) });
        const first = result.stderr.split('\n')[0];
        if (delta <= 0) expect(result.stderr).not.toContain('the limit for');
        else if (what === 'cell') {
          expect(first).toBe(`journey: error: e.csv:${startLine}: a cell starting on this line is larger than 1 MB, the limit for one CSV cell.`);
        } else {
          expect(first).toBe(`journey: error: e.csv:${startLine}: the record starting on this line has more than 16,384 columns, the limit for a survey export.`);
        }
      },
      12,
      2000,
    );
  });
});
