// The fake OHLCV exchanges as the price service will meet them: real ccxt (Binance spot and
// Kraken, no keys), pointed at the fake by rewriting `urls.api`, loading markets and
// candles. Expected candles come from the price model one interval at a time, and the
// model's own consistency (a day is its hours, an hour its minutes) is checked apart, so a
// test here cannot pass by the server and the model agreeing on a mistake.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import ccxt from 'ccxt';
import { Decimal, toDecimalText } from '../../../shared/money.ts';
import { overrideApiUrls } from '../../../electron/core/exchanges/api-url-override.ts';
import { KRAKEN_OHLC_WINDOW, createFakeOhlcv, type FakeOhlcv } from '../../fakes/ohlcv/fake-ohlcv-exchanges.ts';
import { BINANCE_OHLCV_MARKETS, KRAKEN_OHLCV_MARKETS, OHLCV_SCENARIOS, utc } from '../../fakes/ohlcv/ohlcv-markets.ts';
import { DAY, HOUR, MINUTE, type Candle } from '../../fakes/ohlcv/price-model.ts';

type Binance = InstanceType<typeof ccxt.binance>;
type Kraken = InstanceType<typeof ccxt.kraken>;
type Row = (number | undefined)[];

/** The exchanges' clock for the whole file: mid-2026, mid-hour, so candles are partial. */
const NOW = Date.UTC(2026, 5, 30, 12, 34, 56);

let fake: FakeOhlcv;
let binance: Binance;
let kraken: Kraken;

beforeAll(async () => {
  fake = createFakeOhlcv({ now: () => NOW });
  const base = await fake.start();
  binance = new ccxt.binance({ enableRateLimit: false });
  binance.urls.api = overrideApiUrls(binance.urls.api as Record<string, string>, base);
  kraken = new ccxt.kraken({ enableRateLimit: false });
  kraken.urls.api = overrideApiUrls(kraken.urls.api as Record<string, string>, base);
  fake.resetRequests();
  await Promise.all([binance.loadMarkets(), kraken.loadMarkets()]);
});
afterAll(() => fake.stop());
afterEach(() => {
  fake.server.clearFaults();
  fake.setRateLimit('binance', null);
  fake.setRateLimit('kraken', null);
});

/** The class name of what a call throws ('none' if it does not). */
async function failure(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
    return 'none';
  } catch (error) {
    return (error as Error).constructor.name;
  }
}

/** A price as ccxt's float gives it back, and as the model wrote it, in one canonical text. */
const canonical = (text: string): string => toDecimalText(new Decimal(text));

/** What ccxt's [time, o, h, l, c, v] should be for these model candles, canonical text. */
function expectedRows(candles: readonly Candle[]): string[][] {
  return candles.map((c) => [String(c.openTime), canonical(c.open), canonical(c.high), canonical(c.low), canonical(c.close), canonical(c.volume)]);
}

/** ccxt's rows with its floats turned back into decimal text (what the price service must do). */
function asText(exchange: Binance | Kraken, rows: Row[]): string[][] {
  return rows.map(([time, ...values]) => [String(time), ...values.map((value) => exchange.numberToString(value as number) as string)]);
}

/** Every candle the model has for these open times (nulls dropped). */
function modelCandles(exchange: 'binance' | 'kraken', symbol: string, timeframe: string, from: number, step: number, count: number): Candle[] {
  const candles: Candle[] = [];
  for (let i = 0; i < count; i += 1) {
    const candle = fake.candle(exchange, symbol, timeframe, from + i * step);
    if (candle) candles.push(candle);
  }
  return candles;
}

/** OHLC, volume and trades of consecutive candles, recomputed here from their text. */
function aggregate(candles: readonly Candle[]): { open: string; high: string; low: string; close: string; volume: string; trades: number } {
  const max = (a: string, b: string): string => (new Decimal(a).gte(b) ? a : b);
  const min = (a: string, b: string): string => (new Decimal(a).lte(b) ? a : b);
  return {
    open: candles[0]!.open,
    high: candles.map((c) => c.high).reduce(max),
    low: candles.map((c) => c.low).reduce(min),
    close: candles.at(-1)!.close,
    volume: candles.reduce((sum, c) => sum.plus(c.volume), new Decimal(0)).toFixed(candles[0]!.volume.split('.')[1]?.length ?? 0),
    trades: candles.reduce((sum, c) => sum + c.trades, 0),
  };
}

const summary = (c: Candle) => ({ open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume, trades: c.trades });

describe('loadMarkets', () => {
  it('asks Binance for its spot, USDⓈ-M and COIN-M exchangeInfo and Kraken for Assets and AssetPairs, nothing else', () => {
    // The requests beforeAll's two loadMarkets made (no keys: no sapi, nothing signed).
    expect(Object.keys(fake.requests).sort()).toEqual([
      'api.binance.com/api/v3/exchangeInfo',
      'api.kraken.com/0/public/AssetPairs',
      'api.kraken.com/0/public/Assets',
      'dapi.binance.com/dapi/v1/exchangeInfo',
      'fapi.binance.com/fapi/v1/exchangeInfo',
    ]);
  });

  it('lists exactly the catalogued markets, Binance without USD and Kraken with ccxt names (XBT → BTC, XDG → DOGE)', () => {
    expect([...binance.symbols].sort()).toEqual(BINANCE_OHLCV_MARKETS.map((m) => m.symbol).sort());
    expect([...kraken.symbols].sort()).toEqual(KRAKEN_OHLCV_MARKETS.map((m) => m.symbol).sort());
    expect(binance.symbols.some((symbol) => symbol.endsWith('/USD'))).toBe(false);
    expect(kraken.market('DOGE/USD').id).toBe('XDGUSD');
    expect(kraken.market('BTC/USD').id).toBe('XXBTZUSD');
    // Ticks as the exchanges set them.
    expect(binance.market('BTC/USDT').precision.price).toBe(0.01);
    expect(binance.market('SHIB/USDT').precision.price).toBe(1e-8);
    expect(kraken.market('BTC/USD').precision.price).toBe(0.1);
  });

  it('has the scenario assets where the scenarios say: only via BTC, only via USDC, only on Kraken, nowhere', () => {
    const marketsOf = (exchange: Binance | Kraken, asset: string) => exchange.symbols.filter((symbol) => symbol.split('/')[0] === asset);
    for (const asset of OHLCV_SCENARIOS.btcOnly) {
      expect(marketsOf(binance, asset)).toEqual([`${asset}/BTC`]);
      expect(marketsOf(kraken, asset)).toEqual([]);
    }
    expect(marketsOf(binance, 'FET')).toEqual(['FET/USDC']);
    for (const asset of OHLCV_SCENARIOS.krakenOnly) {
      expect(marketsOf(binance, asset)).toEqual([]);
      expect(marketsOf(kraken, asset)).toEqual([`${asset}/USD`]);
    }
    for (const asset of OHLCV_SCENARIOS.missing) {
      expect([...binance.symbols, ...kraken.symbols].filter((symbol) => symbol.includes(asset))).toEqual([]);
    }
    // Delisted: still a market (status BREAK), no longer active.
    expect(binance.market('MATIC/USDT').active).toBe(false);
    expect(binance.market('POL/USDT').active).toBe(true);
  });
});

describe('the price model on its own', () => {
  it("makes a day's candle exactly its 24 hours' and its 1440 minutes'", () => {
    for (const [exchange, symbol, day] of [
      ['binance', 'ETH/BTC', utc('2021-05-19')],
      ['binance', 'SHIB/USDT', utc('2024-03-14')],
      ['kraken', 'BTC/USD', utc('2020-03-12')],
    ] as const) {
      const daily = fake.candle(exchange, symbol, '1d', day)!;
      const hours = modelCandles(exchange, symbol, '1h', day, HOUR, 24);
      const minutes = modelCandles(exchange, symbol, '1m', day, MINUTE, 1440);
      expect(hours).toHaveLength(24);
      expect(minutes).toHaveLength(1440);
      expect(aggregate(hours)).toEqual(summary(daily));
      expect(aggregate(minutes)).toEqual(summary(daily));
      for (let h = 0; h < 24; h += 1) expect(aggregate(minutes.slice(h * 60, h * 60 + 60))).toEqual(summary(hours[h]!));
      // Candles join: each opens where the previous closed.
      for (let i = 1; i < minutes.length; i += 1) expect(minutes[i]!.open).toBe(minutes[i - 1]!.close);
    }
  });

  it('writes prices on the tick with realistic magnitudes, and USDC at 0.87–0.97 on 2023-03-11', () => {
    const btc = fake.candle('binance', 'BTC/USDT', '1d', utc('2021-05-10'))!;
    expect(btc.close).toMatch(/^\d{5}\.\d{2}$/);
    expect(Number(btc.close)).toBeGreaterThan(30_000);
    expect(fake.candle('binance', 'SHIB/USDT', '1d', utc('2024-03-14'))!.close).toMatch(/^0\.0000\d{4}$/);
    const usdc = fake.candle('binance', 'USDC/USDT', '1d', utc('2023-03-11'))!;
    expect(Number(usdc.low)).toBeGreaterThanOrEqual(0.87);
    expect(Number(usdc.low)).toBeLessThan(0.88);
    expect(Number(usdc.high)).toBeLessThanOrEqual(0.97);
    const calm = fake.candle('binance', 'USDC/USDT', '1d', utc('2023-03-20'))!;
    expect(Math.abs(Number(calm.close) - 1)).toBeLessThan(0.003);
  });

  it('prices an asset reached only through BTC close to its model USD price', () => {
    const hour = utc('2022-01-05') + 13 * HOUR;
    for (const asset of OHLCV_SCENARIOS.btcOnly) {
      const inBtc = fake.candle('binance', `${asset}/BTC`, '1h', hour)!;
      const btc = fake.candle('binance', 'BTC/USDT', '1h', hour)!;
      const triangulated = new Decimal(inBtc.close).times(btc.close);
      const usd = new Decimal(fake.model.usdPrice(asset, hour + HOUR));
      expect(triangulated.div(usd).minus(1).abs().toNumber()).toBeLessThan(0.01);
    }
  });
});

describe('fetchOHLCV against Binance', () => {
  it.each([
    ['1d', DAY, utc('2021-01-01')],
    ['1h', HOUR, utc('2023-03-10')],
    ['1m', MINUTE, utc('2020-03-12') + 7 * HOUR],
  ])('returns exactly the model %s candles, 1000 a call, from startTime', async (timeframe, step, since) => {
    fake.resetRequests();
    const rows = (await binance.fetchOHLCV('ETH/BTC', timeframe, since, 1000)) as Row[];
    expect(rows).toHaveLength(1000);
    expect(asText(binance, rows)).toEqual(expectedRows(modelCandles('binance', 'ETH/BTC', timeframe, since, step, 1000)));
    // ccxt asks symbol, interval, limit and startTime; no endTime unless `until` is given.
    const [request] = fake.server.requests;
    expect(Object.fromEntries(new URLSearchParams(request!.query))).toEqual({ symbol: 'ETHBTC', interval: timeframe, limit: '1000', startTime: String(since) });
  });

  it('writes every price and volume with 8 decimals on the wire: the model text, padded', async () => {
    const since = utc('2024-03-14');
    const eight = (text: string): string => new Decimal(text).toFixed(8);
    const raw = (await binance.publicGetKlines({ symbol: 'SHIBUSDT', interval: '1d', startTime: since, limit: 2 })) as unknown[][];
    const candle = fake.candle('binance', 'SHIB/USDT', '1d', since)!;
    expect(raw[0]!.slice(0, 9)).toEqual([since, eight(candle.open), eight(candle.high), eight(candle.low), eight(candle.close), eight(candle.volume), since + DAY - 1, candle.quoteVolume, candle.trades]);
    expect(raw[0]![1]).toMatch(/^0\.0000\d{4}$/);
  });

  it('serves 3m … 1M as aggregates of the base candles (1w from Monday)', async () => {
    const week = utc('2024-03-11'); // a Monday
    const [row] = (await binance.fetchOHLCV('BTC/USDT', '1w', week, 1)) as Row[];
    expect(asText(binance, [row!])).toEqual(expectedRows([{ ...aggregate(modelCandles('binance', 'BTC/USDT', '1d', week, DAY, 7)), openTime: week } as Candle]));
    const fourHours = (await binance.fetchOHLCV('ETH/USDT', '4h', utc('2022-06-18'), 6)) as Row[];
    expect(asText(binance, fourHours)).toEqual(expectedRows(modelCandles('binance', 'ETH/USDT', '4h', utc('2022-06-18'), 4 * HOUR, 6)));
  });

  it('answers the latest candles up to endTime (ccxt `until`), the current one partial', async () => {
    const rows = (await binance.fetchOHLCV('BTC/USDT', '1h', undefined, 5, { until: NOW })) as Row[];
    const currentHour = NOW - (NOW % HOUR);
    expect(rows.map((row) => row[0])).toEqual([4, 3, 2, 1, 0].map((back) => currentHour - back * HOUR));
    const partial = fake.model.candle(fake.market('binance', 'BTC/USDT'), '1h', currentHour, NOW)!;
    const complete = fake.candle('binance', 'BTC/USDT', '1h', currentHour)!;
    expect(partial.complete).toBe(false);
    expect(asText(binance, rows.slice(-1))).toEqual(expectedRows([partial]));
    expect(partial.volume).not.toBe(complete.volume);
    // Nothing after now exists yet.
    expect(await binance.fetchOHLCV('BTC/USDT', '1h', NOW + HOUR, 10)).toEqual([]);
  });

  it('has no candles before a listing, in a gap or after a delisting', async () => {
    const apt = (await binance.fetchOHLCV('APT/USDT', '1d', utc('2022-01-01'), 3)) as Row[];
    expect(apt.map((row) => row[0])).toEqual([0, 1, 2].map((i) => utc('2022-10-19') + i * DAY));
    expect(await binance.fetchOHLCV('APT/USDT', '1d', utc('2022-01-01'), 3, { until: utc('2022-10-18') })).toEqual([]);

    const { from, to } = OHLCV_SCENARIOS.gap;
    const link = (await binance.fetchOHLCV('LINK/USDT', '1d', from - 2 * DAY, 4)) as Row[];
    expect(link.map((row) => row[0])).toEqual([from - 2 * DAY, from - DAY, to, to + DAY]);
    const inGap = (await binance.fetchOHLCV('LINK/USDT', '1h', from + 5 * HOUR, 2)) as Row[];
    expect(inGap[0]![0]).toBe(to);
    expect(fake.candle('binance', 'LINK/USDT', '1d', from)).toBeNull();
    // The BTC market of the same asset has those days.
    expect(((await binance.fetchOHLCV('LINK/BTC', '1d', from, 1)) as Row[])[0]![0]).toBe(from);

    const matic = (await binance.fetchOHLCV('MATIC/USDT', '1d', OHLCV_SCENARIOS.delisting.delisted - 2 * DAY, 10)) as Row[];
    expect(matic.map((row) => row[0])).toEqual([-2, -1].map((i) => OHLCV_SCENARIOS.delisting.delisted + i * DAY));
  });

  it('knows no market for the missing assets: BadSymbol from ccxt, and -1121 (BadSymbol) from the server', async () => {
    expect(await failure(() => binance.fetchOHLCV('HEX/USDT', '1d'))).toBe('BadSymbol');
    expect(await failure(() => binance.fetchOHLCV('NXS/USDT', '1d'))).toBe('BadSymbol');
    expect(await failure(() => binance.publicGetKlines({ symbol: 'HEXUSDT', interval: '1d' }))).toBe('BadSymbol');
    expect(await failure(() => binance.publicGetKlines({ symbol: 'BTCUSDT', interval: '2d' }))).toBe('BadRequest');
  });
});

describe('fetchOHLCV against Kraken', () => {
  it('sends since one interval early and gets the model candles from since on', async () => {
    fake.resetRequests();
    const since = NOW - (NOW % HOUR) - 100 * HOUR;
    const rows = (await kraken.fetchOHLCV('BTC/USD', '1h', since)) as Row[];
    expect(Object.fromEntries(new URLSearchParams(fake.server.requests[0]!.query))).toEqual({ pair: 'XXBTZUSD', interval: '60', since: String(since / 1000 - 3600) });
    // 100 whole hours, then the current, partial one (Kraken always adds it).
    expect(rows).toHaveLength(101);
    const expected = [...modelCandles('kraken', 'BTC/USD', '1h', since, HOUR, 100), fake.model.candle(fake.market('kraken', 'BTC/USD'), '1h', since + 100 * HOUR, NOW)!];
    expect(asText(kraken, rows)).toEqual(expectedRows(expected));
  });

  it('keeps only its latest 720 candles of an interval, whatever since says', async () => {
    for (const [timeframe, step] of [
      ['1m', MINUTE],
      ['1h', HOUR],
      ['1d', DAY],
    ] as const) {
      const current = NOW - (NOW % step);
      const rows = (await kraken.fetchOHLCV('XMR/USD', timeframe, utc('2019-01-01'))) as Row[];
      expect(rows).toHaveLength(KRAKEN_OHLC_WINDOW);
      expect(rows[0]![0]).toBe(current - (KRAKEN_OHLC_WINDOW - 1) * step);
      expect(rows.at(-1)![0]).toBe(current);
    }
    // So an old date at any granularity is simply not there.
    const old = (await kraken.fetchOHLCV('XMR/USD', '1d', utc('2023-03-11'), 1)) as Row[];
    expect(old[0]![0]).toBeGreaterThan(utc('2024-01-01'));
  });

  it('keeps since exclusive on the wire and says which candle is the last committed one', async () => {
    const hour = NOW - (NOW % HOUR) - 3 * HOUR;
    const raw = (await kraken.publicGetOHLC({ pair: 'XETHXXBT', interval: 60, since: hour / 1000 })) as { result: Record<string, unknown[][] | number> };
    const rows = raw.result['XETHXXBT'] as unknown[][];
    expect(rows.map((row) => row[0])).toEqual([1, 2, 3].map((i) => (hour + i * HOUR) / 1000));
    expect(raw.result['last']).toBe((hour + 2 * HOUR) / 1000);
    // [time, open, high, low, close, vwap, volume, count], prices with the pair's decimals.
    const candle = fake.candle('kraken', 'ETH/BTC', '1h', hour + HOUR)!;
    expect(rows[0]!.slice(1, 5)).toEqual([candle.open, candle.high, candle.low, candle.close]);
    expect(rows[0]![5]).toMatch(/^0\.\d{5}$/);
    expect(rows[0]![6]).toMatch(/^\d+\.\d{8}$/);
  });

  it('knows no pair for assets it does not list: BadSymbol from ccxt, "EQuery:Unknown asset pair" from the server', async () => {
    expect(await failure(() => kraken.fetchOHLCV('NXS/USD', '1d'))).toBe('BadSymbol');
    // ccxt maps only "EQuery:Invalid asset pair" to BadSymbol; Kraken's word for a pair it
    // does not know arrives as a plain ExchangeError.
    expect(await failure(() => kraken.publicGetOHLC({ pair: 'HEXUSD', interval: 1440 }))).toBe('ExchangeError');
  });
});

describe('rate limits', () => {
  it("answers Binance's 429 with -1003 and Retry-After past N requests a second: ccxt's DDoSProtection", async () => {
    fake.resetRequests();
    fake.setRateLimit('binance', { requests: 2, retryAfterSeconds: 7 });
    await binance.fetchOHLCV('BTC/USDT', '1d', utc('2024-01-01'), 1);
    await binance.fetchOHLCV('BTC/USDT', '1d', utc('2024-01-02'), 1);
    let thrown: unknown = null;
    await binance.fetchOHLCV('BTC/USDT', '1d', utc('2024-01-03'), 1).catch((error: unknown) => (thrown = error));
    // ccxt's Binance throws DDoSProtection for any 429 or 418 before it reads -1003 (which
    // it would map to RateLimitExceeded, a subclass): catch DDoSProtection.
    expect(thrown).toBeInstanceOf(ccxt.DDoSProtection);
    expect(binance.last_response_headers?.['Retry-After']).toBe('7');
    expect(fake.throttled).toBe(1);
    expect(fake.candleRequests).toBe(3);
    // Kraken has its own allowance.
    expect(await failure(() => kraken.fetchTime())).toBe('none');
  });

  it("answers Kraken's 429 with EGeneral:Too many requests and Retry-After: ccxt's DDoSProtection", async () => {
    fake.setRateLimit('kraken', { requests: 1, perSeconds: 60 });
    await kraken.fetchOHLCV('ETH/USD', '1d');
    let thrown: unknown = null;
    await kraken.fetchOHLCV('ETH/USD', '1d').catch((error: unknown) => (thrown = error));
    expect(thrown).toBeInstanceOf(ccxt.DDoSProtection);
    expect(Number(kraken.last_response_headers?.['Retry-After'])).toBeGreaterThanOrEqual(59);
    fake.setRateLimit('kraken', null);
    expect(await failure(() => kraken.fetchOHLCV('ETH/USD', '1d'))).toBe('none');
  });
});

it('counts requests by endpoint', async () => {
  fake.resetRequests();
  await binance.fetchOHLCV('ETH/USDT', '1h', utc('2025-01-01'), 10);
  await binance.fetchTime();
  await kraken.fetchOHLCV('ETH/USD', '1h');
  expect(fake.requests).toEqual({ 'api.binance.com/api/v3/klines': 1, 'api.binance.com/api/v3/time': 1, 'api.kraken.com/0/public/OHLC': 1 });
  expect(fake.candleRequests).toBe(2);
});
