// Stored transactions: writing drafts into the ledger and reading them back.
import type { Database } from '../db/open-ledger.ts';
import type { Transaction, TransactionDraft, TransactionSource, TransactionType } from '../../../shared/transaction.ts';
import { skipRecorder } from './batches.ts';

export interface TransactionRow {
  id: number;
  account_id: number;
  batch_id: number | null;
  source: TransactionSource;
  external_id: string;
  timestamp: number;
  type: TransactionType;
  sent_asset: string | null;
  sent_amount: string | null;
  received_asset: string | null;
  received_amount: string | null;
  fee_asset: string | null;
  fee_amount: string | null;
  fiat_value: string | null;
  fiat_currency: string | null;
  label: string | null;
  description: string | null;
  tx_hash: string | null;
  raw: string;
}

export function toTransaction(row: TransactionRow): Transaction {
  return {
    id: row.id,
    accountId: row.account_id,
    batchId: row.batch_id,
    source: row.source,
    externalId: row.external_id,
    timestamp: row.timestamp,
    type: row.type,
    sentAsset: row.sent_asset,
    sentAmount: row.sent_amount,
    receivedAsset: row.received_asset,
    receivedAmount: row.received_amount,
    feeAsset: row.fee_asset,
    feeAmount: row.fee_amount,
    fiatValue: row.fiat_value,
    fiatCurrency: row.fiat_currency,
    label: row.label,
    description: row.description,
    txHash: row.tx_hash,
    raw: JSON.parse(row.raw) as unknown,
  };
}

/** The columns a draft fills, in the order encodeDraft writes them. */
export const DRAFT_COLUMNS = [
  'external_id',
  'timestamp',
  'type',
  'sent_asset',
  'sent_amount',
  'received_asset',
  'received_amount',
  'fee_asset',
  'fee_amount',
  'fiat_value',
  'fiat_currency',
  'label',
  'description',
  'tx_hash',
  'raw',
] as const;

export type DraftValue = string | number | null;

/**
 * Appends a draft's column values to a flat list. Drafts travel between threads and into
 * SQLite in this form: one flat array per batch costs far less than an object per row.
 */
export function encodeDraft(draft: TransactionDraft & { externalId: string }, out: DraftValue[]): void {
  // Written by index rather than push: a batch array is filled a million times over.
  let at = out.length;
  out[at++] = draft.externalId;
  out[at++] = draft.timestamp;
  out[at++] = draft.type;
  out[at++] = draft.sentAsset;
  out[at++] = draft.sentAmount;
  out[at++] = draft.receivedAsset;
  out[at++] = draft.receivedAmount;
  out[at++] = draft.feeAsset;
  out[at++] = draft.feeAmount;
  out[at++] = draft.fiatValue;
  out[at++] = draft.fiatCurrency;
  out[at++] = draft.label;
  out[at++] = draft.description;
  out[at++] = draft.txHash;
  out[at] = JSON.stringify(draft.raw);
}

export interface TransactionWriter {
  /** Writes encoded drafts (see encodeDraft); rows already stored are skipped. */
  write(values: readonly DraftValue[]): void;
  /** The running totals. */
  counts(): { added: number; skipped: number };
}

/** Rows per INSERT statement: one statement for many rows saves most of the per-call cost. */
const ROWS_PER_STATEMENT = 64;

/**
 * Inserts for one account, source and batch, many rows per statement. Duplicates by
 * external id are skipped by the UNIQUE constraint (INSERT OR IGNORE) rather than looked
 * up first; only a write that skipped rows then looks their external ids up, to record
 * what the batch met again. Must run inside the caller's transaction.
 */
export function transactionWriter(
  db: Database,
  target: { accountId: number; source: TransactionSource; batchId: number | null },
): TransactionWriter {
  if (!Number.isSafeInteger(target.accountId) || (target.batchId !== null && !Number.isSafeInteger(target.batchId))) {
    throw new Error('transactionWriter: account and batch ids must be integers');
  }
  // The account, batch and source are the same for every row: written into the SQL as
  // literals (integers and a fixed word), so each row binds only its own values.
  const fixed = `${target.accountId}, ${target.batchId ?? 'NULL'}, '${target.source}'`;
  const placeholders = `(${fixed}, ${DRAFT_COLUMNS.map(() => '?').join(', ')})`;
  const insertSql = (rows: number) =>
    `INSERT OR IGNORE INTO transactions (account_id, batch_id, source, ${DRAFT_COLUMNS.join(', ')}) VALUES ` +
    Array.from({ length: rows }, () => placeholders).join(', ');
  const many = db.prepare(insertSql(ROWS_PER_STATEMENT));
  const one = db.prepare(insertSql(1));
  const width = DRAFT_COLUMNS.length;
  const chunk = width * ROWS_PER_STATEMENT;
  const { batchId } = target;
  const recordMetAgain = batchId === null ? null : skipRecorder(db, { ...target, batchId }, '(SELECT value AS id FROM json_each(?))');
  let added = 0;
  let seen = 0;

  return {
    write(values) {
      if (values.length % width !== 0) throw new Error('transactionWriter: a partial row');
      const rows = values.length / width;
      let stored = 0;
      let at = 0;
      for (; at + chunk <= values.length; at += chunk) stored += many.run(values.slice(at, at + chunk)).changes;
      for (; at < values.length; at += width) stored += one.run(values.slice(at, at + width)).changes;
      if (stored < rows && recordMetAgain) {
        // A row's external id is its first value (DRAFT_COLUMNS).
        recordMetAgain(JSON.stringify(Array.from({ length: rows }, (_, row) => values[row * width])));
      }
      added += stored;
      seen += rows;
    },
    counts() {
      return { added, skipped: seen - added };
    },
  };
}

export function countTransactions(db: Database): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM transactions').get() as { n: number }).n;
}

/** Every transaction in time order, streamed: the tax engine's input. */
export function* iterateTransactions(db: Database): Generator<Transaction> {
  const rows = db.prepare('SELECT * FROM transactions ORDER BY timestamp, id').iterate() as IterableIterator<TransactionRow>;
  for (const row of rows) yield toTransaction(row);
}
