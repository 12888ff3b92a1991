// Writing an import's rows into the ledger in chunks of JSON text. The parse thread turns
// each chunk of drafts into one JSON array of row arrays (rowsJson), and the ledger thread
// inserts the whole chunk with one statement that reads it through SQLite's jsonb_each:
// one bound value per chunk instead of fifteen per row, and SQLite's C JSON parser
// instead of better-sqlite3 binding each value, which was most of an import's time.
import type { Database } from '../db/open-ledger.ts';
import type { TransactionDraft, TransactionSource } from '../../../shared/transaction.ts';
import { skipRecorder } from '../ledger/batches.ts';
import { DRAFT_COLUMNS } from '../ledger/transactions.ts';

/** A draft and its external id as one row array, in DRAFT_COLUMNS order (the ledger's flat form of a draft). */
export function draftRow(draft: TransactionDraft, externalId: string): unknown[] {
  return [
    externalId,
    draft.timestamp,
    draft.type,
    draft.sentAsset,
    draft.sentAmount,
    draft.receivedAsset,
    draft.receivedAmount,
    draft.feeAsset,
    draft.feeAmount,
    draft.fiatValue,
    draft.fiatCurrency,
    draft.label,
    draft.description,
    draft.txHash,
    draft.raw,
  ];
}

/**
 * The JSON text of a chunk of row arrays. The raw record is written as a JSON value, and
 * SQLite gives back a JSON value's text exactly as it was written, so the stored raw
 * column is what JSON.stringify makes of the record, without escaping it a second time.
 * Strings are read back as written too, except lone UTF-16 surrogates, which a file
 * decoded from UTF-8 never holds.
 */
export function rowsJson(rows: readonly unknown[][]): string {
  return JSON.stringify(rows);
}

export interface ChunkWriter {
  /** Inserts one chunk (see rowsJson), as text or UTF-8 bytes; rows already stored are skipped. */
  write(json: string | Uint8Array, rows: number): void;
  /** The running totals. */
  counts(): { added: number; skipped: number };
}

/**
 * Inserts chunks for one account, source and batch. Duplicates by external id are skipped
 * by the UNIQUE constraint (INSERT OR IGNORE) rather than looked up first; only a chunk
 * that skipped rows then looks its external ids up, to record what the batch met again.
 * Must run inside the caller's transaction.
 */
export function chunkWriter(
  db: Database,
  target: { accountId: number; source: TransactionSource; batchId: number | null },
): ChunkWriter {
  if (!Number.isSafeInteger(target.accountId) || (target.batchId !== null && !Number.isSafeInteger(target.batchId))) {
    throw new Error('chunkWriter: account and batch ids must be integers');
  }
  if (!['csv', 'api', 'manual'].includes(target.source)) throw new Error('chunkWriter: unknown source');
  // The account, batch and source are the same for every row: written into the SQL as
  // literals (integers and a fixed word). jsonb_each rather than json_each: its values
  // are binary JSON, which `->>` reads without parsing text again for every column.
  // `->>` gives a column's SQL value; `->` gives the raw record's JSON text.
  // Bytes bind as a BLOB, which SQLite would read as binary JSON: the cast makes them text.
  const insertFrom = (chunk: string) =>
    db.prepare(
      `INSERT OR IGNORE INTO transactions (account_id, batch_id, source, ${DRAFT_COLUMNS.join(', ')}) ` +
        `SELECT ${target.accountId}, ${target.batchId ?? 'NULL'}, '${target.source}', ` +
        `${DRAFT_COLUMNS.map((column, i) => (column === 'raw' ? `value -> ${i}` : `value ->> ${i}`)).join(', ')} FROM jsonb_each(${chunk})`,
    );
  const insertText = insertFrom('?');
  const insertBytes = insertFrom('CAST(? AS TEXT)');
  // A row array's first value is its external id (DRAFT_COLUMNS). Rows stored by no batch
  // (a bench's) have no batch to record a meeting for.
  const { batchId } = target;
  const recordFrom = (chunk: string) =>
    batchId === null ? null : skipRecorder(db, { ...target, batchId }, `(SELECT value ->> 0 AS id FROM jsonb_each(${chunk}))`);
  const recordText = recordFrom('?');
  const recordBytes = recordFrom('CAST(? AS TEXT)');
  let added = 0;
  let seen = 0;
  return {
    write(json, rows) {
      const text = typeof json === 'string';
      const stored = (text ? insertText : insertBytes).run(json).changes;
      if (stored < rows) (text ? recordText : recordBytes)?.(json);
      added += stored;
      seen += rows;
    },
    counts() {
      return { added, skipped: seen - added };
    },
  };
}
