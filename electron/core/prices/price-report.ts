// `lotwise prices report`: for a year, how many events are valued by each source, and which
// have no value at all (a missing price is listed, never taken for zero).
import type { Database } from '../db/open-ledger.ts';
import { toTransaction, type TransactionRow } from '../ledger/transactions.ts';
import { valuationNeeds, valuedByRecord, type ValuationNeed } from './valuations.ts';

export interface PriceReport {
  year: number;
  bySource: Record<string, number>;
  missing: (ValuationNeed & { account: string })[];
}

export function priceReport(db: Database, year: number, currency = 'USD'): PriceReport {
  const range = { from: Date.UTC(year, 0, 1), to: Date.UTC(year + 1, 0, 1) };
  const bySource: Record<string, number> = {};
  const count = (source: string) => (bySource[source] = (bySource[source] ?? 0) + 1);
  const rows = db.prepare('SELECT * FROM transactions WHERE timestamp >= ? AND timestamp < ?').iterate(range.from, range.to) as IterableIterator<TransactionRow>;
  for (const row of rows) if (valuedByRecord(toTransaction(row), currency)) count('record');
  const needs = valuationNeeds(db, currency, range);
  const sourceOf = db.prepare('SELECT source FROM valuations WHERE transaction_id = ? AND currency = ?');
  const names = new Map((db.prepare('SELECT id, name FROM accounts').all() as { id: number; name: string }[]).map((a) => [a.id, a.name] as const));
  const missing: PriceReport['missing'] = [];
  for (const need of needs) {
    const valuation = sourceOf.get(need.transactionId, currency) as { source: string } | undefined;
    if (valuation) count(valuation.source);
    else missing.push({ ...need, account: names.get(need.accountId) ?? String(need.accountId) });
  }
  return { year, bySource, missing };
}

/** A price the user entered: it wins over every other source for that asset and moment. */
export function setManualPrice(db: Database, entry: { asset: string; time: number; price: string; currency?: string }): void {
  db.prepare('INSERT OR REPLACE INTO manual_prices (asset, time, currency, price, set_at) VALUES (?, ?, ?, ?, ?)').run(
    entry.asset,
    entry.time,
    entry.currency ?? 'USD',
    entry.price,
    Date.now(),
  );
}
