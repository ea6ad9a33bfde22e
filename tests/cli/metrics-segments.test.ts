import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { MAX_SHOWN_PERIODS, MAX_SHOWN_SEGMENTS } from '../../src/core/survey/formatters/shared.js';
import { MAX_PERIODS, MAX_SEGMENTS } from '../../src/core/survey/report.js';
import type { MetricSet, MetricsReport } from '../../src/core/survey/types.js';
import { runCli, workspace } from './harness.js';

/**
 * Segments and periods of `journey metrics` with many distinct values: counted in linear time
 * (a column of 200,000 values given to --by took minutes), and listed up to a limit (the report
 * was as large as the export), the rest counted together with a warning.
 */

const report = (stdout: string) => JSON.parse(stdout) as MetricsReport;
/** Worker threads for anything over 10 bytes: every export below is read in parts too. */
const PARALLEL = { JOURNEYKIT_PARALLEL_BYTES: '10' };

async function metrics(csv: string, argv: string[], env: Record<string, string> = {}) {
  const cwd = workspace({ 'e.csv': csv });
  return runCli(['metrics', 'e.csv', ...argv], { cwd, env });
}

/** The same output in one thread and in worker threads. */
async function both(csv: string, argv: string[]): Promise<string> {
  const single = await metrics(csv, argv);
  expect(single.stderr).toBe('');
  expect(single.code).toBe(0);
  const parallel = await metrics(csv, argv, PARALLEL);
  expect(parallel.stderr).toBe('');
  expect(parallel.stdout).toBe(single.stdout);
  return single.stdout;
}

const nps = (set: MetricSet | undefined) => {
  const r = set?.nps;
  return r && { score: r.score, n: r.n, promoters: r.promoters, detractors: r.detractors };
};

describe('journey metrics --by: combined segments', () => {
  const CSV = ['id,a,b,c,nps', 'r1,x,p,u,10', 'r2,x,p,u,9', 'r3,x,q,u,0', 'r4,y,p,v,7', 'r5,y,q,w,6', 'r6,,q,v,10', 'r7,x,p,v,3'].join('\n') + '\n';

  it('counts every combination of two dimensions exactly', async () => {
    const r = report(await both(CSV, ['--by', 'a,b', '--format', 'json']));
    expect(Object.keys(r.segments)).toEqual(['a', 'b', 'a+b']);
    expect(Object.keys(r.segments['a+b']!)).toEqual(['(blank) / q', 'x / p', 'x / q', 'y / p', 'y / q']);
    expect(nps(r.segments['a+b']!['x / p'])).toEqual({ score: 33.3, n: 3, promoters: 2, detractors: 1 });
    expect(nps(r.segments['a+b']!['x / q'])).toEqual({ score: -100, n: 1, promoters: 0, detractors: 1 });
    expect(nps(r.segments['a+b']!['(blank) / q'])).toEqual({ score: 100, n: 1, promoters: 1, detractors: 0 });
    expect(nps(r.segments.a!.x)).toEqual({ score: 0, n: 4, promoters: 2, detractors: 2 });
    expect(nps(r.segments.b!.q)).toEqual({ score: -33.3, n: 3, promoters: 1, detractors: 2 });
    expect(r.warnings).toEqual([]);
  });

  it('joins three dimensions in order, and adds up to the responses', async () => {
    const r = report(await both(CSV, ['--by', 'a,b,c', '--format', 'json']));
    const combined = r.segments['a+b+c']!;
    expect(Object.keys(combined)).toEqual(['(blank) / q / v', 'x / p / u', 'x / p / v', 'x / q / u', 'y / p / v', 'y / q / w']);
    expect(nps(combined['x / p / u'])).toEqual({ score: 100, n: 2, promoters: 2, detractors: 0 });
    expect(Object.values(combined).reduce((sum, set) => sum + set.nps!.n, 0)).toBe(7);
  });
});

describe('journey metrics --by: many distinct values', () => {
  it('counts 200,000 distinct values in each of two columns in linear time (--by a,b, under 20 s)', async () => {
    const n = 200_000;
    const rows = ['id,a,b,nps'];
    for (let i = 0; i < n; i++) rows.push(`r${i},a${i},b${(i * 7919) % n},${i % 11}`);
    const cwd = workspace({ 'e.csv': rows.join('\n') + '\n' });
    const started = performance.now();
    const result = await runCli(['metrics', 'e.csv', '--by', 'a,b', '--format', 'json'], { cwd });
    const seconds = (performance.now() - started) / 1000;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    // Before: 18 s at 80,000 values and over 120 s at 200,000 (a scan of the first column's
    // values for every new combination); now a few seconds.
    expect(seconds).toBeLessThan(20);
    const r = report(result.stdout);
    const fold = `(${(n - MAX_SEGMENTS).toLocaleString('en-US')} other values)`;
    for (const dimension of ['a', 'b', 'a+b']) {
      const segments = r.segments[dimension]!;
      expect(Object.keys(segments)).toHaveLength(MAX_SEGMENTS + 1);
      expect(Object.keys(segments).at(-1)).toBe(fold);
      expect(segments[fold]!.nps!.n).toBe(n - MAX_SEGMENTS);
      expect(Object.values(segments).reduce((sum, set) => sum + set.nps!.n, 0)).toBe(n);
    }
    expect(r.warnings.filter((w) => w.code === 'csv/segments-folded').map((w) => w.message)).toEqual(
      ['a', 'b', 'a+b'].map(
        (d) => `'${d}' has 200,000 distinct values: the 10,000 with the most responses are listed, the other 190,000 (190,000 responses) are counted together as '${fold}'.`,
      ),
    );
    // The JSON stays the size of 10,000 segments per dimension, not of the export.
    expect(result.stdout.length).toBeLessThan(20 * 1024 * 1024);
  }, 120_000);

  /**
   * One column of 11,001 values: `big` (300 responses), one value named like the fold (2
   * responses) and 10,999 single responses s00000..s10998; dates over three months.
   */
  function wideExport(): { csv: string; folded: number[] } {
    const rows = ['id,store,date,nps'];
    let id = 0;
    const month = (i: number) => `2026-0${1 + (i % 3)}-15`;
    for (let i = 0; i < 300; i++) rows.push(`r${id++},big,${month(i)},10`);
    for (let i = 0; i < 2; i++) rows.push(`r${id++},"(1,001 other values)",${month(i)},0`);
    for (let i = 0; i < 10_999; i++) rows.push(`r${id++},s${String(i).padStart(5, '0')},${month(i)},${i % 11}`);
    // Kept: big, the fold-like name and the 9,998 first singles by name; folded: the last 1,001.
    const folded = Array.from({ length: 1001 }, (_, k) => (9998 + k) % 11);
    return { csv: rows.join('\n') + '\n', folded };
  }

  it('lists the 10,000 segments with the most responses and counts the others together, exactly', async () => {
    const { csv, folded } = wideExport();
    const r = report(await both(csv, ['--by', 'store', '--period', 'month', '--format', 'json']));
    const segments = r.segments.store!;
    const keys = Object.keys(segments);
    expect(keys).toHaveLength(MAX_SEGMENTS + 1);
    // A value that already has the fold's name keeps it; the fold takes another.
    expect(keys.at(-1)).toBe('((1,001 other values))');
    expect(nps(segments['(1,001 other values)'])).toEqual({ score: -100, n: 2, promoters: 0, detractors: 2 });
    expect(nps(segments.big)).toEqual({ score: 100, n: 300, promoters: 300, detractors: 0 });
    expect(segments.s09997).toBeDefined();
    expect(segments.s09998).toBeUndefined();
    const promoters = folded.filter((v) => v >= 9).length;
    const detractors = folded.filter((v) => v <= 6).length;
    expect(nps(segments['((1,001 other values))'])).toEqual({
      score: Math.round((1000 * (promoters - detractors)) / 1001) / 10,
      n: 1001,
      promoters,
      detractors,
    });
    expect(r.overall.nps!.n).toBe(11_301);
    expect(Object.keys(r.periods)).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(Object.values(r.periods).reduce((sum, p) => sum + p.nps!.n, 0)).toBe(11_301);
    expect(r.warnings.map((w) => w.code)).toEqual(['csv/segments-folded']);
  });

  it('table and markdown list the 100 segments with the most responses, and say how many more there are', async () => {
    const { csv } = wideExport();
    const table = await metrics(csv, ['--by', 'store']);
    expect(table.code).toBe(0);
    const section = table.stdout.split('\n\n').find((s) => s.startsWith('By store'))!;
    const lines = section.split('\n');
    // Title, header, the segments, the note.
    expect(lines).toHaveLength(2 + MAX_SHOWN_SEGMENTS + 2);
    expect(lines[2]).toMatch(/^ {2}\(1,001 other values\) /);
    expect(lines.some((line) => /^ {2}big /.test(line))).toBe(true);
    expect(lines.some((line) => line.startsWith('  ((1,001 other values)) '))).toBe(true);
    expect(lines).toContain('  ... and 9,901 more segments with fewer responses (--format json or csv lists every one)');

    const markdown = await metrics(csv, ['--by', 'store', '--format', 'markdown']);
    expect(markdown.code).toBe(0);
    const rows = markdown.stdout.split('\n').filter((line) => /^\| (big|s\d{5}|\\?\(+1,001 other values\)+) \|/.test(line));
    expect(rows).toHaveLength(MAX_SHOWN_SEGMENTS);
    expect(markdown.stdout).toContain('_... and 9,901 more segments with fewer responses (--format json or csv lists every one)_');
    // Fits a pull-request comment (65,536 characters).
    expect(markdown.stdout.length).toBeLessThan(65_536);

    // Machine formats list all of the report's segments.
    const csvOut = await metrics(csv, ['--by', 'store', '--format', 'csv']);
    expect(csvOut.stdout.split('\n').filter((line) => line.startsWith('segment,store,'))).toHaveLength(MAX_SEGMENTS + 1);
  });

  it('lists segments under the limit in full, in every format', async () => {
    const rows = ['id,store,nps'];
    for (let i = 0; i < MAX_SHOWN_SEGMENTS; i++) rows.push(`r${i},s${String(i).padStart(3, '0')},9`);
    const csv = rows.join('\n') + '\n';
    const table = await metrics(csv, ['--by', 'store']);
    expect(table.stdout).not.toContain('more segments');
    expect(table.stdout.split('\n').filter((line) => /^ {2}s\d{3} /.test(line))).toHaveLength(MAX_SHOWN_SEGMENTS);
    const markdown = await metrics(csv, ['--by', 'store', '--format', 'markdown']);
    expect(markdown.stdout).not.toContain('more segments');
    const r = report((await metrics(csv, ['--by', 'store', '--format', 'json'])).stdout);
    expect(Object.keys(r.segments.store!)).toHaveLength(MAX_SHOWN_SEGMENTS);
    expect(r.warnings).toEqual([]);
  });
});

describe('journey metrics --period: many periods', () => {
  /** One response a month from January 1900: 1,300 months. */
  function centuryExport(): string {
    const rows = ['id,date,nps'];
    for (let i = 0; i < 1300; i++) rows.push(`r${i},${1900 + Math.floor(i / 12)}-${String(1 + (i % 12)).padStart(2, '0')}-15,${i % 11}`);
    return rows.join('\n') + '\n';
  }

  it('keeps the latest 1,000 periods and says which earlier ones are left out', async () => {
    const r = report(await both(centuryExport(), ['--period', 'month', '--format', 'json']));
    const keys = Object.keys(r.periods);
    expect(keys).toHaveLength(MAX_PERIODS);
    expect(keys[0]).toBe('1925-01');
    expect(keys.at(-1)).toBe('2008-04');
    // The first period listed is not compared with one that is not.
    expect(r.periods['1925-01']!.change).toBeUndefined();
    expect(r.periods['1925-02']!.change?.nps?.from).toBe('1925-01');
    expect(r.overall.nps!.n).toBe(1300);
    expect(r.warnings).toEqual([
      {
        code: 'csv/periods-dropped',
        message: 'The responses fall into 1,300 periods: the latest 1,000 are listed, from 1925-01; the 300 earlier ones (300 responses, from 1900-01) are left out of the trend.',
      },
    ]);
  });

  it('table and markdown list the latest 100 periods', async () => {
    const table = await metrics(centuryExport(), ['--period', 'month']);
    const section = table.stdout.split('\n\n').find((s) => s.startsWith('By period'))!;
    const rows = section.split('\n').filter((line) => /^ {2}\d{4}-\d{2} /.test(line));
    expect(rows).toHaveLength(MAX_SHOWN_PERIODS);
    expect(rows[0]).toMatch(/^ {2}2000-01 /);
    expect(section).toContain('  ... and 900 earlier periods (--format json or csv lists every one)');
    const markdown = await metrics(centuryExport(), ['--period', 'month', '--format', 'markdown']);
    expect(markdown.stdout.split('\n').filter((line) => /^\| \d{4}-\d{2} \|/.test(line))).toHaveLength(MAX_SHOWN_PERIODS);
    expect(markdown.stdout).toContain('_... and 900 earlier periods (--format json or csv lists every one)_');
  });
});
