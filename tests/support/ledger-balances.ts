// Per-asset balance changes of everything stored for an account (received − sent − fee,
// every type included), computed with Decimal straight from the ledger's text columns:
// what a sync must add up to, compared with what the exchange served.
import { Decimal } from '../../shared/money.ts';
import type { Database } from '../../electron/core/db/open-ledger.ts';

export function storedBalances(db: Database, accountName?: string): Record<string, string> {
  const rows = db
    .prepare(
      `SELECT t.sent_asset, t.sent_amount, t.received_asset, t.received_amount, t.fee_asset, t.fee_amount
         FROM transactions t JOIN accounts a ON a.id = t.account_id WHERE ? IS NULL OR a.name = ?`,
    )
    .all(accountName ?? null, accountName ?? null) as Record<string, string | null>[];
  const totals = new Map<string, Decimal>();
  const add = (asset: string | null, amount: string | null, sign: 1 | -1) => {
    if (asset === null || amount === null) return;
    totals.set(asset, (totals.get(asset) ?? new Decimal(0)).plus(new Decimal(amount).times(sign)));
  };
  for (const row of rows) {
    add(row['received_asset']!, row['received_amount']!, 1);
    add(row['sent_asset']!, row['sent_amount']!, -1);
    add(row['fee_asset']!, row['fee_amount']!, -1);
  }
  return Object.fromEntries([...totals].filter(([, v]) => !v.isZero()).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, v.toFixed()]));
}

/** Sums a map of asset → amount after renaming assets (exchange codes to common symbols). */
export function byCommonSymbol(amounts: Record<string, string>, rename: (code: string) => string): Record<string, string> {
  const totals = new Map<string, Decimal>();
  for (const [code, amount] of Object.entries(amounts)) {
    const asset = rename(code);
    totals.set(asset, (totals.get(asset) ?? new Decimal(0)).plus(amount));
  }
  return Object.fromEntries([...totals].filter(([, v]) => !v.isZero()).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, v.toFixed()]));
}
