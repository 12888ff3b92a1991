// Reading a test ledger back: plain SQL over the real file, independent of the code under test.
import type { Database } from '../../electron/core/db/open-ledger.ts';

export interface StoredRow {
  account: string;
  source: string;
  external_id: string;
  timestamp: number;
  type: string;
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

export function storedRows(db: Database): StoredRow[] {
  return db
    .prepare(
      `SELECT a.name AS account, t.source, t.external_id, t.timestamp, t.type, t.sent_asset, t.sent_amount,
              t.received_asset, t.received_amount, t.fee_asset, t.fee_amount, t.fiat_value, t.fiat_currency,
              t.label, t.description, t.tx_hash, t.raw
         FROM transactions t JOIN accounts a ON a.id = t.account_id ORDER BY t.timestamp, t.id`,
    )
    .all() as StoredRow[];
}

export function rowCount(db: Database, table = 'transactions'): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
}
