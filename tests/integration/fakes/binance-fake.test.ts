// The fake Binance against real ccxt: ccxt's own bootstrap, every stream a sync reads,
// paged the way each endpoint pages (fromId, 90-day windows with offsets, 30-day Convert
// windows with moreData, dividends paged back by endTime), summed from the raw `info`
// strings with Decimal and compared with the fake's truth; then the failures a sync must
// tell apart, as ccxt reports them, and the key-permission endpoint.
import ccxt from 'ccxt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overrideApiUrls } from '../../../electron/core/exchanges/api-url-override.ts';
import { Decimal, toDecimalText } from '../../../shared/money.ts';
import { BINANCE_LIMITS } from '../../fakes/binance/binance-history-endpoints.ts';
import { BinanceHistory, type StreamTruth } from '../../fakes/binance/binance-history.ts';
import { DAY } from '../../fakes/binance/binance-markets.ts';
import {
  binanceInternalError,
  binanceInvalidTimestamp,
  binanceIpBan,
  binanceRateLimit,
  createFakeBinance,
  type FakeBinance,
} from '../../fakes/binance/fake-binance.ts';

type Binance = InstanceType<typeof ccxt.binance>;
type Raw = Record<string, unknown>;

interface Flow {
  received: Decimal;
  sent: Decimal;
  fee: Decimal;
}

/** Counts and per-asset sums of what a stream returned, in the truth's shape. */
class Tally {
  count = 0;
  completed = 0;
  private readonly flows = new Map<string, Flow>();

  record(completed: boolean): void {
    this.count += 1;
    if (completed) this.completed += 1;
  }

  add(asset: unknown, field: keyof Flow, amount: unknown): void {
    if (typeof asset !== 'string' || typeof amount !== 'string') throw new Error(`not an exchange string: ${String(asset)} ${String(amount)}`);
    const flow = this.flows.get(asset) ?? { received: new Decimal(0), sent: new Decimal(0), fee: new Decimal(0) };
    flow[field] = flow[field].plus(amount);
    this.flows.set(asset, flow);
  }

  result(): StreamTruth {
    const assets: StreamTruth['assets'] = {};
    for (const [asset, flow] of [...this.flows].sort(([a], [b]) => a.localeCompare(b))) {
      assets[asset] = { received: toDecimalText(flow.received), sent: toDecimalText(flow.sent), fee: toDecimalText(flow.fee) };
    }
    return { count: this.count, completed: this.completed, assets };
  }
}

/** Consecutive windows [start, start + span] covering from..to, as a sync walks them. */
function windows(from: number, to: number, span: number): [number, number][] {
  const list: [number, number][] = [];
  for (let start = from; start <= to; start += span + 1) list.push([start, start + span]);
  return list;
}

let fake: FakeBinance;
let base: string;

function connect(overrides: Partial<{ apiKey: string; secret: string }> = {}): Binance {
  const exchange = new ccxt.binance({ ...fake.credentials, ...overrides, enableRateLimit: false });
  exchange.urls['api'] = overrideApiUrls(exchange.urls['api'] as Record<string, string>, base);
  return exchange;
}

beforeAll(async () => {
  // Small enough to stay fast, large enough that BTCUSDT needs more than one 1000-trade page.
  fake = createFakeBinance({ history: { seed: 11, trades: 6000, dividends: 1200 } });
  base = await fake.start();
});

afterAll(async () => {
  await fake.stop();
});

describe('fake Binance through ccxt', () => {
  let exchange: Binance;
  const from = () => fake.history.from;

  beforeAll(async () => {
    exchange = connect();
    await exchange.loadMarkets();
  });

  it("serves ccxt's bootstrap: markets, currencies and the endpoints loadMarkets asks for", () => {
    const paths = new Set(fake.server.requests.map((request) => `${request.host}${request.path}`));
    for (const path of [
      'api.binance.com/api/v3/exchangeInfo',
      'api.binance.com/sapi/v1/capital/config/getall',
      'api.binance.com/sapi/v1/margin/allPairs',
      'api.binance.com/sapi/v1/margin/isolated/allPairs',
      'fapi.binance.com/fapi/v1/exchangeInfo',
      'dapi.binance.com/dapi/v1/exchangeInfo',
    ]) {
      expect(paths, path).toContain(path);
    }
    for (const symbol of Object.keys(fake.truth.tradesBySymbol)) expect(exchange.markets_by_id?.[symbol], symbol).toBeDefined();
    // ccxt renames Binance's YOYO to YOYOW: the raw id in `info` is what a sync must keep.
    const markets = exchange.markets ?? {};
    expect(markets['YOYOW/BTC']?.id).toBe('YOYOBTC');
    expect(markets['YOYOW/BTC']?.baseId).toBe('YOYO');
    // Delisted markets stay listed (status BREAK), and their history is still served.
    expect(markets['BNB/BUSD']?.active).toBe(false);
    expect(exchange.currencies['BTC']?.networks['BTC']).toBeDefined();
  });

  it('pages every market of spot trades by fromId, 1000 a page, and finds the whole history', async () => {
    const tally = new Tally();
    const perSymbol: Record<string, number> = {};
    let fullPages = 0;
    for (const market of Object.values(exchange.markets ?? {})) {
      if (!market?.spot) continue;
      let fromId = 0;
      for (;;) {
        const page = await exchange.fetchMyTrades(market.symbol, undefined, BINANCE_LIMITS.myTradesMax, { fromId });
        for (const { info } of page as { info: Raw }[]) {
          tally.record(true);
          perSymbol[String(info['symbol'])] = (perSymbol[String(info['symbol'])] ?? 0) + 1;
          const [received, receivedAmount, sent, sentAmount] = info['isBuyer'] ? [market.baseId, info['qty'], market.quoteId, info['quoteQty']] : [market.quoteId, info['quoteQty'], market.baseId, info['qty']];
          tally.add(received, 'received', receivedAmount);
          tally.add(sent, 'sent', sentAmount);
          tally.add(info['commissionAsset'], 'fee', info['commission']);
        }
        if (page.length < BINANCE_LIMITS.myTradesMax) break;
        fullPages += 1;
        fromId = Number((page.at(-1)!.info as Raw)['id']) + 1;
      }
    }
    expect(fullPages).toBeGreaterThan(0);
    expect(perSymbol).toEqual(fake.truth.tradesBySymbol);
    expect(tally.result()).toEqual(fake.truth.streams.trades);
  });

  it('walks deposits and withdrawals in 90-day windows with offset paging', async () => {
    const now = fake.now();
    const deposits = new Tally();
    for (const [start, end] of windows(from(), now, BINANCE_LIMITS.fundingWindowMs)) {
      for (let offset = 0; ; offset += BINANCE_LIMITS.fundingMax) {
        const page = await exchange.fetchDeposits(undefined, start, BINANCE_LIMITS.fundingMax, { until: end, offset });
        for (const { info } of page as { info: Raw }[]) {
          const completed = info['status'] === 1 || info['status'] === 6;
          deposits.record(completed);
          if (completed) deposits.add(info['coin'], 'received', info['amount']);
        }
        if (page.length < BINANCE_LIMITS.fundingMax) break;
      }
    }
    expect(deposits.result()).toEqual(fake.truth.streams.deposits);

    // ccxt's fetchWithdrawals always asks for since..since + 90 days (it ignores `until`).
    const withdrawals = new Tally();
    for (const [start] of windows(from(), now, BINANCE_LIMITS.fundingWindowMs)) {
      const page = await exchange.fetchWithdrawals(undefined, start, BINANCE_LIMITS.fundingMax);
      expect(page.length).toBeLessThan(BINANCE_LIMITS.fundingMax);
      for (const { info } of page as { info: Raw }[]) {
        const completed = info['status'] === 6;
        withdrawals.record(completed);
        if (!completed) continue;
        withdrawals.add(info['coin'], 'sent', info['amount']);
        withdrawals.add(info['coin'], 'fee', info['transactionFee']);
      }
    }
    expect(withdrawals.result()).toEqual(fake.truth.streams.withdrawals);
  });

  it('walks Convert history in 30-day windows, following moreData, with order ids intact', async () => {
    const tally = new Tally();
    const orderIds: string[] = [];
    let morePages = 0;
    for (const [start, end] of windows(from(), fake.now(), BINANCE_LIMITS.convertWindowMs)) {
      let startTime = start;
      for (;;) {
        // A small limit, so that some windows hold more than a page (Binance's default is 100).
        const response = await exchange.sapiGetConvertTradeFlow({ startTime, endTime: end, limit: 3 });
        // orderId is above 2^53, so ccxt re-parses the whole body with every number as a
        // string: createTime, startTime and limit arrive as strings too.
        const list = response['list'] as Raw[];
        for (const row of list) {
          tally.record(true);
          orderIds.push(String(row['orderId']));
          tally.add(row['fromAsset'], 'sent', row['fromAmount']);
          tally.add(row['toAsset'], 'received', row['toAmount']);
        }
        if (response['moreData'] !== true) break;
        morePages += 1;
        startTime = Number(list.at(-1)!['createTime']) + 1;
      }
    }
    expect(morePages).toBeGreaterThan(0);
    expect(tally.result()).toEqual(fake.truth.streams.converts);
    expect(orderIds).toEqual(fake.history.converts.map((convert) => convert.orderId));
  });

  it('reads dust conversions and pages asset dividends back by endTime', async () => {
    const dust = new Tally();
    let conversions = 0;
    const dribblet = await exchange.sapiGetAssetDribblet();
    expect(dribblet['total']).toBe(fake.truth.dustConversions);
    for (const conversion of dribblet['userAssetDribblets'] as Raw[]) {
      conversions += 1;
      for (const detail of conversion['userAssetDribbletDetails'] as Raw[]) {
        dust.record(true);
        dust.add(detail['fromAsset'], 'sent', detail['amount']);
        dust.add('BNB', 'received', detail['transferedAmount']);
        dust.add('BNB', 'received', detail['serviceChargeAmount']);
        dust.add('BNB', 'fee', detail['serviceChargeAmount']);
      }
    }
    expect(conversions).toBe(fake.truth.dustConversions);
    expect(dust.result()).toEqual(fake.truth.streams.dust);

    // No offset on assetDividend: move endTime back to the oldest divTime of a full page,
    // inclusive, because rows of one distribution share a divTime across the page edge;
    // `id` (not tranId, which a batch shares) tells the repeats apart.
    const dividends = new Tally();
    const seen = new Set<number>();
    const limit = 100;
    for (const [start, end] of windows(from(), fake.now(), BINANCE_LIMITS.dividendWindowMs)) {
      let endTime = end;
      for (;;) {
        const response = await exchange.sapiGetAssetAssetDividend({ startTime: start, endTime, limit });
        const rows = response['rows'] as Raw[];
        for (const row of rows) {
          if (seen.has(Number(row['id']))) continue;
          seen.add(Number(row['id']));
          dividends.record(true);
          dividends.add(row['asset'], row['direction'] === -1 ? 'sent' : 'received', row['amount']);
        }
        if (rows.length < limit) break;
        endTime = Math.min(...rows.map((row) => Number(row['divTime'])));
      }
    }
    expect(dividends.result()).toEqual(fake.truth.streams.dividends);
  });

  it('reports balances equal to the history, all assets unless omitZeroBalances', async () => {
    const balance = await exchange.fetchBalance();
    const reported = Object.fromEntries((balance['info'] as { balances: { asset: string; free: string }[] }).balances.map((entry) => [entry.asset, toDecimalText(new Decimal(entry.free))]));
    for (const [asset, truth] of Object.entries(fake.truth.assets)) expect(reported[asset], asset).toBe(truth.balance);
    expect(Object.keys(reported).length).toBeGreaterThanOrEqual(Object.keys(fake.truth.assets).length);
    const nonZero = (await exchange.privateGetAccount({ omitZeroBalances: true }))['balances'] as { asset: string }[];
    const held = Object.entries(fake.truth.assets).filter(([, truth]) => truth.balance !== '0');
    expect(nonZero.map((entry) => entry.asset).sort()).toEqual(held.map(([asset]) => asset).sort());
  });

  it("enforces Binance's paging rules the way Binance words them", async () => {
    await expect(exchange.privateGetMyTrades({ symbol: 'BTCUSDT', fromId: 1, startTime: 1 })).rejects.toThrow('Combination of optional parameters invalid.');
    await expect(exchange.privateGetMyTrades({ symbol: 'BTCUSDT', startTime: 0, endTime: DAY + 1 })).rejects.toThrow('More than 24 hours between startTime and endTime.');
    await expect(exchange.privateGetMyTrades({ symbol: 'BTCUSDT', until: 5 })).rejects.toThrow(ccxt.BadRequest);
    await expect(exchange.sapiGetCapitalDepositHisrec({ startTime: from() })).rejects.toThrow('Time interval must be within 0-90 days');
    await expect(exchange.sapiGetAssetAssetDividend({ startTime: from() })).rejects.toThrow('illegal parameter');
    // Convert answers a window over 30 days with HTTP 200 and nothing in it: never take an
    // empty Convert page for "no conversions" without checking the window.
    const tooWide = await exchange.sapiGetConvertTradeFlow({ startTime: from(), endTime: fake.history.to });
    expect(tooWide['list']).toEqual([]);
    expect(fake.truth.streams.converts.count).toBeGreaterThan(0);
    await expect(exchange.fetchConvertTradeHistory(undefined, from(), 100, { until: from() + 31 * DAY })).rejects.toThrow(ccxt.BadRequest);
  });
});

describe('fake Binance failures as ccxt reports them', () => {
  let exchange: Binance;

  beforeAll(async () => {
    exchange = connect();
    await exchange.loadMarkets();
  });

  it('rejects a wrong secret with -1022 (AuthenticationError), already in loadMarkets', async () => {
    const wrong = connect({ secret: 'x'.repeat(64) });
    // loadMarkets signs capital/config/getall (currencies), so a bad secret fails there.
    await expect(wrong.loadMarkets()).rejects.toThrow(ccxt.AuthenticationError);
    await expect(wrong.privateGetAccount()).rejects.toThrow('{"code":-1022,"msg":"Signature for this request is not valid."}');
    expect(fake.server.requests.at(-1)?.status).toBe(400);
  });

  it('rejects an unknown key with -2015 (AuthenticationError) — but DDoSProtection once ccxt has seen the key work', async () => {
    const unknown = connect({ apiKey: 'A'.repeat(64) });
    await expect(unknown.privateGetAccount()).rejects.toThrow(ccxt.AuthenticationError);
    expect(fake.server.requests.at(-1)?.status).toBe(401);
    // ccxt treats -2015 after a successful api/v3 call on the same instance as a temporary
    // ban: a key revoked mid-sync looks transient. The sync must cap its retries.
    const instance = connect();
    await instance.fetchBalance();
    instance.apiKey = 'B'.repeat(64);
    await expect(instance.fetchBalance()).rejects.toThrow(ccxt.DDoSProtection);
  });

  it('rejects a stale or early timestamp with -1021 (InvalidNonce), cured by loadTimeDifference', async () => {
    const instance = connect();
    await instance.loadMarkets();
    try {
      fake.setClockSkew(60_000);
      await expect(instance.fetchBalance()).rejects.toThrow(ccxt.InvalidNonce);
      await expect(instance.fetchBalance()).rejects.toThrow('Timestamp for this request is outside of the recvWindow.');
      fake.setClockSkew(-5_000);
      await expect(instance.fetchBalance()).rejects.toThrow("Timestamp for this request was 1000ms ahead of the server's time.");
      await instance.loadTimeDifference();
      await expect(instance.fetchBalance()).resolves.toBeDefined();
    } finally {
      fake.setClockSkew(0);
    }
    fake.server.inject({ fault: binanceInvalidTimestamp(), pathIncludes: '/api/v3/account' });
    await expect(exchange.fetchBalance()).rejects.toThrow(ccxt.InvalidNonce);
  });

  it('reports 429 and 418 as DDoSProtection with Retry-After, 503 as ExchangeNotAvailable', async () => {
    fake.server.inject({ fault: binanceRateLimit(7), pathIncludes: '/api/v3/myTrades' });
    await expect(exchange.fetchMyTrades('BTC/USDT', undefined, 1000, { fromId: 0 })).rejects.toThrow(ccxt.DDoSProtection);
    expect(exchange.last_response_headers?.['Retry-After']).toBe('7');
    // The base server's generic rate-limit fault answers in Binance's words too.
    fake.server.inject({ fault: { kind: 'rate-limit', retryAfterSeconds: 2 }, pathIncludes: 'deposit/hisrec' });
    await expect(exchange.fetchDeposits(undefined, fake.history.from, 1000)).rejects.toThrow('-1003');
    expect(exchange.last_response_headers?.['Retry-After']).toBe('2');
    fake.server.inject({ fault: binanceIpBan(120), pathIncludes: '/api/v3/account' });
    await expect(exchange.fetchBalance()).rejects.toThrow(ccxt.DDoSProtection);
    expect(exchange.last_response_headers?.['Retry-After']).toBe('120');
    fake.server.inject({ fault: { kind: 'unavailable' }, pathIncludes: '/api/v3/account' });
    await expect(exchange.fetchBalance()).rejects.toThrow(ccxt.ExchangeNotAvailable);
    // -1001 "please try again" maps to OperationFailed, which is NOT a NetworkError, and its
    // message has no status code: a retry policy must list it explicitly.
    fake.server.inject({ fault: binanceInternalError(), pathIncludes: '/api/v3/account' });
    const error = await exchange.fetchBalance().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ccxt.OperationFailed);
    expect(error).not.toBeInstanceOf(ccxt.NetworkError);
  });

  it('keeps a failed loadMarkets: every later call rethrows it until loadMarkets(true)', async () => {
    // ccxt caches the loadMarkets promise, rejected or not, and every unified method awaits
    // it first: one transient failure while loading markets poisons the instance.
    const instance = connect();
    fake.server.inject({ fault: { kind: 'unavailable' }, pathIncludes: '/api/v3/exchangeInfo' });
    await expect(instance.loadMarkets()).rejects.toThrow(ccxt.ExchangeNotAvailable);
    await expect(instance.fetchBalance()).rejects.toThrow(ccxt.ExchangeNotAvailable);
    await instance.loadMarkets(true);
    await expect(instance.fetchBalance()).resolves.toBeDefined();
  });

  it('reports a timeout as RequestTimeout', async () => {
    const instance = connect();
    instance.timeout = 300;
    fake.server.inject({ fault: { kind: 'timeout', afterMs: 1000 }, pathIncludes: '/api/v3/account' });
    await expect(instance.fetchBalance()).rejects.toThrow(ccxt.RequestTimeout);
  });

  // What ccxt 4.5.84 does with each method a sync uses, when
  // (a) the connection is cut mid-body (headers, half a body, socket destroyed):
  //     every method throws ccxt.NetworkError "… fetch failed: other side closed" (ccxt 4.5
  //     reads bodies through undici.request and wraps the socket error);
  // (b) a complete HTTP 200 carries JSON cut short (`[{"id": 1, "price": "4`):
  //     fetchMyTrades, fetchDeposits            throw a TypeError (not a ccxt error)
  //     fetchWithdrawals, fetchConvertTradeHistory,
  //     fetchMyDustTrades                       return [] — indistinguishable from "none"
  //     fetchBalance                            returns a balance with no assets (info: the text)
  //     implicit methods (privateGetMyTrades, sapiGet…)  return the raw text, a string
  // So a sync must shape-check every answer and treat an unexpected shape as transient.
  const methods: [string, string, 'TypeError' | 'empty' | 'no-assets' | 'text', (exchange: Binance, from: number) => Promise<unknown>][] = [
    ['fetchMyTrades', '/api/v3/myTrades', 'TypeError', (e) => e.fetchMyTrades('BTC/USDT', undefined, 1000, { fromId: 0 })],
    ['privateGetMyTrades', '/api/v3/myTrades', 'text', (e) => e.privateGetMyTrades({ symbol: 'BTCUSDT', fromId: 0, limit: 1000 })],
    ['fetchDeposits', 'deposit/hisrec', 'TypeError', (e, from) => e.fetchDeposits(undefined, from, 1000)],
    ['fetchWithdrawals', 'withdraw/history', 'empty', (e, from) => e.fetchWithdrawals(undefined, from, 1000)],
    ['sapiGetConvertTradeFlow', 'convert/tradeFlow', 'text', (e, from) => e.sapiGetConvertTradeFlow({ startTime: from, endTime: from + 30 * DAY })],
    ['fetchConvertTradeHistory', 'convert/tradeFlow', 'empty', (e, from) => e.fetchConvertTradeHistory(undefined, from, 100, { until: from + 30 * DAY })],
    ['sapiGetAssetDribblet', 'asset/dribblet', 'text', (e) => e.sapiGetAssetDribblet()],
    ['fetchMyDustTrades', 'asset/dribblet', 'empty', (e) => e.fetchMyDustTrades()],
    ['sapiGetAssetAssetDividend', 'asset/assetDividend', 'text', (e, from) => e.sapiGetAssetAssetDividend({ startTime: from, endTime: from + 180 * DAY })],
    ['fetchBalance', '/api/v3/account', 'no-assets', (e) => e.fetchBalance()],
    ['sapiGetAccountApiRestrictions', 'account/apiRestrictions', 'text', (e) => e.sapiGetAccountApiRestrictions()],
  ];

  it.each(methods)('%s: a cut connection throws NetworkError', async (_name, path, _malformed, call) => {
    fake.server.inject({ fault: { kind: 'disconnect' }, pathIncludes: path });
    await expect(call(exchange, fake.history.from)).rejects.toThrow(ccxt.NetworkError);
  });

  it.each(methods)('%s: a body cut short gives %s', async (_name, path, malformed, call) => {
    fake.server.inject({ fault: { kind: 'malformed' }, pathIncludes: path });
    const outcome = await call(exchange, fake.history.from).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    if (malformed === 'TypeError') {
      expect('error' in outcome && outcome.error).toBeInstanceOf(TypeError);
      return;
    }
    expect('value' in outcome).toBe(true);
    const value = 'value' in outcome ? outcome.value : undefined;
    if (malformed === 'empty') expect(value).toEqual([]);
    if (malformed === 'text') expect(typeof value).toBe('string');
    if (malformed === 'no-assets') expect((value as { total: Record<string, unknown> }).total).toEqual({});
  });

  it('reports the key permissions that were configured', async () => {
    try {
      const readOnly = await exchange.sapiGetAccountApiRestrictions();
      expect(readOnly).toMatchObject({ enableReading: true, enableSpotAndMarginTrading: false, enableWithdrawals: false, ipRestrict: false });
      fake.setPermissions('can-trade');
      const trading = await exchange.sapiGetAccountApiRestrictions();
      expect(trading).toMatchObject({ enableReading: true, enableSpotAndMarginTrading: true, enableWithdrawals: false });
      expect(trading['tradingAuthorityExpirationTime']).toEqual(expect.any(Number));
      fake.setPermissions('can-withdraw');
      expect(await exchange.sapiGetAccountApiRestrictions()).toMatchObject({ enableWithdrawals: true, ipRestrict: true });
      // The account endpoint's canTrade/canWithdraw describe the account, not the key.
      fake.setPermissions('read-only');
      expect(await exchange.privateGetAccount()).toMatchObject({ canTrade: true, canWithdraw: true });
      fake.setPermissions({ enableReading: false });
      await expect(connect().privateGetAccount()).rejects.toThrow(ccxt.AuthenticationError);
      // The same -2015 on an instance that has already succeeded: ccxt's "temporary ban".
      await expect(exchange.privateGetAccount()).rejects.toThrow(ccxt.DDoSProtection);
    } finally {
      fake.setPermissions('read-only');
    }
  });
});

describe('fake Binance history', () => {
  it("keeps each market's trade times in id order, as Binance's matching engine does", () => {
    // ccxt sorts a page by timestamp: ids out of time order would make "the last trade of
    // the page" a wrong fromId cursor.
    const lastTime = new Map<string, { id: number; time: number }>();
    for (const trade of [...fake.history.trades].sort((a, b) => a.id - b.id)) {
      const previous = lastTime.get(trade.symbol);
      if (previous) expect(trade.time, `${trade.symbol} ${trade.id}`).toBeGreaterThanOrEqual(previous.time);
      lastTime.set(trade.symbol, trade);
    }
  });

  it('is the same for the same seed, and append() adds newer activity a fromId page finds', async () => {
    const options = { seed: 5, trades: 300, from: '2024-01-01', to: '2024-06-30' };
    const records = (history: BinanceHistory) => JSON.stringify([history.trades, history.deposits, history.withdrawals, history.converts, history.dust, history.dividends]);
    expect(records(new BinanceHistory(options))).toBe(records(new BinanceHistory(options)));

    const small = createFakeBinance({ history: options });
    const smallBase = await small.start();
    try {
      const exchange = new ccxt.binance({ ...small.credentials, enableRateLimit: false });
      exchange.urls['api'] = overrideApiUrls(exchange.urls['api'] as Record<string, string>, smallBase);
      const before = small.truth.streams.trades.count;
      const lastId = Math.max(...small.history.trades.filter((trade) => trade.symbol === 'BTCUSDT').map((trade) => trade.id));
      small.history.append({ trades: 40, deposits: 2, until: small.history.to + 3 * DAY });
      expect(small.truth.streams.trades.count).toBe(before + 40);
      const added = small.history.trades.filter((trade) => trade.symbol === 'BTCUSDT' && trade.id > lastId);
      const page = await exchange.privateGetMyTrades({ symbol: 'BTCUSDT', fromId: lastId + 1, limit: 1000 });
      expect(page.map((trade) => (trade as Raw)['id'])).toEqual(added.map((trade) => trade.id));
    } finally {
      await small.stop();
    }
  });
});
