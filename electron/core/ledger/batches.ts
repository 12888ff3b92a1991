// Import batches: each import or sync run is one batch, and a batch can be undone.
import type { Database } from '../db/open-ledger.ts';
import type { TransactionSource } from '../../../shared/transaction.ts';

export interface ImportBatch {
  id: number;
  accountId: number;
  accountName: string;
  source: TransactionSource;
  format: string | null;
  fileName: string | null;
  startedAt: number;
  finishedAt: number | null;
  added: number;
  skipped: number;
  undoneAt: number | null;
}

interface BatchRow {
  id: number;
  account_id: number;
  account_name: string;
  source: TransactionSource;
  format: string | null;
  file_name: string | null;
  started_at: number;
  finished_at: number | null;
  added: number;
  skipped: number;
  undone_at: number | null;
}

function toBatch(row: BatchRow): ImportBatch {
  return {
    id: row.id,
    accountId: row.account_id,
    accountName: row.account_name,
    source: row.source,
    format: row.format,
    fileName: row.file_name,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    added: row.added,
    skipped: row.skipped,
    undoneAt: row.undone_at,
  };
}

const SELECT_BATCH = `SELECT b.*, a.name AS account_name FROM import_batches b JOIN accounts a ON a.id = b.account_id`;

export function startBatch(
  db: Database,
  fields: {
    accountId: number;
    source: TransactionSource;
    format: string | null;
    fileName: string | null;
    fileSha256: string | null;
    header?: readonly string[] | null;
  },
): number {
  const info = db
    .prepare(
      `INSERT INTO import_batches (account_id, source, format, file_name, file_sha256, header, started_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      fields.accountId,
      fields.source,
      fields.format,
      fields.fileName,
      fields.fileSha256,
      fields.header ? JSON.stringify(fields.header) : null,
      Date.now(),
    );
  return Number(info.lastInsertRowid);
}

export function finishBatch(
  db: Database,
  batchId: number,
  counts: { added: number; skipped: number; fileSha256?: string | null },
): void {
  db.prepare(
    'UPDATE import_batches SET finished_at = ?, added = ?, skipped = ?, file_sha256 = coalesce(?, file_sha256) WHERE id = ?',
  ).run(Date.now(), counts.added, counts.skipped, counts.fileSha256 ?? null, batchId);
}

export function getBatch(db: Database, batchId: number): ImportBatch | null {
  const row = db.prepare(`${SELECT_BATCH} WHERE b.id = ?`).get(batchId) as BatchRow | undefined;
  return row ? toBatch(row) : null;
}

/** Every batch, newest first (ids grow with each batch started). */
export function listBatches(db: Database): ImportBatch[] {
  return (db.prepare(`${SELECT_BATCH} ORDER BY b.id DESC`).all() as BatchRow[]).map(toBatch);
}

export class UndoError extends Error {
  override name = 'UndoError';
}

/**
 * Removes every transaction a batch added, in one transaction. The batch row stays,
 * marked undone, so the history of what was imported and removed is kept.
 *
 * A manual batch is refused: it only groups what the user entered by hand, each entry a
 * change in the audit trail. Removing them here would leave those changes standing with
 * nothing behind them, and no file or sync could bring the transactions back.
 */
export function undoBatch(db: Database, batchId: number): { removed: number } {
  return db.transaction(() => {
    const batch = getBatch(db, batchId);
    if (!batch) throw new UndoError(`There is no import batch ${batchId}. \`lotwise status\` lists the batches.`);
    if (batch.undoneAt !== null) {
      throw new UndoError(`Batch ${batchId} was already undone on ${new Date(batch.undoneAt).toISOString()}.`);
    }
    if (batch.source === 'manual') {
      const what = batch.added === 1 ? 'the transaction' : `the ${batch.added} transactions`;
      throw new UndoError(
        `Batch ${batchId} is not an import: it holds ${what} entered by hand in ${batch.accountName}. ` +
          'Undo each one on its own from the history of changes (Transactions → History of changes).',
      );
    }
    const removed = db.prepare('DELETE FROM transactions WHERE batch_id = ?').run(batchId).changes;
    db.prepare('UPDATE import_batches SET undone_at = ? WHERE id = ?').run(Date.now(), batchId);
    // A sync's cursors have moved past what it added: forget them, so the next sync reads
    // the account's history again (what is still stored is skipped by its exchange id).
    if (batch.source === 'api') db.prepare('DELETE FROM sync_cursors WHERE account_id = ?').run(batch.accountId);
    return { removed };
  })();
}
