// Which transactions need a price, and the values Lotwise found for them. A transaction
// that carries its own value (a leg in the report currency, or a value column) is valued
// by the record itself and never here. The tax engine reads a found value as the
// transaction's fair market value; the valuation keeps where it came from, the asset it
// priced, and whether that is what was given because what was received has no price.
import { isFiat } from '../../../shared/assets.ts';
import { Decimal, toDecimalText } from '../../../shared/money.ts';
import type { Transaction, TransactionType } from '../../../shared/transaction.ts';
import type { Database } from '../db/open-ledger.ts';
import { toTransaction, type TransactionRow } from '../ledger/transactions.ts';
import type { FoundPrice } from './price-finder.ts';

/** One leg of a transaction: an asset and its amount. */
export interface PricedLeg {
  asset: string;
  amount: string;
}

export interface ValuationNeed extends PricedLeg {
  transactionId: number;
  accountId: number;
  timestamp: number;
  type: TransactionType;
  /**
   * For an exchange of one asset for another: what was given, priced when no source has a
   * price for what was received (DOMAIN.md: the FMV of what was received when it is known,
   * else of what was given). Null when there is nothing else to price.
   */
  given: PricedLeg | null;
}

// A received gift's value is the giver's basis, not a market price; a swap and an ignored
// transaction need none.
const NO_PRICE_NEEDED: ReadonlySet<TransactionType> = new Set(['ignored', 'swap', 'gift-received']);
const VALUED_BY_WHAT_LEFT: ReadonlySet<TransactionType> = new Set(['withdrawal', 'expense', 'gift-sent', 'donation', 'lost', 'fee']);

/** The record's own value in the report currency, if it has one. */
export function valuedByRecord(t: Pick<Transaction, 'sentAsset' | 'receivedAsset' | 'fiatValue' | 'fiatCurrency'>, currency: string): boolean {
  return t.sentAsset === currency || t.receivedAsset === currency || (t.fiatValue !== null && t.fiatCurrency?.toUpperCase() === currency);
}

/**
 * The legs a price is needed for, in order: what was received (as DOMAIN.md prefers), then
 * what was given for it; for what only leaves (a withdrawal, an expense), what left, else
 * its fee, and nothing after. A fiat leg outside the report currency is never priced.
 */
function pricedLegs(t: Transaction): PricedLeg[] {
  const leg = (asset: string | null, amount: string | null) => (asset && amount && !isFiat(asset) ? { asset, amount } : null);
  const received = leg(t.receivedAsset, t.receivedAmount);
  const sent = leg(t.sentAsset, t.sentAmount);
  if (VALUED_BY_WHAT_LEFT.has(t.type)) {
    const left = sent ?? leg(t.feeAsset, t.feeAmount);
    return left ? [left] : [];
  }
  return [received, sent].filter((l) => l !== null);
}

/** Transactions dated in [from, to) (UTC ms) that no record values, with the leg to price. */
export function valuationNeeds(db: Database, currency: string, range: { from: number; to: number } = { from: 0, to: 8.64e15 }): ValuationNeed[] {
  const rows = db.prepare('SELECT * FROM transactions WHERE timestamp >= ? AND timestamp < ? ORDER BY timestamp, id').iterate(range.from, range.to) as IterableIterator<TransactionRow>;
  const needs: ValuationNeed[] = [];
  for (const row of rows) {
    const t = toTransaction(row);
    if (NO_PRICE_NEEDED.has(t.type) || valuedByRecord(t, currency)) continue;
    const [first, given] = pricedLegs(t);
    if (first) needs.push({ transactionId: t.id, accountId: t.accountId, timestamp: t.timestamp, type: t.type, ...first, given: given ?? null });
  }
  return needs;
}

/**
 * Saves what was found for each need, or forgets the value of one with nothing found.
 * `byGiven`: the price found is that of what was given (need.given), not of the need's leg.
 */
export function saveValuations(
  db: Database,
  currency: string,
  pairs: readonly { need: ValuationNeed; found: FoundPrice | null; byGiven?: boolean }[],
): void {
  const upsert = db.prepare(
    `INSERT OR REPLACE INTO valuations (transaction_id, asset, price, value, currency, source, pair, granularity, price_time, valued_at, by_given)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const forget = db.prepare('DELETE FROM valuations WHERE transaction_id = ?');
  const now = Date.now();
  db.transaction(() => {
    for (const { need, found, byGiven = false } of pairs) {
      if (found === null) {
        forget.run(need.transactionId);
        continue;
      }
      const leg = byGiven ? need.given : need;
      if (leg === null) throw new Error(`saveValuations: transaction ${need.transactionId} has nothing given to price`);
      const value = found.price.times(leg.amount).toDecimalPlaces(8, Decimal.ROUND_HALF_UP);
      upsert.run(need.transactionId, leg.asset, toDecimalText(found.price), toDecimalText(value), currency, found.source, found.pair, found.granularity, found.priceTime, now, byGiven ? 1 : 0);
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
