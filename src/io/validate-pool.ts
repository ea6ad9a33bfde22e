import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { InputFile, LoadedDocument, TransferredDocument } from '../core/validate.js';
import { fromTransferred, loadDocument } from '../core/validate.js';
import type { YamlLimits } from '../core/yaml/limits.js';
import type { SchemaValidator } from '../core/schema/validator.js';
import { workerModule } from './package.js';
import { mapSchemaValidator } from './schemas.js';

/** Below this many files, starting a worker costs more than it saves. */
export const PARALLEL_FROM_FILES = 200;
/**
 * Cores (as Node counts them) below which a run never uses the pool: on a 2-vCPU machine one
 * worker measured slower than none (200 maps 0.41 s against 0.36 s, 1,000 maps 1.10 s against
 * 0.97 s, 4,000 maps 3.15 s against 3.11 s), each thread taking twice as long per map.
 */
export const PARALLEL_FROM_CORES = 4;

/** Whether `journey validate` loads `files` maps on worker threads (see PARALLEL_FROM_FILES and PARALLEL_FROM_CORES). */
export function useValidatePool(files: number, cores: number = availableParallelism()): boolean {
  return files >= PARALLEL_FROM_FILES && cores >= PARALLEL_FROM_CORES;
}
/** Files a thread claims at a time from the shared counter. */
const CLAIM = 8;

/** What a validation worker is given: every file, and the counter the threads claim files from. */
export interface ValidateJob {
  inputs: readonly InputFile[];
  counter: SharedArrayBuffer;
  limits?: YamlLimits;
}

/** What it sends back: progress, then the documents it loaded, by index. */
export type ValidateMessage = { type: 'loaded'; count: number } | { type: 'done'; documents: [number, TransferredDocument][] };

/** Claims the next files from the shared counter, loading each; `done` receives each document with its index. */
export function loadClaimed(job: ValidateJob, schema: SchemaValidator, done: (index: number, document: LoadedDocument) => void): void {
  const counter = new Int32Array(job.counter);
  const options = job.limits ? { limits: job.limits } : {};
  for (let start = Atomics.add(counter, 0, CLAIM); start < job.inputs.length; start = Atomics.add(counter, 0, CLAIM)) {
    const end = Math.min(start + CLAIM, job.inputs.length);
    for (let i = start; i < end; i++) done(i, loadDocument(job.inputs[i]!, schema, options));
  }
}

/** The documents a worker loaded; none when it could not run (this thread then loads what is left). */
function runWorker(job: ValidateJob, onLoaded: (count: number) => void): Promise<[number, TransferredDocument][]> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(workerModule('io', 'validate-worker.js'), { workerData: job });
    } catch {
      resolve([]);
      return;
    }
    worker.on('message', (message: ValidateMessage) => {
      if (message.type === 'loaded') onLoaded(message.count);
      else resolve(message.documents);
    });
    worker.on('error', () => resolve([]));
    worker.on('exit', () => resolve([]));
  });
}

export interface ParallelOptions {
  limits?: YamlLimits;
  onFileLoaded?: () => void;
  threads?: number;
}

/**
 * Decodes, parses and schema-checks the maps of a large run on every core: worker threads and
 * this one claim files from a shared counter, so a slow file or a slow start does not leave a
 * core idle. The documents come back in the order of `inputs`, exactly as `loadDocument` loads
 * them here (their source maps are rebuilt here only if a finding needs one); the rules, which
 * see the whole run, run afterwards on this thread.
 */
export async function loadDocumentsInParallel(inputs: readonly InputFile[], options: ParallelOptions = {}): Promise<LoadedDocument[]> {
  const threads = Math.min(options.threads ?? availableParallelism(), 8);
  const job: ValidateJob = { inputs, counter: new SharedArrayBuffer(4), ...(options.limits ? { limits: options.limits } : {}) };
  const step = (count: number): void => {
    for (let i = 0; i < count; i++) options.onFileLoaded?.();
  };
  const workers = Array.from({ length: Math.max(0, threads - 1) }, () => runWorker(job, step));
  const documents: (LoadedDocument | undefined)[] = new Array<LoadedDocument | undefined>(inputs.length);
  const schema = await mapSchemaValidator();
  loadClaimed(job, schema, (index, document) => {
    documents[index] = document;
    options.onFileLoaded?.();
  });
  for (const loaded of await Promise.all(workers)) {
    for (const [index, document] of loaded) documents[index] = fromTransferred(document, options.limits);
  }
  // Files a worker claimed but never sent back (it failed): loaded here.
  return documents.map((document, i) => document ?? loadDocument(inputs[i]!, schema, options.limits ? { limits: options.limits } : {}));
}
