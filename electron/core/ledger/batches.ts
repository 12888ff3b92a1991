// Import batches: each import or sync run is one batch, and a batch can be undone.
//
// A batch holds the transactions it stored, and meets again (skips, by external id) what
// another batch stored: a later export that overlaps an earlier one, a sync that reads an
// account's history again. What a batch met is recorded (batch_skips), so undoing the batch
// that stored a transaction removes it only if no batch still in effect holds it too.
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
  /** Transactions it stored that another batch still in effect met again: undoing it keeps them. */
  keptOnUndo: number;
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
  kept_on_undo: number;
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
    keptOnUndo: row.kept_on_undo,
  };
}

/**
 * For each batch, how many of the transactions it stores a batch still in effect met again.
 * It reads only batch_skips (what was skipped), never the whole ledger.
 */
const KEPT_ON_UNDO = `SELECT t.batch_id, COUNT(DISTINCT t.id) AS kept
  FROM batch_skips s JOIN import_batches m ON m.id = s.batch_id AND m.undone_at IS NULL
  JOIN transactions t ON t.id = s.transaction_id
  GROUP BY t.batch_id`;

const SELECT_BATCH = `WITH kept AS (${KEPT_ON_UNDO})
  SELECT b.*, a.name AS account_name, coalesce(k.kept, 0) AS kept_on_undo
    FROM import_batches b JOIN accounts a ON a.id = b.account_id LEFT JOIN kept k ON k.batch_id = b.id`;

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

/**
 * Stamps a run's end and adds its counts. Added, not set: a sync commits page by page, and
 * an undo of another batch between two pages may already have handed it transactions it
 * met (counted as added, no longer as skipped).
 */
export function finishBatch(
  db: Database,
  batchId: number,
  counts: { added: number; skipped: number; fileSha256?: string | null },
): void {
  db.prepare(
    'UPDATE import_batches SET finished_at = ?, added = added + ?, skipped = skipped + ?, file_sha256 = coalesce(?, file_sha256) WHERE id = ?',
  ).run(Date.now(), counts.added, counts.skipped, counts.fileSha256 ?? null, batchId);
}

/**
 * Records, for a batch, the stored transactions it met again: those of its account and
 * source with the given external ids that another batch stored. `externalIds` is SQL for a
 * table with an `id` column, read from the one bound value the returned function takes.
 * Writers call it only for a chunk that skipped something, so a first import pays nothing.
 */
export function skipRecorder(
  db: Database,
  target: { accountId: number; source: TransactionSource; batchId: number },
  externalIds: string,
): (ids: string | Uint8Array) => void {
  // Literals as in the writers: integers checked by them, and a fixed word. CROSS JOIN
  // keeps the ids as the outer loop: SQLite cannot tell how few they are, and would
  // otherwise walk the account's every transaction, looking each up among them.
  const statement = db.prepare(
    `INSERT OR IGNORE INTO batch_skips (transaction_id, batch_id)
     SELECT t.id, ${target.batchId} FROM ${externalIds} AS e
       CROSS JOIN transactions t ON t.account_id = ${target.accountId} AND t.source = '${target.source}' AND t.external_id = e.id
      WHERE t.batch_id IS NOT ${target.batchId}`,
  );
  return (ids) => {
    statement.run(ids);
  };
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
 * Takes a batch back, in one transaction: removes the transactions it stored, except those
 * another batch still in effect met again (a newer export of the same history, a sync that
 * read it again), which go to the newest such batch: the ledger keeps what the batches
 * still in effect hold, and undoing that batch later removes them. The batch row stays,
 * marked undone, so the history of what was imported and removed is kept.
 *
 * A transaction kept this way keeps its id and its values as stored (the batch that met it
 * skipped its own copy by the same external id), so what the user did with it (an edit, a
 * link, a lot pick, a price) stays with it; one removed takes those along, as it always did.
 *
 * A manual batch is refused: it only groups what the user entered by hand, each entry a
 * change in the audit trail. Removing them here would leave those changes standing with
 * nothing behind them, and no file or sync could bring the transactions back.
 */
export function undoBatch(db: Database, batchId: number): { removed: number; kept: number } {
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
    db.prepare('UPDATE import_batches SET undone_at = ? WHERE id = ?').run(Date.now(), batchId);
    // What this batch met again is held by others, and it will never hold anything again.
    db.prepare('DELETE FROM batch_skips WHERE batch_id = ?').run(batchId);
    const kept = handOver(db, batchId);
    const removed = db.prepare('DELETE FROM transactions WHERE batch_id = ?').run(batchId).changes;
    // A sync's cursors have moved past what it added: forget them, so the next sync reads
    // the account's history again (what is still stored is skipped by its exchange id).
    if (batch.source === 'api') db.prepare('DELETE FROM sync_cursors WHERE account_id = ?').run(batch.accountId);
    return { removed, kept };
  })();
}

/**
 * Gives each transaction of the batch that a batch still in effect met again to the newest
 * of those, which from then on counts it as added rather than skipped. Returns how many.
 */
function handOver(db: Database, batchId: number): number {
  const heirs = db
    .prepare(
      `UPDATE transactions SET batch_id = h.heir
         FROM (SELECT s.transaction_id AS id, MAX(s.batch_id) AS heir
                 FROM batch_skips s JOIN import_batches m ON m.id = s.batch_id AND m.undone_at IS NULL
                GROUP BY s.transaction_id) AS h
        WHERE transactions.id = h.id AND transactions.batch_id = ?
       RETURNING transactions.batch_id`,
    )
    .pluck()
    .all(batchId) as number[];
  if (heirs.length === 0) return 0;
  // A batch does not meet what it holds.
  db.prepare('DELETE FROM batch_skips WHERE batch_id = (SELECT t.batch_id FROM transactions t WHERE t.id = batch_skips.transaction_id)').run();
  const counts = new Map<number, number>();
  for (const heir of heirs) counts.set(heir, (counts.get(heir) ?? 0) + 1);
  const recount = db.prepare('UPDATE import_batches SET added = added + ?, skipped = skipped - ? WHERE id = ?');
  for (const [heir, n] of counts) recount.run(n, n, heir);
  return heirs.length;
}
