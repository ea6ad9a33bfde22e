import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSchemaValidator } from '../../src/core/schema/compile.js';
import { SourceMap } from '../../src/core/yaml/source-map.js';
import { readSchema } from '../../src/io/package.js';
import { REPO_ROOT, runCli, workspace } from './harness.js';

const METRICS_SCHEMA = createSchemaValidator(readSchema('metrics-report'));

/**
 * Survey exports as the platforms (and Excel) write them, in tests/fixtures/surveys/. Each
 * `<name>.expected.json` was computed by build.mjs, a second and deliberately naive
 * implementation of the formulas in SURVEY.md, from the respondent lists that generated the CSV.
 * The real command must agree with it on the subset of the JSON report given under `output`.
 */
const dir = path.join(REPO_ROOT, 'tests', 'fixtures', 'surveys');
const BUILD = path.join(dir, 'build.mjs');
const NOT_FIXTURES = new Set(['build.mjs', 'README.md']);

interface ExpectedWarning {
  code: string;
  line?: number;
  column?: string;
  /** A regular expression the warning's message must match. */
  messagePattern?: string;
}

interface Expected {
  fixture: string;
  args?: string[];
  exitCode?: number;
  /** Run without `args`, the command must refuse to guess (exit 2) and say which flag settles it. */
  ambiguousWithoutArgs?: boolean;
  /** The complete list of warnings with the codes in WARNING_CODES (for every fixture; none when absent). */
  warnings?: ExpectedWarning[];
  output: { source: { excluded?: Record<string, number> } & Record<string, unknown> } & Record<string, unknown>;
}

interface ActualWarning {
  code: string;
  message: string;
  line?: number;
  column?: string;
}

interface Report {
  source: { excluded: Record<string, number> };
  warnings: ActualWarning[];
}

/** Warning codes whose full list each fixture pins down (other warnings may come and go). */
const WARNING_CODES = ['csv/bad-value', 'csv/ragged-row', 'csv/nps-recode'];

const expectedFiles = readdirSync(dir)
  .filter((f) => f.endsWith('.expected.json'))
  .sort();
const load = (file: string) => JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Expected;
const fixtures = expectedFiles.map((file) => [file.replace(/\.expected\.json$/, ''), load(file)] as [string, Expected]);

const nonZero = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).filter(([, n]) => n !== 0));

function matches(actual: ActualWarning, expected: ExpectedWarning): boolean {
  return (
    actual.code === expected.code &&
    (expected.line === undefined || actual.line === expected.line) &&
    (expected.column === undefined || actual.column === expected.column) &&
    (expected.messagePattern === undefined || new RegExp(expected.messagePattern).test(actual.message))
  );
}

const describeWarning = (w: ExpectedWarning | ActualWarning) => `${w.line ?? '-'} ${w.column ?? '-'} ${w.code}`;

describe('journey metrics on survey exports (figures from build.mjs)', () => {
  it.each(fixtures)('%s', async (_name, expected) => {
    const result = await runCli(['metrics', expected.fixture, '--format', 'json', ...(expected.args ?? [])], { cwd: dir });
    expect(result.code, result.stderr).toBe(expected.exitCode ?? 0);
    const actual = JSON.parse(result.stdout) as Report;
    expect(actual).toMatchObject(expected.output);
    // What score, render and report accept with --metrics (schemas/metrics-report.schema.json).
    expect(METRICS_SCHEMA.validate(actual, new SourceMap(), result.stdout)).toEqual([]);

    // toMatchObject lets extra keys through; the exclusion reasons must be exactly these.
    if (expected.output.source.excluded) expect(nonZero(actual.source.excluded)).toEqual(expected.output.source.excluded);

    // Every expected warning is there, and there are no others with these codes.
    const relevant = actual.warnings.filter((w) => WARNING_CODES.includes(w.code));
    const wanted = expected.warnings ?? [];
    const missing = wanted.filter((e) => !relevant.some((a) => matches(a, e))).map(describeWarning);
    const unexpected = relevant.filter((a) => !wanted.some((e) => matches(a, e))).map(describeWarning);
    expect({ missing, unexpected }).toEqual({ missing: [], unexpected: [] });
    expect(relevant.map((w) => w.code).sort()).toEqual(wanted.map((w) => w.code).sort());
  });

  const ambiguous = fixtures.filter(([, expected]) => expected.ambiguousWithoutArgs === true);
  it.each(ambiguous)('%s: without the mapping flags the CES direction is not guessed (exit 2)', async (_name, expected) => {
    const result = await runCli(['metrics', expected.fixture, '--format', 'json'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--column|--scale|--ces-scale|CES.*(scale|direction|convention|higher|lower)/i);
    expect(result.stderr).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });
});

describe('survey fixtures', () => {
  it('have an expected file for every CSV, and a CSV for every expected file', () => {
    const files = readdirSync(dir).filter((f) => !NOT_FIXTURES.has(f));
    const csvs = files.filter((f) => f.endsWith('.csv')).map((f) => f.replace(/\.csv$/, ''));
    const expectations = files.filter((f) => f.endsWith('.expected.json')).map((f) => f.replace(/\.expected\.json$/, ''));
    expect(csvs.sort()).toEqual(expectations.sort());
    expect(csvs.length).toBeGreaterThanOrEqual(12);
    for (const [name, expected] of fixtures) expect(expected.fixture).toBe(`${name}.csv`);
  });

  it('are byte for byte what build.mjs writes (run `node tests/fixtures/surveys/build.mjs` after editing it)', () => {
    const out = workspace();
    execFileSync(process.execPath, [BUILD, out], { stdio: 'pipe' });
    const built = readdirSync(out).sort();
    const committed = readdirSync(dir)
      .filter((f) => !NOT_FIXTURES.has(f))
      .sort();
    expect(committed).toEqual(built);
    const stale = built.filter((f) => !readFileSync(path.join(out, f)).equals(readFileSync(path.join(dir, f))));
    expect(stale).toEqual([]);
  });
});
