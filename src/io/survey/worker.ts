import { parentPort, workerData } from 'node:worker_threads';
import { Aggregator } from '../../core/survey/aggregate.js';
import type { WorkerJob } from './read.js';
import { csvStream, NotUtf8Error } from './stream.js';

/** Aggregates one byte range of an export (see readExport) and posts its state back. */
const job = workerData as WorkerJob;
const aggregator = new Aggregator(job.plan, job.display, job.excludeIds);
let unreported = 0;
const { parser } = csvStream({
  file: job.file,
  encoding: job.encoding,
  delimiter: job.delimiter,
  start: job.chunk.start,
  end: job.chunk.end,
  onBytes: (bytes) => {
    unreported += bytes;
    if (unreported >= 8 << 20) {
      parentPort!.postMessage({ type: 'bytes', bytes: unreported });
      unreported = 0;
    }
  },
});
parser.on('data', (record: string[]) => {
  // parser.info.lines counts from the start of this range.
  aggregator.add(record, parser.info.lines + job.chunk.lineOffset);
});
parser.on('end', () => {
  parentPort!.postMessage({ type: 'bytes', bytes: unreported });
  parentPort!.postMessage({ type: 'done', state: aggregator.state });
});
parser.on('error', (error: Error & { lines?: number }) => {
  parentPort!.postMessage(
    error instanceof NotUtf8Error
      ? { type: 'error', message: error.message, notUtf8: error.offset }
      : { type: 'error', message: `${job.display}:${(error.lines ?? 0) + job.chunk.lineOffset}: the CSV cannot be parsed: ${error.message}` },
  );
});
