// Worker thread side of an import: reads and checks the file (papaparse, the format's
// reader, external ids) and posts encoded rows to the thread that owns the ledger. Parsing
// and writing then run on two cores at once.
import { parentPort, workerData } from 'node:worker_threads';
import type { TransactionDraft } from '../../../shared/transaction.ts';
import { encodeDraft, type DraftValue } from '../ledger/transactions.ts';
import type { FormatId } from './csv-format.ts';
import { ExternalIds } from './external-ids.ts';
import { parseFile } from './parse-file.ts';
import type { ParseWorkerData, WorkerMessage } from './parse-worker-protocol.ts';
import { MAX_BATCHES_IN_FLIGHT, ROWS_PER_BATCH } from './parse-worker-protocol.ts';

const { path, format, inFlight: inFlightBuffer } = workerData as ParseWorkerData;
const inFlight = new Int32Array(inFlightBuffer);
const port = parentPort!;
const post = (message: WorkerMessage) => port.postMessage(message);

const ids = new ExternalIds();
let values: DraftValue[] = [];
let rowsInBatch = 0;
let failed = false;

function sendBatch(): void {
  if (rowsInBatch === 0) return;
  // Wait while the ledger thread is behind, so a large file never piles up in memory.
  for (let pending = Atomics.load(inFlight, 0); pending >= MAX_BATCHES_IN_FLIGHT; pending = Atomics.load(inFlight, 0)) {
    Atomics.wait(inFlight, 0, pending, 1000);
  }
  Atomics.add(inFlight, 0, 1);
  post({ kind: 'rows', values, count: rowsInBatch });
  values = [];
  rowsInBatch = 0;
}

try {
  const outcome = await parseFile(path, format as FormatId | 'auto', {
    onFormat(found, header) {
      post({ kind: 'format', format: found.id, header: [...header] });
    },
    onTransaction(draft: TransactionDraft) {
      // After the first problem nothing will be written: only keep reading to report
      // every problem.
      if (failed) return;
      draft.externalId = ids.next(draft);
      encodeDraft(draft as TransactionDraft & { externalId: string }, values);
      rowsInBatch += 1;
      if (rowsInBatch === ROWS_PER_BATCH) sendBatch();
    },
    onError(problem) {
      failed = true;
      post({ kind: 'problem', problem });
    },
    onRows(rows) {
      post({ kind: 'progress', rows });
    },
  });
  if (!failed) sendBatch();
  post({ kind: 'done', rows: outcome.rows, format: outcome.format?.id ?? null });
} catch (error) {
  post({ kind: 'crash', message: error instanceof Error ? error.message : String(error) });
}
