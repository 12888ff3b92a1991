// Imports one CSV file into an account as one SQLite transaction and one import batch.
// Either every row is valid and the new ones are stored, or nothing is written and every
// bad row is reported. Rows already stored (same account, same external id) are skipped,
// which makes re-importing a file, or a later export that overlaps it, add nothing.
import { basename } from 'node:path';
import type { Database } from '../db/open-ledger.ts';
import { findOrCreateFileAccount } from '../ledger/accounts.ts';
import { finishBatch, startBatch } from '../ledger/batches.ts';
import { chunkWriter, type ChunkWriter } from './bulk-insert.ts';
import type { FormatId } from './csv-format.ts';
import type { FileProblem } from './parse-file.ts';
import { ProblemList } from './problem-list.ts';
import { readEncodedRows } from './read-encoded-rows.ts';

/** Reports stop listing after this many problems; the total is still counted. */
const MAX_LISTED_PROBLEMS = 1000;

export interface ImportRequest {
  path: string;
  accountName: string;
  format: FormatId | 'auto';
  onProgress?: (rowsRead: number) => void;
  /** Parse on a worker thread; by default only files large enough to gain from it. */
  worker?: boolean;
}

export type ImportResult =
  /** batchId is null when the file holds no transaction: nothing is recorded then, not even an empty batch. */
  | { ok: true; batchId: number | null; format: FormatId; added: number; skipped: number; rows: number }
  | { ok: false; format: FormatId | null; problems: FileProblem[]; problemCount: number };

export async function importFile(db: Database, request: ImportRequest): Promise<ImportResult> {
  // Each chunk's statement journals the pages it changes, to be undone on its own if it
  // fails. With 16 KiB pages that is past what SQLite keeps in memory every time, so each
  // chunk wrote and dropped a temporary file: kept in memory during the import instead.
  const tempStore = db.pragma('temp_store', { simple: true }) as number;
  db.pragma('temp_store = MEMORY');
  try {
    return await importInTransaction(db, request);
  } finally {
    db.pragma(`temp_store = ${tempStore}`);
  }
}

async function importInTransaction(db: Database, request: ImportRequest): Promise<ImportResult> {
  const problems = new ProblemList(MAX_LISTED_PROBLEMS);
  let found = null as { format: FormatId; header: readonly string[] } | null;
  let batch = null as { id: number; writer: ChunkWriter } | null;

  // The account and the batch are made with the first rows to write, so that a file
  // with none (a header alone) leaves the ledger exactly as it was.
  const startBatchFor = (format: FormatId, header: readonly string[]): { id: number; writer: ChunkWriter } => {
    const account = findOrCreateFileAccount(db, request.accountName);
    const id = startBatch(db, { accountId: account.id, source: 'csv', format, fileName: basename(request.path), fileSha256: null, header });
    return { id, writer: chunkWriter(db, { accountId: account.id, source: 'csv', batchId: id }) };
  };

  db.exec('BEGIN IMMEDIATE');
  try {
    const outcome = await readEncodedRows(request.path, request.format, {
      onFormat(format, header) {
        found = { format, header };
      },
      onRows(json, count) {
        // After the first problem the import is lost anyway: nothing more is written.
        if (problems.count > 0 || found === null) return;
        batch ??= startBatchFor(found.format, found.header);
        batch.writer.write(json, count);
      },
      onProblem(problem) {
        problems.add(problem);
      },
      onProgress: request.onProgress,
    }, { worker: request.worker });

    if (problems.count > 0 || outcome.format === null) {
      db.exec('ROLLBACK');
      return { ok: false, format: outcome.format, problems: problems.listed(), problemCount: problems.count };
    }
    if (batch === null) {
      db.exec('ROLLBACK');
      return { ok: true, batchId: null, format: outcome.format, added: 0, skipped: 0, rows: outcome.rows };
    }
    const { added, skipped } = batch.writer.counts();
    finishBatch(db, batch.id, { added, skipped, fileSha256: outcome.fileSha256 });
    db.exec('COMMIT');
    return { ok: true, batchId: batch.id, format: outcome.format, added, skipped, rows: outcome.rows };
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
