// A fake Binance (spot, binance.com) on 127.0.0.1 for the sync tests, the sync benchmark
// and manual runs: every endpoint a full sync and ccxt's own bootstrap call, with Binance's
// response shapes, paging, windows and limits (binance-history-endpoints.ts), Binance's
// signature and timestamp checks with its own error bodies (binance-signature.ts), request
// weight headers, and the key-permission endpoint answering what the test configured.
//
// Use:
//   const binance = createFakeBinance({ history: { seed: 7, trades: 3000 } });
//   const base = await binance.start();               // http://127.0.0.1:PORT
//   const exchange = new ccxt.binance({ ...binance.credentials, enableRateLimit: false });
//   exchange.urls.api = overrideApiUrls(exchange.urls.api, base);
//   ... sync, then compare with binance.truth ...
//   await binance.stop();
//
// The returned FakeBinance has:
//   server              the FakeExchangeServer: request log, inject(), injectRandomly()
//                       (its 'rate-limit' fault answers Binance's -1003 body)
//   start(port?)/stop() listen on 127.0.0.1 (base URL returned) / close
//   history             the BinanceHistory served; history.append({...}) adds newer activity
//   truth               counts and per-asset sums of what is served (see BinanceTruth)
//   credentials         { apiKey, secret } of the one key the fake knows (64 characters each)
//   permissions         what apiRestrictions reports; setPermissions('read-only' |
//                       'can-trade' | 'can-withdraw' | { ...fields }) changes it
//   setClockSkew(ms)    the server's clock runs ms ahead of this machine's (negative: behind),
//                       as when the user's clock is off: signed calls fail with -1021 until
//                       the client resyncs (ccxt: loadTimeDifference())
//   now()               the server's clock
//
// Endpoints (host api.binance.com unless said; USER_DATA ones are signed; MARKET_DATA
// ones need only the key):
//   GET /api/v3/ping, /api/v3/time, /api/v3/exchangeInfo (symbol, symbols)      NONE
//   GET /api/v3/account (omitZeroBalances)                                        USER_DATA
//   GET /api/v3/myTrades (symbol, orderId, startTime, endTime, fromId, limit)     USER_DATA
//   GET /sapi/v1/system/status                                                    NONE
//   GET /sapi/v1/capital/config/getall                                            USER_DATA
//   GET /sapi/v1/margin/allPairs, /sapi/v1/margin/isolated/allPairs               MARKET_DATA
//   GET /sapi/v1/capital/deposit/hisrec, /sapi/v1/capital/withdraw/history        USER_DATA
//   GET /sapi/v1/convert/tradeFlow, /sapi/v1/asset/dribblet, /sapi/v1/asset/assetDividend
//   GET /sapi/v1/account/apiRestrictions, /sapi/v1/account/status                 USER_DATA
//   GET fapi.binance.com/fapi/v1/exchangeInfo, /fapi/v1/time; dapi.binance.com/dapi/v1/…
//       (ccxt's loadMarkets asks for futures markets too; the fake lists none)
// api/v3 endpoints refuse parameters they do not read (-1104), as Binance does; sapi ones
// ignore them. An unknown path gets a plain-text 404 naming itself, to be obvious in a log.
//
// Binance's own failure replies, for server.inject({ fault, pathIncludes, times, after }):
//   binanceRateLimit(s)      429, Retry-After s, -1003        (ccxt: DDoSProtection)
//   binanceIpBan(s)          418, Retry-After s, -1003        (ccxt: DDoSProtection)
//   binanceInvalidTimestamp  400, -1021                       (ccxt: InvalidNonce)
//   binanceInternalError     500, -1001 "Please try again."   (ccxt: OperationFailed, not a NetworkError)
// and the base server's own: unavailable (503 → ExchangeNotAvailable), timeout
// (→ RequestTimeout), disconnect (→ NetworkError), malformed (see the ccxt notes in
// tests/integration/fakes/binance-fake.test.ts: some methods return [] or a string).
import { FakeExchangeServer, type Fault, type FakeRequest, type FakeResponse } from '../fake-server.ts';
import {
  BinanceHistoryIndex,
  BinanceReject,
  assetDividend,
  convertTradeFlow,
  depositHistory,
  dustLog,
  myTrades,
  withdrawHistory,
} from './binance-history-endpoints.ts';
import { BinanceHistory, type BinanceHistoryOptions, type BinanceTruth } from './binance-history.ts';
import { BINANCE_ASSETS, BINANCE_MARKETS, capitalConfigEntry, exchangeInfoSymbol, isTrading, marketBySymbol } from './binance-markets.ts';
import { BINANCE_ERRORS, binanceError, checkApiKey, checkSigned, requestParams } from './binance-signature.ts';
import { SeededRandom } from '../seeded-random.ts';

export const BINANCE_SPOT_HOSTS: readonly string[] = ['api.binance.com', 'api1.binance.com', 'api2.binance.com', 'api3.binance.com', 'api4.binance.com', 'api-gcp.binance.com'];

/** `GET /sapi/v1/account/apiRestrictions`, field for field. */
export interface BinanceKeyPermissions {
  ipRestrict: boolean;
  createTime: number;
  enableInternalTransfer: boolean;
  enableFutures: boolean;
  enablePortfolioMarginTrading: boolean;
  enableVanillaOptions: boolean;
  permitsUniversalTransfer: boolean;
  enableReading: boolean;
  enableSpotAndMarginTrading: boolean;
  enableWithdrawals: boolean;
  enableMargin: boolean;
}

export type BinanceKeyPreset = 'read-only' | 'can-trade' | 'can-withdraw';

const READ_ONLY: Omit<BinanceKeyPermissions, 'createTime'> = {
  ipRestrict: false,
  enableInternalTransfer: false,
  enableFutures: false,
  enablePortfolioMarginTrading: false,
  enableVanillaOptions: false,
  permitsUniversalTransfer: false,
  enableReading: true,
  enableSpotAndMarginTrading: false,
  enableWithdrawals: false,
  enableMargin: false,
};

export const BINANCE_KEY_PRESETS: Record<BinanceKeyPreset, Omit<BinanceKeyPermissions, 'createTime'>> = {
  'read-only': READ_ONLY,
  'can-trade': { ...READ_ONLY, enableSpotAndMarginTrading: true },
  // Binance lets a key withdraw only when it is restricted to trusted IPs.
  'can-withdraw': { ...READ_ONLY, ipRestrict: true, enableSpotAndMarginTrading: true, enableWithdrawals: true, enableInternalTransfer: true, permitsUniversalTransfer: true },
};

/** Binance's rate-limit reply: HTTP 429, Retry-After, and -1003. */
export function binanceRateLimit(retryAfterSeconds = 1): Fault {
  return {
    kind: 'reply',
    response: {
      status: 429,
      headers: { 'Retry-After': String(retryAfterSeconds) },
      body: { code: -1003, msg: 'Too much request weight used; current limit is 6000 request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.' },
    },
  };
}

/** Binance's IP ban after ignored 429s: HTTP 418, Retry-After until the ban ends. */
export function binanceIpBan(retryAfterSeconds = 120, now = Date.now()): Fault {
  return {
    kind: 'reply',
    response: {
      status: 418,
      headers: { 'Retry-After': String(retryAfterSeconds) },
      body: { code: -1003, msg: `Way too much request weight used; IP banned until ${now + retryAfterSeconds * 1000}. Please use WebSocket Streams for live updates to avoid bans.` },
    },
  };
}

/** -1021 on demand, as if the request's timestamp had fallen outside recvWindow. */
export function binanceInvalidTimestamp(): Fault {
  return { kind: 'reply', response: binanceError(400, -1021, 'Timestamp for this request is outside of the recvWindow.') };
}

/** Binance's "try again" internal error (-1001), answered with HTTP 500. */
export function binanceInternalError(): Fault {
  return { kind: 'reply', response: binanceError(500, -1001, 'Internal error; unable to process your request. Please try again.') };
}

export interface FakeBinanceOptions {
  /** The history to serve, or how to generate one (default: seed 1, 5000 trades). */
  history?: BinanceHistory | BinanceHistoryOptions;
  /** The key's permissions (default 'read-only'). */
  permissions?: BinanceKeyPreset | Partial<BinanceKeyPermissions>;
  /** The key the fake knows (default: generated from the history seed). */
  credentials?: { apiKey: string; secret: string };
  /** The machine clock the server's clock follows (epoch ms; default Date.now). */
  clock?: () => number;
}

export interface FakeBinance {
  server: FakeExchangeServer;
  start(port?: number): Promise<string>;
  stop(): Promise<void>;
  history: BinanceHistory;
  readonly truth: BinanceTruth;
  credentials: { apiKey: string; secret: string };
  readonly permissions: BinanceKeyPermissions;
  setPermissions(permissions: BinanceKeyPreset | Partial<BinanceKeyPermissions>): void;
  setClockSkew(ms: number): void;
  now(): number;
}

type Security = 'NONE' | 'MARKET_DATA' | 'USER_DATA';
type WeightKind = 'api' | 'sapi-ip' | 'sapi-uid';

interface Route {
  security: Security;
  weight: number;
  weightKind: WeightKind;
  /** api/v3 endpoints: the parameters they read (anything else → -1104). */
  reads?: readonly string[];
  handle(params: URLSearchParams): FakeResponse;
}

const SIGNING = ['timestamp', 'recvWindow', 'signature'];

const RATE_LIMITS = [
  { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
  { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 },
  { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 200000 },
  { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 61000 },
];

function ok(body: unknown): FakeResponse {
  return { status: 200, body };
}

function permissionsFrom(setting: BinanceKeyPreset | Partial<BinanceKeyPermissions>, current: BinanceKeyPermissions): BinanceKeyPermissions {
  if (typeof setting === 'string') return { ...BINANCE_KEY_PRESETS[setting], createTime: current.createTime };
  return { ...current, ...setting };
}

export function createFakeBinance(options: FakeBinanceOptions = {}): FakeBinance {
  const history = options.history instanceof BinanceHistory ? options.history : new BinanceHistory(options.history);
  const seed = options.history instanceof BinanceHistory ? 1 : (options.history?.seed ?? 1);
  const keyRandom = new SeededRandom(seed * 7919 + 17);
  const credentials = options.credentials ?? { apiKey: keyRandom.alphanumeric(64), secret: keyRandom.alphanumeric(64) };
  const clock = options.clock ?? Date.now;
  let skew = 0;
  const now = (): number => clock() + skew;
  let permissions = permissionsFrom(options.permissions ?? 'read-only', { ...READ_ONLY, createTime: history.to - 30 * 86_400_000 });
  const index = new BinanceHistoryIndex(history);
  const weights = { minute: -1, api: 0, 'sapi-ip': 0, 'sapi-uid': 0 };

  const exchangeInfo = (params: URLSearchParams): FakeResponse => {
    const time = now();
    const one = params.get('symbol');
    const many = params.get('symbols');
    let symbols: string[] | null = one === null ? null : [one];
    if (many !== null && one === null) {
      try {
        symbols = JSON.parse(many) as string[];
      } catch {
        return binanceError(400, -1100, "Illegal characters found in parameter 'symbols'; legal range is '^\\[(\"[A-Z0-9-_.]{1,20}\"(,\"[A-Z0-9-_.]{1,20}\"){0,}){0,1}\\]$'.");
      }
    }
    if (symbols && symbols.some((symbol) => !marketBySymbol(symbol))) return binanceError(400, -1121, 'Invalid symbol.');
    const listed = symbols ? symbols.map((symbol) => marketBySymbol(symbol)!) : BINANCE_MARKETS;
    return ok({ timezone: 'UTC', serverTime: time, rateLimits: RATE_LIMITS, exchangeFilters: [], symbols: listed.map((entry) => exchangeInfoSymbol(entry, time)) });
  };

  const balance = (asset: string): string => history.truth().assets[asset]?.balance ?? '0';

  const account = (params: URLSearchParams): FakeResponse => {
    const omitZero = params.get('omitZeroBalances') === 'true';
    const balances = BINANCE_ASSETS.map((asset) => ({ asset: asset.id, free: padEight(balance(asset.id)), locked: '0.00000000' })).filter((entry) => !omitZero || entry.free !== '0.00000000');
    // canTrade/canWithdraw describe the account, not the key: apiRestrictions is where a
    // key's own permissions are.
    return ok({
      makerCommission: 10,
      takerCommission: 10,
      buyerCommission: 0,
      sellerCommission: 0,
      commissionRates: { maker: '0.00100000', taker: '0.00100000', buyer: '0.00000000', seller: '0.00000000' },
      canTrade: true,
      canWithdraw: true,
      canDeposit: true,
      brokered: false,
      requireSelfTradePrevention: false,
      preventSor: false,
      updateTime: history.to,
      accountType: 'SPOT',
      balances,
      permissions: ['SPOT'],
      uid: 354937868,
    });
  };

  const apiRestrictions = (): FakeResponse => {
    const body: Record<string, unknown> = { ...permissions };
    // Keys that may trade without an IP restriction lose that right after 90 days.
    if (permissions.enableSpotAndMarginTrading && !permissions.ipRestrict) body['tradingAuthorityExpirationTime'] = permissions.createTime + 90 * 86_400_000;
    return ok(body);
  };

  const marginPairs = (isolated: boolean): FakeResponse =>
    ok(
      BINANCE_MARKETS.filter((entry) => isTrading(entry, now()) && entry.quote !== 'FDUSD').map((entry, position) => ({
        ...(isolated ? {} : { id: String(351637150141315861n + BigInt(position)) }),
        symbol: entry.symbol,
        base: entry.base,
        quote: entry.quote,
        isMarginTrade: true,
        isBuyAllowed: true,
        isSellAllowed: true,
      })),
    );

  const routes = new Map<string, Route>([
    ['api GET /api/v3/ping', { security: 'NONE', weight: 1, weightKind: 'api', handle: () => ok({}) }],
    ['api GET /api/v3/time', { security: 'NONE', weight: 1, weightKind: 'api', handle: () => ok({ serverTime: now() }) }],
    ['api GET /api/v3/exchangeInfo', { security: 'NONE', weight: 20, weightKind: 'api', handle: exchangeInfo }],
    ['api GET /api/v3/account', { security: 'USER_DATA', weight: 20, weightKind: 'api', reads: ['omitZeroBalances', ...SIGNING], handle: account }],
    [
      'api GET /api/v3/myTrades',
      { security: 'USER_DATA', weight: 20, weightKind: 'api', reads: ['symbol', 'orderId', 'startTime', 'endTime', 'fromId', 'limit', ...SIGNING], handle: (params) => myTrades(params, index.refresh()) },
    ],
    ['api GET /sapi/v1/system/status', { security: 'NONE', weight: 1, weightKind: 'sapi-ip', handle: () => ok({ status: 0, msg: 'normal' }) }],
    [
      'api GET /sapi/v1/capital/config/getall',
      { security: 'USER_DATA', weight: 10, weightKind: 'sapi-ip', handle: () => ok(BINANCE_ASSETS.map((asset) => capitalConfigEntry(asset, balance(asset.id)))) },
    ],
    ['api GET /sapi/v1/margin/allPairs', { security: 'MARKET_DATA', weight: 1, weightKind: 'sapi-ip', handle: () => marginPairs(false) }],
    ['api GET /sapi/v1/margin/isolated/allPairs', { security: 'MARKET_DATA', weight: 10, weightKind: 'sapi-ip', handle: () => marginPairs(true) }],
    ['api GET /sapi/v1/capital/deposit/hisrec', { security: 'USER_DATA', weight: 1, weightKind: 'sapi-ip', handle: (params) => depositHistory(params, index.refresh(), now()) }],
    ['api GET /sapi/v1/capital/withdraw/history', { security: 'USER_DATA', weight: 18000, weightKind: 'sapi-uid', handle: (params) => withdrawHistory(params, index.refresh(), now()) }],
    ['api GET /sapi/v1/convert/tradeFlow', { security: 'USER_DATA', weight: 3000, weightKind: 'sapi-uid', handle: (params) => convertTradeFlow(params, index.refresh()) }],
    ['api GET /sapi/v1/asset/dribblet', { security: 'USER_DATA', weight: 1, weightKind: 'sapi-ip', handle: (params) => dustLog(params, index.refresh()) }],
    ['api GET /sapi/v1/asset/assetDividend', { security: 'USER_DATA', weight: 10, weightKind: 'sapi-ip', handle: (params) => assetDividend(params, index.refresh(), now()) }],
    ['api GET /sapi/v1/account/apiRestrictions', { security: 'USER_DATA', weight: 1, weightKind: 'sapi-ip', handle: apiRestrictions }],
    ['api GET /sapi/v1/account/status', { security: 'USER_DATA', weight: 1, weightKind: 'sapi-ip', handle: () => ok({ data: 'Normal' }) }],
    [
      'fapi GET /fapi/v1/exchangeInfo',
      { security: 'NONE', weight: 1, weightKind: 'api', handle: () => ok({ timezone: 'UTC', serverTime: now(), futuresType: 'U_MARGINED', rateLimits: RATE_LIMITS, exchangeFilters: [], assets: [], symbols: [] }) },
    ],
    ['fapi GET /fapi/v1/time', { security: 'NONE', weight: 1, weightKind: 'api', handle: () => ok({ serverTime: now() }) }],
    ['dapi GET /dapi/v1/exchangeInfo', { security: 'NONE', weight: 1, weightKind: 'api', handle: () => ok({ timezone: 'UTC', serverTime: now(), rateLimits: RATE_LIMITS, exchangeFilters: [], symbols: [] }) }],
    ['dapi GET /dapi/v1/time', { security: 'NONE', weight: 1, weightKind: 'api', handle: () => ok({ serverTime: now() }) }],
  ]);

  const hostFamily = (host: string): string | null => {
    if (BINANCE_SPOT_HOSTS.includes(host)) return 'api';
    if (host === 'fapi.binance.com') return 'fapi';
    if (host === 'dapi.binance.com') return 'dapi';
    return null;
  };

  const weightHeaders = (route: Route): Record<string, string> => {
    const minute = Math.floor(now() / 60_000);
    if (minute !== weights.minute) Object.assign(weights, { minute, api: 0, 'sapi-ip': 0, 'sapi-uid': 0 });
    weights[route.weightKind] += route.weight;
    if (route.weightKind === 'api') return { 'X-MBX-USED-WEIGHT': String(weights.api), 'X-MBX-USED-WEIGHT-1M': String(weights.api) };
    if (route.weightKind === 'sapi-uid') return { 'X-SAPI-USED-UID-WEIGHT-1M': String(weights['sapi-uid']) };
    return { 'X-SAPI-USED-IP-WEIGHT-1M': String(weights['sapi-ip']) };
  };

  const handle = (request: FakeRequest): FakeResponse => {
    const family = hostFamily(request.host);
    const route = family === null ? undefined : routes.get(`${family} ${request.method} ${request.path}`);
    if (!route) {
      const otherMethod = family !== null && ['GET', 'POST', 'PUT', 'DELETE'].some((method) => routes.has(`${family} ${method} ${request.path}`));
      if (otherMethod) return binanceError(400, -1000, `Request method '${request.method}' not supported`);
      return { status: 404, body: `fake Binance: no endpoint ${request.method} ${request.host}${request.path}` };
    }
    if (route.security === 'MARKET_DATA') {
      const problem = checkApiKey(request, credentials.apiKey);
      if (problem) return problem;
    } else if (route.security === 'USER_DATA') {
      const problem = checkSigned(request, credentials, now());
      if (problem) return problem;
      if (!permissions.enableReading) return BINANCE_ERRORS.rejectedKey;
    }
    const params = requestParams(request);
    if (route.reads) {
      const sent = [...params.keys()];
      const read = sent.filter((name) => route.reads!.includes(name));
      if (read.length !== sent.length) return binanceError(400, -1104, `Not all sent parameters were read; read '${read.length}' parameter(s) but was sent '${sent.length}'.`);
    }
    let response: FakeResponse;
    try {
      response = route.handle(params);
    } catch (error) {
      if (!(error instanceof BinanceReject)) throw error;
      response = error.response;
    }
    return { ...response, headers: { ...weightHeaders(route), ...response.headers } };
  };

  const server = new FakeExchangeServer(handle, { rateLimitBody: binanceRateLimitBody() });

  return {
    server,
    start: (port?: number) => server.start(port),
    stop: () => server.stop(),
    history,
    get truth() {
      return history.truth();
    },
    credentials,
    get permissions() {
      return { ...permissions };
    },
    setPermissions(setting) {
      permissions = permissionsFrom(setting, permissions);
    },
    setClockSkew(ms) {
      skew = ms;
    },
    now,
  };
}

function binanceRateLimitBody(): unknown {
  const fault = binanceRateLimit();
  return fault.kind === 'reply' ? fault.response.body : undefined;
}

/** Balances as /api/v3/account writes them: eight decimals. */
function padEight(text: string): string {
  const [whole = '0', fraction = ''] = text.split('.');
  return `${whole}.${fraction.padEnd(8, '0')}`;
}
