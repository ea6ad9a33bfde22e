import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MetricsReport } from '../../src/core/survey/types.js';
import { REPO_ROOT, runCli, workspace } from './harness.js';

const FIXTURES = path.join(REPO_ROOT, 'tests', 'fixtures', 'surveys');
const fixture = (name: string) => path.join(FIXTURES, name);
const report = (stdout: string) => JSON.parse(stdout) as MetricsReport;

/** A generic one-header export; rows are [id, date, channel, nps, csat, resolved]. */
function generic(rows: (string | number)[][]): string {
  return (
    ['id,submitted_at,channel,How likely are you to recommend us?,How satisfied were you?,Was your issue resolved on first contact?', ...rows.map((r) => r.join(','))].join('\n') +
    '\n'
  );
}

describe('journey metrics: results', () => {
  it('reads a Qualtrics export and says what it detected', async () => {
    const result = await runCli(['metrics', fixture('qualtrics-numeric.csv')], { cwd: FIXTURES });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Platform\s+Qualtrics \(detected\)/);
    expect(result.stdout).toMatch(/Inferred\s+/);
    expect(result.stdout).toContain('NPS');
  });

  it('--platform overrides detection and says so', async () => {
    const result = await runCli(['metrics', fixture('generic.csv'), '--platform', 'generic', '--column', 'ces=effort', '--scale', 'ces=1-5:lower', '--format', 'json'], {
      cwd: FIXTURES,
    });
    expect(report(result.stdout).source).toMatchObject({ platform: 'generic', platformDetected: false });
  });

  it('partial responses count for what they answered; --complete-only drops them', async () => {
    const all = report((await runCli(['metrics', fixture('typeform.csv'), '--format', 'json'], { cwd: FIXTURES })).stdout);
    const complete = report((await runCli(['metrics', fixture('typeform.csv'), '--complete-only', '--format', 'json'], { cwd: FIXTURES })).stdout);
    expect(complete.source.excluded.incomplete).toBeGreaterThan(0);
    expect(complete.source.included).toBe(all.source.included - complete.source.excluded.incomplete!);
    expect(complete.overall.nps!.n).toBeLessThan(all.overall.nps!.n);
  });

  it('segments by two dimensions and their combination; each dimension sums to the total', async () => {
    const cwd = workspace({
      'e.csv': generic(Array.from({ length: 60 }, (_, i) => [`r${i}`, '2026-03-01 10:00', ['web', 'store', 'phone'][i % 3]!, i % 11, 1 + (i % 5), i % 2 ? 'Yes' : 'No'])),
    });
    const out = report((await runCli(['metrics', 'e.csv', '--by', 'channel,How satisfied were you?', '--format', 'json'], { cwd })).stdout);
    expect(Object.keys(out.segments)).toEqual(['channel', 'How satisfied were you?', 'channel+How satisfied were you?']);
    const sum = (dim: string) => Object.values(out.segments[dim]!).reduce((n, set) => n + (set.nps?.n ?? 0), 0);
    expect(sum('channel')).toBe(out.overall.nps!.n);
    expect(sum('channel+How satisfied were you?')).toBe(out.overall.nps!.n);
    expect(out.segments.channel!.web!.nps!.n).toBe(20);
  });

  it('flags a period change only when the two-sample test is significant', async () => {
    const rows: (string | number)[][] = [];
    for (let i = 0; i < 200; i++) rows.push([`a${i}`, '2026-01-15 10:00', 'web', i < 150 ? 10 : 0, 5, 'Yes']);
    for (let i = 0; i < 200; i++) rows.push([`b${i}`, '2026-02-15 10:00', 'web', i < 50 ? 10 : 0, 5, 'Yes']);
    for (let i = 0; i < 200; i++) rows.push([`c${i}`, '2026-03-15 10:00', 'web', i < 52 ? 10 : 0, 5, 'Yes']);
    const cwd = workspace({ 'e.csv': generic(rows) });
    const out = report((await runCli(['metrics', 'e.csv', '--period', 'month', '--format', 'json'], { cwd })).stdout);
    expect(Object.keys(out.periods)).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(out.periods['2026-02']!.change!.nps).toMatchObject({ from: '2026-01', significant: true, direction: 'down' });
    expect(out.periods['2026-03']!.change!.nps).toMatchObject({ from: '2026-02', significant: false, direction: 'flat' });
  });

  it('uses the export time zone, or --tz, for periods', async () => {
    const cwd = workspace({ 'e.csv': generic([['r1', '2026-01-31T23:30:00Z', 'web', 9, 5, 'Yes']]) });
    const utc = report((await runCli(['metrics', 'e.csv', '--period', 'month', '--format', 'json'], { cwd })).stdout);
    expect(Object.keys(utc.periods)).toEqual(['2026-01']);
    const tokyo = report((await runCli(['metrics', 'e.csv', '--period', 'month', '--tz', 'Asia/Tokyo', '--format', 'json'], { cwd })).stdout);
    expect(Object.keys(tokyo.periods)).toEqual(['2026-02']);
  });

  it('KPIs: the map per touchpoint, the defaults overall; --check exits 1 on a breach', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => [`r${i}`, '2026-03-01', 'web', i < 10 ? 10 : 3, i < 35 ? 5 : 1, 'Yes']);
    const csv = ['id,date,touchpoint,How likely are you to recommend us?,How satisfied were you?,Was your issue resolved on first contact?', ...rows.map((r) => r.join(','))].join(
      '\n',
    );
    const map = `version: 1
id: m
title: M
stages:
  - id: s
    name: S
    touchpoints:
      - id: web
        name: Web
        channel: web
        kpis:
          - {metric: csat, target: 0.8, threshold: 0.7}
`;
    const cwd = workspace({ 'e.csv': csv, 'm.journey.yaml': map });
    const plain = await runCli(['metrics', 'e.csv', '--map', 'm.journey.yaml', '--format', 'json'], { cwd });
    expect(plain.code).toBe(0);
    const out = report(plain.stdout);
    expect(out.kpis).toContainEqual(expect.objectContaining({ metric: 'nps', source: 'default', target: 50, threshold: 30, status: 'breach' }));
    expect(out.kpis).toContainEqual(expect.objectContaining({ metric: 'csat', touchpoint: 'web', source: 'map', target: 80, threshold: 70, value: 87.5, status: 'met' }));
    expect((await runCli(['metrics', 'e.csv', '--map', 'm.journey.yaml', '--check'], { cwd })).code).toBe(1);
  });

  it('does not apply a CES KPI of the other convention, and says so', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => `r${i},${1 + (i % 7)}`);
    const cwd = workspace({
      'e.csv': ['id,The company made it easy for me to handle my issue.', ...rows].join('\n'),
      'journeykit.config.yaml': 'kpis:\n  ces: {target: 2.0, threshold: 3.0, direction: lower-is-better}\n',
    });
    const out = report((await runCli(['metrics', 'e.csv', '--format', 'json'], { cwd })).stdout);
    expect(out.overall.ces).toMatchObject({ higherIsBetter: true });
    expect(out.kpis.filter((k) => k.metric === 'ces')).toEqual([]);
    expect(out.source.inferred.join(' ')).toContain("The config's CES KPI (lower-is-better) is not applied");
  });

  it('an invalid map is refused with its diagnostics, exit 1', async () => {
    const cwd = workspace({ 'e.csv': generic([['r1', '2026-03-01', 'web', 9, 5, 'Yes']]), 'm.journey.yaml': 'version: 1\nid: m\n' });
    const result = await runCli(['metrics', 'e.csv', '--map', 'm.journey.yaml'], { cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Required key 'title' is missing");
  });

  it('counts a response id repeated across two files once', async () => {
    const cwd = workspace({
      'a.csv': generic([
        ['r1', '2026-03-01', 'web', 9, 5, 'Yes'],
        ['r2', '2026-03-01', 'web', 3, 1, 'No'],
      ]),
      'b.csv': generic([
        ['r2', '2026-03-02', 'web', 10, 5, 'Yes'],
        ['r3', '2026-03-02', 'web', 10, 5, 'Yes'],
      ]),
    });
    const out = report((await runCli(['metrics', 'a.csv', 'b.csv', '--format', 'json'], { cwd })).stdout);
    expect(out.source).toMatchObject({ files: ['a.csv', 'b.csv'], rows: 4, included: 3, excluded: { duplicate: 1 } });
  });

  it('gives the same figures in worker threads as in one thread', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => [
      `r${i % 2900}`,
      `2026-0${1 + (i % 6)}-1${i % 10} 0${i % 10}:00:00`,
      ['web', 'store', 'phone'][i % 3]!,
      (i * 7) % 11,
      1 + ((i * 3) % 5),
      i % 3 ? 'Yes' : '"No, it was not"',
    ]);
    const cwd = workspace({ 'e.csv': generic(rows) });
    const args = ['metrics', 'e.csv', '--by', 'channel', '--period', 'month', '--format', 'json'];
    const single = await runCli(args, { cwd });
    const parallel = await runCli(args, { cwd, env: { JOURNEYKIT_PARALLEL_BYTES: '1000' } });
    expect(parallel.stdout).toBe(single.stdout);
    expect(report(single.stdout).source.excluded).toEqual({ duplicate: 100 });
  });
});

describe('journey metrics: bad input', () => {
  it('asks for --column when two columns look like the same metric', async () => {
    const cwd = workspace({ 'e.csv': 'id,How likely are you to recommend us?,Would you recommend our app?\nr1,9,10\nr2,3,4\n' });
    const result = await runCli(['metrics', 'e.csv'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('2 columns look like NPS');
    expect(result.stderr).toContain('--column nps=');
    const chosen = await runCli(['metrics', 'e.csv', '--column', 'nps=Would you recommend our app?', '--format', 'json'], { cwd });
    expect(report(chosen.stdout).overall.nps).toMatchObject({ n: 2, promoters: 1, detractors: 1 });
  });

  it('finds a column by its Qualtrics ImportId', async () => {
    const result = await runCli(['metrics', fixture('qualtrics-numeric.csv'), '--column', 'nps=QID1', '--format', 'json'], { cwd: FIXTURES });
    expect(report(result.stdout).source.columns.nps).toBe('Q1');
  });

  it.each([
    [['metrics', 'nope.csv'], 'does not exist'],
    [['metrics', 'e.csv', '--column', 'nps'], '--column takes METRIC=COLUMN'],
    [['metrics', 'e.csv', '--column', 'nps=Q99'], "No column 'Q99'"],
    [['metrics', 'e.csv', '--scale', 'ces=7-1'], '--scale takes'],
    [['metrics', 'e.csv', '--tz', 'Mars/Olympus'], "Unknown time zone 'Mars/Olympus'"],
    [['metrics', 'e.csv', '--by', 'chanel'], "Did you mean 'channel'?"],
    [['metrics', 'bin.csv'], 'looks binary'],
    [['metrics', 'empty.csv'], 'is empty'],
    [['metrics', 'e.csv', '--output', 'missing-dir/out.json'], 'does not exist'],
    [['metrics', 'e.csv', '--output', 'e.csv'], 'input files'],
    [['metrics', 'broken.csv'], 'broken.csv:2'],
  ])('%j: exit 2 with a one-line message', async (argv, message) => {
    const cwd = workspace({
      'e.csv': generic([['r1', '2026-03-01', 'web', 9, 5, 'Yes']]),
      'bin.csv': new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0, 0]),
      'empty.csv': '',
      'broken.csv': 'id,How likely are you to recommend us?\nr1,"9\n',
    });
    const result = await runCli(argv, { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toMatch(/^journey: error: /);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(path.join(cwd, 'e.csv'), 'utf8')).toContain('r1');
  });

  it('warns about value problems with the physical line and column, and completes', async () => {
    const cwd = workspace({
      'e.csv': generic([
        ['r1', '2026-03-01', '"multi\nline"', 9, 5, 'Yes'],
        ['r2', '2026-03-01', 'web', 11, 'great', 'Yes'],
      ]),
    });
    const out = report((await runCli(['metrics', 'e.csv', '--format', 'json'], { cwd })).stdout);
    expect(out.warnings.map((w) => `${w.line} ${w.column} ${w.code}`)).toEqual(['4 How likely are you to recommend us? csv/bad-value', '4 How satisfied were you? csv/bad-value']);
  });

  it('writes CSV output with formula injection neutralised', async () => {
    const cwd = workspace({ 'e.csv': generic([['r1', '2026-03-01', '=HYPERLINK("http://x")', 9, 5, 'Yes']]) });
    expect((await runCli(['metrics', 'e.csv', '--by', 'channel', '--format', 'csv', '--output', 'out.csv'], { cwd })).code).toBe(0);
    const text = readFileSync(path.join(cwd, 'out.csv'), 'utf8');
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    writeFileSync(path.join(cwd, 'x'), '');
  });
});
