// Worker thread entry for a review recompute: opens its own read-only connection to the
// ledger file (WAL lets it read while core goes on serving calls on its connection), runs
// the engine over one consistent view of the ledger, and posts what it found to core,
// which decides whether it is still current and stores it.
import { parentPort, workerData } from 'node:worker_threads';
import { openLedger } from '../db/open-ledger.ts';
import { computeReview } from './review-problems.ts';
import type { ReviewWorkerData } from './review-refresh.ts';

const { path } = workerData as ReviewWorkerData;
const db = await openLedger(path, { readonly: true });
try {
  parentPort!.postMessage(db.transaction(() => computeReview(db))());
} finally {
  db.close();
}
