/**
 * Issue 12, item 5: the statistics as SURVEY.md states them, seen from the command line — the
 * change test and its low-sample rule, the note on chance flags, p-values, completion under
 * --complete-only, KPI status (unrounded value, at the target is met, insufficient below
 * --min-n) and mean intervals that never have zero width.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MetricsReport } from '../../src/core/survey/types.js';
import { REPO_ROOT, runCli, workspace } from './harness.js';

const FIXTURES = path.join(REPO_ROOT, 'tests', 'fixtures', 'surveys');
const report = (stdout: string) => JSON.parse(stdout) as MetricsReport;

const HEADER = 'id,date,How likely are you to recommend us?,How satisfied were you?';
/** Rows [id, date, nps, csat]. */
const csv = (rows: readonly (readonly (string | number)[])[]) => [HEADER, ...rows.map((r) => r.join(','))].join('\n') + '\n';

/** n answers dated in `month`, NPS values cycling through `nps`, CSAT through `csat`. */
function month(prefix: string, date: string, n: number, nps: readonly number[], csat: readonly number[] = [5]): (string | number)[][] {
  return Array.from({ length: n }, (_, i) => [`${prefix}${i}`, date, nps[i % nps.length]!, csat[i % csat.length]!]);
}

describe('journey metrics: period changes', () => {
  it('a period with one promoter against a month of 100 answers: not flagged, "too few answers to test"', async () => {
    const rows = [
      ...month('z', '2025-12-10 10:00', 100, [10, 10, 10, 8, 8, 3, 3, 3, 3, 3]),
      ...month('a', '2026-01-10 10:00', 100, [10, 10, 10, 8, 8, 3, 3, 3, 3, 3]),
      ...month('b', '2026-02-10 10:00', 1, [10]),
    ];
    const cwd = workspace({ 'e.csv': csv(rows) });
    const json = await runCli(['metrics', 'e.csv', '--period', 'month', '--format', 'json'], { cwd });
    expect(json.code).toBe(0);
    const change = report(json.stdout).periods['2026-02']!.change!.nps!;
    expect(change).toMatchObject({ from: '2026-01', delta: 120, significant: false, direction: 'flat', tested: false });
    // The adjusted-estimate p, not the 7e-23 of the observed-variance test.
    expect(change.p).toBeGreaterThan(0.05);

    const table = await runCli(['metrics', 'e.csv', '--period', 'month'], { cwd });
    expect(table.stdout).toContain('Too few answers to test a change (a period with n < 30): NPS 2026-02');
    expect(table.stdout).not.toContain('▲');
    const markdown = await runCli(['metrics', 'e.csv', '--period', 'month', '--format', 'markdown'], { cwd });
    expect(markdown.stdout).toContain('Too few answers to test a change (a period with n < 30): NPS 2026-02');
  });

  it('when no change can be tested, one sentence says so and no flag is shown', async () => {
    const rows = [...month('a', '2026-01-10 10:00', 5, [10]), ...month('b', '2026-02-10 10:00', 5, [0]), ...month('c', '2026-03-10 10:00', 5, [10])];
    const cwd = workspace({ 'e.csv': csv(rows) });
    const out = report((await runCli(['metrics', 'e.csv', '--period', 'month', '--format', 'json'], { cwd })).stdout);
    for (const key of ['2026-02', '2026-03']) expect(out.periods[key]!.change!.nps).toMatchObject({ tested: false, significant: false, direction: 'flat' });
    const table = await runCli(['metrics', 'e.csv', '--period', 'month'], { cwd });
    expect(table.stdout).toContain('Too few answers to test any change between periods');
    expect(table.stdout).not.toMatch(/[▲▼]/);
  });

  it('a significant change between two large periods is flagged, with the chance note beside it', async () => {
    const rows = [...month('a', '2026-01-10 10:00', 200, [10, 10, 10, 8, 3]), ...month('b', '2026-02-10 10:00', 200, [10, 8, 3, 3, 3])];
    const cwd = workspace({ 'e.csv': csv(rows) });
    const out = report((await runCli(['metrics', 'e.csv', '--period', 'month', '--format', 'json'], { cwd })).stdout);
    expect(out.periods['2026-02']!.change!.nps).toMatchObject({ significant: true, direction: 'down', tested: true });
    const table = await runCli(['metrics', 'e.csv', '--period', 'month'], { cwd });
    expect(table.stdout).toMatch(/NPS 2026-02: -80\.0 against 2026-01 \(p < 0\.001\)/);
    expect(table.stdout).toContain('2 changes tested at 95%: about 1 in 20 is flagged by chance when nothing changed');
    expect(table.stdout).not.toContain('Too few answers');
  });

  it('a flagged p-value just under 0.05 never prints as 0.050', async () => {
    // CSAT 52/65 against 42/65: pooled two-proportion z-test p = 0.0499956 (Python, math.erfc),
    // which 3 decimals or 3 significant digits would print as 0.050.
    const rows = [
      ...month('a', '2026-01-10 10:00', 65, [10], [...Array<number>(42).fill(5), ...Array<number>(23).fill(2)]),
      ...month('b', '2026-02-10 10:00', 65, [10], [...Array<number>(52).fill(5), ...Array<number>(13).fill(2)]),
    ];
    const cwd = workspace({ 'e.csv': csv(rows) });
    const out = report((await runCli(['metrics', 'e.csv', '--period', 'month', '--format', 'json'], { cwd })).stdout);
    const change = out.periods['2026-02']!.change!.csat!;
    expect(change.significant).toBe(true);
    expect(change.p).toBeCloseTo(0.0499956, 6);
    for (const format of ['table', 'markdown']) {
      const text = (await runCli(['metrics', 'e.csv', '--period', 'month', '--format', format], { cwd })).stdout;
      expect(text).toContain('CSAT 2026-02');
      expect(text).toContain('+15.4 against 2026-01 (p < 0.05)');
      expect(text).not.toMatch(/p 0\.050?\b/);
    }
  });
});

describe('journey metrics: completion under --complete-only', () => {
  it('is finished / started over every started response, with or without --complete-only', async () => {
    const all = report((await runCli(['metrics', path.join(FIXTURES, 'typeform.csv'), '--format', 'json'], { cwd: FIXTURES })).stdout);
    const complete = report((await runCli(['metrics', path.join(FIXTURES, 'typeform.csv'), '--complete-only', '--format', 'json'], { cwd: FIXTURES })).stdout);
    expect(complete.source.excluded.incomplete).toBeGreaterThan(0);
    expect(all.overall.completion!.score).toBeLessThan(100);
    expect(complete.overall.completion).toEqual(all.overall.completion);
    expect(complete.overall.completion!.n).toBe(all.source.included);
    // The answers of unfinished responses are still left out.
    expect(complete.overall.nps!.n).toBeLessThan(all.overall.nps!.n);
  });
});

describe('journey metrics: KPI status', () => {
  it('is judged on the unrounded value: a CSAT of 79.96% prints as 80.0 but is not at a target of 80', async () => {
    const csat = [...Array<number>(1999).fill(5), ...Array<number>(501).fill(2)];
    const cwd = workspace({ 'e.csv': csv(month('r', '2026-01-10', 2500, [10], csat)) });
    const out = report((await runCli(['metrics', 'e.csv', '--format', 'json'], { cwd })).stdout);
    expect(out.overall.csat!.score).toBe(80);
    expect(out.kpis).toContainEqual(expect.objectContaining({ metric: 'csat', target: 80, value: 80, status: 'watch' }));
  });

  it('at the target is met: NPS exactly 50, and a CES mean of exactly 2.0 against 2.0', async () => {
    const header = 'id,How likely are you to recommend us?,How much effort did you personally have to put forth to handle your request?';
    const rows = Array.from({ length: 40 }, (_, i) => `r${i},${i % 2 === 0 ? 10 : 8},${i % 2 === 0 ? 1 : 3}`);
    // 20 promoters, 20 passives: NPS 50. Effort 1 and 3 alternating: mean 2.0.
    const cwd = workspace({ 'e.csv': [header, ...rows].join('\n') + '\n' });
    const result = await runCli(['metrics', 'e.csv', '--scale', 'ces=1-5:lower', '--format', 'json', '--check'], { cwd });
    expect(result.code).toBe(0);
    const out = report(result.stdout);
    expect(out.kpis).toContainEqual(expect.objectContaining({ metric: 'nps', value: 50, status: 'met' }));
    expect(out.kpis).toContainEqual(expect.objectContaining({ metric: 'ces', value: 2, status: 'met' }));
  });

  it('a low-sample figure is insufficient, not breach, and does not fail --check unless --min-n lowers the minimum', async () => {
    const cwd = workspace({ 'e.csv': csv(month('r', '2026-01-10', 12, [0])) });
    // Named: twelve answers of 0 never reach 8, so inference alone would not take the column as NPS.
    const nps = ['--column', 'nps=How likely are you to recommend us?'];
    const checked = await runCli(['metrics', 'e.csv', ...nps, '--format', 'json', '--check'], { cwd });
    expect(checked.code).toBe(0);
    expect(report(checked.stdout).kpis).toContainEqual(expect.objectContaining({ metric: 'nps', value: -100, n: 12, status: 'insufficient' }));
    const table = await runCli(['metrics', 'e.csv', ...nps, '--check'], { cwd });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/NPS .*-100\.0\s+12\s+insufficient/);

    const lowered = await runCli(['metrics', 'e.csv', ...nps, '--format', 'json', '--check', '--min-n', '10'], { cwd });
    expect(lowered.code).toBe(1);
    expect(report(lowered.stdout).kpis).toContainEqual(expect.objectContaining({ metric: 'nps', status: 'breach' }));
    // A minimum above n keeps it insufficient.
    expect((await runCli(['metrics', 'e.csv', ...nps, '--check', '--min-n', '13'], { cwd })).code).toBe(0);
  });

  it('--min-n takes a whole number of 1 or more (exit 2 otherwise)', async () => {
    const cwd = workspace({ 'e.csv': csv(month('r', '2026-01-10', 12, [0])) });
    for (const bad of ['0', '-3', '2.5', 'ten', '']) {
      const result = await runCli(['metrics', 'e.csv', '--min-n', bad], { cwd });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('--min-n must be a whole number of 1 or more');
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe('journey metrics: mean intervals', () => {
  it('identical CES answers give an interval with a width, a single answer the whole scale', async () => {
    const header = 'id,How much effort did you personally have to put forth to handle your request?';
    const same = workspace({ 'e.csv': [header, ...Array.from({ length: 40 }, (_, i) => `r${i},2`)].join('\n') + '\n' });
    const out = report((await runCli(['metrics', 'e.csv', '--scale', 'ces=1-5:lower', '--format', 'json'], { cwd: same })).stdout);
    const [lo, hi] = out.overall.ces!.meanCi95;
    expect(lo).toBeLessThan(2);
    expect(hi).toBeGreaterThan(2);
    const one = workspace({ 'e.csv': `${header}\nr1,2\n` });
    const single = report((await runCli(['metrics', 'e.csv', '--scale', 'ces=1-5:lower', '--format', 'json'], { cwd: one })).stdout);
    expect(single.overall.ces!.meanCi95).toEqual([1, 5]);
  });
});
