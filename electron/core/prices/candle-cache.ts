// Candles in the ledger: each one is fetched once, and the time ranges already asked for
// are remembered, so a range an exchange had nothing for is not asked for again and work
// goes on offline from the cache.
import type { Database } from '../db/open-ledger.ts';
import type { Granularity } from './price-sources.ts';

export interface Candle {
  openTime: number;
  open: string;
  close: string;
}

export interface CandleSeries {
  candles: Map<number, Candle>;
  /** Ranges asked for, [from, to] inclusive, in open times. */
  covered: [number, number][];
}

export function loadSeries(db: Database, exchange: string, symbol: string, granularity: Granularity): CandleSeries {
  const candles = new Map<number, Candle>();
  const rows = db
    .prepare('SELECT open_time, open, close FROM price_candles WHERE exchange = ? AND symbol = ? AND granularity = ?')
    .raw()
    .iterate(exchange, symbol, granularity) as IterableIterator<[number, string, string]>;
  for (const [openTime, open, close] of rows) candles.set(openTime, { openTime, open, close });
  const covered = db
    .prepare('SELECT from_time, to_time FROM price_coverage WHERE exchange = ? AND symbol = ? AND granularity = ? ORDER BY from_time')
    .raw()
    .all(exchange, symbol, granularity) as [number, number][];
  return { candles, covered };
}

/** The parts of [from, to] not yet asked for. */
export function uncovered(series: CandleSeries, from: number, to: number): [number, number][] {
  const gaps: [number, number][] = [];
  let cursor = from;
  for (const [start, end] of series.covered) {
    if (end < cursor) continue;
    if (start > to) break;
    if (start > cursor) gaps.push([cursor, Math.min(to, start - 1)]);
    cursor = Math.max(cursor, end + 1);
    if (cursor > to) break;
  }
  if (cursor <= to) gaps.push([cursor, to]);
  return gaps;
}

/** Stores fetched candles and the range they answer, in one transaction. */
export function saveCandles(
  db: Database,
  key: { exchange: string; symbol: string; granularity: Granularity },
  range: [number, number],
  candles: readonly Candle[],
  series: CandleSeries,
): void {
  const insert = db.prepare(
    'INSERT OR REPLACE INTO price_candles (exchange, symbol, granularity, open_time, open, close) VALUES (?, ?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    for (const c of candles) insert.run(key.exchange, key.symbol, key.granularity, c.openTime, c.open, c.close);
    db.prepare('INSERT OR REPLACE INTO price_coverage (exchange, symbol, granularity, from_time, to_time, fetched_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      key.exchange,
      key.symbol,
      key.granularity,
      range[0],
      range[1],
      Date.now(),
    );
  })();
  for (const c of candles) series.candles.set(c.openTime, c);
  series.covered.push(range);
  series.covered.sort((a, b) => a[0] - b[0]);
}
