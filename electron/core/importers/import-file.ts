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
  | { ok: true; batchId: number; format: FormatId; added: number; skipped: number; rows: number }
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
  const problems: FileProblem[] = [];
  let problemCount = 0;
  let batchId = 0;
  let writer: ChunkWriter | null = null;

  db.exec('BEGIN IMMEDIATE');
  try {
    const outcome = await readEncodedRows(request.path, request.format, {
      onFormat(format, header) {
        const account = findOrCreateFileAccount(db, request.accountName);
        batchId = startBatch(db, {
          accountId: account.id,
          source: 'csv',
          format: format,
          fileName: basename(request.path),
          fileSha256: null,
          header,
        });
        writer = chunkWriter(db, { accountId: account.id, source: 'csv', batchId });
      },
      onRows(json, count) {
        // After the first problem the import is lost anyway: nothing more is written.
        if (problemCount === 0 && writer !== null) writer.write(json, count);
      },
      onProblem(problem) {
        problemCount += 1;
        if (problems.length < MAX_LISTED_PROBLEMS) problems.push(problem);
      },
      onProgress: request.onProgress,
    }, { worker: request.worker });

    if (problemCount > 0 || outcome.format === null) {
      db.exec('ROLLBACK');
      return { ok: false, format: outcome.format, problems, problemCount };
    }
    const { added, skipped } = writer === null ? { added: 0, skipped: 0 } : (writer as ChunkWriter).counts();
    finishBatch(db, batchId, { added, skipped, fileSha256: outcome.fileSha256 });
    db.exec('COMMIT');
    return { ok: true, batchId, format: outcome.format, added, skipped, rows: outcome.rows };
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
