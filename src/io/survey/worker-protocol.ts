import { Worker } from 'node:worker_threads';
import { InputError } from '../../core/errors.js';
import type { AggregateState } from '../../core/survey/aggregate.js';
import type { AggregationPlan } from '../../core/survey/plan/index.js';
import type { SurveyEncoding } from '../../core/survey/sniff.js';
import { workerModule } from '../package.js';
import type { Chunk } from './chunks.js';
import { NotUtf8Error } from './stream.js';

/** Values present in both sorted arrays. */
export function intersectSorted(a: Float64Array, b: Float64Array): number[] {
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
  /** false: parse with csv-parse only (default: the fast scanner where it applies). */
  fastScan?: boolean;
}

export interface WorkerResult {
  state: AggregateState;
  hashes: Float64Array;
  /** Whether the fast scanner read the part (else csv-parse did). */
  fast: boolean;
}

/** A worker thread started ahead of its job, so its module loading overlaps the main thread's sampling. */
export function startWorker(): Worker {
  // A larger young generation than the worker default: csv-parse allocates a string per field.
  const worker = new Worker(workerModule('io', 'survey', 'worker.js'), { resourceLimits: { maxYoungGenerationSizeMb: 64 } });
  worker.unref();
  return worker;
}

export function runWorker(job: WorkerJob, onBytes: (bytes: number) => void, worker: Worker = startWorker()): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    worker.ref();
    const finish = () => void worker.terminate();
    worker.on('message', (message: { type: 'bytes'; bytes: number } | ({ type: 'done' } & WorkerResult) | { type: 'error'; message: string; hint?: string; notUtf8?: number }) => {
      if (message.type === 'bytes') onBytes(message.bytes);
      else if (message.type === 'done') {
        resolve({ state: message.state, hashes: message.hashes, fast: message.fast });
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
