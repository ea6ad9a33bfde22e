import { parentPort } from 'node:worker_threads';
import { Aggregator } from '../../core/survey/aggregate.js';
import type { WorkerJob } from './worker-protocol.js';
import { FastScanBail, FastScanner, neededColumns } from './fast-scan.js';
import type { CsvStreamOptions } from './stream.js';
import { CsvLineError, csvStream, decodedInput, NotUtf8Error } from './stream.js';

/** Aggregates one byte range of an export (see readExport) and posts its state back. */
const job = await new Promise<WorkerJob>((resolve) => parentPort!.once('message', resolve));

/** The job's byte range of the export, as both readers (the fast scanner and csv-parse) open it. */
function jobRange(onBytes?: (bytes: number) => void): CsvStreamOptions {
  return { file: job.file, encoding: job.encoding, delimiter: job.delimiter, start: job.chunk.start, end: job.chunk.end, ...(onBytes ? { onBytes } : {}) };
}

function newAggregator(deferDuplicates: boolean): Aggregator {
  return new Aggregator(job.plan, job.display, job.excludeIds, {
    hashIds: !job.collectIds,
    deferDuplicates,
    ...(job.excludeHashes ? { excludeHashes: job.excludeHashes } : {}),
  });
}

/**
 * One pass by the fast scanner (fast-scan.ts): undefined when the range holds something only
 * csv-parse reads as the export's reading of record (the caller then parses it with csv-parse).
 */
async function fastPass(deferDuplicates: boolean, onBytes?: (bytes: number) => void): Promise<{ aggregator: Aggregator; fast: boolean } | undefined> {
  const aggregator = newAggregator(deferDuplicates);
  const { input, source } = decodedInput(jobRange(onBytes));
  const offset = job.chunk.lineOffset;
  const scanner = new FastScanner(job.delimiter.charCodeAt(0), neededColumns(job.plan), job.plan.width, (fields, endLine) => aggregator.add(fields, endLine + offset));
  try {
    for await (const chunk of input) scanner.push(chunk as Buffer);
    scanner.end();
    return { aggregator, fast: true };
  } catch (error) {
    if (error instanceof FastScanBail) return undefined;
    throw error;
  } finally {
    source.destroy();
  }
}

async function pass(deferDuplicates: boolean, onBytes?: (bytes: number) => void): Promise<{ aggregator: Aggregator; fast: boolean }> {
  if (job.fastScan === false || job.delimiter.length !== 1 || !job.encoding.startsWith('utf-8')) return parsePass(deferDuplicates, onBytes);
  let counted = 0;
  const fast = await fastPass(
    deferDuplicates,
    onBytes &&
      ((bytes) => {
        counted += bytes;
        onBytes(bytes);
      }),
  );
  if (fast) return fast;
  // Parsed again by csv-parse: the progress goes on from where the fast scanner left it.
  return parsePass(
    deferDuplicates,
    onBytes &&
      ((bytes) => {
        const fresh = Math.max(0, bytes - counted);
        counted -= bytes - fresh;
        if (fresh > 0) onBytes(fresh);
      }),
  );
}

function parsePass(deferDuplicates: boolean, onBytes?: (bytes: number) => void): Promise<{ aggregator: Aggregator; fast: boolean }> {
  const aggregator = newAggregator(deferDuplicates);
  const { parser } = csvStream(jobRange(onBytes));
  return new Promise((resolve, reject) => {
    parser.on('data', (record: string[]) => {
      // parser.info.lines counts from the start of this range.
      aggregator.add(record, parser.info.lines + job.chunk.lineOffset);
    });
    parser.on('end', () => resolve({ aggregator, fast: false }));
    parser.on('error', reject);
  });
}

function hasRepeats(sorted: Float64Array): boolean {
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) return true;
  return false;
}

let unreported = 0;
const report = (bytes: number) => {
  unreported += bytes;
  if (unreported >= 8 << 20) {
    parentPort!.postMessage({ type: 'bytes', bytes: unreported });
    unreported = 0;
  }
};

try {
  // Fast pass without a per-row id set; ids repeated inside this part (rare) force an exact pass.
  const fast = !job.collectIds && !job.excludeHashes && (job.excludeIds?.size ?? 0) === 0;
  let result = await pass(fast, report);
  let hashes = Float64Array.from(result.aggregator.idHashes).sort();
  if (fast && hasRepeats(hashes)) {
    // A part the fast scanner gave up on goes straight to csv-parse.
    result = await (result.fast ? pass(false) : parsePass(false));
    hashes = Float64Array.from(result.aggregator.idHashes).sort();
  }
  parentPort!.postMessage({ type: 'bytes', bytes: unreported });
  // Hundreds of thousands of id strings are slow to copy between threads: send their hashes.
  const state = job.collectIds ? result.aggregator.state : { ...result.aggregator.state, ids: new Set<string>() };
  parentPort!.postMessage({ type: 'done', state, hashes, fast: result.fast }, [hashes.buffer]);
} catch (error) {
  const e = error as Error & { lines?: number };
  const line = (e.lines ?? 0) + job.chunk.lineOffset;
  parentPort!.postMessage(
    e instanceof NotUtf8Error
      ? { type: 'error', message: e.message, notUtf8: e.offset }
      : e instanceof CsvLineError
        ? { type: 'error', message: `${job.display}:${line}: ${e.message}`, hint: e.hint }
        : { type: 'error', message: `${job.display}:${line}: the CSV cannot be parsed: ${e.message.replace(/\s+/g, ' ')}` },
  );
}
