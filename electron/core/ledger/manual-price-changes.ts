// A price the user enters for a missing-price problem, as an audited change. The price is
// saved like `lotwise prices set` saves it, and applied at once: every transaction within
// a day of it that needs a value in that asset is valued from the nearest price the user
// entered (the rule `lotwise prices fill` follows), so the problem goes away without a
// fill run. Undo restores the previous price and valuations exactly.
import { normalizeAsset } from '../../../shared/assets.ts';
import { Decimal, parseDecimal, toDecimalText } from '../../../shared/money.ts';
import type { Database } from '../db/open-ledger.ts';
import { setManualPrice } from '../prices/price-report.ts';
import { saveValuations, valuationNeeds } from '../prices/valuations.ts';
import { recordChange } from './changes.ts';
import { ChangeError } from './transaction-edits.ts';
import { REPORT_CURRENCY } from './transaction-page.ts';

const DAY = 86_400_000;

interface ValuationRow {
  transaction_id: number;
  asset: string;
  price: string;
  value: string;
  currency: string;
  source: string;
  pair: string | null;
  granularity: string | null;
  price_time: number | null;
  valued_at: number;
  /** Absent in changes saved before values could be found for what was given. */
  by_given?: number;
}

export interface PriceData {
  asset: string;
  time: number;
  currency: string;
  price: string;
  before: { price: string; setAt: number } | null;
  valuations: { transactionId: number; before: ValuationRow | null }[];
}

export function setPriceFix(db: Database, request: { asset: string; timestamp: number; price: string }): { changeId: number; valued: number } {
  return db.transaction(() => {
    const asset = normalizeAsset(request.asset);
    if (asset === '') throw new ChangeError('A price needs an asset.');
    if (asset === REPORT_CURRENCY) throw new ChangeError(`${REPORT_CURRENCY} is the report currency; it needs no price.`);
    const parsed = parseDecimal(request.price);
    if (parsed === null || parsed.isNegative()) throw new ChangeError(`The price must be a number of zero or more, not "${request.price}".`);
    const price = toDecimalText(parsed);
    const time = request.timestamp;
    const before = db
      .prepare('SELECT price, set_at AS setAt FROM manual_prices WHERE asset = ? AND time = ? AND currency = ?')
      .get(asset, time, REPORT_CURRENCY) as PriceData['before'] | undefined;
    setManualPrice(db, { asset, time, price, currency: REPORT_CURRENCY });

    // The user's prices near enough to matter for the transactions within a day of this one.
    const entered = db
      .prepare('SELECT time, price FROM manual_prices WHERE asset = ? AND currency = ? AND time BETWEEN ? AND ? ORDER BY time')
      .all(asset, REPORT_CURRENCY, time - 2 * DAY, time + 2 * DAY) as { time: number; price: string }[];
    const current = db.prepare('SELECT * FROM valuations WHERE transaction_id = ?');
    const needs = valuationNeeds(db, REPORT_CURRENCY, { from: time - DAY, to: time + DAY + 1 }).filter((need) => need.asset === asset);
    const valuations: PriceData['valuations'] = [];
    const pairs: Parameters<typeof saveValuations>[2][number][] = [];
    for (const need of needs) {
      let best: { time: number; price: string } | null = null;
      for (const entry of entered) {
        const distance = Math.abs(entry.time - need.timestamp);
        if (distance <= DAY && (best === null || distance < Math.abs(best.time - need.timestamp))) best = entry;
      }
      if (best === null) continue;
      const existing = (current.get(need.transactionId) as ValuationRow | undefined) ?? null;
      if (existing?.source === 'manual' && existing.price_time === best.time && existing.price === best.price && existing.currency === REPORT_CURRENCY) continue;
      valuations.push({ transactionId: need.transactionId, before: existing });
      pairs.push({ need, found: { price: new Decimal(best.price), source: 'manual', pair: null, granularity: null, priceTime: best.time } });
    }
    saveValuations(db, REPORT_CURRENCY, pairs);

    const data: PriceData = { asset, time, currency: REPORT_CURRENCY, price, before: before ?? null, valuations };
    const when = new Date(time).toISOString().slice(0, 16).replace('T', ' ');
    const count = valuations.length;
    const changeId = recordChange(db, 'price', `Set ${asset} = ${price} ${REPORT_CURRENCY} at ${when} UTC (values ${count} transaction${count === 1 ? '' : 's'})`, data, {
      writes: [`price:${asset}:${time}`, ...valuations.map((v) => `valuation:${v.transactionId}`)],
      uses: valuations.map((v) => `tx:${v.transactionId}`),
    });
    return { changeId, valued: count };
  })();
}

export function undoPriceFix(db: Database, data: PriceData): void {
  if (data.before === null) {
    db.prepare('DELETE FROM manual_prices WHERE asset = ? AND time = ? AND currency = ?').run(data.asset, data.time, data.currency);
  } else {
    db.prepare('INSERT OR REPLACE INTO manual_prices (asset, time, currency, price, set_at) VALUES (?, ?, ?, ?, ?)').run(
      data.asset,
      data.time,
      data.currency,
      data.before.price,
      data.before.setAt,
    );
  }
  const forget = db.prepare('DELETE FROM valuations WHERE transaction_id = ?');
  const restore = db.prepare(
    `INSERT OR REPLACE INTO valuations (transaction_id, asset, price, value, currency, source, pair, granularity, price_time, valued_at, by_given)
     VALUES (@transaction_id, @asset, @price, @value, @currency, @source, @pair, @granularity, @price_time, @valued_at, @by_given)`,
  );
  for (const { transactionId, before } of data.valuations) {
    // A transaction removed since (its import undone) has no valuation to restore.
    const exists = db.prepare('SELECT 1 FROM transactions WHERE id = ?').get(transactionId);
    if (before === null || !exists) forget.run(transactionId);
    else restore.run({ by_given: 0, ...before });
  }
}
