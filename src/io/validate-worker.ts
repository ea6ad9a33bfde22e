import { parentPort, workerData } from 'node:worker_threads';
import type { TransferredDocument } from '../core/validate.js';
import { toTransferred } from '../core/validate.js';
import type { ValidateJob, ValidateMessage } from './validate-pool.js';
import { loadClaimed } from './validate-pool.js';
import { mapSchemaValidator } from './schemas.js';

/** Loads the files it claims (see loadDocumentsInParallel) and posts them back with their indexes. */
const PROGRESS_EVERY = 25;
const documents: [number, TransferredDocument][] = [];
let unreported = 0;
const post = (message: ValidateMessage): void => parentPort!.postMessage(message);
loadClaimed(workerData as ValidateJob, await mapSchemaValidator(), (index, document) => {
  documents.push([index, toTransferred(document)]);
  if (++unreported === PROGRESS_EVERY) {
    post({ type: 'loaded', count: unreported });
    unreported = 0;
  }
});
if (unreported > 0) post({ type: 'loaded', count: unreported });
post({ type: 'done', documents });
