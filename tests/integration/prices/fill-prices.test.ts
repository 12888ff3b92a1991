// Valuing transactions end to end: real ccxt against the fake market data of Binance and
// Kraken, real SQLite. Every expected value is computed here from the fake's own candles
// (the middle of open and close, through BTC or a stablecoin), independently of the code.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeOhlcv, type FakeOhlcv } from '../../fakes/ohlcv/fake-ohlcv-exchanges.ts';
import { fillPrices, type FillRequest } from '../../../electron/core/prices/fill-prices.ts';
import { setManualPrice } from '../../../electron/core/prices/price-report.ts';
import { importFile } from '../../../electron/core/importers/import-file.ts';
import { computeTaxReport } from '../../../electron/core/reports/tax-report.ts';
import type { Database } from '../../../electron/core/db/open-ledger.ts';
import { Decimal } from '../../../shared/money.ts';
import { tempDir, tempLedger, type TempDir } from '../../support/temp-ledger.ts';

const NOW = Date.UTC(2026, 5, 30, 12, 34, 56);
const DAY = 86_400_000;
const FAST = { attempts: 10, baseDelayMs: 5, maxDelayMs: 200, maxRetryAfterMs: 1500 };
const HEADER = 'Date,Type,Sent Asset,Sent Amount,Received Asset,Received Amount,Fee Asset,Fee Amount,Fiat Value,Fiat Currency,Description,Tx Hash,ID';

// Crypto-to-crypto trades with no value of their own: what each received must be priced,
// else what was given for it (1 DOGE, unless said otherwise).
const TRADES = [
  ['2024-03-05T10:00:00Z', 'ETH', '1.5', 'direct: ETH/USDT at the USDT peg'],
  ['2023-07-01T18:00:00Z', 'NXS', '1000', 'only NXS/BTC: × BTC/USDT'],
  ['2025-12-01T08:00:00Z', 'XMR', '3', 'only on Kraken, XMR/USD, inside its 720-day window'],
  ['2022-06-11T12:00:00Z', 'LINK', '40', 'LINK/USDT has a gap that day: LINK/BTC × BTC/USDT'],
  ['2023-03-11T15:00:00Z', 'USDC', '5000', 'USDC off its peg: its market price'],
  ['2024-08-01T00:30:00Z', 'HEX', '100000', 'listed nowhere: valued by the DOGE given for it'],
  ['2020-01-05T10:00:00Z', 'SOL', '20', 'before SOL was listed, paid in PLS listed nowhere: missing'],
] as const;
const GIVEN: Record<string, string> = { SOL: 'PLS' };

let fake: FakeOhlcv;
let base: string;
let dir: TempDir;
let db: Database;

beforeAll(async () => {
  fake = createFakeOhlcv({ now: () => NOW });
  base = await fake.start();
});
afterAll(async () => {
  await fake.stop();
});
beforeEach(async () => {
  fake.resetRequests();
  fake.setRateLimit('binance', null);
  dir = tempDir();
  ({ db } = await tempLedger(dir));
  const rows = TRADES.map(([date, asset, amount, note], i) => `${date},trade,${GIVEN[asset] ?? 'DOGE'},1,${asset},${amount},,,,,"${note}",,t${i}`);
  expect((await importFile(db, { path: dir.file('trades.csv', [HEADER, ...rows].join('\n')), accountName: 'Wallet', format: 'lotwise' })).ok).toBe(true);
  return () => {
    db.close();
    dir.remove();
  };
});

const options = (extra: Partial<FillRequest> = {}): FillRequest => ({ apiUrl: base, rateLimit: false, retry: FAST, exchanges: ['binance', 'kraken'], ...extra });
const dayOf = (iso: string) => Math.floor(Date.parse(iso) / DAY) * DAY;
function mid(exchange: 'binance' | 'kraken', symbol: string, iso: string): Decimal {
  const candle = fake.candle(exchange, symbol, '1d', dayOf(iso));
  if (!candle) throw new Error(`the fake has no ${exchange} ${symbol} candle on ${iso}`);
  return new Decimal(candle.open).plus(candle.close).dividedBy(2);
}
const values = () =>
  Object.fromEntries(
    (db.prepare("SELECT t.external_id AS id, v.value, v.source, v.pair FROM valuations v JOIN transactions t ON t.id = v.transaction_id").all() as {
      id: string;
      value: string;
      source: string;
      pair: string;
    }[]).map(({ id, ...valuation }) => [id.replace('id:', ''), valuation]),
  );
const value = (amount: string, price: Decimal) => price.times(amount).toDecimalPlaces(8, Decimal.ROUND_HALF_UP).toFixed();

describe('prices fill', () => {
  it('values each event from the right source, triangulating where it must, and leaves the rest missing', async () => {
    const outcome = await fillPrices(db, options());
    expect(outcome).toMatchObject({ needed: 7, valued: 6, byGiven: 1 });
    expect(outcome.missing.map((m) => [m.asset, m.given?.asset])).toEqual([['SOL', 'PLS']]);
    const found = values();
    const usdc = mid('binance', 'USDC/USDT', TRADES[4][0]);
    expect(usdc.minus(1).abs().toNumber()).toBeGreaterThan(0.02); // the fixture's de-peg
    expect(found).toEqual({
      t0: { value: value('1.5', mid('binance', 'ETH/USDT', TRADES[0][0])), source: 'exchange:binance', pair: 'binance:ETH/USDT' },
      t1: {
        value: value('1000', mid('binance', 'NXS/BTC', TRADES[1][0]).times(mid('binance', 'BTC/USDT', TRADES[1][0]))),
        source: 'exchange:binance',
        pair: 'binance:NXS/BTC×BTC/USDT',
      },
      t2: { value: value('3', mid('kraken', 'XMR/USD', TRADES[2][0])), source: 'exchange:kraken', pair: 'kraken:XMR/USD' },
      t3: {
        value: value('40', mid('binance', 'LINK/BTC', TRADES[3][0]).times(mid('binance', 'BTC/USDT', TRADES[3][0]))),
        source: 'exchange:binance',
        pair: 'binance:LINK/BTC×BTC/USDT',
      },
      t4: { value: value('5000', usdc), source: 'exchange:binance', pair: 'binance:USDC/USDT' },
      t5: { value: value('1', mid('binance', 'DOGE/USDT', TRADES[5][0])), source: 'exchange:binance', pair: 'binance:DOGE/USDT' },
    });
    // Only HEX's value is that of what was given, and it says so.
    expect(db.prepare("SELECT t.external_id, v.asset FROM valuations v JOIN transactions t ON t.id = v.transaction_id WHERE v.by_given = 1").all()).toEqual([
      { external_id: 'id:t5', asset: 'DOGE' },
    ]);
    // The tax engine uses them: the trades' disposals of DOGE get these values as proceeds.
    const { result } = computeTaxReport(db, { year: 2024, timeZone: 'UTC' });
    expect(result.disposals.find((d) => d.disposedDate === '2024-03-05')?.proceeds.toFixed()).toBe(found['t0']!.value);
    expect(result.warnings.filter((w) => w.code === 'missing-price').length).toBeGreaterThan(0);
  });

  it('asks nothing the second time, and works offline from the cache', async () => {
    const cold = await fillPrices(db, options());
    expect(cold.requests).toBeGreaterThan(0);
    const before = values();
    fake.resetRequests();
    const warm = await fillPrices(db, options());
    // The missing event still looks for a market; everything else comes from the cache.
    expect(fake.candleRequests).toBe(0);
    expect(values()).toEqual(before);
    const offline = await fillPrices(db, options({ offline: true, apiUrl: 'http://127.0.0.1:9' }));
    expect(offline).toMatchObject({ valued: 6, byGiven: 1, requests: 0 });
    expect(values()).toEqual(before);
    expect(warm.valued).toBe(6);
  });

  it('lets a price the user set win over the market', async () => {
    setManualPrice(db, { asset: 'ETH', time: Date.parse('2024-03-05T09:00:00Z'), price: '3333.33' });
    await fillPrices(db, options());
    expect(values()['t0']).toEqual({ value: '4999.995', source: 'manual', pair: null });
  });

  it('gets the same values through rate limits, waiting as the exchange asks', async () => {
    // ccxt's Binance loadMarkets makes three requests at once: four a second lets it through.
    fake.setRateLimit('binance', { requests: 4, perSeconds: 1, retryAfterSeconds: 1 });
    const limited = await fillPrices(db, options());
    expect(fake.throttled).toBeGreaterThan(0);
    fake.setRateLimit('binance', null);
    const limitedValues = values();
    db.exec('DELETE FROM valuations; DELETE FROM price_candles; DELETE FROM price_coverage;');
    await fillPrices(db, options());
    expect(limitedValues).toEqual(values());
    expect(limited.valued).toBe(6);
  }, 60_000);
});
