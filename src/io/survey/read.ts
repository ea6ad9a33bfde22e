import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { InputError } from '../../core/errors.js';
import type { AggregateState } from '../../core/survey/aggregate.js';
import { Aggregator, emptyState, mergeStates } from '../../core/survey/aggregate.js';
import { detectLayout } from '../../core/survey/layout.js';
import type { Layout } from '../../core/survey/layout.js';
import type { AggregationPlan, MetricsRequest, PlanResult } from '../../core/survey/plan/index.js';
import { buildPlan } from '../../core/survey/plan/index.js';
import type { SurveyEncoding } from '../../core/survey/sniff.js';
import { bomLength } from '../../core/survey/sniff.js';
import { headerEnd, splitAtRecords } from './chunks.js';
import { sniff } from './sniff.js';
import { CsvLineError, NotUtf8Error, csvStream } from './stream.js';
import type { WorkerJob } from './worker-protocol.js';
import { intersectSorted, runWorker, startWorker } from './worker-protocol.js';

export const SAMPLE_RECORDS = 2000;

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
  /** Parts of the file read by the fast scanner (fast-scan.ts) rather than csv-parse. */
  fastScanned: number;
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
  /** false: worker threads parse with csv-parse only, never the fast scanner (the tests compare both). */
  fastScan?: boolean;
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

/** The export's header layout and plan from its first records: where readExport and planExport (sample.ts) both start. */
export async function planFromSample(
  file: string,
  encoding: SurveyEncoding,
  facts: { delimiter: string; sepLine: boolean },
  request: MetricsRequest,
  display: string,
): Promise<{ layout: Layout; planned: PlanResult }> {
  const sample = await readSample(file, encoding, facts.delimiter, facts.sepLine, display);
  if (sample.length === 0) throw new InputError(`Survey export '${display}' holds no records.`, 'Export the responses again.');
  const layout = detectLayout(sample.slice(0, 3), request.platform);
  return { layout, planned: buildPlan(layout, sample.slice(layout.headerRows), request, facts.delimiter === ';') };
}

/**
 * `read` in the sniffed encoding; when the bytes turn out not to be UTF-8, once more as
 * Windows-1252 (what Excel's "CSV" writes), with a note saying so.
 */
export async function withWindows1252Fallback<T>(encoding: SurveyEncoding, notes: string[], read: (encoding: SurveyEncoding) => Promise<T>): Promise<T> {
  try {
    return await read(encoding);
  } catch (error) {
    if (!(error instanceof NotUtf8Error) || encoding === 'windows-1252') throw error;
    notes.push(`Not valid UTF-8 (near byte ${error.offset}): read as Windows-1252, Excel's "CSV" encoding.`);
    return read('windows-1252');
  }
}

function csvError(error: unknown, display: string): InputError {
  if (error instanceof CsvLineError) return new InputError(`${display}:${error.lines}: ${error.message}`, error.hint);
  const e = error as { message?: string; lines?: number; code?: string };
  const where = e.lines !== undefined ? `${display}:${e.lines}` : display;
  return new InputError(
    `${where}: the CSV cannot be parsed: ${(e.message ?? String(error)).replace(/\s+/g, ' ')}`,
    'Check the quoting around this line (a quote opened and never closed), or export the file again.',
  );
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

/**
 * Reads one survey export: sniffs encoding and delimiter, detects the platform and the columns
 * from the headers and a sample, then aggregates every response, in worker threads for large
 * UTF-8 files (split at record boundaries) and in this thread otherwise.
 */
export async function readExport(file: string, request: MetricsRequest, options: ReadOptions): Promise<ExportRead> {
  const display = options.display;
  const facts = await sniff(file, display, options.workspace);
  const notes: string[] = [];
  return withWindows1252Fallback(facts.encoding, notes, readWith);

  async function readWith(encoding: SurveyEncoding): Promise<ExportRead> {
    const { delimiter, sepLine } = facts;
    const threshold = options.parallelBytes ?? 16 * 1024 * 1024;
    const threads = Math.min(options.threads ?? availableParallelism(), 4);
    const parallel = encoding.startsWith('utf-8') && !facts.loneCr && facts.size > threshold && threads > 1;
    const workers = parallel ? Array.from({ length: threads }, startWorker) : [];
    try {
      return await readWithWorkers(encoding, delimiter, sepLine, parallel, workers);
    } finally {
      for (const worker of workers) void worker.terminate();
    }
  }

  async function readWithWorkers(encoding: SurveyEncoding, delimiter: string, sepLine: boolean, parallel: boolean, workers: Worker[]): Promise<ExportRead> {
    const { layout, planned } = await planFromSample(file, encoding, facts, request, display);
    const plan = planned.plan;
    const total = facts.size;
    let done = 0;
    const onBytes = (bytes: number) => {
      done += bytes;
      options.onProgress?.(Math.min(done, total), total);
    };
    let state: AggregateState;
    let used = 1;
    let fastScanned = 0;
    if (!parallel) {
      state = await aggregateRange(
        file,
        display,
        plan,
        encoding,
        delimiter,
        { skipRecords: layout.headerRows, lineOffset: 0, ...(sepLine ? { fromLine: 2 } : {}) },
        options.excludeIds,
        onBytes,
      );
    } else {
      const skip = layout.headerRows + (sepLine ? 1 : 0);
      const header = await headerEnd(file, skip, bomLength(encoding), delimiter);
      const chunks = await splitAtRecords(file, total, workers.length, header.offset, header.lines, delimiter);
      used = chunks.length;
      const flags = { ...(options.collectIds ? { collectIds: true } : {}), ...(options.fastScan === false ? { fastScan: false } : {}) };
      const base = { file, display, plan, encoding, delimiter, ...flags };
      const earlier = options.excludeIds && options.excludeIds.size > 0 ? { excludeIds: new Set(options.excludeIds) } : {};
      ({ state, fastScanned } = await aggregateInWorkers(
        plan,
        chunks.map((chunk) => ({ ...base, chunk, ...earlier })),
        workers,
        onBytes,
      ));
    }
    return { file, encoding, delimiter, layout, planned, state, notes, threads: used, fastScanned };
  }
}

/**
 * Aggregates the parts of a file in worker threads and merges their states in file order. An id
 * counted in an earlier part and again in a later one: the later part is redone without it.
 */
async function aggregateInWorkers(
  plan: AggregationPlan,
  jobs: WorkerJob[],
  workers: Worker[],
  onBytes: (bytes: number) => void,
): Promise<{ state: AggregateState; fastScanned: number }> {
  const results = await Promise.all(jobs.map((job, i) => runWorker(job, onBytes, workers[i])));
  const seen: Float64Array[] = [];
  for (let k = 0; k < results.length; k++) {
    const hashes = results[k]!.hashes;
    const repeated = new Set<number>();
    for (const previous of seen) for (const h of intersectSorted(previous, hashes)) repeated.add(h);
    if (repeated.size > 0) {
      results[k] = await runWorker({ ...jobs[k]!, excludeHashes: repeated }, () => undefined);
    }
    seen.push(hashes);
  }
  const state = emptyState(plan);
  for (const result of results) mergeStates(state, result.state, plan.metrics.length);
  state.warnings.sort((a, b) => a.line - b.line);
  return { state, fastScanned: results.filter((r) => r.fast).length };
}
