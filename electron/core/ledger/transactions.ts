// Stored transactions: writing drafts into the ledger and reading them back.
import type { Database } from '../db/open-ledger.ts';
import type { Transaction, TransactionDraft, TransactionSource, TransactionType } from '../../../shared/transaction.ts';

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

export interface TransactionWriter {
  /** Inserts unless (account, source, external id) is already stored; true if added. */
  insert(draft: TransactionDraft & { externalId: string }): boolean;
}

/**
 * A prepared insert for one account, source and batch. Duplicates by external id are
 * skipped by the UNIQUE constraint rather than looked up first: one statement a row.
 */
export function transactionWriter(
  db: Database,
  target: { accountId: number; source: TransactionSource; batchId: number | null },
): TransactionWriter {
  const statement = db.prepare(
    `INSERT OR IGNORE INTO transactions
       (account_id, batch_id, source, external_id, timestamp, type,
        sent_asset, sent_amount, received_asset, received_amount, fee_asset, fee_amount,
        fiat_value, fiat_currency, label, description, tx_hash, raw)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return {
    insert(draft) {
      const info = statement.run(
        target.accountId,
        target.batchId,
        target.source,
        draft.externalId,
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
        JSON.stringify(draft.raw),
      );
      return info.changes > 0;
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
