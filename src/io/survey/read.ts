import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import iconv from 'iconv-lite';
import { InputError } from '../../core/errors.js';
import type { AggregateState } from '../../core/survey/aggregate.js';
import { Aggregator, emptyState, mergeStates } from '../../core/survey/aggregate.js';
import { detectLayout } from '../../core/survey/layout.js';
import type { Layout } from '../../core/survey/layout.js';
import type { AggregationPlan, MetricsRequest, PlanResult } from '../../core/survey/plan/index.js';
import { buildPlan } from '../../core/survey/plan/index.js';
import type { SurveyEncoding } from '../../core/survey/sniff.js';
import { bomLength, detectEncoding, sniffDelimiter } from '../../core/survey/sniff.js';
import { PACKAGE_ROOT } from '../package.js';
import { openRegular, refusal } from '../read.js';
import { CsvLineError, NotUtf8Error, csvStream, lineAt, nulError } from './stream.js';

export const SAMPLE_RECORDS = 2000;
const HEAD_BYTES = 256 * 1024;

export interface ExportRead {
  file: string;
  encoding: SurveyEncoding;
  delimiter: string;
  layout: Layout;
  planned: PlanResult;
  state: AggregateState;
  notes: string[];
  /** Worker threads used (1 = the main thread). */
  threads: number;
}

export interface ReadOptions {
  /** Display name for warnings. */
  display: string;
  onProgress?: (done: number, total: number) => void;
  /** Files above this size are parsed by worker threads (default 16 MB); JOURNEYKIT_PARALLEL_BYTES overrides. */
  parallelBytes?: number;
  threads?: number;
  /** Response ids already counted (from earlier files of the same run). */
  excludeIds?: ReadonlySet<string>;
  /** Keep every response id in the state (for runs over several files). */
  collectIds?: boolean;
  /** Real path of the workspace the export must lie in (src/io/workspace.ts); undefined: anywhere. */
  workspace?: string | undefined;
}

async function sniff(
  file: string,
  display: string,
  workspace: string | undefined,
): Promise<{ size: number; encoding: SurveyEncoding; delimiter: string; sepLine: boolean; loneCr: boolean }> {
  // A regular file inside the workspace, checked on the descriptor (src/io/read.ts).
  const opened = await openRegular(file, workspace);
  if ('diagnostic' in opened) throw refusal('Survey export', display, opened.diagnostic);
  const { handle, size } = opened;
  try {
    const head = Buffer.alloc(Math.min(HEAD_BYTES, size));
    await handle.read(head, 0, head.length, 0);
    if (size === 0) throw new InputError(`Survey export '${display}' is empty.`, 'Export the responses again.');
    const encoding = detectEncoding(head, size <= HEAD_BYTES);
    const body = head.subarray(bomLength(encoding));
    const text =
      encoding === 'windows-1252' ? iconv.decode(body, 'win1252') : encoding.startsWith('utf-16') ? iconv.decode(body, encoding === 'utf-16le' ? 'utf16le' : 'utf16-be') : body.toString('utf8');
    // A NUL anywhere refuses the export (nulError); the stream finds those past the first bytes.
    const nul = encoding !== 'utf-16le' && encoding !== 'utf-16be' ? body.subarray(0, 8000).indexOf(0) : -1;
    if (nul !== -1) {
      const error = nulError(lineAt(body, nul));
      throw new InputError(`${display}:${error.lines}: ${error.message}`, error.hint);
    }
    const { delimiter, sepLine } = sniffDelimiter(text);
    // Lines ended by a lone CR (Excel for Mac's old "CSV (Macintosh)"): worker threads split at LF.
    return { size, encoding, delimiter, sepLine, loneCr: /\r(?!\n)/.test(text) };
  } finally {
    await handle.close();
  }
}

/** The first records (headers plus a sample of responses) of the export. */
async function readSample(file: string, encoding: SurveyEncoding, delimiter: string, sepLine: boolean, display: string): Promise<string[][]> {
  const records: string[][] = [];
  const { parser, source } = csvStream({ file, encoding, delimiter, fromLine: sepLine ? 2 : 1 });
  try {
    for await (const record of parser) {
      records.push(record as string[]);
      if (records.length >= SAMPLE_RECORDS + 3) break;
    }
  } catch (error) {
    if (error instanceof NotUtf8Error) throw error;
    throw csvError(error, display);
  } finally {
    source.destroy();
  }
  return records;
}

function csvError(error: unknown, display: string): InputError {
  if (error instanceof CsvLineError) return new InputError(`${display}:${error.lines}: ${error.message}`, error.hint);
  const e = error as { message?: string; lines?: number; code?: string };
  const where = e.lines !== undefined ? `${display}:${e.lines}` : display;
  return new InputError(`${where}: the CSV cannot be parsed: ${(e.message ?? String(error)).replace(/\s+/g, ' ')}`, 'Check the quoting around this line (a quote opened and never closed), or export the file again.');
}

/** One pass over records [skip..] of a byte range, in this thread. */
async function aggregateRange(
  file: string,
  display: string,
  plan: AggregationPlan,
  encoding: SurveyEncoding,
  delimiter: string,
  range: { start?: number; end?: number; skipRecords: number; lineOffset: number; fromLine?: number },
  excludeIds: ReadonlySet<string> | undefined,
  onBytes?: (bytes: number) => void,
): Promise<AggregateState> {
  const aggregator = new Aggregator(plan, display, excludeIds);
  const { parser } = csvStream({
    file,
    encoding,
    delimiter,
    ...(range.start !== undefined ? { start: range.start } : {}),
    ...(range.end !== undefined ? { end: range.end } : {}),
    ...(range.fromLine ? { fromLine: range.fromLine } : {}),
    ...(onBytes ? { onBytes } : {}),
  });
  let seen = 0;
  await new Promise<void>((resolve, reject) => {
    parser.on('data', (record: string[]) => {
      if (seen++ < range.skipRecords) return;
      // parser.info.lines is the line where this record ends, counted from the range start.
      aggregator.add(record, parser.info.lines + range.lineOffset);
    });
    parser.on('end', resolve);
    parser.on('error', reject);
  }).catch((error: unknown) => {
    if (error instanceof NotUtf8Error) throw error;
    throw csvError(error, display);
  });
  return aggregator.state;
}

interface Chunk {
  start: number;
  end: number;
  lineOffset: number;
}

/**
 * Follows csv-parse's reading of quotes (with relax_quotes) through raw bytes, so that the byte
 * scans below find the record ends the parser finds: a quote opens a quoted cell only at the
 * start of a cell (after a delimiter, a line end or where the scan starts), a quote in a quoted
 * cell closes it, and a quote right after a closing one opens it again (`""`, an escaped quote).
 * Any other quote is literal, as csv-parse reads it: a stray quote in an unquoted cell must not
 * turn the rest of the file into one "quoted" stretch for the scan.
 */
class QuoteTracker {
  inQuotes = false;
  private lastClose = -2;

  constructor(private readonly delimiter: number) {}

  /** A quote at byte `at`; `before` is the byte before it, -1 where the scan starts. */
  quote(at: number, before: number): void {
    if (this.inQuotes) {
      this.inQuotes = false;
      this.lastClose = at;
    } else if (before === -1 || before === this.delimiter || before === 10 || before === 13 || this.lastClose === at - 1) {
      this.inQuotes = true;
    }
  }
}

/**
 * Splits a UTF-8 file into byte ranges that start at record boundaries: a line break counts as
 * a boundary only outside quotes (QuoteTracker). Searching is native (Buffer.indexOf), so this
 * costs a small fraction of parsing.
 */
async function splitAtRecords(file: string, size: number, parts: number, dataStart: number, dataLine: number, delimiter: string): Promise<Chunk[]> {
  const handle = await open(file, 'r');
  try {
    const block = Buffer.alloc(4 << 20);
    const targets = Array.from({ length: parts - 1 }, (_, i) => dataStart + Math.floor(((size - dataStart) * (i + 1)) / parts));
    const chunks: Chunk[] = [];
    const quotes = new QuoteTracker(delimiter.charCodeAt(0));
    let chunkStart = dataStart;
    let chunkLine = dataLine;
    let position = dataStart;
    let lastByte = -1;
    let lines = dataLine;
    let target = targets.shift();
    while (position < size && target !== undefined) {
      const { bytesRead } = await handle.read(block, 0, block.length, position);
      if (bytesRead === 0) break;
      const data = block.subarray(0, bytesRead);
      let i = 0;
      while (i < data.length) {
        if (target !== undefined && position + i >= target && !quotes.inQuotes) {
          const nl = data.indexOf(10, i);
          const q = data.indexOf(34, i);
          if (nl !== -1 && (q === -1 || nl < q)) {
            lines++;
            const boundary = position + nl + 1;
            chunks.push({ start: chunkStart, end: boundary - 1, lineOffset: chunkLine });
            chunkStart = boundary;
            chunkLine = lines;
            target = targets.shift();
            i = nl + 1;
            continue;
          }
        }
        const q = data.indexOf(34, i);
        const nl = data.indexOf(10, i);
        if (q === -1 && nl === -1) break;
        if (nl !== -1 && (q === -1 || nl < q)) {
          lines++;
          i = nl + 1;
        } else {
          quotes.quote(position + q, q > 0 ? data[q - 1]! : lastByte);
          i = q + 1;
        }
      }
      lastByte = data[data.length - 1]!;
      position += bytesRead;
    }
    chunks.push({ start: chunkStart, end: size - 1, lineOffset: chunkLine });
    return chunks.filter((c) => c.end >= c.start);
  } finally {
    await handle.close();
  }
}

/**
 * Byte offset after the first `records` records (header rows, and Excel's `sep=` line), and the
 * line breaks they take. Empty lines are not records: csv-parse skips them.
 */
async function headerEnd(file: string, records: number, startAt: number, delimiter: string): Promise<{ offset: number; lines: number }> {
  const handle = await open(file, 'r');
  try {
    const block = Buffer.alloc(HEAD_BYTES * 4);
    const quotes = new QuoteTracker(delimiter.charCodeAt(0));
    let found = 0;
    let lines = 0;
    let position = startAt;
    let before = -1;
    let content = false;
    for (;;) {
      const { bytesRead } = await handle.read(block, 0, block.length, position);
      if (bytesRead === 0) return { offset: position, lines };
      for (let i = 0; i < bytesRead; i++) {
        const c = block[i]!;
        if (c === 34) quotes.quote(position + i, before);
        if (c === 10) {
          lines++;
          if (!quotes.inQuotes) {
            if (content && ++found === records) return { offset: position + i + 1, lines };
            content = false;
          }
        } else if (c !== 13) {
          content = true;
        }
        before = c;
      }
      position += bytesRead;
    }
  } finally {
    await handle.close();
  }
}

/** Values present in both sorted arrays. */
function intersectSorted(a: Float64Array, b: Float64Array): number[] {
  const both: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i]! < b[j]!) i++;
    else if (a[i]! > b[j]!) j++;
    else {
      both.push(a[i]!);
      i++;
      j++;
    }
  }
  return both;
}

function workerUrl(): URL {
  return new URL(`file://${path.join(PACKAGE_ROOT, 'dist', 'io', 'survey', 'worker.js')}`);
}

export interface WorkerJob {
  file: string;
  display: string;
  plan: AggregationPlan;
  encoding: SurveyEncoding;
  delimiter: string;
  chunk: Chunk;
  excludeIds?: Set<string>;
  excludeHashes?: Set<number>;
  /** Send the ids themselves back (runs over several files need them); else only their hashes. */
  collectIds?: boolean;
}

interface WorkerResult {
  state: AggregateState;
  hashes: Float64Array;
}

/** A worker thread started ahead of its job, so its module loading overlaps the main thread's sampling. */
function startWorker(): Worker {
  // A larger young generation than the worker default: csv-parse allocates a string per field.
  const worker = new Worker(workerUrl(), { resourceLimits: { maxYoungGenerationSizeMb: 64 } });
  worker.unref();
  return worker;
}

function runWorker(job: WorkerJob, onBytes: (bytes: number) => void, worker: Worker = startWorker()): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    worker.ref();
    const finish = () => void worker.terminate();
    worker.on('message', (message: { type: 'bytes'; bytes: number } | ({ type: 'done' } & WorkerResult) | { type: 'error'; message: string; hint?: string; notUtf8?: number }) => {
      if (message.type === 'bytes') onBytes(message.bytes);
      else if (message.type === 'done') {
        resolve({ state: message.state, hashes: message.hashes });
        finish();
      } else {
        reject(
          message.notUtf8 !== undefined
            ? new NotUtf8Error(message.notUtf8)
            : new InputError(message.message, message.hint ?? 'Check the quoting around this line, or export the file again.'),
        );
        finish();
      }
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (code !== 0 && code !== 1) reject(new Error(`metrics worker stopped with exit code ${code}`));
    });
    worker.postMessage(job);
  });
}

/**
 * Reads one survey export: sniffs encoding and delimiter, detects the platform and the columns
 * from the headers and a sample, then aggregates every response, in worker threads for large
 * UTF-8 files (split at record boundaries) and in this thread otherwise.
 */
export async function readExport(file: string, request: MetricsRequest, options: ReadOptions): Promise<ExportRead> {
  const display = options.display;
  const facts = await sniff(file, display, options.workspace);
  let encoding = facts.encoding;
  const notes: string[] = [];
  for (;;) {
    try {
      return await readWith(encoding);
    } catch (error) {
      if (error instanceof NotUtf8Error && encoding !== 'windows-1252') {
        notes.push(`Not valid UTF-8 (near byte ${error.offset}): read as Windows-1252, Excel's "CSV" encoding.`);
        encoding = 'windows-1252';
        continue;
      }
      throw error;
    }
  }

  async function readWith(encoding: SurveyEncoding): Promise<ExportRead> {
    const { delimiter, sepLine } = facts;
    const threshold = options.parallelBytes ?? 16 * 1024 * 1024;
    const threads = options.threads ?? Math.min(availableParallelism(), 4);
    const parallel = encoding.startsWith('utf-8') && !facts.loneCr && facts.size > threshold && threads > 1;
    const workers = parallel ? Array.from({ length: threads }, startWorker) : [];
    try {
      return await readWithWorkers(encoding, delimiter, sepLine, parallel, workers);
    } finally {
      for (const worker of workers) void worker.terminate();
    }
  }

  async function readWithWorkers(encoding: SurveyEncoding, delimiter: string, sepLine: boolean, parallel: boolean, workers: Worker[]): Promise<ExportRead> {
    const sample = await readSample(file, encoding, delimiter, sepLine, display);
    if (sample.length === 0) throw new InputError(`Survey export '${display}' holds no records.`, 'Export the responses again.');
    const layout = detectLayout(sample.slice(0, 3), request.platform);
    const decimalComma = delimiter === ';';
    const planned = buildPlan(layout, sample.slice(layout.headerRows), request, decimalComma);
    const plan = planned.plan;
    const total = facts.size;
    let done = 0;
    const onBytes = (bytes: number) => {
      done += bytes;
      options.onProgress?.(Math.min(done, total), total);
    };
    let state: AggregateState;
    let used = 1;
    if (!parallel) {
      state = await aggregateRange(file, display, plan, encoding, delimiter, { skipRecords: layout.headerRows, lineOffset: 0, ...(sepLine ? { fromLine: 2 } : {}) }, options.excludeIds, onBytes);
    } else {
      const skip = layout.headerRows + (sepLine ? 1 : 0);
      const header = await headerEnd(file, skip, bomLength(encoding), delimiter);
      const chunks = await splitAtRecords(file, total, workers.length, header.offset, header.lines, delimiter);
      used = chunks.length;
      const base = { file, display, plan, encoding, delimiter, ...(options.collectIds ? { collectIds: true } : {}) };
      const earlier = options.excludeIds && options.excludeIds.size > 0 ? { excludeIds: new Set(options.excludeIds) } : {};
      const results = await Promise.all(chunks.map((chunk, i) => runWorker({ ...base, chunk, ...earlier }, onBytes, workers[i])));
      // An id counted in an earlier part and again in a later one: redo the later part without it.
      const seen: Float64Array[] = [];
      for (let k = 0; k < results.length; k++) {
        const hashes = results[k]!.hashes;
        const repeated = new Set<number>();
        for (const previous of seen) for (const h of intersectSorted(previous, hashes)) repeated.add(h);
        if (repeated.size > 0) {
          results[k] = await runWorker({ ...base, chunk: chunks[k]!, ...earlier, excludeHashes: repeated }, () => undefined);
        }
        seen.push(hashes);
      }
      const states = results.map((r) => r.state);
      state = emptyState(plan);
      for (const s of states) mergeStates(state, s, plan.metrics.length);
      state.warnings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    }
    return { file, encoding, delimiter, layout, planned, state, notes, threads: used };
  }
}
