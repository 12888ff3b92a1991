// The public market data of Binance spot and Kraken on one server on 127.0.0.1, for the
// price service's tests and benchmark: what ccxt's loadMarkets() and fetchOHLCV() call,
// in the exchanges' own formats and with their real limits, serving the candles of a
// deterministic price model (price-model.ts) for the markets in ohlcv-markets.ts.
//
// Use:
//   const fake = createFakeOhlcv({ now: () => Date.UTC(2026, 5, 30, 12) });
//   const base = await fake.start();               // http://127.0.0.1:PORT
//   const binance = new ccxt.binance({ enableRateLimit: false });
//   binance.urls.api = overrideApiUrls(binance.urls.api, base);   // likewise ccxt.kraken
//   ... value trades, then compare with fake.candle('binance', 'ETH/BTC', '1h', openTime) ...
//   await fake.stop();
//
// The returned FakeOhlcv has:
//   server                 the FakeExchangeServer: raw request log, inject(), injectRandomly()
//   start(port?)/stop()    listen on 127.0.0.1 (base URL returned) / close
//   model                  the PriceModel served (model.candle(market, interval, openTime))
//   markets, market(exchange, symbolOrId)   what each exchange lists (ohlcv-markets.ts)
//   candle(exchange, symbol, timeframe, openTime)
//                          the complete candle the exchange has for that interval (ccxt's
//                          timeframe names), or null where it has none; Kraken's 720-candle
//                          window is not applied here: it limits serving, not the data
//   requests               how many requests each endpoint got: { 'api.binance.com/api/v3/klines': 12, ... }
//   candleRequests         klines + OHLC requests (answered or not)
//   throttled              how many the rate limit below refused
//   resetRequests()        forget the log (e.g. between a cold and a warm run)
//   setRateLimit(exchange, { requests, perSeconds?, retryAfterSeconds? } | null)
//                          from now on, the request beyond `requests` within `perSeconds`
//                          (default 1, sliding, real time) gets HTTP 429 with Retry-After in
//                          the exchange's words: Binance -1003 (ccxt: DDoSProtection),
//                          Kraken EGeneral:Too many requests (ccxt: DDoSProtection). Also as
//                          one-off faults: server.inject({ fault: binanceRateLimitFault(5) }).
//   now()                  the exchanges' clock (option `now`, default Date.now): candles that
//                          open later do not exist yet, and the one open now is partial
//
// Endpoints (the host is the first path segment, as for every fake):
//   api.binance.com   GET /api/v3/ping, /api/v3/time, /api/v3/exchangeInfo (symbol, symbols)
//                     GET /api/v3/klines symbol, interval, startTime, endTime, timeZone (UTC
//                         only), limit (default 500, above 1000 means 1000); weight 2
//   fapi.binance.com  GET /fapi/v1/exchangeInfo, /fapi/v1/time, /fapi/v1/ping   (no markets)
//   dapi.binance.com  GET /dapi/v1/exchangeInfo, /dapi/v1/time, /dapi/v1/ping   (no markets)
//   api.kraken.com    GET /0/public/Time, /0/public/SystemStatus, /0/public/Assets (asset),
//                         /0/public/AssetPairs (pair),
//                         /0/public/OHLC pair, interval (minutes, default 1), since (exclusive)
//
// Binance klines: candles opening in [startTime, endTime], the first `limit` from startTime;
// with only endTime, the last `limit` up to it; with neither, the latest `limit`. Prices are
// written with 8 decimals ("42000.01000000"). Kraken OHLC: only the latest 720 candles of an
// interval exist (the last one is the current, uncommitted one, always present); `since`
// keeps those opening strictly after it; `last` is the newest committed candle's time.
// No market has candles before 2019-01-01 (where the model starts).
import { FakeExchangeServer, type Fault, type FakeRequest, type FakeResponse } from '../fake-server.ts';
import { exchangeInfoSymbol, type BinanceMarket } from '../binance/binance-markets.ts';
import { Decimal } from '../../../shared/money.ts';
import { KRAKEN_OHLCV_ASSETS, OHLCV_MARKETS, ohlcvMarket, type OhlcvExchangeId, type OhlcvMarket } from './ohlcv-markets.ts';
import { MODEL_END, PriceModel, fixed, intervalStart, parseInterval, type Candle, type Interval, type PriceModelOptions } from './price-model.ts';

export const BINANCE_KLINES_DEFAULT_LIMIT = 500;
export const BINANCE_KLINES_MAX_LIMIT = 1000;
/** Kraken keeps this many of the latest candles of each interval, and no older ones. */
export const KRAKEN_OHLC_WINDOW = 720;

/** Binance's kline intervals (all but 1s, which the model does not go down to). */
export const BINANCE_INTERVALS: readonly string[] = ['1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h', '12h', '1d', '3d', '1w', '1M'];

/** Kraken's OHLC intervals in minutes, and the model's name for each (its weeks run from Thursday, like the epoch). */
export const KRAKEN_INTERVALS: Readonly<Record<number, string>> = { 1: '1m', 5: '5m', 15: '15m', 30: '30m', 60: '1h', 240: '4h', 1440: '1d', 10080: '7d', 21600: '15d' };

/** ccxt's timeframe names for Kraken's intervals. */
const KRAKEN_TIMEFRAMES: Readonly<Record<string, string>> = { '1m': '1m', '5m': '5m', '15m': '15m', '30m': '30m', '1h': '1h', '4h': '4h', '1d': '1d', '1w': '7d', '2w': '15d' };

export interface OhlcvRateLimit {
  /** Requests let through per window; the next one gets HTTP 429. */
  requests: number;
  /** The window in seconds (default 1), sliding. */
  perSeconds?: number;
  /** Retry-After to send (default: the seconds until the window has room again, at least 1). */
  retryAfterSeconds?: number;
}

export interface FakeOhlcvOptions extends PriceModelOptions {
  /** The model to serve (default: one built from the seed, depegs and assets given here). */
  model?: PriceModel;
  /** The exchanges' clock, epoch ms (default Date.now). Pass a fixed time for stable tests. */
  now?: () => number;
  rateLimit?: Partial<Record<OhlcvExchangeId, OhlcvRateLimit>>;
}

export interface FakeOhlcv {
  server: FakeExchangeServer;
  start(port?: number): Promise<string>;
  stop(): Promise<void>;
  model: PriceModel;
  markets: Readonly<Record<OhlcvExchangeId, readonly OhlcvMarket[]>>;
  market(exchange: OhlcvExchangeId, symbolOrId: string): OhlcvMarket;
  candle(exchange: OhlcvExchangeId, symbol: string, timeframe: string, openTime: number): Candle | null;
  readonly requests: Record<string, number>;
  readonly candleRequests: number;
  readonly throttled: number;
  resetRequests(): void;
  setRateLimit(exchange: OhlcvExchangeId, limit: OhlcvRateLimit | null): void;
  now(): number;
}

/** Binance's throttling reply (HTTP 429, -1003; ccxt: RateLimitExceeded), for server.inject(). */
export function binanceRateLimitFault(retryAfterSeconds = 1): Fault {
  return { kind: 'reply', response: binanceThrottled(retryAfterSeconds) };
}

/** Kraken's throttling reply (HTTP 429, EGeneral:Too many requests; ccxt: DDoSProtection), for server.inject(). */
export function krakenRateLimitFault(retryAfterSeconds = 1): Fault {
  return { kind: 'reply', response: krakenThrottled(retryAfterSeconds) };
}

function binanceThrottled(retryAfterSeconds: number): FakeResponse {
  return {
    status: 429,
    headers: { 'Retry-After': String(retryAfterSeconds) },
    body: { code: -1003, msg: 'Too much request weight used; current limit is 6000 request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.' },
  };
}

function krakenThrottled(retryAfterSeconds: number): FakeResponse {
  return { status: 429, headers: { 'Retry-After': String(retryAfterSeconds) }, body: { error: ['EGeneral:Too many requests'] } };
}

export function createFakeOhlcv(options: FakeOhlcvOptions = {}): FakeOhlcv {
  const model = options.model ?? new PriceModel(options);
  const now = options.now ?? Date.now;
  const limits: Partial<Record<OhlcvExchangeId, OhlcvRateLimit>> = { ...options.rateLimit };
  const admitted: Record<OhlcvExchangeId, number[]> = { binance: [], kraken: [] };
  const binanceWeight = { minute: -1, used: 0 };

  /** The window's verdict: null to serve, or the exchange's 429. */
  const throttle = (exchange: OhlcvExchangeId): FakeResponse | null => {
    const limit = limits[exchange];
    if (!limit) return null;
    // The real clock, not `now`: tests freeze the market's clock but not their own pace.
    const time = Date.now();
    const span = (limit.perSeconds ?? 1) * 1000;
    const seen = admitted[exchange];
    while (seen.length > 0 && seen[0]! <= time - span) seen.shift();
    if (seen.length < limit.requests) {
      seen.push(time);
      return null;
    }
    const retryAfter = limit.retryAfterSeconds ?? Math.max(1, Math.ceil((seen[0]! + span - time) / 1000));
    return exchange === 'binance' ? binanceThrottled(retryAfter) : krakenThrottled(retryAfter);
  };

  const binanceRoutes: Record<string, { weight: number; handle: (params: URLSearchParams) => FakeResponse }> = {
    'api /api/v3/ping': { weight: 1, handle: () => ok({}) },
    'api /api/v3/time': { weight: 1, handle: () => ok({ serverTime: now() }) },
    'api /api/v3/exchangeInfo': { weight: 20, handle: (params) => binanceExchangeInfo(params, now()) },
    'api /api/v3/klines': { weight: 2, handle: (params) => binanceKlines(model, params, now()) },
    'fapi /fapi/v1/ping': { weight: 1, handle: () => ok({}) },
    'fapi /fapi/v1/time': { weight: 1, handle: () => ok({ serverTime: now() }) },
    'fapi /fapi/v1/exchangeInfo': { weight: 1, handle: () => ok({ timezone: 'UTC', serverTime: now(), futuresType: 'U_MARGINED', rateLimits: [], exchangeFilters: [], assets: [], symbols: [] }) },
    'dapi /dapi/v1/ping': { weight: 1, handle: () => ok({}) },
    'dapi /dapi/v1/time': { weight: 1, handle: () => ok({ serverTime: now() }) },
    'dapi /dapi/v1/exchangeInfo': { weight: 1, handle: () => ok({ timezone: 'UTC', serverTime: now(), rateLimits: [], exchangeFilters: [], symbols: [] }) },
  };

  const krakenRoutes: Record<string, (params: URLSearchParams) => KrakenResult> = {
    Time: () => ({ result: { unixtime: Math.floor(now() / 1000), rfc1123: rfc1123(now()) } }),
    SystemStatus: () => ({ result: { status: 'online', timestamp: new Date(now()).toISOString().replace(/\.\d+Z$/, 'Z') } }),
    Assets: (params) => krakenAssets(params),
    AssetPairs: (params) => krakenAssetPairs(params, now()),
    OHLC: (params) => krakenOhlc(model, params, now()),
  };

  const handle = (request: FakeRequest): FakeResponse => {
    const family = binanceFamily(request.host);
    if (family !== null) {
      const throttled = throttle('binance');
      if (throttled) return throttled;
      const route = binanceRoutes[`${family} ${request.path}`];
      if (!route || request.method !== 'GET') return { status: 404, body: `fake Binance OHLCV: no endpoint ${request.method} ${request.host}${request.path}` };
      const response = route.handle(request.query);
      const minute = Math.floor(Date.now() / 60_000);
      if (minute !== binanceWeight.minute) Object.assign(binanceWeight, { minute, used: 0 });
      binanceWeight.used += route.weight;
      return { ...response, headers: { 'X-MBX-USED-WEIGHT': String(binanceWeight.used), 'X-MBX-USED-WEIGHT-1M': String(binanceWeight.used), ...response.headers } };
    }
    if (request.host === 'api.kraken.com') {
      const throttled = throttle('kraken');
      if (throttled) return throttled;
      const match = /^\/0\/public\/([A-Za-z]+)$/.exec(request.path);
      const route = match ? krakenRoutes[match[1]!] : undefined;
      if (!route) return krakenEnvelope({ error: 'EGeneral:Unknown method' });
      return krakenEnvelope(route(request.query));
    }
    return { status: 404, body: `fake OHLCV: no exchange at ${request.host}` };
  };

  const server = new FakeExchangeServer(handle);
  const countWhere = (test: (path: string, status: number | 'fault') => boolean): number => server.requests.filter((entry) => test(entry.path, entry.status)).length;

  return {
    server,
    start: (port?: number) => server.start(port),
    stop: () => server.stop(),
    model,
    markets: OHLCV_MARKETS,
    market: ohlcvMarket,
    candle(exchange, symbol, timeframe, openTime) {
      const interval = exchange === 'kraken' ? KRAKEN_TIMEFRAMES[timeframe] : BINANCE_INTERVALS.includes(timeframe) ? timeframe : undefined;
      if (interval === undefined) throw new Error(`fake OHLCV: ${exchange} has no ${timeframe} candles`);
      return model.candle(ohlcvMarket(exchange, symbol), interval, openTime);
    },
    get requests() {
      const counts: Record<string, number> = {};
      for (const entry of server.requests) counts[`${entry.host}${entry.path}`] = (counts[`${entry.host}${entry.path}`] ?? 0) + 1;
      return counts;
    },
    get candleRequests() {
      return countWhere((path) => path === '/api/v3/klines' || path === '/0/public/OHLC');
    },
    get throttled() {
      return countWhere((_, status) => status === 429);
    },
    resetRequests() {
      server.requests.length = 0;
    },
    setRateLimit(exchange, limit) {
      if (limit) limits[exchange] = limit;
      else delete limits[exchange];
      admitted[exchange].length = 0;
    },
    now,
  };
}

/** Binance's published limits, as exchangeInfo lists them. */
const BINANCE_RATE_LIMITS = [
  { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
  { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 },
  { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 200000 },
  { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 61000 },
];

function ok(body: unknown): FakeResponse {
  return { status: 200, body };
}

function binanceFamily(host: string): 'api' | 'fapi' | 'dapi' | null {
  if (/^api(\d|-gcp)?\.binance\.com$/.test(host)) return 'api';
  if (host === 'fapi.binance.com') return 'fapi';
  if (host === 'dapi.binance.com') return 'dapi';
  return null;
}

// ── Binance ─────────────────────────────────────────────────────────────────────────

function binanceError(code: number, msg: string): FakeResponse {
  return { status: 400, body: { code, msg } };
}

/** Markets listed by `time`: not yet listed ones do not exist; delisted ones stay, as BREAK. */
function binanceListed(time: number): OhlcvMarket[] {
  return OHLCV_MARKETS.binance.filter((entry) => entry.listed <= time);
}

function binanceExchangeInfo(params: URLSearchParams, time: number): FakeResponse {
  const listed = binanceListed(time);
  let wanted: string[] | null = params.get('symbol') === null ? null : [params.get('symbol')!];
  const many = params.get('symbols');
  if (wanted === null && many !== null) {
    try {
      wanted = JSON.parse(many) as string[];
    } catch {
      return binanceError(-1100, "Illegal characters found in parameter 'symbols'; legal range is '^\\[(\"[A-Z0-9-_.]{1,20}\"(,\"[A-Z0-9-_.]{1,20}\"){0,}){0,1}\\]$'.");
    }
  }
  if (wanted && wanted.some((symbol) => !listed.some((entry) => entry.id === symbol))) return binanceError(-1121, 'Invalid symbol.');
  const markets = wanted ? listed.filter((entry) => wanted.includes(entry.id)) : listed;
  return ok({ timezone: 'UTC', serverTime: time, rateLimits: BINANCE_RATE_LIMITS, exchangeFilters: [], symbols: markets.map((entry) => exchangeInfoSymbol(asBinanceMarket(entry), time)) });
}

/** The shape binance-markets.ts builds exchangeInfo entries from. */
function asBinanceMarket(entry: OhlcvMarket): BinanceMarket {
  return {
    symbol: entry.id,
    base: entry.base,
    quote: entry.quote,
    listed: entry.listed,
    delisted: entry.delisted,
    weight: 0,
    tickSize: padEight(fixed(1, entry.priceDecimals)),
    stepSize: padEight(fixed(1, entry.volumeDecimals)),
    tickDecimals: entry.priceDecimals,
    stepDecimals: entry.volumeDecimals,
  };
}

const KLINES_PARAMETERS = new Set(['symbol', 'interval', 'startTime', 'endTime', 'timeZone', 'limit']);

function binanceKlines(model: PriceModel, params: URLSearchParams, time: number): FakeResponse {
  const sent = [...params.keys()];
  const read = sent.filter((name) => KLINES_PARAMETERS.has(name));
  if (read.length !== sent.length) return binanceError(-1104, `Not all sent parameters were read; read '${read.length}' parameter(s) but was sent '${sent.length}'.`);
  for (const name of ['symbol', 'interval']) {
    if (!params.get(name)) return binanceError(-1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`);
  }
  const market = binanceListed(time).find((entry) => entry.id === params.get('symbol'));
  if (!market) return binanceError(-1121, 'Invalid symbol.');
  const intervalName = params.get('interval')!;
  if (!BINANCE_INTERVALS.includes(intervalName)) return binanceError(-1120, 'Invalid interval.');
  const timeZone = params.get('timeZone');
  // Other time zones shift 1d and longer candles; the fake serves UTC only and says so.
  if (timeZone !== null && !/^[+-]?0{1,2}(:00)?$/.test(timeZone)) return binanceError(-1130, "Data sent for parameter 'timeZone' is not valid.");
  const numbers: Record<string, number | undefined> = {};
  for (const name of ['startTime', 'endTime', 'limit']) {
    const text = params.get(name);
    if (text === null) continue;
    if (!/^\d{1,20}$/.test(text)) return binanceError(-1100, `Illegal characters found in parameter '${name}'; legal range is '^[0-9]{1,20}$'.`);
    numbers[name] = Number(text);
  }
  if (numbers.limit !== undefined && numbers.limit < 1) return binanceError(-1130, "Data sent for parameter 'limit' is not valid.");
  const limit = Math.min(numbers.limit ?? BINANCE_KLINES_DEFAULT_LIMIT, BINANCE_KLINES_MAX_LIMIT);
  const { startTime, endTime } = numbers;
  if (startTime !== undefined && endTime !== undefined && startTime > endTime) return binanceError(-1023, 'Start time is greater than end time.');
  const candles =
    startTime !== undefined
      ? model.candles(market, intervalName, { from: startTime, to: endTime, limit, asOf: time })
      : model.candles(market, intervalName, { to: endTime, limit, newest: true, asOf: time });
  return ok(
    candles.map((candle) => [
      candle.openTime,
      padEight(candle.open),
      padEight(candle.high),
      padEight(candle.low),
      padEight(candle.close),
      padEight(candle.volume),
      candle.closeTime,
      candle.quoteVolume,
      candle.trades,
      padEight(candle.takerBuyVolume),
      candle.takerBuyQuoteVolume,
      '0',
    ]),
  );
}

/** Binance writes every price and quantity with 8 decimals (the model writes at most 8). */
function padEight(text: string): string {
  const point = text.indexOf('.');
  return point === -1 ? `${text}.00000000` : text + EIGHT_ZEROS.slice(text.length - point - 1);
}

const EIGHT_ZEROS = '00000000';

// ── Kraken ──────────────────────────────────────────────────────────────────────────

type KrakenResult = { result: unknown } | { error: string };

function krakenEnvelope(result: KrakenResult): FakeResponse {
  return { status: 200, body: 'error' in result ? { error: [result.error] } : { error: [], result: result.result } };
}

function krakenListed(time: number): OhlcvMarket[] {
  return OHLCV_MARKETS.kraken.filter((entry) => entry.listed <= time);
}

function krakenPair(name: string, time: number): OhlcvMarket | undefined {
  return krakenListed(time).find((entry) => entry.id === name || entry.altname === name);
}

function krakenAssets(params: URLSearchParams): KrakenResult {
  const wanted = params.get('asset');
  const assets = wanted === null || wanted === '' ? KRAKEN_OHLCV_ASSETS : wanted.split(',').map((code) => KRAKEN_OHLCV_ASSETS.find((entry) => entry.code === code || entry.altname === code));
  if (assets.some((entry) => entry === undefined)) return { error: 'EQuery:Unknown asset' };
  const result: Record<string, unknown> = {};
  for (const entry of assets) {
    result[entry!.code] = {
      aclass: 'currency',
      altname: entry!.altname,
      decimals: entry!.decimals,
      display_decimals: entry!.displayDecimals,
      collateral_value: entry!.asset === 'USD' ? 1 : 0.5,
      status: 'enabled',
    };
  }
  return { result };
}

const TAKER_FEES = [[0, 0.26], [50000, 0.24], [100000, 0.22], [250000, 0.2], [500000, 0.18], [1000000, 0.16], [2500000, 0.14], [5000000, 0.12], [10000000, 0.1]];
const MAKER_FEES = [[0, 0.16], [50000, 0.14], [100000, 0.12], [250000, 0.1], [500000, 0.08], [1000000, 0.06], [2500000, 0.04], [5000000, 0.02], [10000000, 0]];

function krakenAssetPairs(params: URLSearchParams, time: number): KrakenResult {
  const wanted = params.get('pair');
  const pairs = wanted === null || wanted === '' ? krakenListed(time) : wanted.split(',').map((name) => krakenPair(name.trim(), time));
  if (pairs.some((entry) => entry === undefined)) return { error: 'EQuery:Unknown asset pair' };
  const result: Record<string, unknown> = {};
  for (const pair of pairs as OhlcvMarket[]) {
    result[pair.id] = {
      altname: pair.altname,
      wsname: pair.wsname,
      aclass_base: 'currency',
      base: pair.baseId,
      aclass_quote: 'currency',
      quote: pair.quoteId,
      lot: 'unit',
      cost_decimals: pair.quote === 'USD' ? 5 : 10,
      pair_decimals: pair.priceDecimals,
      lot_decimals: 8,
      lot_multiplier: 1,
      leverage_buy: [],
      leverage_sell: [],
      fees: TAKER_FEES,
      fees_maker: MAKER_FEES,
      fee_volume_currency: 'ZUSD',
      margin_call: 80,
      margin_stop: 40,
      ordermin: '0.0001',
      costmin: pair.quote === 'USD' ? '0.5' : '0.00002',
      tick_size: fixed(1, pair.priceDecimals),
      status: 'online',
    };
  }
  return { result };
}

function krakenOhlc(model: PriceModel, params: URLSearchParams, time: number): KrakenResult {
  const name = params.get('pair');
  if (!name) return { error: 'EGeneral:Invalid arguments' };
  const market = krakenPair(name, time);
  if (!market) return { error: 'EQuery:Unknown asset pair' };
  const minutes = params.get('interval') ?? '1';
  const intervalName = /^\d+$/.test(minutes) ? KRAKEN_INTERVALS[Number(minutes)] : undefined;
  if (intervalName === undefined) return { error: 'EGeneral:Invalid arguments' };
  const sinceText = params.get('since');
  const since = sinceText === null || sinceText === '' ? null : Number(sinceText);
  if (since !== null && !Number.isFinite(since)) return { error: 'EGeneral:Invalid arguments' };
  const interval: Interval = parseInterval(intervalName);
  const asOf = Math.min(time, MODEL_END - 1);
  const current = intervalStart(interval, asOf);
  let oldest = current;
  for (let i = 1; i < KRAKEN_OHLC_WINDOW; i += 1) oldest = intervalStart(interval, oldest - 1);
  const from = since === null ? oldest : Math.max(oldest, Math.floor(since * 1000) + 1);
  const candles = model.candles(market, interval, { from, to: asOf, asOf });
  // The current, uncommitted candle is always there, whatever `since` says.
  if (candles.at(-1)?.openTime !== current) {
    const latest = model.candle(market, interval, current, asOf);
    if (latest) candles.push(latest);
  }
  const rows = candles.map((candle) => [
    candle.openTime / 1000,
    candle.open,
    candle.high,
    candle.low,
    candle.close,
    vwap(candle, market.priceDecimals),
    padEight(candle.volume),
    candle.trades,
  ]);
  const committed = intervalStart(interval, current - 1);
  return { result: { [market.id]: rows, last: committed / 1000 } };
}

/** Kraken's `rfc1123` field: `Sun,  7 Jun 20 04:07:53 +0000` (two-digit year, space-padded day). */
function rfc1123(ms: number): string {
  const [weekday, day, month, year, time] = new Date(ms).toUTCString().replace(',', '').split(' ') as [string, string, string, string, string];
  return `${weekday}, ${day.replace(/^0/, ' ')} ${month} ${year.slice(2)} ${time} +0000`;
}

/** The candle's volume-weighted price, as Kraken writes it: quote volume over volume, on the tick. */
function vwap(candle: Candle, decimals: number): string {
  const volume = new Decimal(candle.volume);
  return volume.isZero() ? candle.close : new Decimal(candle.quoteVolume).div(volume).toFixed(decimals);
}
