import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { expectGolden } from '../golden.js';
import { REPO_ROOT, runCli, workspace } from './harness.js';

/**
 * The warehouse round trip of docs/warehouse.md: `journey metrics EXPORT --emit-sql` prints a
 * query, DuckDB runs it on the export, its result saved as CSV goes to `journey metrics
 * --from-aggregates`, and the report must be the direct run's, figure for figure.
 */
const FIXTURES = path.join(REPO_ROOT, 'tests', 'fixtures', 'surveys');

/** Runs `sql` in a fresh in-memory DuckDB; `{dir}` in it is the workspace (the emitted query names the export by its absolute path). */
async function duckdb(sql: string, dir: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(sql.replaceAll('{dir}', dir.replace(/'/g, "''")));
  } finally {
    connection.closeSync();
  }
}

interface Warning {
  code: string;
  message: string;
  line?: number;
  column?: string;
  file?: string;
}

/**
 * A warning about rows as a count: the direct run says each row (with its line) or "...: 3 rows,
 * lines 5, 6, 7."; the counts say "...: 3 rows." without lines, and ragged rows as one warning.
 */
function counted(warnings: Warning[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const w of warnings) {
    let message = w.message;
    let n = 1;
    const repeat = /: (\d+) rows(?:, (?:first )?lines [\d, ]+)?\.$/.exec(message);
    if (repeat) {
      n = Number(repeat[1]);
      message = `${message.slice(0, repeat.index)}.`;
    }
    if (w.code === 'csv/ragged-row') {
      n = Number(/^(\d+) rows/.exec(message)?.[1] ?? 1);
      message = '';
    }
    const key = JSON.stringify([w.code, w.column, w.file, message]);
    counts[key] = (counts[key] ?? 0) + n;
  }
  return counts;
}

/** What --from-aggregates cannot reproduce: verbatim comments (not aggregated), the lines of warnings about rows. */
function comparable(json: string): unknown {
  const report = JSON.parse(json) as { comments?: unknown; source: { inferred: string[] }; warnings: Warning[] | Record<string, number> };
  delete report.comments;
  report.source.inferred = report.source.inferred.filter((note) => !/comments? kept from|are not in the aggregates/.test(note));
  report.warnings = counted(report.warnings as Warning[]);
  return report;
}

async function roundTrip(dir: string, file: string, args: string[], format: 'csv' | 'json' = 'csv'): Promise<{ direct: string; aggregated: string; bytes: number }> {
  const emitted = await runCli(['metrics', file, ...args, '--emit-sql'], { cwd: dir });
  expect(emitted.stderr).toBe('');
  expect(emitted.code).toBe(0);
  const query = emitted.stdout.trim().replace(/;$/, '');
  const out = `counts.${format}`;
  await duckdb(`COPY (${query}) TO '{dir}/${out}' (${format === 'csv' ? 'HEADER' : 'FORMAT json'})`, dir);
  const direct = await runCli(['metrics', file, ...args, '--format', 'json'], { cwd: dir });
  const aggregated = await runCli(['metrics', '--from-aggregates', out, '--format', 'json'], { cwd: dir });
  expect(aggregated.stderr).toBe('');
  expect(aggregated.code).toBe(direct.code);
  return { direct: direct.stdout, aggregated: aggregated.stdout, bytes: readFileSync(path.join(dir, out)).length };
}

const fixtures = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.expected.json'))
  .map((name) => ({
    name: name.replace('.expected.json', ''),
    expected: JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as { fixture: string; args?: string[]; exitCode?: number },
  }))
  .filter(({ expected }) => (expected.exitCode ?? 0) === 0);

describe('journey metrics --emit-sql (DuckDB) and --from-aggregates', () => {
  for (const { name, expected } of fixtures) {
    for (const extra of [[], ['--complete-only', '--period', 'week', '--tz', 'Asia/Kolkata']]) {
      it(`${name} ${[...(expected.args ?? []), ...extra].join(' ')}: the same report from the counts`, async () => {
        const dir = workspace({ [expected.fixture]: readFileSync(path.join(FIXTURES, expected.fixture)) });
        const hasDate = !extra.includes('--period') || /date|time|timestamp|submitted/i.test(readFileSync(path.join(dir, expected.fixture), 'latin1').split('\n')[0]!);
        const args = [...(expected.args ?? []), ...(hasDate ? extra : [])];
        const probe = await runCli(['metrics', expected.fixture, ...args, '--format', 'json'], { cwd: dir });
        if (probe.code !== 0) return expect(probe.stderr).toMatch(/date/i);
        if ((JSON.parse(probe.stdout) as { source: { encoding: string } }).source.encoding === 'windows-1252') {
          // DuckDB's read_csv has no Windows-1252: refused with the conversion to run (exit 2).
          const refused = await runCli(['metrics', expected.fixture, ...args, '--emit-sql'], { cwd: dir });
          expect(refused.code).toBe(2);
          return expect(refused.stderr).toMatch(/iconv -f WINDOWS-1252/);
        }
        const { direct, aggregated } = await roundTrip(dir, expected.fixture, args);
        expect(comparable(aggregated)).toEqual(comparable(direct));
      }, 30_000);
    }
  }

  it('a generated 20,000-row Qualtrics export, by two dimensions and week in a time zone: every figure equal, the counts a few kilobytes', async () => {
    const dir = workspace();
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'bench', 'generate-export.mjs'), '20000', path.join(dir, 'export.csv')]);
    const args = ['--by', 'channel,stage', '--period', 'week', '--tz', 'Europe/Berlin'];
    const { direct, aggregated, bytes } = await roundTrip(dir, 'export.csv', args);
    expect(comparable(aggregated)).toEqual(comparable(direct));
    expect(bytes).toBeLessThan(2_000_000);
    // Without comments and warnings with lines, the JSON is the same byte for byte.
    const parsed = JSON.parse(direct) as { comments?: unknown; warnings: unknown[] };
    if (parsed.comments === undefined && parsed.warnings.length === 0) expect(aggregated).toBe(direct);
  }, 120_000);

  /** A generic export whose dates are `format(instant)`: two years of times, a third within an hour of midnight. */
  function datedExport(format: (ms: number) => string, edges: readonly string[] = []): string {
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const lines = ['id,How likely are you to recommend us?,date'];
    for (let i = 0; i < 3000; i++) {
      const day = Date.UTC(2010, 0, 1) + Math.floor(random() * 3 * 365) * 86_400_000 + (i % 3 === 0 ? 0 : Math.floor(random() * 730) * 86_400_000);
      const ms = day + (i % 3 === 0 ? (random() < 0.5 ? -1 : 1) * Math.floor(random() * 3_600_000) : Math.floor(random() * 86_400_000));
      lines.push(`r${i},${Math.floor(random() * 11)},${format(ms)}`);
    }
    edges.forEach((text, i) => lines.push(`e${i},${i % 11},${text}`));
    return lines.join('\n') + '\n';
  }
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19);
  /**
   * Wall times in or next to transitions at midnight (Santiago 2012-09-02 00:00 -> 01:00, Apia
   * skipping 2011-12-30, Lord Howe's half hour), as an export written in another zone has them.
   */
  const EDGES = [
    '2012-09-02 00:15:00',
    '2012-09-02 00:45:10',
    '2012-09-01 23:59:59',
    '2012-09-02 01:00:00',
    '2011-12-30 00:00:00',
    '2011-12-30 10:00:00',
    '2011-12-30 23:30:00',
    '2011-12-29 23:59:00',
    '2011-12-31 00:10:00',
    '2012-04-01 01:45:00',
    '2012-09-30 02:15:00',
  ].flatMap((text) => [text, text, text]);
  const DATE_SHAPES: [string, (ms: number) => string, string][] = [
    ['offset-free ISO in a zone with half-hour DST', (ms) => iso(ms).replace('T', ' '), 'Australia/Lord_Howe'],
    ['offset-free ISO in a zone with midnight transitions and a skipped day', (ms) => iso(ms).replace('T', ' '), 'Pacific/Apia'],
    ['offset-free ISO in a zone with midnight transitions', (ms) => iso(ms).replace('T', ' '), 'America/Santiago'],
    ['UTC with Z into a quarter-hour zone', (ms) => `${iso(ms)}Z`, 'Asia/Kathmandu'],
    ['explicit offsets', (ms) => `${iso(ms)}${['+05:30', '-03:00', '+00:00', '+12:45'][ms % 4]!}`, 'Europe/Berlin'],
    [
      'US month-first with AM/PM',
      (ms) => {
        const d = new Date(ms);
        const h = d.getUTCHours() % 12 || 12;
        const pad = (n: number) => String(n).padStart(2, '0');
        return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${d.getUTCHours() < 12 ? 'AM' : 'PM'}`;
      },
      'America/New_York',
    ],
  ];
  for (const [what, format, zone] of DATE_SHAPES) {
    for (const period of ['week', 'month']) {
      it(`periods from dates (${what}, --period ${period} --tz ${zone}): the same figures per period`, async () => {
        const dir = workspace({ 'export.csv': datedExport(format, what.startsWith('offset-free') ? EDGES : []) });
        const args = ['--column', 'date=date', '--period', period, '--tz', zone];
        const { direct, aggregated } = await roundTrip(dir, 'export.csv', args);
        expect(Object.keys((JSON.parse(direct) as { periods: object }).periods).length).toBeGreaterThan(20);
        expect(comparable(aggregated)).toEqual(comparable(direct));
      }, 60_000);
    }
  }

  it('a column named with --column that has no usable answer: exit 2 from the counts as from the export', async () => {
    const dir = workspace({ 'export.csv': ['id,score,channel', ...Array.from({ length: 12 }, (_, i) => `r${i},${['great', 'bad', '42'][i % 3]!},web`)].join('\n') + '\n' });
    const args = ['--column', 'nps=score'];
    const emitted = await runCli(['metrics', 'export.csv', ...args, '--emit-sql'], { cwd: dir });
    await duckdb(`COPY (${emitted.stdout.trim().replace(/;$/, '')}) TO '{dir}/counts.csv' (HEADER)`, dir);
    const direct = await runCli(['metrics', 'export.csv', ...args], { cwd: dir });
    const aggregated = await runCli(['metrics', '--from-aggregates', 'counts.csv'], { cwd: dir });
    expect(direct.code).toBe(2);
    expect(aggregated.code).toBe(2);
    // The same message; the values it quotes in name order (the counts have no file order) and without lines.
    const quoted = (stderr: string) => [...stderr.matchAll(/'[^']*'/g)].map((m) => m[0]).sort();
    expect(aggregated.stderr.replace(/\(('[^']*'(, )?)+\)/, '(...)')).toBe(direct.stderr.replace(/ at line \d+/g, '').replace(/\(('[^']*'(, )?)+\)/, '(...)'));
    expect(quoted(aggregated.stderr)).toEqual(quoted(direct.stderr.replace(/ at line \d+/g, '')));
  }, 30_000);

  it('reads the result saved as JSON (DuckDB COPY ... FORMAT json, one object a line)', async () => {
    const dir = workspace({ 'export.csv': readFileSync(path.join(FIXTURES, 'qualtrics-numeric.csv')) });
    const { direct, aggregated } = await roundTrip(dir, 'export.csv', ['--by', 'channel', '--period', 'month'], 'json');
    expect(comparable(aggregated)).toEqual(comparable(direct));
  }, 30_000);
});

const INJECTION = 'x"; DROP TABLE y; --';
const HOSTILE =
  [
    `id,${JSON.stringify(INJECTION).replace(/\\"/g, '""')},nps,when`,
    ...Array.from({ length: 40 }, (_, i) => `r${i},it's ${i % 3},${i % 11},2026-0${1 + (i % 3)}-1${i % 9} 10:${10 + i}:59`),
  ].join('\n') + '\n';

describe('journey metrics --emit-sql --table', () => {
  it('quotes a column named like SQL: DuckDB runs the query on a table with that column, the other table stays', async () => {
    const dir = workspace({ 'survey.csv': HOSTILE });
    const args = ['--by', INJECTION, '--column', 'nps=nps', '--column', 'date=when', '--period', 'month'];
    const emitted = await runCli(['metrics', 'survey.csv', ...args, '--emit-sql', '--table', 'main.responses'], { cwd: dir });
    expect(emitted.code).toBe(0);
    const query = emitted.stdout.trim().replace(/;$/, '');
    await duckdb(
      [
        'CREATE TABLE y AS SELECT 1 AS keep',
        "CREATE TABLE responses AS SELECT * FROM read_csv('{dir}/survey.csv', header = true, all_varchar = true)",
        `COPY (${query}) TO '{dir}/counts.csv' (HEADER)`,
        "COPY (SELECT count(*) AS n FROM y) TO '{dir}/y.csv' (HEADER)",
      ].join(';\n'),
      dir,
    );
    expect(readFileSync(path.join(dir, 'y.csv'), 'utf8').trim()).toBe('n\n1');
    const direct = await runCli(['metrics', 'survey.csv', ...args, '--format', 'json'], { cwd: dir });
    const aggregated = await runCli(['metrics', '--from-aggregates', 'counts.csv', '--format', 'json'], { cwd: dir });
    expect(aggregated.code).toBe(0);
    expect(aggregated.stdout).toBe(direct.stdout);
  }, 30_000);

  for (const dialect of ['duckdb', 'postgres', 'bigquery', 'snowflake']) {
    it(`${dialect}: the query for a Qualtrics export with a hostile column name (golden)`, async () => {
      const header = readFileSync(path.join(FIXTURES, 'qualtrics-numeric.csv'), 'utf8').replace(/^StartDate,/, `${JSON.stringify(INJECTION).replace(/\\"/g, '""')},`);
      const dir = workspace({ 'export.csv': header });
      const result = await runCli(
        ['metrics', 'export.csv', '--by', `channel,${INJECTION}`, '--period', 'month', '--complete-only', '--emit-sql', '--dialect', dialect, '--table', 'acme.survey.responses'],
        { cwd: dir },
      );
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expectGolden(`sql/${dialect}.sql`, result.stdout);
    });
  }
});

describe('journey metrics --emit-sql / --from-aggregates usage', () => {
  it('refuses a plan flag with --from-aggregates (exit 2): the counts carry the plan', async () => {
    const dir = workspace({ 'counts.csv': 'kind,metric,value,period,finished,n\n' });
    const result = await runCli(['metrics', '--from-aggregates', 'counts.csv', '--by', 'channel'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--from-aggregates takes no --by/);
  });

  it('refuses a file that is not the query result (exit 2, one line)', async () => {
    const dir = workspace({ 'counts.csv': 'kind,metric,value,period,finished,n\nanswers,0,9,,,3\n' });
    const result = await runCli(['metrics', '--from-aggregates', 'counts.csv'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no 'plan' row/);
  });

  it('refuses a non-DuckDB dialect without --table, and --emit-sql over two exports', async () => {
    const dir = workspace({ 'a.csv': HOSTILE, 'b.csv': HOSTILE });
    const noTable = await runCli(['metrics', 'a.csv', '--emit-sql', '--dialect', 'postgres'], { cwd: dir });
    expect(noTable.code).toBe(2);
    expect(noTable.stderr).toMatch(/--table NAME/);
    const two = await runCli(['metrics', 'a.csv', 'b.csv', '--emit-sql'], { cwd: dir });
    expect(two.code).toBe(2);
    const none = await runCli(['metrics'], { cwd: dir });
    expect(none.code).toBe(2);
  });
});
