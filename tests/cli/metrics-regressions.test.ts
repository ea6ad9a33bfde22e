/**
 * Bugs the fuzz tests (tests/fuzz/metrics.test.ts) found in `journey metrics`, each as the
 * smallest export that showed it.
 */
import { describe, expect, it } from 'vitest';
import type { MetricsReport } from '../../src/core/survey/types.js';
import { runCli, workspace } from './harness.js';

const report = (stdout: string) => JSON.parse(stdout) as MetricsReport;
const PARALLEL = { JOURNEYKIT_PARALLEL_BYTES: '1000' };
const HEADER = 'id,submitted_at,channel,How likely are you to recommend us?,How satisfied were you?';

/** Responses r0..r{n-1} over six months and two channels. */
function responses(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `r${i},2026-0${1 + (i % 6)}-10 10:00,${i % 2 ? 'web' : 'store'},${i % 11},${1 + (i % 5)}`);
}

async function metrics(files: Record<string, string>, argv: string[], env: Record<string, string> = {}) {
  const cwd = workspace(files);
  return runCli(['metrics', 'e.csv', ...argv, '--format', 'json'], { cwd, env });
}

/** The same report in one thread and in worker threads. */
async function bothWays(csv: string, argv: string[] = ['--by', 'channel', '--period', 'month']): Promise<MetricsReport> {
  const single = await metrics({ 'e.csv': csv }, argv);
  const parallel = await metrics({ 'e.csv': csv }, argv, PARALLEL);
  expect(single.stderr).toBe('');
  expect(parallel.stderr).toBe('');
  expect(parallel.stdout).toBe(single.stdout);
  return report(single.stdout);
}

describe('journey metrics: __proto__ is data', () => {
  it('--by __proto__ names a column of that name (was an internal error)', async () => {
    const result = await metrics({ 'e.csv': 'id,How satisfied were you?,__proto__\nr1,5,x\nr2,4,y\n' }, ['--by', '__proto__']);
    expect(result.stderr).toBe('');
    const out = report(result.stdout);
    expect(Object.keys(out.segments)).toEqual(['__proto__']);
    expect(Object.keys(out.segments.__proto__!)).toEqual(['x', 'y']);
    expect(out.source.columns.__proto__).toBe('__proto__');
  });

  it('a segment value __proto__ is a segment like any other (was dropped)', async () => {
    const result = await metrics({ 'e.csv': 'id,How satisfied were you?,channel\nr1,5,__proto__\nr2,4,web\n' }, ['--by', 'channel']);
    const out = report(result.stdout);
    expect(Object.keys(out.segments.channel!)).toEqual(['__proto__', 'web']);
    expect(out.segments.channel!.__proto__!.csat!.n).toBe(1);
  });
});

describe('journey metrics: text from the export or the flags', () => {
  it('an unknown time zone in the Qualtrics ImportId row is a warning, dates read as UTC (was an internal error)', async () => {
    const csv = [
      'RecordedDate,ResponseId,Q1',
      'Recorded Date,Response ID,How likely are you to recommend us?',
      '"{""ImportId"":""recordedDate"",""timeZone"":""merica/Denver""}","{""ImportId"":""_recordId""}","{""ImportId"":""QID1""}"',
      '2026-01-31 23:30:00,R_1,9',
      '2026-02-01 00:30:00,R_2,3',
    ].join('\n');
    const result = await metrics({ 'e.csv': csv }, ['--period', 'month']);
    expect(result.code).toBe(0);
    const out = report(result.stdout);
    expect(out.source.timeZone).toBe('UTC');
    expect(Object.keys(out.periods)).toEqual(['2026-01', '2026-02']);
    const warning = out.warnings.find((w) => w.code === 'csv/bad-time-zone');
    expect(warning?.column).toBe('RecordedDate');
    expect(warning?.message).toContain("'merica/Denver'");
  });

  it('--by with a line break finds the header that has it, and an error stays on one line', async () => {
    const csv = 'id,How satisfied were you?,"Sales\r\nchannel"\nr1,5,web\nr2,4,store\n';
    const found = await metrics({ 'e.csv': csv }, ['--by', 'Sales\r\nchannel']);
    expect(found.stderr).toBe('');
    expect(Object.keys(report(found.stdout).segments['Sales\r\nchannel']!)).toEqual(['store', 'web']);
    const missing = await metrics({ 'e.csv': csv }, ['--by', 'Region\rname']);
    expect(missing.code).toBe(2);
    expect(missing.stderr.split('\n')[0]).toBe("journey: error: No column 'Region name' for --by Region name in the export.");
  });
});

describe('journey metrics: line ends and quotes', () => {
  it('warning lines are physical lines after a CRLF inside a quoted cell (were one further per such cell)', async () => {
    const csv = [HEADER, 'r1,2026-01-10,"web\r\nshop",9,5', 'r2,2026-01-10,"web\r\nshop",9,5', 'r3,2026-01-10,web,12,5'].join('\r\n') + '\r\n';
    const out = await bothWays(csv, []);
    expect(out.warnings.map((w) => `${w.code} ${w.line}`)).toEqual(['csv/bad-value 6']);
  });

  it('a file mixing CRLF and LF lines reads each line as a record (LF lines were merged)', async () => {
    const csv = `${HEADER}\r\nr1,2026-01-10,web,9,5\nr2,2026-01-10,web,10,4\r\nr3,2026-01-10,web,3,1\n`;
    const out = report((await metrics({ 'e.csv': csv }, [])).stdout);
    expect(out.source).toMatchObject({ rows: 3, included: 3, excluded: {} });
    expect(out.warnings).toEqual([]);
  });

  it('a quote never closed is reported on the line where it opens (was the last line, past it with CRLF)', async () => {
    const csv = [HEADER, 'r1,2026-01-10,web,9,5', 'r2,2026-01-10,"web,9,5', 'r3,2026-01-10,web,9,5', 'r4,2026-01-10,web,9,5'].join('\r\n') + '\r\n';
    const result = await metrics({ 'e.csv': csv }, []);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe('journey: error: e.csv:3: a quote opened on this line is never closed: the rest of the file would be one cell.');
  });
});

describe('journey metrics: worker threads read what one thread reads', () => {
  it('lines ended by a lone CR (was "The header rows are longer than 1 MB")', async () => {
    const out = await bothWays([HEADER, ...responses(3000)].join('\r') + '\r');
    expect(out.source.rows).toBe(3000);
  });

  it('a stray quote inside an unquoted header cell (the split took it for an opening quote)', async () => {
    const out = await bothWays([HEADER.replace('us?', 'us? 5" screen'), ...responses(3000)].join('\n') + '\n');
    expect(out.source.rows).toBe(3000);
    expect(out.source.columns.nps).toBe('How likely are you to recommend us? 5" screen');
  });

  it('a stray quote inside an unquoted response cell', async () => {
    const rows = responses(3000);
    rows[1501] = rows[1501]!.replace('web', 'we"b');
    const out = await bothWays([HEADER, ...rows].join('\n') + '\n');
    expect(out.source.rows).toBe(3000);
    expect(out.segments.channel!['we"b']!.nps!.n).toBe(1);
  });

  it('an empty line before the header (was counted as a header row by the split)', async () => {
    const out = await bothWays(['', HEADER, ...responses(3000)].join('\n') + '\n');
    expect(out.source.rows).toBe(3000);
  });
});
