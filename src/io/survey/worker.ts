import { parentPort } from 'node:worker_threads';
import { Aggregator } from '../../core/survey/aggregate.js';
import type { WorkerJob } from './worker-protocol.js';
import { CsvLineError, csvStream, NotUtf8Error } from './stream.js';

/** Aggregates one byte range of an export (see readExport) and posts its state back. */
const job = await new Promise<WorkerJob>((resolve) => parentPort!.once('message', resolve));

function pass(deferDuplicates: boolean, onBytes?: (bytes: number) => void): Promise<{ aggregator: Aggregator; lines: number }> {
  const aggregator = new Aggregator(job.plan, job.display, job.excludeIds, {
    hashIds: !job.collectIds,
    deferDuplicates,
    ...(job.excludeHashes ? { excludeHashes: job.excludeHashes } : {}),
  });
  const { parser } = csvStream({
    file: job.file,
    encoding: job.encoding,
    delimiter: job.delimiter,
    start: job.chunk.start,
    end: job.chunk.end,
    ...(onBytes ? { onBytes } : {}),
  });
  return new Promise((resolve, reject) => {
    parser.on('data', (record: string[]) => {
      // parser.info.lines counts from the start of this range.
      aggregator.add(record, parser.info.lines + job.chunk.lineOffset);
    });
    parser.on('end', () => resolve({ aggregator, lines: parser.info.lines }));
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
    result = await pass(false);
    hashes = Float64Array.from(result.aggregator.idHashes).sort();
  }
  parentPort!.postMessage({ type: 'bytes', bytes: unreported });
  // Hundreds of thousands of id strings are slow to copy between threads: send their hashes.
  const state = job.collectIds ? result.aggregator.state : { ...result.aggregator.state, ids: new Set<string>() };
  parentPort!.postMessage({ type: 'done', state, hashes }, [hashes.buffer]);
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
