// Which transactions need a price, and the values Lotwise found for them. A transaction
// that carries its own value (a leg in the report currency, or a value column) is valued
// by the record itself and never here. The tax engine reads a found value as the
// transaction's fair market value; the valuation keeps where it came from.
import { isFiat } from '../../../shared/assets.ts';
import { Decimal, toDecimalText } from '../../../shared/money.ts';
import type { Transaction, TransactionType } from '../../../shared/transaction.ts';
import type { Database } from '../db/open-ledger.ts';
import { toTransaction, type TransactionRow } from '../ledger/transactions.ts';
import type { FoundPrice } from './price-finder.ts';

export interface ValuationNeed {
  transactionId: number;
  accountId: number;
  timestamp: number;
  type: TransactionType;
  asset: string;
  amount: string;
}

// A received gift's value is the giver's basis, not a market price; a swap and an ignored
// transaction need none.
const NO_PRICE_NEEDED: ReadonlySet<TransactionType> = new Set(['ignored', 'swap', 'gift-received']);
const VALUED_BY_WHAT_LEFT: ReadonlySet<TransactionType> = new Set(['withdrawal', 'expense', 'gift-sent', 'donation', 'lost', 'fee']);

/** The record's own value in the report currency, if it has one. */
export function valuedByRecord(t: Pick<Transaction, 'sentAsset' | 'receivedAsset' | 'fiatValue' | 'fiatCurrency'>, currency: string): boolean {
  return t.sentAsset === currency || t.receivedAsset === currency || (t.fiatValue !== null && t.fiatCurrency?.toUpperCase() === currency);
}

/** The leg a price is needed for: what was received (as DOMAIN.md prefers), else what left. */
function pricedLeg(t: Transaction): { asset: string; amount: string } | null {
  const received = t.receivedAsset && t.receivedAmount ? { asset: t.receivedAsset, amount: t.receivedAmount } : null;
  const sent = t.sentAsset && t.sentAmount ? { asset: t.sentAsset, amount: t.sentAmount } : null;
  const fee = t.feeAsset && t.feeAmount ? { asset: t.feeAsset, amount: t.feeAmount } : null;
  const order = VALUED_BY_WHAT_LEFT.has(t.type) ? [sent, fee] : [received, sent];
  return order.find((leg) => leg !== null && !isFiat(leg.asset)) ?? null;
}

/** Transactions dated in [from, to) (UTC ms) that no record values, with the leg to price. */
export function valuationNeeds(db: Database, currency: string, range: { from: number; to: number } = { from: 0, to: 8.64e15 }): ValuationNeed[] {
  const rows = db.prepare('SELECT * FROM transactions WHERE timestamp >= ? AND timestamp < ? ORDER BY timestamp, id').iterate(range.from, range.to) as IterableIterator<TransactionRow>;
  const needs: ValuationNeed[] = [];
  for (const row of rows) {
    const t = toTransaction(row);
    if (NO_PRICE_NEEDED.has(t.type) || valuedByRecord(t, currency)) continue;
    const leg = pricedLeg(t);
    if (leg) needs.push({ transactionId: t.id, accountId: t.accountId, timestamp: t.timestamp, type: t.type, ...leg });
  }
  return needs;
}

export function saveValuations(db: Database, currency: string, pairs: readonly { need: ValuationNeed; found: FoundPrice | null }[]): void {
  const upsert = db.prepare(
    `INSERT OR REPLACE INTO valuations (transaction_id, asset, price, value, currency, source, pair, granularity, price_time, valued_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const forget = db.prepare('DELETE FROM valuations WHERE transaction_id = ?');
  const now = Date.now();
  db.transaction(() => {
    for (const { need, found } of pairs) {
      if (found === null) {
        forget.run(need.transactionId);
        continue;
      }
      const value = found.price.times(need.amount).toDecimalPlaces(8, Decimal.ROUND_HALF_UP);
      upsert.run(need.transactionId, need.asset, toDecimalText(found.price), toDecimalText(value), currency, found.source, found.pair, found.granularity, found.priceTime, now);
    }
  })();
}

/**
 * Every transaction in time order, with a found value in place of a missing one: the tax
 * engine's input. A record's own value always stays.
 */
export function* valuedTransactions(db: Database, currency: string): Generator<Transaction> {
  const rows = db
    .prepare(
      `SELECT t.*, v.value AS valuation_value, v.currency AS valuation_currency
         FROM transactions t LEFT JOIN valuations v ON v.transaction_id = t.id ORDER BY t.timestamp, t.id`,
    )
    .iterate() as IterableIterator<TransactionRow & { valuation_value: string | null; valuation_currency: string | null }>;
  for (const row of rows) {
    const transaction = toTransaction(row);
    if (row.valuation_value !== null && row.valuation_currency === currency && !valuedByRecord(transaction, currency)) {
      transaction.fiatValue = row.valuation_value;
      transaction.fiatCurrency = row.valuation_currency;
    }
    yield transaction;
  }
}
