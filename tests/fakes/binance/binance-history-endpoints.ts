// The fake Binance's history endpoints: what each one answers for its parameters, with
// Binance's paging, windows and limits (the rules below are Binance's documentation; where
// it is silent, the comment says what the fake assumes):
//
// GET /api/v3/myTrades (one symbol; limit default 500, max 1000; assumed: a limit outside
//   1..1000 → -1100)
//   Supported combinations: none, orderId, startTime, endTime, fromId, startTime+endTime,
//   orderId+fromId; anything else → -1128. startTime..endTime over 24 hours → -1127.
//   none: the newest `limit` trades; fromId: ids >= fromId, oldest first; startTime: the
//   oldest `limit` from then on; endTime: the newest `limit` up to it; always ascending.
// GET /sapi/v1/capital/deposit/hisrec and /sapi/v1/capital/withdraw/history
//   startTime defaults to now − 90 days, endTime to now; a window over 90 days → -4047
//   (so a startTime alone more than 90 days ago fails too). Newest first; `offset`/`limit`
//   (default and max 1000; assumed: a larger limit reads as 1000) page inside the window.
//   Deposits carry `sourceAddress` only with includeSource=true.
// GET /sapi/v1/convert/tradeFlow (startTime and endTime mandatory; limit default 100,
//   max 1000). A window over 30 days is answered HTTP 200 with an empty list, as the real
//   endpoint does (ccxt issue 22289). Assumed: oldest first, the first `limit` of the window,
//   `moreData` true when the window holds more. orderId is a bare JSON number above 2^53.
// GET /sapi/v1/asset/dribblet: only conversions from 2020-12-01, only the last 100 in the
//   window (`total` counts them all), oldest first as in Binance's example.
// GET /sapi/v1/asset/assetDividend (limit default 20, max 500): a window over 180 days →
//   -1102 "illegal parameter" (as reported by users). Assumed defaults: endTime now,
//   startTime endTime − 180 days. Newest first, `total` counts the window; there is no
//   offset: page by moving endTime back (rows can share a divTime across a page boundary).
import type { FakeResponse } from '../fake-server.ts';
import { DAY, marketBySymbol } from './binance-markets.ts';
import {
  DUST_HISTORY_START,
  parseBinanceDateTime,
  type BinanceConvert,
  type BinanceDeposit,
  type BinanceDividend,
  type BinanceDustConversion,
  type BinanceHistory,
  type BinanceTrade,
  type BinanceWithdrawal,
} from './binance-history.ts';
import { binanceError, mandatoryMissing } from './binance-signature.ts';

export const BINANCE_LIMITS = {
  myTradesDefault: 500,
  myTradesMax: 1000,
  myTradesWindowMs: DAY,
  fundingWindowMs: 90 * DAY,
  fundingMax: 1000,
  convertWindowMs: 30 * DAY,
  convertDefault: 100,
  convertMax: 1000,
  dustLast: 100,
  dividendWindowMs: 180 * DAY,
  dividendDefault: 20,
  dividendMax: 500,
} as const;

/** Thrown by a handler to answer with a Binance error. */
export class BinanceReject extends Error {
  readonly response: FakeResponse;

  constructor(response: FakeResponse) {
    super(JSON.stringify(response.body));
    this.response = response;
  }
}

function reject(status: number, code: number, msg: string): never {
  throw new BinanceReject(binanceError(status, code, msg));
}

/** A LONG or INT parameter: absent → undefined, otherwise digits only. */
export function numberParam(params: URLSearchParams, name: string): number | undefined {
  const text = params.get(name);
  if (text === null) return undefined;
  if (text === '') reject(400, -1105, `Parameter '${name}' was empty.`);
  if (!/^\d{1,20}$/.test(text)) reject(400, -1100, `Illegal characters found in parameter '${name}'; legal range is '^[0-9]{1,20}$'.`);
  return Number(text);
}

function limitParam(params: URLSearchParams, fallback: number, max: number): number {
  const limit = numberParam(params, 'limit') ?? fallback;
  return Math.min(Math.max(limit, 1), max);
}

function json(body: unknown): FakeResponse {
  return { status: 200, body };
}

/** First index whose key is >= value, in an array sorted by key. */
function lowerBound<T>(items: readonly T[], value: number, key: (item: T) => number): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (key(items[middle]!) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** First index whose key is > value. */
function upperBound<T>(items: readonly T[], value: number, key: (item: T) => number): number {
  return lowerBound(items, value + 1, key);
}

/** The history sorted the ways the endpoints read it; rebuilt when the history changes. */
export class BinanceHistoryIndex {
  private readonly history: BinanceHistory;
  private version = -1;
  tradesBySymbol = new Map<string, BinanceTrade[]>();
  deposits: BinanceDeposit[] = [];
  withdrawals: { time: number; record: BinanceWithdrawal }[] = [];
  converts: BinanceConvert[] = [];
  dust: BinanceDustConversion[] = [];
  dividends: BinanceDividend[] = [];

  constructor(history: BinanceHistory) {
    this.history = history;
  }

  refresh(): this {
    if (this.version === this.history.version) return this;
    this.version = this.history.version;
    this.tradesBySymbol = new Map();
    for (const trade of this.history.trades) {
      let list = this.tradesBySymbol.get(trade.symbol);
      if (!list) {
        list = [];
        this.tradesBySymbol.set(trade.symbol, list);
      }
      list.push(trade);
    }
    for (const list of this.tradesBySymbol.values()) list.sort((a, b) => a.id - b.id);
    this.deposits = [...this.history.deposits].sort((a, b) => a.insertTime - b.insertTime);
    this.withdrawals = this.history.withdrawals.map((record) => ({ time: parseBinanceDateTime(record.applyTime), record })).sort((a, b) => a.time - b.time);
    this.converts = [...this.history.converts].sort((a, b) => a.createTime - b.createTime);
    this.dust = this.history.dust.filter((entry) => entry.operateTime >= DUST_HISTORY_START).sort((a, b) => a.operateTime - b.operateTime);
    this.dividends = [...this.history.dividends].sort((a, b) => a.divTime - b.divTime || a.id - b.id);
    return this;
  }
}

const TRADE_COMBINATIONS = new Set(['', 'orderId', 'startTime', 'endTime', 'fromId', 'startTime+endTime', 'orderId+fromId']);

export function myTrades(params: URLSearchParams, index: BinanceHistoryIndex): FakeResponse {
  const symbol = params.get('symbol');
  if (symbol === null || symbol === '') throw new BinanceReject(mandatoryMissing('symbol'));
  if (!marketBySymbol(symbol)) reject(400, -1121, 'Invalid symbol.');
  const limitText = numberParam(params, 'limit');
  if (limitText !== undefined && (limitText < 1 || limitText > BINANCE_LIMITS.myTradesMax)) {
    reject(400, -1100, `Illegal characters found in parameter 'limit'; legal range is '1' to '${BINANCE_LIMITS.myTradesMax}'.`);
  }
  const limit = limitText ?? BINANCE_LIMITS.myTradesDefault;
  const orderId = numberParam(params, 'orderId');
  const startTime = numberParam(params, 'startTime');
  const endTime = numberParam(params, 'endTime');
  const fromId = numberParam(params, 'fromId');
  const combination = [
    ['orderId', orderId],
    ['startTime', startTime],
    ['endTime', endTime],
    ['fromId', fromId],
  ]
    .filter(([, value]) => value !== undefined)
    .map(([name]) => name)
    .join('+');
  if (!TRADE_COMBINATIONS.has(combination)) reject(400, -1128, 'Combination of optional parameters invalid.');
  if (startTime !== undefined && endTime !== undefined && endTime - startTime > BINANCE_LIMITS.myTradesWindowMs) {
    reject(400, -1127, 'More than 24 hours between startTime and endTime.');
  }

  const trades = index.tradesBySymbol.get(symbol) ?? [];
  let page: BinanceTrade[];
  if (orderId !== undefined) {
    page = trades.filter((trade) => trade.orderId === orderId && (fromId === undefined || trade.id >= fromId)).slice(0, limit);
  } else if (fromId !== undefined) {
    const first = lowerBound(trades, fromId, (trade) => trade.id);
    page = trades.slice(first, first + limit);
  } else if (startTime !== undefined) {
    // Trade ids rise with time on a market, so the id order is also the time order.
    const first = lowerBound(trades, startTime, (trade) => trade.time);
    const last = endTime === undefined ? trades.length : upperBound(trades, endTime, (trade) => trade.time);
    page = trades.slice(first, Math.min(last, first + limit));
  } else {
    const last = endTime === undefined ? trades.length : upperBound(trades, endTime, (trade) => trade.time);
    page = trades.slice(Math.max(0, last - limit), last);
  }
  return json(page);
}

/** startTime/endTime of a deposit or withdrawal query, with Binance's defaults and limit. */
function fundingWindow(params: URLSearchParams, now: number): [number, number] {
  const endTime = numberParam(params, 'endTime') ?? now;
  const startTime = numberParam(params, 'startTime') ?? now - BINANCE_LIMITS.fundingWindowMs;
  if (endTime - startTime > BINANCE_LIMITS.fundingWindowMs) reject(400, -4047, 'Time interval must be within 0-90 days');
  return [startTime, endTime];
}

function newestFirstPage<T>(matching: T[], params: URLSearchParams): T[] {
  const offset = numberParam(params, 'offset') ?? 0;
  const limit = limitParam(params, BINANCE_LIMITS.fundingMax, BINANCE_LIMITS.fundingMax);
  return matching.reverse().slice(offset, offset + limit);
}

export function depositHistory(params: URLSearchParams, index: BinanceHistoryIndex, now: number): FakeResponse {
  const [startTime, endTime] = fundingWindow(params, now);
  const coin = params.get('coin');
  const status = numberParam(params, 'status');
  const txId = params.get('txId');
  const includeSource = params.get('includeSource') === 'true';
  const all = index.deposits;
  const inWindow = all.slice(lowerBound(all, startTime, (entry) => entry.insertTime), upperBound(all, endTime, (entry) => entry.insertTime));
  const matching = inWindow.filter((entry) => (coin === null || entry.coin === coin) && (status === undefined || entry.status === status) && (txId === null || entry.txId === txId));
  return json(
    newestFirstPage(matching, params).map((entry) => {
      if (includeSource) return entry;
      const { sourceAddress: _sourceAddress, ...rest } = entry;
      return rest;
    }),
  );
}

export function withdrawHistory(params: URLSearchParams, index: BinanceHistoryIndex, now: number): FakeResponse {
  const [startTime, endTime] = fundingWindow(params, now);
  const coin = params.get('coin');
  const status = numberParam(params, 'status');
  const withdrawOrderId = params.get('withdrawOrderId');
  const idList = params.get('idList')?.split(',') ?? null;
  const all = index.withdrawals;
  const inWindow = all.slice(lowerBound(all, startTime, (entry) => entry.time), upperBound(all, endTime, (entry) => entry.time));
  const matching = inWindow
    .map((entry) => entry.record)
    .filter(
      (entry) =>
        (coin === null || entry.coin === coin) &&
        (status === undefined || entry.status === status) &&
        (withdrawOrderId === null || entry.withdrawOrderId === withdrawOrderId) &&
        (idList === null || idList.includes(entry.id)),
    );
  return json(newestFirstPage(matching, params));
}

/** tradeFlow's JSON, with the order ids as the bare (unsafe-integer) numbers Binance writes. */
function convertJson(body: { list: BinanceConvert[]; startTime: number; endTime: number; limit: number; moreData: boolean }): FakeResponse {
  const text = JSON.stringify(body).replace(/"orderId":"(\d+)"/g, '"orderId":$1');
  return { status: 200, headers: { 'Content-Type': 'application/json' }, body: text };
}

export function convertTradeFlow(params: URLSearchParams, index: BinanceHistoryIndex): FakeResponse {
  const startTime = numberParam(params, 'startTime');
  if (startTime === undefined) throw new BinanceReject(mandatoryMissing('startTime'));
  const endTime = numberParam(params, 'endTime');
  if (endTime === undefined) throw new BinanceReject(mandatoryMissing('endTime'));
  const limit = limitParam(params, BINANCE_LIMITS.convertDefault, BINANCE_LIMITS.convertMax);
  if (endTime - startTime > BINANCE_LIMITS.convertWindowMs) return convertJson({ list: [], startTime, endTime, limit, moreData: false });
  const all = index.converts;
  const inWindow = all.slice(lowerBound(all, startTime, (entry) => entry.createTime), upperBound(all, endTime, (entry) => entry.createTime));
  return convertJson({ list: inWindow.slice(0, limit), startTime, endTime, limit, moreData: inWindow.length > limit });
}

export function dustLog(params: URLSearchParams, index: BinanceHistoryIndex): FakeResponse {
  const startTime = numberParam(params, 'startTime') ?? 0;
  const endTime = numberParam(params, 'endTime') ?? Number.MAX_SAFE_INTEGER;
  const all = index.dust;
  const inWindow = all.slice(lowerBound(all, startTime, (entry) => entry.operateTime), upperBound(all, endTime, (entry) => entry.operateTime));
  return json({ total: inWindow.length, userAssetDribblets: inWindow.slice(-BINANCE_LIMITS.dustLast) });
}

export function assetDividend(params: URLSearchParams, index: BinanceHistoryIndex, now: number): FakeResponse {
  const endTime = numberParam(params, 'endTime') ?? now;
  const startTime = numberParam(params, 'startTime') ?? endTime - BINANCE_LIMITS.dividendWindowMs;
  if (endTime - startTime > BINANCE_LIMITS.dividendWindowMs) reject(400, -1102, 'illegal parameter');
  const limit = limitParam(params, BINANCE_LIMITS.dividendDefault, BINANCE_LIMITS.dividendMax);
  const asset = params.get('asset');
  const all = index.dividends;
  const inWindow = all.slice(lowerBound(all, startTime, (entry) => entry.divTime), upperBound(all, endTime, (entry) => entry.divTime));
  const matching = asset === null ? inWindow : inWindow.filter((entry) => entry.asset === asset);
  return json({ rows: [...matching].reverse().slice(0, limit), total: matching.length });
}
