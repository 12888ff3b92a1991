// A fake Kraken spot REST API on 127.0.0.1 for the sync tests and manual runs: every
// endpoint a full sync and ccxt's own bootstrap need, with Kraken's response shapes, page
// size and filters, Kraken's `{"error":[...],"result":...}` envelope (errors come with HTTP
// 200, as Kraken sends them), API-Sign checked exactly as Kraken checks it, nonces that
// must increase per key, per-key permissions, and optionally Kraken's per-key call counter.
//
// Use:
//   const kraken = createFakeKraken({ history: { seed: 7, trades: 2000 } });
//   const base = await kraken.start();            // http://127.0.0.1:PORT
//   const exchange = new ccxt.kraken({ ...kraken.credentials, enableRateLimit: false });
//   exchange.urls.api = overrideApiUrls(exchange.urls.api, base);
//   ... sync, then compare with kraken.truth ...
//   await kraken.stop();
//
// The returned FakeKraken has:
//   server            the FakeExchangeServer (request log, inject(), injectRandomly())
//   start(port?)      listens, returns the base URL; stop()
//   history           the KrakenHistory served (history.append(n) adds newer activity live)
//   truth             counts and per-asset sums of what is served (see KrakenTruth)
//   credentials       { apiKey, secret } of the one key the fake knows
//   setPermissions(p) what the key may do from now on (GetApiKeyInfo reports the same)
//   setLastNonce(n)   as if another client had used the key with nonce n
//   calls             one line per private call: endpoint, nonce, params, outcome
//
// Endpoints (host api.kraken.com; private ones are POST with a signed form or JSON body):
//   GET  /0/public/Time, /0/public/SystemStatus, /0/public/Assets, /0/public/AssetPairs
//   POST /0/private/Ledgers       asset, aclass, type, start, end, ofs, without_count; 50 a page
//   POST /0/private/QueryLedgers  id (up to 20, comma-separated)
//   POST /0/private/TradesHistory type, trades, start, end, ofs, without_count, ledgers; 50 a page
//   POST /0/private/QueryTrades   txid (up to 20)
//   POST /0/private/Balance, /0/private/BalanceEx, /0/private/OpenOrders
//   POST /0/private/DepositStatus, /0/private/WithdrawStatus   recent only (FUNDING_WINDOW_DAYS)
//   POST /0/private/GetApiKeyInfo the key's permissions and restrictions (no permission needed)
//   POST /0/private/AddOrder      only `validate=true` is meaningful: a harmless trade-permission probe
import { createHash } from 'node:crypto';
import { FakeExchangeServer, type Fault, type FakeRequest, type FakeResponse } from '../fake-server.ts';
import { KrakenHistory, type KrakenHistoryOptions, type KrakenLedgerEntry, type KrakenTrade, type KrakenTruth } from './kraken-history.ts';
import { KRAKEN_ASSETS, KRAKEN_PAIRS, assetByCode, assetPairsResult, assetsResult } from './kraken-markets.ts';
import { decodeSignature, krakenSignature, signatureMatches } from './kraken-signature.ts';

export const KRAKEN_HOST = 'api.kraken.com';
/** Ledgers and TradesHistory answer 50 records a call; nothing makes a page larger. */
export const KRAKEN_PAGE_SIZE = 50;

/**
 * Permission names as GetApiKeyInfo lists them. Kraken's documented example shows
 * query-funds, withdraw-funds, query-open-trades and modify-trades; the others follow the
 * same pattern for the remaining checkboxes of Kraken's key form.
 */
export type KrakenPermission =
  | 'query-funds'
  | 'deposit-funds'
  | 'withdraw-funds'
  | 'earn-funds'
  | 'query-open-trades'
  | 'query-closed-trades'
  | 'modify-trades'
  | 'cancel-trades'
  | 'query-ledger'
  | 'export-data'
  | 'access-websockets';

/** What a tax app asks a user for: read balances, trades and the ledger, nothing else. */
export const READ_ONLY_PERMISSIONS: readonly KrakenPermission[] = ['query-funds', 'query-open-trades', 'query-closed-trades', 'query-ledger'];

/** Kraken's per-key call counter: each call adds to it (history calls 2), it drains per second. */
export interface KrakenCallCounter {
  max: number;
  decayPerSecond: number;
}

/** Kraken's published counter limits per verification tier. */
export const KRAKEN_TIERS = {
  starter: { max: 15, decayPerSecond: 0.33 },
  intermediate: { max: 20, decayPerSecond: 0.5 },
  pro: { max: 20, decayPerSecond: 1 },
} as const satisfies Record<string, KrakenCallCounter>;

/** Kraken's error strings, as they appear in the `error` array. */
export const KRAKEN_ERRORS = {
  invalidKey: 'EAPI:Invalid key',
  invalidSignature: 'EAPI:Invalid signature',
  invalidNonce: 'EAPI:Invalid nonce',
  rateLimit: 'EAPI:Rate limit exceeded',
  tooManyRequests: 'EGeneral:Too many requests',
  permissionDenied: 'EGeneral:Permission denied',
  invalidArguments: 'EGeneral:Invalid arguments',
  unknownMethod: 'EGeneral:Unknown method',
  unknownAsset: 'EQuery:Unknown asset',
  unknownAssetPair: 'EQuery:Unknown asset pair',
  unavailable: 'EService:Unavailable',
  busy: 'EService:Busy',
  internal: 'EGeneral:Internal error',
} as const;

/** A fault that answers like Kraken: HTTP 200 and the message in the error array. */
export function krakenError(message: string): Fault {
  return { kind: 'reply', response: { status: 200, body: { error: [message] } } };
}

export interface FakeKrakenOptions {
  /** The history to serve, or how to generate one (default: seed 1, 2000 trades). */
  history?: KrakenHistory | KrakenHistoryOptions;
  /** The key's permissions (default READ_ONLY_PERMISSIONS). */
  permissions?: readonly KrakenPermission[];
  /** Kraken's per-key "nonce window": how far below the highest nonce seen a new one may be. */
  nonceWindow?: number;
  /** The key's query restriction (epoch seconds, 0 = none): history outside it is not served. */
  queryFrom?: number;
  queryTo?: number;
  /** Kraken's per-key call counter (e.g. KRAKEN_TIERS.starter); off by default. */
  callCounter?: KrakenCallCounter | null;
  /** false: GetApiKeyInfo answers "EGeneral:Unknown method", as before Kraken offered it. */
  apiKeyInfo?: boolean;
  /** The clock (epoch ms) for Time and the call counter. */
  now?: () => number;
}

export interface KrakenCall {
  endpoint: string;
  nonce: string | null;
  /** The request's parameters without the nonce. */
  params: Record<string, string>;
  /** 'ok' or the Kraken error answered. */
  outcome: string;
}

export interface FakeKraken {
  server: FakeExchangeServer;
  start(port?: number): Promise<string>;
  stop(): Promise<void>;
  history: KrakenHistory;
  readonly truth: KrakenTruth;
  credentials: { apiKey: string; secret: string };
  setPermissions(permissions: readonly KrakenPermission[]): void;
  setLastNonce(nonce: bigint): void;
  calls: KrakenCall[];
}

type Params = Record<string, string>;
type Result = { result: unknown } | { error: string };
type PrivateEndpoint = {
  /** Any one of these permissions allows the call; empty: none needed. */
  permissions: readonly KrakenPermission[];
  /** What the call adds to the key's counter. */
  cost: number;
  handle: (params: Params) => Result;
};

const HISTORY_TYPES = new Set([
  'all', 'trade', 'deposit', 'withdrawal', 'transfer', 'margin', 'adjustment', 'rollover', 'spend', 'receive', 'settled',
  'credit', 'staking', 'reward', 'dividend', 'sale', 'conversion', 'nfttrade', 'nftcreatorfee', 'nftrebate', 'custodytransfer', 'earn',
]);
const TRADE_TYPES = new Set(['all', 'any position', 'closed position', 'closing position', 'no position']);

export function createFakeKraken(options: FakeKrakenOptions = {}): FakeKraken {
  const history = options.history instanceof KrakenHistory ? options.history : new KrakenHistory(options.history ?? {});
  const now = options.now ?? Date.now;
  const seedText = `fake-kraken-${options.history instanceof KrakenHistory ? 'given' : JSON.stringify(options.history ?? {})}`;
  const credentials = {
    // Kraken keys are 56 characters of base64; secrets are 64 bytes, base64-encoded.
    apiKey: createHash('sha512').update(`${seedText}-key`).digest('base64').slice(0, 56),
    secret: createHash('sha512').update(`${seedText}-secret`).digest('base64'),
  };
  const key = {
    permissions: [...(options.permissions ?? READ_ONLY_PERMISSIONS)],
    lastNonce: 0n,
    recentNonces: new Set<bigint>(),
    nonceWindow: BigInt(options.nonceWindow ?? 0),
    counter: 0,
    counterAt: now(),
    createdTime: Math.floor(now() / 1000) - 86_400 * 30,
    lastUsed: 0,
  };
  const calls: KrakenCall[] = [];
  const index = new HistoryIndex(history, options.queryFrom ?? 0, options.queryTo ?? 0);

  const publicEndpoints: Record<string, (params: Params) => Result> = {
    Time: () => ({ result: { unixtime: Math.floor(now() / 1000), rfc1123: rfc1123(now()) } }),
    SystemStatus: () => ({ result: { status: 'online', timestamp: new Date(now()).toISOString().replace(/\.\d+Z$/, 'Z') } }),
    Assets: (params) => selectKeys(assetsResult(), params.asset, (code) => resolveAsset(code), KRAKEN_ERRORS.unknownAsset),
    AssetPairs: (params) => selectKeys(assetPairsResult(), params.pair, (id) => resolvePair(id), KRAKEN_ERRORS.unknownAssetPair),
  };

  const privateEndpoints: Record<string, PrivateEndpoint> = {
    Balance: { permissions: ['query-funds'], cost: 1, handle: () => ({ result: balances(history, (balance) => balance) }) },
    BalanceEx: {
      permissions: ['query-funds'],
      cost: 1,
      handle: () => ({ result: balances(history, (balance, asset) => ({ balance, hold_trade: zero(asset) })) }),
    },
    Ledgers: { permissions: ['query-ledger'], cost: 2, handle: (params) => index.ledgers(params) },
    QueryLedgers: { permissions: ['query-ledger'], cost: 2, handle: (params) => index.queryLedgers(params) },
    TradesHistory: { permissions: ['query-open-trades', 'query-closed-trades'], cost: 2, handle: (params) => index.tradesHistory(params) },
    QueryTrades: { permissions: ['query-open-trades', 'query-closed-trades'], cost: 2, handle: (params) => index.queryTrades(params) },
    OpenOrders: { permissions: ['query-open-trades'], cost: 1, handle: () => ({ result: { open: {} } }) },
    DepositStatus: { permissions: ['deposit-funds'], cost: 1, handle: (params) => index.funding('deposits', params) },
    WithdrawStatus: { permissions: ['withdraw-funds'], cost: 1, handle: (params) => index.funding('withdrawals', params) },
    GetApiKeyInfo: {
      permissions: [],
      cost: 1,
      handle: () => ({
        result: {
          apiKeyName: 'lotwise-tests',
          apiKey: credentials.apiKey,
          nonce: key.lastNonce.toString(),
          nonceWindow: Number(key.nonceWindow),
          permissions: [...key.permissions],
          iban: 'AA47 N84G KWIX QHRM',
          validUntil: '0',
          queryFrom: String(options.queryFrom ?? 0),
          queryTo: String(options.queryTo ?? 0),
          createdTime: String(key.createdTime),
          modifiedTime: String(key.createdTime),
          ipAllowlist: [],
          lastUsed: String(key.lastUsed),
        },
      }),
    },
    AddOrder: { permissions: ['modify-trades'], cost: 0, handle: addOrder },
  };
  if (options.apiKeyInfo === false) delete privateEndpoints.GetApiKeyInfo;

  function handlePrivate(request: FakeRequest, name: string): Result {
    const endpoint = privateEndpoints[name];
    if (!endpoint) return { error: KRAKEN_ERRORS.unknownMethod };
    if (request.method !== 'POST') return { error: KRAKEN_ERRORS.invalidArguments };
    const log: KrakenCall = { endpoint: name, nonce: null, params: {}, outcome: 'ok' };
    calls.push(log);
    const answer = (result: Result): Result => {
      if ('error' in result) log.outcome = result.error;
      return result;
    };

    const apiKey = header(request, 'api-key');
    if (apiKey !== credentials.apiKey) return answer({ error: KRAKEN_ERRORS.invalidKey });
    const signature = decodeSignature(header(request, 'api-sign') ?? '');
    if (!signature) return answer({ error: KRAKEN_ERRORS.invalidSignature });
    const body = parseBody(request);
    if (!body) return answer({ error: KRAKEN_ERRORS.invalidArguments });
    const { nonce, params } = body;
    log.nonce = nonce;
    log.params = params;
    if (nonce === null) return answer({ error: KRAKEN_ERRORS.invalidNonce });
    // Kraken answers a signature that does not match the request with "Invalid key" (its
    // support article on that error says so), not "Invalid signature".
    if (!signatureMatches(krakenSignature(request.path, nonce, request.body, credentials.secret), signature)) {
      return answer({ error: KRAKEN_ERRORS.invalidKey });
    }
    if (!acceptNonce(BigInt(nonce))) return answer({ error: KRAKEN_ERRORS.invalidNonce });
    key.lastUsed = Math.floor(now() / 1000);
    if (!chargeCounter(endpoint.cost)) return answer({ error: KRAKEN_ERRORS.rateLimit });
    if (endpoint.permissions.length > 0 && !endpoint.permissions.some((p) => key.permissions.includes(p))) {
      return answer({ error: KRAKEN_ERRORS.permissionDenied });
    }
    return answer(endpoint.handle(params));
  }

  function acceptNonce(nonce: bigint): boolean {
    const fresh = nonce > key.lastNonce || (nonce > key.lastNonce - key.nonceWindow && !key.recentNonces.has(nonce));
    if (!fresh) return false;
    if (nonce > key.lastNonce) key.lastNonce = nonce;
    if (key.nonceWindow > 0n) {
      key.recentNonces.add(nonce);
      for (const seen of key.recentNonces) if (seen <= key.lastNonce - key.nonceWindow) key.recentNonces.delete(seen);
    }
    return true;
  }

  function chargeCounter(cost: number): boolean {
    const counter = options.callCounter;
    if (!counter) return true;
    const at = now();
    key.counter = Math.max(0, key.counter - ((at - key.counterAt) / 1000) * counter.decayPerSecond);
    key.counterAt = at;
    if (key.counter + cost > counter.max) return false;
    key.counter += cost;
    return true;
  }

  const server = new FakeExchangeServer(
    (request) => {
      if (request.host !== KRAKEN_HOST) return { status: 404, body: 'Not Found' };
      const match = /^\/0\/(public|private)\/([A-Za-z/]+)$/.exec(request.path);
      if (!match) return { status: 404, body: 'Not Found' };
      const [, scope, name] = match as unknown as [string, 'public' | 'private', string];
      if (scope === 'private') return envelope(handlePrivate(request, name));
      const handle = publicEndpoints[name];
      if (!handle) return envelope({ error: KRAKEN_ERRORS.unknownMethod });
      return envelope(handle({ ...Object.fromEntries(request.query), ...(parseBody(request)?.params ?? {}) }));
    },
    // Cloudflare in front of Kraken words its throttling in Kraken's envelope.
    { rateLimitBody: { error: [KRAKEN_ERRORS.tooManyRequests] } },
  );

  return {
    server,
    start: (port) => server.start(port),
    stop: () => server.stop(),
    history,
    get truth() {
      return history.truth();
    },
    credentials,
    setPermissions(permissions) {
      key.permissions = [...permissions];
    },
    setLastNonce(nonce) {
      key.lastNonce = nonce;
      key.recentNonces.clear();
    },
    calls,
  };
}

// ── history queries ─────────────────────────────────────────────────────────────────

/** The history newest first (the order Kraken pages in), rebuilt whenever it grows. */
class HistoryIndex {
  private readonly history: KrakenHistory;
  private readonly queryFrom: number;
  private readonly queryTo: number;
  private builtAt = -1;
  private ledgerNewestFirst: KrakenLedgerEntry[] = [];
  private tradesNewestFirst: KrakenTrade[] = [];
  private ledgerPosition = new Map<string, number>();
  private tradePosition = new Map<string, number>();
  private ledgerById = new Map<string, KrakenLedgerEntry>();
  private tradeById = new Map<string, KrakenTrade>();

  constructor(history: KrakenHistory, queryFrom: number, queryTo: number) {
    this.history = history;
    this.queryFrom = queryFrom;
    this.queryTo = queryTo;
  }

  private refresh(): void {
    if (this.builtAt === this.history.version) return;
    this.builtAt = this.history.version;
    this.ledgerNewestFirst = newestFirst(this.history.ledger);
    this.tradesNewestFirst = newestFirst(this.history.trades);
    this.ledgerPosition = new Map(this.ledgerNewestFirst.map((entry, i) => [entry.id, i]));
    this.tradePosition = new Map(this.tradesNewestFirst.map((trade, i) => [trade.txid, i]));
    this.ledgerById = new Map(this.history.ledger.map((entry) => [entry.id, entry]));
    this.tradeById = new Map(this.history.trades.map((trade) => [trade.txid, trade]));
  }

  /** The key's query window (its "query start/end date" settings). */
  private visible(time: number): boolean {
    return (this.queryFrom === 0 || time >= this.queryFrom) && (this.queryTo === 0 || time <= this.queryTo);
  }

  ledgers(params: Params): Result {
    this.refresh();
    const type = params.type ?? 'all';
    if (!HISTORY_TYPES.has(type)) return { error: KRAKEN_ERRORS.invalidArguments };
    let assets: Set<string> | null = null;
    if (params.asset !== undefined && params.asset !== 'all') {
      assets = new Set();
      for (const code of params.asset.split(',')) {
        const asset = resolveAsset(code.trim());
        if (!asset) return { error: KRAKEN_ERRORS.unknownAsset };
        assets.add(asset);
      }
    }
    const window = this.window(params, this.ledgerPosition);
    if ('error' in window) return window;
    const matching = this.ledgerNewestFirst.filter(
      (entry, i) =>
        window.includes(entry.time, i) && this.visible(entry.time) && (type === 'all' || entry.type === type) && (assets === null || assets.has(entry.asset)),
    );
    const page = pageOf(matching, params);
    if ('error' in page) return page;
    const ledger: Record<string, unknown> = {};
    for (const entry of page.records) ledger[entry.id] = ledgerWire(entry);
    return { result: withCount({ ledger }, matching.length, params) };
  }

  queryLedgers(params: Params): Result {
    this.refresh();
    const ids = (params.id ?? '').split(',').filter(Boolean);
    if (ids.length === 0 || ids.length > 20) return { error: KRAKEN_ERRORS.invalidArguments };
    const result: Record<string, unknown> = {};
    for (const id of ids) {
      const entry = this.ledgerById.get(id);
      if (!entry || !this.visible(entry.time)) return { error: KRAKEN_ERRORS.invalidArguments };
      result[id] = ledgerWire(entry);
    }
    return { result };
  }

  tradesHistory(params: Params): Result {
    this.refresh();
    const type = params.type ?? 'all';
    if (!TRADE_TYPES.has(type)) return { error: KRAKEN_ERRORS.invalidArguments };
    const window = this.window(params, this.tradePosition);
    if ('error' in window) return window;
    // Spot trades only: none of them opened or closed a margin position.
    const positionsOnly = type !== 'all' && type !== 'no position';
    const matching = positionsOnly ? [] : this.tradesNewestFirst.filter((trade, i) => window.includes(trade.time, i) && this.visible(trade.time));
    const page = pageOf(matching, params);
    if ('error' in page) return page;
    const trades: Record<string, unknown> = {};
    for (const trade of page.records) trades[trade.txid] = tradeWire(trade, flag(params.ledgers));
    return { result: withCount({ trades }, matching.length, params) };
  }

  queryTrades(params: Params): Result {
    this.refresh();
    const ids = (params.txid ?? '').split(',').filter(Boolean);
    if (ids.length === 0 || ids.length > 20) return { error: KRAKEN_ERRORS.invalidArguments };
    const result: Record<string, unknown> = {};
    for (const id of ids) {
      const trade = this.tradeById.get(id);
      if (!trade || !this.visible(trade.time)) return { error: KRAKEN_ERRORS.invalidArguments };
      result[id] = tradeWire(trade, false);
    }
    return { result };
  }

  /**
   * DepositStatus / WithdrawStatus: recent records only, newest first. Without `cursor` an
   * array of everything recent; with `cursor` (true, or a previous next_cursor) pages of
   * `limit` (default 25) in an object with `next_cursor`.
   */
  funding(kind: 'deposits' | 'withdrawals', params: Params): Result {
    const start = params.start === undefined ? null : Number(params.start);
    const end = params.end === undefined ? null : Number(params.end);
    if ((start !== null && Number.isNaN(start)) || (end !== null && Number.isNaN(end))) return { error: KRAKEN_ERRORS.invalidArguments };
    let asset: string | null = null;
    if (params.asset !== undefined) {
      asset = resolveAsset(params.asset);
      if (!asset) return { error: KRAKEN_ERRORS.unknownAsset };
    }
    const records = this.history
      .recentFunding(kind)
      .filter(
        (record) =>
          this.visible(record.time) &&
          (asset === null || record.asset === asset) &&
          (params.method === undefined || record.method === params.method) &&
          (start === null || record.time > start) &&
          (end === null || record.time <= end),
      )
      .map((record) => ({ ...record }));
    if (params.cursor === undefined || params.cursor === 'false') return { result: records };
    const offset = params.cursor === 'true' ? 0 : Number.parseInt(Buffer.from(params.cursor, 'base64').toString('utf8'), 10);
    const limit = params.limit === undefined ? 25 : Number.parseInt(params.limit, 10);
    if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(limit) || limit < 1 || limit > 500) return { error: KRAKEN_ERRORS.invalidArguments };
    const page = records.slice(offset, offset + limit);
    const more = offset + limit < records.length;
    return { result: { [kind]: page, ...(more ? { next_cursor: Buffer.from(String(offset + limit)).toString('base64') } : {}) } };
  }

  /**
   * `start` (exclusive) and `end` (inclusive): a unix time or a record id. An id bounds by
   * position in the newest-first order, so records sharing a timestamp are not lost.
   */
  private window(params: Params, positions: Map<string, number>): { includes: (time: number, position: number) => boolean } | { error: string } {
    const bound = (text: string | undefined): { time: number } | { position: number } | null | 'bad' => {
      if (text === undefined || text === '') return null;
      if (/^\d+(\.\d+)?$/.test(text)) return { time: Number(text) };
      const position = positions.get(text);
      return position === undefined ? 'bad' : { position };
    };
    const start = bound(params.start);
    const end = bound(params.end);
    if (start === 'bad' || end === 'bad') return { error: KRAKEN_ERRORS.invalidArguments };
    return {
      includes: (time, position) =>
        (start === null || ('time' in start ? time > start.time : position < start.position)) &&
        (end === null || ('time' in end ? time <= end.time : position >= end.position)),
    };
  }
}

function newestFirst<T extends { time: number }>(records: readonly T[]): T[] {
  return records
    .map((record, order) => ({ record, order }))
    .sort((a, b) => b.record.time - a.record.time || b.order - a.order)
    .map(({ record }) => record);
}

function pageOf<T>(matching: readonly T[], params: Params): { records: T[] } | { error: string } {
  const ofs = params.ofs === undefined ? 0 : Number(params.ofs);
  if (!Number.isInteger(ofs) || ofs < 0) return { error: KRAKEN_ERRORS.invalidArguments };
  return { records: matching.slice(ofs, ofs + KRAKEN_PAGE_SIZE) };
}

/** `without_count=true` skips the count, as Kraken does to answer faster. */
function withCount<T extends object>(result: T, count: number, params: Params): T | (T & { count: number }) {
  return flag(params.without_count) ? result : { ...result, count };
}

function ledgerWire(entry: KrakenLedgerEntry): Record<string, unknown> {
  return {
    refid: entry.refid,
    time: entry.time,
    type: entry.type,
    subtype: entry.subtype,
    aclass: entry.aclass,
    asset: entry.asset,
    amount: entry.amount,
    fee: entry.fee,
    balance: entry.balance,
  };
}

function tradeWire(trade: KrakenTrade, withLedgers: boolean): Record<string, unknown> {
  return {
    ordertxid: trade.ordertxid,
    postxid: trade.postxid,
    pair: trade.pair,
    time: trade.time,
    type: trade.type,
    ordertype: trade.ordertype,
    price: trade.price,
    cost: trade.cost,
    fee: trade.fee,
    vol: trade.vol,
    margin: trade.margin,
    misc: trade.misc,
    ...(withLedgers ? { ledgers: [...trade.ledgers] } : {}),
    trade_id: trade.trade_id,
    maker: trade.maker,
  };
}

// ── account and orders ──────────────────────────────────────────────────────────────

/** Each asset's balance: the running balance on its newest ledger entry. */
function balances(history: KrakenHistory, shape: (balance: string, asset: string) => unknown): Record<string, unknown> {
  const latest = new Map<string, string>();
  for (const entry of history.ledger) latest.set(entry.asset, entry.balance);
  const result: Record<string, unknown> = {};
  for (const asset of KRAKEN_ASSETS) {
    const balance = latest.get(asset.code);
    if (balance !== undefined) result[asset.code] = shape(balance, asset.code);
  }
  return result;
}

function zero(asset: string): string {
  return (0).toFixed(assetByCode(asset).decimals);
}

/** The fake never places an order: `validate=true` answers as Kraken does, anything else as an empty account would. */
function addOrder(params: Params): Result {
  const pair = params.pair === undefined ? null : resolvePair(params.pair);
  if (!pair) return { error: KRAKEN_ERRORS.unknownAssetPair };
  if (!['buy', 'sell'].includes(params.type ?? '') || params.volume === undefined) return { error: KRAKEN_ERRORS.invalidArguments };
  const ordertype = params.ordertype ?? 'limit';
  if (!flag(params.validate)) return { error: 'EOrder:Insufficient funds' };
  const altname = KRAKEN_PAIRS.find((p) => p.id === pair)!.altname;
  const order = `${params.type} ${params.volume} ${altname} @ ${ordertype}${params.price === undefined ? '' : ` ${params.price}`}`;
  return { result: { descr: { order } } };
}

// ── plumbing ────────────────────────────────────────────────────────────────────────

function envelope(result: Result): FakeResponse {
  return { status: 200, body: 'error' in result ? { error: [result.error] } : { error: [], result: result.result } };
}

function header(request: FakeRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The POST body as Kraken reads it: a form (what ccxt sends) or JSON; the nonce apart. */
function parseBody(request: FakeRequest): { nonce: string | null; params: Params } | null {
  if (request.body === '') return { nonce: null, params: {} };
  const json = (header(request, 'content-type') ?? '').includes('application/json');
  let entries: [string, string][];
  if (json) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(request.body);
    } catch {
      return null;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
    entries = Object.entries(parsed).map(([name, value]) => [name, typeof value === 'string' ? value : JSON.stringify(value)]);
    // Read the nonce from the text: a JSON number beyond 2^53 would lose digits in JSON.parse.
    const nonceText = /"nonce"\s*:\s*"?(\d+)"?/.exec(request.body)?.[1];
    entries = entries.map(([name, value]) => [name, name === 'nonce' && nonceText ? nonceText : value]);
  } else {
    entries = [...new URLSearchParams(request.body).entries()];
  }
  const params: Params = {};
  let nonce: string | null = null;
  for (const [name, value] of entries) {
    if (name === 'nonce') nonce = /^\d{1,19}$/.test(value) ? value : null;
    else params[name] = value;
  }
  return { nonce, params };
}

function flag(value: string | undefined): boolean {
  return value === 'true' || value === '1';
}

/** A Kraken asset code, or the altname Kraken also accepts (`XBT` for `XXBT`). */
function resolveAsset(code: string): string | null {
  return KRAKEN_ASSETS.find((asset) => asset.code === code || asset.altname === code)?.code ?? null;
}

function resolvePair(id: string): string | null {
  return KRAKEN_PAIRS.find((pair) => pair.listed && (pair.id === id || pair.altname === id))?.id ?? null;
}

/** `asset=XBT,ETH` / `pair=XBTUSD`: only those entries, or Kraken's error for an unknown one. */
function selectKeys(all: Record<string, unknown>, list: string | undefined, resolve: (name: string) => string | null, unknown: string): Result {
  if (list === undefined || list === '' || list === 'all') return { result: all };
  const result: Record<string, unknown> = {};
  for (const name of list.split(',')) {
    const id = resolve(name.trim());
    if (!id) return { error: unknown };
    result[id] = all[id];
  }
  return { result };
}

/** Kraken's `rfc1123` field: `Sun,  7 Jun 20 04:07:53 +0000` (two-digit year, space-padded day). */
function rfc1123(ms: number): string {
  const date = new Date(ms);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const two = (n: number) => String(n).padStart(2, '0');
  return `${days[date.getUTCDay()]}, ${String(date.getUTCDate()).padStart(2, ' ')} ${months[date.getUTCMonth()]} ${two(date.getUTCFullYear() % 100)} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
}
