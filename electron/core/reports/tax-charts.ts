// The tax year in charts: gain per month (short and long term) and per asset, from the
// year's disposals as filed (lines rounded to cents, so the months add up to the summary),
// and what was held at each month end. Holdings are the ledger's own balances (received
// minus sent and fees, all accounts together) in the user's time zone; a month-end
// quantity is valued at the asset's last unit price seen in a valued transaction that
// month, and left unvalued when there was none.
import type { LotMethodId, PoolModeId, TaxChartsView } from '../../../shared/api.ts';
import { isFiat } from '../../../shared/assets.ts';
import { lineAmount } from '../../../shared/formats/rounded-totals.ts';
import { Decimal, ZERO, parseDecimal, toCents, toDecimalText } from '../../../shared/money.ts';
import { createTaxCalendar, formatDay } from '../../../shared/tax/tax-calendar.ts';
import type { Database } from '../db/open-ledger.ts';
import { valuedTransactions } from '../prices/valuations.ts';
import { computeTaxReport } from './tax-report.ts';

export interface ChartsRequest {
  year: number;
  method?: LotMethodId;
  pool?: PoolModeId;
}

/** YYYYMM of the month after. */
function nextMonth(month: number): number {
  return month % 100 === 12 ? month + 89 : month + 1;
}

function lastDayOf(month: number): string {
  const year = Math.floor(month / 100);
  const days = new Date(Date.UTC(year, month % 100, 0)).getUTCDate();
  return formatDay(month * 100 + days);
}

export function taxCharts(db: Database, request: ChartsRequest): TaxChartsView {
  const { options, result } = computeTaxReport(db, { year: request.year, method: request.method, pool: request.pool });
  const year = options.year;

  const months = Array.from({ length: 12 }, () => ({ shortTerm: ZERO, longTerm: ZERO }));
  const assets = new Map<string, { gain: Decimal; proceeds: Decimal }>();
  for (const disposal of result.disposals) {
    const proceeds = lineAmount(disposal.proceeds);
    const gain = proceeds.minus(lineAmount(disposal.costBasis));
    const month = months[Number(disposal.disposedDate.slice(5, 7)) - 1]!;
    if (disposal.term === 'long') month.longTerm = month.longTerm.plus(gain);
    else month.shortTerm = month.shortTerm.plus(gain);
    const asset = assets.get(disposal.asset) ?? { gain: ZERO, proceeds: ZERO };
    assets.set(disposal.asset, { gain: asset.gain.plus(gain), proceeds: asset.proceeds.plus(proceeds) });
  }

  return {
    gainByMonth: months.map((m, i) => ({ month: `${year}-${String(i + 1).padStart(2, '0')}`, shortTerm: toCents(m.shortTerm), longTerm: toCents(m.longTerm) })),
    gainByAsset: [...assets]
      .sort(([a, x], [b, y]) => y.gain.cmp(x.gain) || (a < b ? -1 : 1))
      .map(([asset, totals]) => ({ asset, gain: toCents(totals.gain), proceeds: toCents(totals.proceeds) })),
    holdings: monthEndHoldings(db, year, options.timeZone, options.reportCurrency),
  };
}

function monthEndHoldings(db: Database, year: number, timeZone: string, currency: string): TaxChartsView['holdings'] {
  const calendar = createTaxCalendar(timeZone);
  const fiat = (asset: string) => asset === currency || isFiat(asset);
  const balances = new Map<string, Decimal>();
  /** The last unit price seen per asset, with the month (YYYYMM) it was seen in. */
  const lastPrices = new Map<string, { price: Decimal; month: number }>();
  const snapshots: { month: number; balances: Map<string, Decimal>; prices: Map<string, Decimal> }[] = [];
  const lastMonth = year * 100 + 12;
  let pending = year * 100 + 1;
  const snapshotUntil = (month: number) => {
    while (pending < month && pending <= lastMonth) {
      const prices = new Map<string, Decimal>();
      for (const [asset, seen] of lastPrices) if (seen.month === pending) prices.set(asset, seen.price);
      snapshots.push({ month: pending, balances: new Map(balances), prices });
      pending = nextMonth(pending);
    }
  };
  const add = (asset: string | null, amount: string | null, sign: 1 | -1) => {
    if (asset === null || amount === null || fiat(asset)) return;
    const quantity = parseDecimal(amount);
    if (quantity === null) return;
    balances.set(asset, (balances.get(asset) ?? ZERO).plus(sign === 1 ? quantity : quantity.negated()));
  };

  for (const t of valuedTransactions(db, currency)) {
    const month = Math.floor(calendar.dayOf(t.timestamp) / 100);
    if (month > lastMonth) break;
    snapshotUntil(month);
    if (t.type === 'ignored') continue;
    add(t.receivedAsset, t.receivedAmount, 1);
    add(t.sentAsset, t.sentAmount, -1);
    add(t.feeAsset, t.feeAmount, -1);
    // A price seen: the transaction's value in the report currency over its one crypto leg.
    const cryptoLegs: [string, string][] = [];
    if (t.sentAsset !== null && t.sentAmount !== null && !fiat(t.sentAsset)) cryptoLegs.push([t.sentAsset, t.sentAmount]);
    if (t.receivedAsset !== null && t.receivedAmount !== null && !fiat(t.receivedAsset)) cryptoLegs.push([t.receivedAsset, t.receivedAmount]);
    const value =
      t.fiatValue !== null && t.fiatCurrency?.toUpperCase() === currency
        ? t.fiatValue
        : t.receivedAsset === currency
          ? t.receivedAmount
          : t.sentAsset === currency
            ? t.sentAmount
            : null;
    if (cryptoLegs.length === 1 && value !== null) {
      const [asset, amount] = cryptoLegs[0]!;
      const quantity = parseDecimal(amount);
      const worth = parseDecimal(value);
      if (quantity !== null && worth !== null && quantity.gt(0)) lastPrices.set(asset, { price: worth.div(quantity), month });
    }
  }
  snapshotUntil(nextMonth(lastMonth));

  const held = new Set<string>();
  for (const snapshot of snapshots) for (const [asset, quantity] of snapshot.balances) if (!quantity.isZero()) held.add(asset);
  const assets = [...held].sort();
  const rows: TaxChartsView['holdings'] = [];
  for (const snapshot of snapshots) {
    for (const asset of assets) {
      const quantity = snapshot.balances.get(asset) ?? ZERO;
      const price = snapshot.prices.get(asset);
      rows.push({ date: lastDayOf(snapshot.month), asset, quantity: toDecimalText(quantity), value: price === undefined ? null : toCents(quantity.times(price)) });
    }
  }
  return rows;
}
