import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MetricsReport } from '../../src/core/survey/types.js';
import { readExport } from '../../src/io/survey/read.js';
import { runCli, workspace } from './harness.js';

/**
 * A NUL character (U+0000) anywhere in a survey export refuses it (exit 2, `FILE:LINE:`), as
 * Python's csv module and pandas do: in the first bytes, in the sample the main thread reads,
 * past it (the main thread's full pass, or worker threads), in every encoding. UTF-16 exports,
 * whose bytes are half zeros, are searched as text, not as bytes.
 */

const report = (stdout: string) => JSON.parse(stdout) as MetricsReport;
/** Worker threads for anything over 1000 bytes. */
const PARALLEL = { JOURNEYKIT_PARALLEL_BYTES: '1000' };
const RESPONSES = 3000;
const NUL_ERROR = (line: number) => `journey: error: e.csv:${line}: the export contains a NUL byte (U+0000) on this line: it looks binary, not like CSV text.`;

/**
 * Lines of an export: a header, then one response per line, except response 1 whose comment
 * spans two lines (so the physical line is not the record number). CRLF line ends, as Excel writes.
 */
function lines(): string[] {
  const rows = ['id,How likely are you to recommend us?,channel,comment'];
  for (let i = 0; i < RESPONSES; i++) rows.push(i === 1 ? `r${i},${i % 11},web,"two\r\nlines"` : `r${i},${i % 11},${i % 2 ? 'web' : 'app'},ok`);
  return rows;
}

/** The physical line of response `i` (0-based): the header is line 1; response 1 takes two lines. */
const lineOfResponse = (i: number) => i + 2 + (i > 1 ? 1 : 0);

type Encoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

function encode(text: string, encoding: Encoding): Buffer {
  if (encoding === 'utf-8') return Buffer.from(text, 'utf8');
  if (encoding === 'utf-8-bom') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
  if (encoding === 'windows-1252') return Buffer.from(text, 'latin1');
  const le = Buffer.from(text, 'utf16le');
  if (encoding === 'utf-16le') return Buffer.concat([Buffer.from([0xff, 0xfe]), le]);
  return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(le).swap16()]);
}

/** The export with `insert` put into the comment of response `at` (or into the header, at -1). */
function exportWith(insert: string, at: number, encoding: Encoding): Buffer {
  const rows = lines();
  if (at === -1) rows[0] = rows[0]!.replace('comment', `com${insert}ment`);
  else rows[at + 1] = rows[at + 1]!.replace(/,([^,]*)$/, `,$1${insert}`);
  // Windows-1252: an é (not UTF-8) early, so the reader starts over in that encoding.
  if (encoding === 'windows-1252') rows[3] = rows[3]!.replace(',ok', ',caf\u00e9');
  return encode(rows.join('\r\n') + '\r\n', encoding);
}

async function metrics(content: Buffer, env: Record<string, string> = {}, extra: string[] = []) {
  const cwd = workspace({ 'e.csv': content });
  return runCli(['metrics', 'e.csv', '--by', 'channel', '--format', 'json', ...extra], { cwd, env });
}

function expectRefused(result: { code: number; stdout: string; stderr: string }, line: number): void {
  expect(result.stderr.split('\n')[0]).toBe(NUL_ERROR(line));
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toContain('hint: Export the responses as CSV again');
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

const ENCODINGS: Encoding[] = ['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1252'];
/** Where the NUL goes: the header, the first bytes, the sample, past the sample, the last line. */
const PLACES: [string, number][] = [
  ['in the header', -1],
  ['on the first response', 0],
  ['in the sample, past the first 8,000 bytes', 1500],
  ['past the sample', 2500],
  ['on the last line', RESPONSES - 1],
];

describe('journey metrics: a NUL anywhere refuses the export', () => {
  for (const encoding of ENCODINGS) {
    it.each(PLACES)(`${encoding}: %s, with its physical line (exit 2)`, async (_, at) => {
      const result = await metrics(exportWith('\u0000', at, encoding));
      expectRefused(result, at === -1 ? 1 : lineOfResponse(at));
    });
  }

  it.each(PLACES)('worker threads (UTF-8): %s', async (_, at) => {
    expectRefused(await metrics(exportWith('\u0000', at, 'utf-8'), PARALLEL), at === -1 ? 1 : lineOfResponse(at));
  });

  it('the same export without the NUL is read by worker threads under that setting', async () => {
    // So the test above reaches the worker threads' pass, not only the main thread's.
    const cwd = workspace({ 'e.csv': exportWith('', 2500, 'utf-8') });
    const read = await readExport(
      path.join(cwd, 'e.csv'),
      { columns: {}, scales: {}, by: ['channel'], completeOnly: false },
      { display: 'e.csv', parallelBytes: 1000, threads: 2 },
    );
    expect(read.threads).toBe(2);
    expect(read.state.rows).toBe(RESPONSES);
  });

  it('names the line of a NUL inside a quoted cell that spans lines', async () => {
    const rows = lines();
    rows[2501] = 'r2500,9,web,"first\r\nsecond\r\nthird\u0000line"';
    for (const env of [{}, PARALLEL]) {
      const result = await metrics(Buffer.from(rows.join('\r\n') + '\r\n', 'utf8'), env);
      expectRefused(result, lineOfResponse(2500) + 2);
    }
  });

  it('is refused in a file given after another one (several exports in one run)', async () => {
    const cwd = workspace({ 'a.csv': exportWith('', 0, 'utf-8'), 'e.csv': exportWith('\u0000', 2999, 'utf-16le') });
    const result = await runCli(['metrics', 'a.csv', 'e.csv', '--format', 'json'], { cwd });
    expectRefused(result, lineOfResponse(2999));
  });
});

describe('journey metrics: other control characters are text', () => {
  it.each(ENCODINGS)('%s: the same export without the NUL reads in full', async (encoding) => {
    for (const env of [{}, PARALLEL]) {
      const result = await metrics(exportWith('', 0, encoding), env);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const r = report(result.stdout);
      expect(r.source.rows).toBe(RESPONSES);
      expect(r.overall.nps!.n).toBe(RESPONSES);
    }
  });

  it('keeps \\x01, ESC, DEL and a vertical tab in segment values (the formats escape them)', async () => {
    const rows = lines();
    rows[5] = rows[5]!.replace(',app,', ',a\u0001b\u000bc\u001bd\u007fe,');
    for (const env of [{}, PARALLEL]) {
      const result = await metrics(Buffer.from(rows.join('\n') + '\n'), env);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const segments = report(result.stdout).segments.channel!;
      expect(Object.keys(segments).sort()).toEqual(['a\u0001b\u000bc\u001bd\u007fe', 'app', 'web']);
      expect(segments['a\u0001b\u000bc\u001bd\u007fe']!.nps!.n).toBe(1);
    }
  });
});
