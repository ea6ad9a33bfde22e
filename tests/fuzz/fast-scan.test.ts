/**
 * The fast scanner of `journey metrics` (src/io/survey/fast-scan.ts) against csv-parse, the
 * parser of record, on generated CSV: quotes, doubled quotes, line breaks inside cells, BOMs,
 * CRLF, lone CR, ragged rows, empty lines, the delimiters , ; tab |. Wherever the scanner does
 * not give up (FastScanBail, after which csv-parse reads the range), it must give the records
 * csv-parse gives, with the same line numbers, and csv-parse must not have refused the input.
 * Then whole runs: worker threads with and without the scanner give the same aggregate state.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { FastScanBail, FastScanner } from '../../src/io/survey/fast-scan.js';
import { readExport } from '../../src/io/survey/read.js';
import { csvStream, decodedInput } from '../../src/io/survey/stream.js';
import { workspace } from '../cli/harness.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'fast-scan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let serial = 0;

interface Parsed {
  records: { fields: string[]; line: number }[];
  error?: string;
}

/** Records and their end lines as the worker threads' csv-parse pass sees them. */
async function reference(file: string, delimiter: string): Promise<Parsed> {
  const records: Parsed['records'] = [];
  const { parser } = csvStream({ file, encoding: 'utf-8', delimiter });
  try {
    await new Promise<void>((resolve, reject) => {
      parser.on('data', (record: string[]) => records.push({ fields: [...record], line: parser.info.lines }));
      parser.on('end', resolve);
      parser.on('error', reject);
    });
  } catch (error) {
    return { records, error: (error as Error).message };
  }
  return { records };
}

/** The scanner over the same decoded text; undefined when it gives up. */
async function scanned(file: string, delimiter: string, needed: boolean[], width: number): Promise<Parsed | 'bail'> {
  const records: Parsed['records'] = [];
  const { input, source } = decodedInput({ file, encoding: 'utf-8', delimiter });
  const scanner = new FastScanner(delimiter.charCodeAt(0), needed, width, (fields, line) => records.push({ fields: [...fields], line }));
  try {
    for await (const chunk of input) scanner.push(chunk as Buffer);
    scanner.end();
  } catch (error) {
    if (error instanceof FastScanBail) return 'bail';
    return { records, error: (error as Error).message };
  } finally {
    source.destroy();
  }
  return { records };
}

/** The scanner over the same decoded text pushed in pieces cut at `cuts` (fractions of its length). */
async function scannedInPieces(file: string, delimiter: string, needed: boolean[], width: number, cuts: number[]): Promise<Parsed | 'bail'> {
  const { input } = decodedInput({ file, encoding: 'utf-8', delimiter });
  const parts: Buffer[] = [];
  for await (const chunk of input) parts.push(chunk as Buffer);
  const text = Buffer.concat(parts);
  const at = [...new Set(cuts.map((c) => Math.floor(c * text.length)))].sort((a, b) => a - b);
  const records: Parsed['records'] = [];
  const scanner = new FastScanner(delimiter.charCodeAt(0), needed, width, (fields, line) => records.push({ fields: [...fields], line }));
  try {
    let from = 0;
    for (const cut of [...at, text.length]) {
      scanner.push(text.subarray(from, cut));
      from = cut;
    }
    scanner.end();
  } catch (error) {
    if (error instanceof FastScanBail) return 'bail';
    throw error;
  }
  return { records };
}

const breaks = (text: string) => text.split('\n').length - 1;

/** Same records, lines and line breaks per cell; cells the run reads (and any past `width`) the same text; others '' or the same. */
function expectSame(fast: Parsed, slow: Parsed, needed: boolean[], width: number): void {
  expect(slow.error).toBeUndefined();
  expect(fast.error).toBeUndefined();
  expect(fast.records.map((r) => [r.line, r.fields.length])).toEqual(slow.records.map((r) => [r.line, r.fields.length]));
  fast.records.forEach((record, k) => {
    const expected = slow.records[k]!.fields;
    record.fields.forEach((cell, i) => {
      if (needed[i] || i >= width) expect(cell).toBe(expected[i]);
      else if (cell !== expected[i]) expect(cell).toBe('');
      expect(breaks(cell)).toBe(breaks(expected[i]!));
    });
  });
}

const DELIMITERS = [',', ';', '\t', '|'];

/** A cell as a writer would quote it, or raw (stray quotes and all). */
function cellArb(delimiter: string): fc.Arbitrary<string> {
  const char = fc.constantFrom('a', 'b', '1', '9', ' ', '"', delimiter, ',', '\n', '\r\n', '\r', 'é', '€', '😀', "'");
  const text = fc.array(char, { maxLength: 6 }).map((chars) => chars.join(''));
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom('', 'web', '9', '10', 'R_1', 'a b') },
    { weight: 2, arbitrary: text.map((t) => `"${t.replaceAll('"', '""')}"`) },
    { weight: 1, arbitrary: text },
  );
}

function csvArb(): fc.Arbitrary<{ text: string; delimiter: string; eol: string }> {
  return fc.constantFrom(...DELIMITERS).chain((delimiter) =>
    fc
      .record({
        delimiter: fc.constant(delimiter),
        eol: fc.constantFrom('\n', '\r\n', '\r'),
        rows: fc.array(fc.oneof({ weight: 6, arbitrary: fc.array(cellArb(delimiter), { minLength: 1, maxLength: 6 }) }, { weight: 1, arbitrary: fc.constant([]) }), {
          maxLength: 12,
        }),
        bom: fc.boolean(),
        last: fc.boolean(),
      })
      .map(({ delimiter, eol, rows, bom, last }) => ({
        delimiter,
        eol,
        text: (bom ? '\ufeff' : '') + rows.map((cells) => cells.join(delimiter)).join(eol) + (last ? eol : ''),
      })),
  );
}

function write(bytes: Buffer): string {
  const file = path.join(dir, `f${serial++}.csv`);
  writeFileSync(file, bytes);
  return file;
}

describe('the fast scanner reads what csv-parse reads', () => {
  it('on generated CSV (quotes, line breaks in cells, CRLF, lone CR, BOM, ragged and empty lines, 4 delimiters)', async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(csvArb(), fc.array(fc.boolean(), { maxLength: 8 }), fc.integer({ min: 0, max: 8 }), async ({ text, delimiter }, needed, width) => {
        const file = write(Buffer.from(text, 'utf8'));
        const slow = await reference(file, delimiter);
        const fast = await scanned(file, delimiter, needed, width);
        if (fast === 'bail') return;
        compared++;
        expectSame(fast, slow, needed, width);
      }),
      { numRuns: 1500, seed: 16 },
    );
    // Most generated inputs are ones the scanner takes: the comparison is not vacuous.
    expect(compared).toBeGreaterThan(300);
  }, 60_000);

  it('on the same CSV pushed in pieces cut anywhere (inside a record, a quoted cell, a doubled quote)', async () => {
    let compared = 0;
    const cuts = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 });
    await fc.assert(
      fc.asyncProperty(csvArb(), fc.array(fc.boolean(), { maxLength: 8 }), fc.integer({ min: 0, max: 8 }), cuts, async ({ text, delimiter }, needed, width, at) => {
        const file = write(Buffer.from(text, 'utf8'));
        const fast = await scannedInPieces(file, delimiter, needed, width, at);
        if (fast === 'bail') return;
        compared++;
        expectSame(fast, await reference(file, delimiter), needed, width);
      }),
      { numRuns: 1500, seed: 1616 },
    );
    expect(compared).toBeGreaterThan(300);
  }, 60_000);

  it('across chunk boundaries: a record, a quoted cell or a doubled quote cut between two reads', async () => {
    // Records of ~1 KB with quoted multi-line cells and doubled quotes around the 1 MB reads.
    const rows: string[] = [];
    for (let i = 0; i < 3000; i++) {
      rows.push([`R_${i}`, `"line ${i}\nnext ""q"" ${'x'.repeat(i % 700)}"`, i % 11, i % 3 === 0 ? '' : 'web', `"a,b${'y'.repeat(300)}"`].join(','));
      if (i % 97 === 0) rows.push('');
    }
    for (const eol of ['\n', '\r\n']) {
      const file = write(Buffer.from(rows.join(eol) + eol, 'utf8'));
      const needed = [true, false, true, true];
      const fast = await scanned(file, ',', needed, 5);
      expect(fast).not.toBe('bail');
      expectSame(fast as Parsed, await reference(file, ','), needed, 5);
    }
  });

  it.each([
    ['a quote inside an unquoted cell', 'a,b"c,d\n'],
    ['text after a closing quote', 'a,"b"c,d\n'],
    ['a quote never closed', 'a,"b\nc,d\n'],
    ['a NUL', 'a,b\u0000,c\n'],
    ['a BOM', '\ufeffa,b\n'],
  ])('gives up on %s (csv-parse reads it)', async (_, text) => {
    const file = write(Buffer.from(text, 'utf8'));
    expect(await scanned(file, ',', [true, true, true], 3)).toBe('bail');
  });
});

describe('worker threads with and without the fast scanner', () => {
  // A Qualtrics export: column ids, question texts, ImportId JSON.
  const HEADER = ['ResponseId', 'Status', 'Finished', 'Q1', 'channel', 'stage', 'touchpoint', 'Q5_TEXT', 'other'];
  const QUESTIONS = [
    'Response ID',
    'Response Type',
    'Finished',
    'How likely are you to recommend Acme to a friend or colleague?',
    'channel',
    'stage',
    'touchpoint',
    'Anything else you would like to tell us?',
    'other',
  ];
  function exportText(rows: number, eol: string, odd: (i: number) => string[] | undefined): string {
    const lines = [HEADER.join(','), QUESTIONS.join(','), HEADER.map((id) => `"{""ImportId"":""${id}""}"`).join(',')];
    for (let i = 0; i < rows; i++) {
      lines.push(
        (
          odd(i) ?? [
            `R_${i % 1500 === 7 ? 7 : i}`,
            i % 50 === 0 ? '1' : '0',
            i % 9 === 0 ? '0' : '1',
            i % 400 === 3 ? 'eleven' : String(i % 11),
            ['web', 'app', '"phone, fixed"', ''][i % 4]!,
            `s${i % 5}`,
            `tp-${i % 7}`,
            i % 13 === 0 ? `"Good,\n""very"" good ${i}"` : '',
            i % 17 === 0 ? '"x\ny"' : 'z',
          ]
        ).join(','),
      );
    }
    return lines.join(eol) + eol;
  }

  const request = { columns: { nps: 'Q1' }, scales: {}, by: ['channel', 'stage'], completeOnly: false };

  async function both(text: string | Buffer): Promise<{ fast: Awaited<ReturnType<typeof readExport>>; slow: Awaited<ReturnType<typeof readExport>> }> {
    const cwd = workspace({ 'e.csv': text });
    const file = path.join(cwd, 'e.csv');
    const options = { display: 'e.csv', parallelBytes: 1000, threads: 2 };
    const fast = await readExport(file, request, options);
    const slow = await readExport(file, request, { ...options, fastScan: false });
    return { fast, slow };
  }

  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ])('same state on an export with ragged rows, bad values, duplicates and multi-line comments (%s)', async (_, eol) => {
    const text = exportText(6000, eol, (i) => (i % 700 === 5 ? ['R_x', '0', '1', '9'] : i % 900 === 8 ? [...HEADER.map(() => '1'), 'extra'] : undefined));
    const { fast, slow } = await both(text);
    expect(fast.threads).toBe(2);
    expect(fast.fastScanned).toBe(2);
    expect(slow.fastScanned).toBe(0);
    expect(fast.state.warnings.length).toBeGreaterThan(5);
    expect(fast.state.comments.size).toBeGreaterThan(0);
    expect(fast.state).toEqual(slow.state);
  });

  it('falls back to csv-parse for a part with a stray quote, with the same state', async () => {
    const text = exportText(6000, '\n', (i) => (i === 5500 ? ['R_q', '0', '1', '7', 'we"b', 's1', 'tp-1', '', 'z'] : undefined));
    const { fast, slow } = await both(text);
    expect(fast.fastScanned).toBe(1);
    expect(fast.state).toEqual(slow.state);
  });

  it('is not taken for Windows-1252 or UTF-16 exports (read by csv-parse only)', async () => {
    const text = exportText(6000, '\r\n', () => undefined).replaceAll('Good', 'Gut ä');
    for (const encoding of ['win1252', 'utf16le']) {
      const bytes = encoding === 'utf16le' ? Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf16le')]) : iconv.encode(text, encoding);
      const { fast, slow } = await both(bytes);
      expect(fast.fastScanned).toBe(0);
      expect(fast.state).toEqual(slow.state);
    }
  });
});
