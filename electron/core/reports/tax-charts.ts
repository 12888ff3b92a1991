// The tax year in charts: gain per month (short and long term) and per asset, from the
// year's disposals as filed (lines rounded to cents, so the months add up to the summary),
// and what was held at each month end. Holdings are the ledger's own balances (received
// minus sent and fees, all accounts together) in the user's time zone; a month-end
// quantity is valued only at a price for that moment that Lotwise already has (one the
// user entered, a cached candle, a stablecoin's peg), and left unvalued otherwise: a
// price seen earlier in the month is not the month end's.
import type { LotMethodId, PoolModeId, TaxChartsView } from '../../../shared/api.ts';
import { isFiat } from '../../../shared/assets.ts';
import { lineAmount } from '../../../shared/formats/rounded-totals.ts';
import { Decimal, ZERO, parseDecimal, toCents, toDecimalText } from '../../../shared/money.ts';
import { createTaxCalendar, formatDay, startOfDay } from '../../../shared/tax/tax-calendar.ts';
import type { Database } from '../db/open-ledger.ts';
import { iterateTransactions } from '../ledger/transactions.ts';
import { cachedPrices } from '../prices/fill-prices.ts';
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

export async function taxCharts(db: Database, request: ChartsRequest): Promise<TaxChartsView> {
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
    holdings: await monthEndHoldings(db, year, options.timeZone, options.reportCurrency),
  };
}

async function monthEndHoldings(db: Database, year: number, timeZone: string, currency: string): Promise<TaxChartsView['holdings']> {
  const calendar = createTaxCalendar(timeZone);
  const fiat = (asset: string) => asset === currency || isFiat(asset);
  const balances = new Map<string, Decimal>();
  const snapshots: { month: number; balances: Map<string, Decimal> }[] = [];
  const lastMonth = year * 100 + 12;
  let pending = year * 100 + 1;
  const snapshotUntil = (month: number) => {
    while (pending < month && pending <= lastMonth) {
      snapshots.push({ month: pending, balances: new Map(balances) });
      pending = nextMonth(pending);
    }
  };
  const add = (asset: string | null, amount: string | null, sign: 1 | -1) => {
    if (asset === null || amount === null || fiat(asset)) return;
    const quantity = parseDecimal(amount);
    if (quantity === null) return;
    balances.set(asset, (balances.get(asset) ?? ZERO).plus(sign === 1 ? quantity : quantity.negated()));
  };

  for (const t of iterateTransactions(db)) {
    const month = Math.floor(calendar.dayOf(t.timestamp) / 100);
    if (month > lastMonth) break;
    snapshotUntil(month);
    if (t.type === 'ignored') continue;
    add(t.receivedAsset, t.receivedAmount, 1);
    add(t.sentAsset, t.sentAmount, -1);
    add(t.feeAsset, t.feeAmount, -1);
  }
  snapshotUntil(nextMonth(lastMonth));

  const held = new Set<string>();
  for (const snapshot of snapshots) for (const [asset, quantity] of snapshot.balances) if (!quantity.isZero()) held.add(asset);
  const assets = [...held].sort();
  // The last moment of each month; a month not over yet has no closing price.
  const now = Date.now();
  const rows = snapshots.flatMap((snapshot) => {
    const end = startOfDay(calendar, nextMonth(snapshot.month) * 100 + 1) - 1;
    return assets.map((asset) => ({ snapshot, asset, end, quantity: snapshot.balances.get(asset) ?? ZERO }));
  });
  const priced = rows.flatMap((row, i) => (row.end < now && !row.quantity.isZero() ? [i] : []));
  const prices = await cachedPrices(db, priced.map((i) => ({ asset: rows[i]!.asset, time: rows[i]!.end })), currency);
  const priceOf = new Map(priced.map((rowIndex, k) => [rowIndex, prices[k]?.price ?? null]));
  return rows.map((row, i) => {
    const price = priceOf.get(i) ?? null;
    return {
      date: lastDayOf(row.snapshot.month),
      asset: row.asset,
      quantity: toDecimalText(row.quantity),
      value: price === null ? null : toCents(row.quantity.times(price)),
    };
  });
}
