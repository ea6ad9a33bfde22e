import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MetricsReport } from '../../src/core/survey/types.js';
import { MAX_CELL_BYTES, MAX_COLUMNS } from '../../src/io/survey/stream.js';
import { runCli, workspace } from './harness.js';

const report = (stdout: string) => JSON.parse(stdout) as MetricsReport;
const HEADER = 'id,How likely are you to recommend us?,comment';
/** Worker threads for anything over 1000 bytes. */
const PARALLEL = { JOURNEYKIT_PARALLEL_BYTES: '1000' };

const CELL_ERROR = (line: number) => `journey: error: e.csv:${line}: a cell starting on this line is larger than 1 MB, the limit for one CSV cell.`;
const COLUMNS_ERROR = (line: number) => `journey: error: e.csv:${line}: the record starting on this line has more than 16,384 columns, the limit for a survey export.`;

/** An export whose response `at` (0-based) is replaced by `big`; line 3 holds a two-line cell. */
function exportWith(big: string, at: number, responses = 10): string {
  const rows = Array.from({ length: responses }, (_, i) => (i === 1 ? `r${i},${i % 11},"two\nlines"` : `r${i},${i % 11},ok`));
  rows.splice(at, 1, big);
  return [HEADER, ...rows].join('\n') + '\n';
}

/** The physical line of response `at` in exportWith: header, then one line each, the two-line cell before it. */
const lineOf = (at: number) => at + 2 + (at > 1 ? 1 : 0);

async function run(csv: string, env: Record<string, string> = {}) {
  const cwd = workspace({ 'e.csv': csv });
  return runCli(['metrics', 'e.csv', '--format', 'json'], { cwd, env });
}

describe('journey metrics: CSV cell size limit (1 MB)', () => {
  it('reads a cell of exactly 1 MB of UTF-8 text', async () => {
    const cell = 'é'.repeat(MAX_CELL_BYTES / 2);
    const result = await run(exportWith(`rX,9,"${cell}"`, 5));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(report(result.stdout).overall.nps!.n).toBe(10);
  });

  it('refuses a cell one byte over, naming the line where the cell starts (exit 2)', async () => {
    const cell = 'é'.repeat(MAX_CELL_BYTES / 2) + 'x';
    const result = await run(exportWith(`rX,9,"${cell}"`, 5));
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')[0]).toBe(CELL_ERROR(lineOf(5)));
    expect(result.stderr).toMatch(/hint: A quote opened and never closed/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('names the start line of a cell that spans many lines', async () => {
    const cell = 'line\r\n'.repeat(Math.ceil(MAX_CELL_BYTES / 5));
    const result = await run(exportWith(`rX,9,"${cell}"`, 4));
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(CELL_ERROR(lineOf(4)));
  });

  it('holds in worker threads, past the sample the main thread reads', async () => {
    const at = 2500;
    const over = await run(exportWith(`rX,9,"${'x'.repeat(MAX_CELL_BYTES + 1)}"`, at, 3000), PARALLEL);
    expect(over.code).toBe(2);
    expect(over.stderr.split('\n')[0]).toBe(CELL_ERROR(lineOf(at)));
    const atLimit = await run(exportWith(`rX,9,"${'x'.repeat(MAX_CELL_BYTES)}"`, at, 3000), PARALLEL);
    expect(atLimit.stderr).toBe('');
    expect(report(atLimit.stdout).source.rows).toBe(3000);
  });
});

describe('journey metrics: CSV column count limit (16,384)', () => {
  it('reads records of exactly 16,384 columns', async () => {
    const wide = (first: string) => first + ','.repeat(MAX_COLUMNS - 3);
    const csv = exportWith(wide('rX,9,ok'), 3).replace(HEADER, wide(HEADER));
    const result = await run(csv);
    expect(result.stderr).toBe('');
    expect(report(result.stdout).source.rows).toBe(10);
  });

  it('refuses a header of 16,385 columns on line 1, and a response on its line (exit 2)', async () => {
    const header = await run(exportWith('r3,3,ok', 3).replace(HEADER, HEADER + ','.repeat(MAX_COLUMNS - 2)));
    expect(header.code).toBe(2);
    expect(header.stderr.split('\n')[0]).toBe(COLUMNS_ERROR(1));
    expect(header.stderr).toMatch(/hint: Check the delimiter/);
    const response = await run(exportWith('rX,9,ok' + ','.repeat(MAX_COLUMNS - 2), 6));
    expect(response.code).toBe(2);
    expect(response.stderr.split('\n')[0]).toBe(COLUMNS_ERROR(lineOf(6)));
  });

  it('holds in worker threads, past the sample the main thread reads', async () => {
    const at = 2600;
    const over = await run(exportWith('rX,9,ok' + ','.repeat(MAX_COLUMNS - 2), at, 3000), PARALLEL);
    expect(over.code).toBe(2);
    expect(over.stderr.split('\n')[0]).toBe(COLUMNS_ERROR(lineOf(at)));
    const atLimit = await run(exportWith('rX,9,ok' + ','.repeat(MAX_COLUMNS - 3), at, 3000), PARALLEL);
    expect(atLimit.stderr).toBe('');
    expect(report(atLimit.stdout).source.rows).toBe(3000);
  });
});

describe('journey metrics: one enormous line fails fast', () => {
  // Without the limits each of these was buffered whole: 20 s and 2 GB for the commas.
  it.each([
    ['50 MB without a line break', () => 'x'.repeat(50 << 20), CELL_ERROR(1)],
    ['50 MB of delimiters after the header', () => `${HEADER}\n${','.repeat(50 << 20)}`, COLUMNS_ERROR(2)],
    ['a quote opened on line 3 and never closed, 20 MB of lines after it', () => `${HEADER}\nr1,9,ok\nr2,"9\n${'r3,10,ok\n'.repeat(20 << 17)}`, CELL_ERROR(3)],
  ])('%s: exit 2 with the limit and the line, within seconds', async (_name, content, message) => {
    const cwd = workspace();
    writeFileSync(path.join(cwd, 'e.csv'), content());
    for (const env of [{}, PARALLEL]) {
      const started = performance.now();
      const result = await runCli(['metrics', 'e.csv', '--format', 'json'], { cwd, env });
      expect(performance.now() - started).toBeLessThan(5000);
      expect(result.code).toBe(2);
      expect(result.stderr.split('\n')[0]).toBe(message);
    }
  });
});
