// A fake Coinbase (Advanced Trade v3 + the Coinbase App v2 API, both on api.coinbase.com)
// for the sync tests: real response shapes, pagination and limits, CDP JWT checking as
// Coinbase does it, configurable key permissions, and a seeded multi-year history with the
// truth to compare a sync against. Built on FakeExchangeServer (faults, request log).
//
// Use:
//   const coinbase = createFakeCoinbase({ history: { fills: 500, transfers: 300 }, permissions: { can_trade: true } });
//   const base = await coinbase.start();               // http://127.0.0.1:PORT
//   const exchange = new ccxt.coinbase({ apiKey: coinbase.credentials.apiKey, secret: coinbase.credentials.secret });
//   exchange.urls.api = overrideApiUrls(exchange.urls.api, base);
//   // ...and make the JWT's uri name api.coinbase.com, not the fake: see cdp-auth.ts.
//   coinbase.truth                     counts and per-asset sums to compare a sync with (history.ts)
//   coinbase.server.inject({ fault: coinbaseFaults.rateLimitV3(2), pathIncludes: '/fills' })   (replies.ts)
//   coinbase.setPermissions({ can_transfer: true }); coinbase.setCutoff(ms); coinbase.truthAt(ms)
//   await coinbase.stop();
//
// Endpoints (all GET, host api.coinbase.com; "private" = Bearer JWT required, then the view scope):
//   public   /v2/time                                  { data: { iso, epoch } }
//   public   /v2/currencies                            { data: [fiat { id, name, min_size }] }
//   public   /v2/currencies/crypto                     { data: [{ asset_id, code, name, color, sort_index, exponent, type, address_regex }] }
//   public   /v2/exchange-rates?currency=USD           { data: { currency, rates: { CODE: "…" } } }
//   public   /api/v3/brokerage/time                    { iso, epochSeconds, epochMillis }
//   public   /api/v3/brokerage/market/products         { products: [...], num_products }  (product_type=FUTURE → none)
//   public   /api/v3/brokerage/market/products/:id     the product
//   private  /api/v3/brokerage/products[/:id]          as above
//   private  /api/v3/brokerage/transaction_summary     fee tier and volume
//   private  /api/v3/brokerage/key_permissions         { can_view, can_trade, can_transfer, portfolio_uuid, portfolio_type }
//   private  /api/v3/brokerage/accounts                limit (default 49, max 250), cursor → { accounts, has_next, cursor, size }
//   private  /api/v3/brokerage/accounts/:uuid          { account }
//   private  /api/v3/brokerage/orders/historical/fills newest first; limit (default 100, capped at 250), cursor,
//                                                      product_ids|product_id, order_ids|order_id, trade_ids,
//                                                      start_sequence_timestamp (inclusive), end_sequence_timestamp
//                                                      (exclusive) → { fills, cursor } ("" once nothing is left)
//   private  /v2/accounts                              v2 paging (below) over every account
//   private  /v2/accounts/:id                          :id is the account uuid or its currency code
//   private  /v2/accounts/:id/transactions             v2 paging, newest first
//   private  /v2/accounts/:id/deposits, /withdrawals   v2 paging over fiat deposit/withdrawal resources
// v2 paging: limit (default 25, max 100), order (desc default, asc), starting_after, ending_before →
//   { pagination: { ending_before, limit, next_starting_after, next_uri, order, previous_ending_before,
//     previous_uri, starting_after }, data }. The list is complete when next_uri is null. As Coinbase's
//   docs warn, a page may hold fewer records than the limit while more follow (shortPages, on by default).
// Limits above the maximum are clamped, not refused (what Coinbase does is not documented).
import { createHash } from 'node:crypto';
import { FakeExchangeServer, type FakeRequest, type FakeResponse } from '../fake-server.ts';
import { Decimal } from '../../../shared/money.ts';
import { catalogCurrency, type CatalogCurrency, type CatalogProduct } from './catalog.ts';
import { createCdpKey, verifyCdpJwt, type CdpKey } from './cdp-auth.ts';
import { generateHistory, truthUntil, type CoinbaseHistory, type CoinbaseTruth, type Entry, type HistoryAccount, type HistoryOptions } from './history.ts';
import { MISSING_SCOPES, RATE_LIMIT_BODY, UNAUTHORIZED, V2_NOT_FOUND, V3_NOT_FOUND, v2Error, v3Error } from './replies.ts';

export const COINBASE_HOST = 'api.coinbase.com';

export interface KeyPermissions {
  can_view: boolean;
  can_trade: boolean;
  can_transfer: boolean;
  portfolio_uuid: string;
  portfolio_type: 'DEFAULT' | 'CONSUMER' | 'INTX' | 'UNDEFINED';
}

export interface PageLimits {
  fillsDefault: number;
  fillsMax: number;
  accountsDefault: number;
  accountsMax: number;
  v2Default: number;
  v2Max: number;
}

export const DEFAULT_PAGE_LIMITS: PageLimits = { fillsDefault: 100, fillsMax: 250, accountsDefault: 49, accountsMax: 250, v2Default: 25, v2Max: 100 };

export interface FakeCoinbaseOptions {
  history?: Partial<HistoryOptions>;
  /** Default: a view-only key. */
  permissions?: Partial<Omit<KeyPermissions, 'portfolio_uuid'>>;
  /** The key the fake accepts; default a fresh one. */
  key?: CdpKey;
  /** The server's clock in ms (JWT nbf/exp and the time endpoints); default Date.now. */
  clock?: () => number;
  limits?: Partial<PageLimits>;
  /** Let some v2 pages hold fewer records than the limit while more follow (default true). */
  shortPages?: boolean;
}

export interface FakeCoinbase {
  server: FakeExchangeServer;
  /** Shared between fakes made with the same history options: read it, never change it. */
  history: CoinbaseHistory;
  /** The truth of the whole history (see truthAt for a cutoff). */
  truth: CoinbaseTruth;
  key: CdpKey;
  /** What to give ccxt: `{ apiKey, secret }`. */
  credentials: { apiKey: string; secret: string };
  /** Starts listening on 127.0.0.1; returns the base URL for overrideApiUrls. */
  start(port?: number): Promise<string>;
  stop(): Promise<void>;
  permissions(): KeyPermissions;
  setPermissions(permissions: Partial<Omit<KeyPermissions, 'portfolio_uuid'>>): void;
  /** Moves the server's clock (to test a client whose clock is off). */
  setClockOffset(ms: number): void;
  /**
   * Serves only records dated up to `ms` (null: all), as if the account had been synced
   * then: move it forward and the records after the old cutoff are what a re-sync must add.
   * Balances follow; products and currencies do not.
   */
  setCutoff(ms: number | null): void;
  /** The truth of the records dated up to `ms` (default: the current cutoff). */
  truthAt(ms?: number): CoinbaseTruth;
  /** Why each 401 was given, newest last (Coinbase itself only ever says "Unauthorized"). */
  authFailures: string[];
}

// Generating a history takes a few hundred milliseconds; tests start many servers on the same one.
const histories = new Map<string, CoinbaseHistory>();

function historyFor(options: Partial<HistoryOptions>): CoinbaseHistory {
  const key = JSON.stringify(Object.entries(options).sort(([a], [b]) => a.localeCompare(b)));
  let history = histories.get(key);
  if (!history) {
    history = generateHistory(options);
    histories.set(key, history);
  }
  return history;
}

/** Coinbase's asset ids are fixed UUIDs; derive stable ones from the code. */
function assetId(code: string): string {
  const h = createHash('sha256').update(`coinbase-asset:${code}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** v2 prints amounts with the currency's decimals; keep any finer digits rather than lose them. */
function display(amount: string, exponent: number): string {
  const value = new Decimal(amount);
  return value.decimalPlaces() > exponent ? value.toFixed() : value.toFixed(exponent);
}

function ok(body: unknown): FakeResponse {
  return { status: 200, body };
}

/** A page size from the query: default when absent, clamped to max, null when not a positive integer. */
function pageSize(text: string | null, fallback: number, max: number): number | null {
  if (text === null || text === '') return fallback;
  if (!/^\d+$/.test(text)) return null;
  const value = Number(text);
  if (value < 1) return null;
  return Math.min(value, max);
}

export function createFakeCoinbase(options: FakeCoinbaseOptions = {}): FakeCoinbase {
  const history = historyFor(options.history ?? {});
  const key = options.key ?? createCdpKey();
  const limits: PageLimits = { ...DEFAULT_PAGE_LIMITS, ...options.limits };
  const shortPages = options.shortPages ?? true;
  const clock = options.clock ?? Date.now;
  let clockOffsetMs = 0;
  const now = (): number => clock() + clockOffsetMs;
  let permissions: KeyPermissions = {
    can_view: true,
    can_trade: false,
    can_transfer: false,
    portfolio_type: 'DEFAULT',
    ...options.permissions,
    portfolio_uuid: history.portfolioUuid,
  };
  const authFailures: string[] = [];
  let cutoffMs = Number.POSITIVE_INFINITY;
  const truths = new Map<number, CoinbaseTruth>([[cutoffMs, history.truth]]);
  const truthAt = (ms: number = cutoffMs): CoinbaseTruth => {
    let truth = truths.get(ms);
    if (!truth) {
      truth = truthUntil(history, ms);
      truths.set(ms, truth);
    }
    return truth;
  };
  const balanceOf = (account: HistoryAccount): string => (cutoffMs === Number.POSITIVE_INFINITY ? account.balance : (truthAt().balances[account.currency.code] ?? '0'));

  const accountsById = new Map<string, HistoryAccount>();
  for (const account of history.accounts) {
    accountsById.set(account.uuid, account);
    accountsById.set(account.currency.code, account);
  }

  // ---- records as the endpoints print them -------------------------------------------------

  function v3Account(account: HistoryAccount): Record<string, unknown> {
    const { code, type } = account.currency;
    return {
      uuid: account.uuid,
      name: type === 'fiat' ? `Cash (${code})` : `${code} Wallet`,
      currency: code,
      available_balance: { value: balanceOf(account), currency: code },
      default: true,
      active: true,
      created_at: account.createdAt,
      updated_at: account.createdAt,
      deleted_at: null,
      type: type === 'fiat' ? 'ACCOUNT_TYPE_FIAT' : 'ACCOUNT_TYPE_CRYPTO',
      ready: true,
      hold: { value: '0', currency: code },
      retail_portfolio_id: history.portfolioUuid,
      platform: 'ACCOUNT_PLATFORM_CONSUMER',
    };
  }

  function v2Currency(currency: CatalogCurrency): Record<string, unknown> {
    if (currency.type === 'fiat') {
      return { code: currency.code, name: currency.name, color: currency.color, sort_index: currency.sortIndex, exponent: currency.exponent, type: 'fiat' };
    }
    return {
      code: currency.code,
      name: currency.name,
      color: currency.color,
      sort_index: currency.sortIndex,
      exponent: currency.exponent,
      type: 'crypto',
      address_regex: currency.addressRegex,
      asset_id: assetId(currency.code),
      slug: currency.name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    };
  }

  function v2Account(account: HistoryAccount): Record<string, unknown> & { id: string } {
    const { code, type, exponent } = account.currency;
    return {
      id: account.uuid,
      name: type === 'fiat' ? `Cash (${code})` : `${code} Wallet`,
      primary: code === 'BTC',
      type: type === 'fiat' ? 'fiat' : 'wallet',
      currency: v2Currency(account.currency),
      balance: { amount: display(balanceOf(account), exponent), currency: code },
      created_at: account.createdAt.replace(/\.\d+Z$/, 'Z'),
      updated_at: account.createdAt.replace(/\.\d+Z$/, 'Z'),
      resource: 'account',
      resource_path: `/v2/accounts/${account.uuid}`,
      allow_deposits: true,
      allow_withdrawals: true,
    };
  }

  function productRecord(product: CatalogProduct): Record<string, unknown> {
    const base = catalogCurrency(product.base);
    const quote = catalogCurrency(product.quote);
    const price = new Decimal(history.lastPriceUsd[product.base]!).dividedBy(history.lastPriceUsd[product.quote]!).toNearest(product.quoteIncrement, Decimal.ROUND_HALF_UP);
    return {
      product_id: product.id,
      price: price.toFixed(),
      price_percentage_change_24h: '1.27368421052632',
      volume_24h: '18503.25812233',
      volume_percentage_change_24h: '-12.04826443092017',
      base_increment: product.baseIncrement,
      quote_increment: product.quoteIncrement,
      quote_min_size: product.quoteMinSize,
      quote_max_size: product.quoteMaxSize,
      base_min_size: product.baseMinSize,
      base_max_size: product.baseMaxSize,
      base_name: base.name,
      quote_name: quote.name,
      watched: false,
      is_disabled: false,
      new: false,
      status: 'online',
      cancel_only: false,
      limit_only: false,
      post_only: false,
      trading_disabled: false,
      auction_mode: false,
      product_type: 'SPOT',
      quote_currency_id: product.quote,
      base_currency_id: product.base,
      fcm_trading_session_details: null,
      mid_market_price: '',
      alias: '',
      alias_to: product.aliasTo,
      base_display_symbol: product.base,
      quote_display_symbol: product.quote,
      view_only: false,
      price_increment: product.quoteIncrement,
      display_name: product.id,
      product_venue: 'CBE',
      approximate_quote_24h_volume: '1233423.51',
    };
  }

  // ---- v2 paging ----------------------------------------------------------------------------

  const indexCache = new WeakMap<readonly { id: string }[], Map<string, number>>();
  function indexOf(items: readonly { id: string }[], id: string): number {
    let index = indexCache.get(items);
    if (!index) {
      index = new Map(items.map((item, position) => [item.id, position]));
      indexCache.set(items, index);
    }
    return index.get(id) ?? -1;
  }

  const ascendingCache = new WeakMap<readonly unknown[], { id: string }[]>();
  const descendingCache = new WeakMap<readonly unknown[], { id: string }[]>();
  function ordered<T extends { id: string }>(source: readonly T[], order: 'asc' | 'desc'): T[] {
    const cache = order === 'asc' ? ascendingCache : descendingCache;
    let list = cache.get(source) as T[] | undefined;
    if (!list) {
      list = order === 'asc' ? [...source] : [...source].reverse();
      cache.set(source, list);
    }
    return list;
  }

  /** Pages a v2 list (given oldest first) the way the Coinbase App API does. */
  function pageV2<T extends { id: string }>(source: readonly T[], query: URLSearchParams, path: string): FakeResponse {
    const limit = pageSize(query.get('limit'), limits.v2Default, limits.v2Max);
    if (limit === null) return v2Error(400, 'invalid_request', 'limit must be a positive integer');
    const orderText = query.get('order') ?? 'desc';
    if (orderText !== 'asc' && orderText !== 'desc') return v2Error(400, 'invalid_request', 'order must be asc or desc');
    const order: 'asc' | 'desc' = orderText;
    const items = ordered(source, order);
    const startingAfter = query.get('starting_after');
    const endingBefore = query.get('ending_before');
    let start = 0;
    let end = items.length;
    if (startingAfter) {
      const at = indexOf(items, startingAfter);
      if (at < 0) return v2Error(400, 'invalid_request', `starting_after ${startingAfter} is not in this list`);
      start = at + 1;
    }
    if (endingBefore) {
      const at = indexOf(items, endingBefore);
      if (at < 0) return v2Error(400, 'invalid_request', `ending_before ${endingBefore} is not in this list`);
      end = at;
      start = Math.max(start, end - limit);
    }
    let count = Math.min(limit, end - start);
    // Some pages come back short while more records follow, as the docs warn.
    if (shortPages && !endingBefore && count === limit && limit > 3 && start + count < end && Math.floor(start / limit) % 4 === 3) {
      count -= 1 + (start % 3);
    }
    const page = items.slice(start, start + count);
    const more = start + count < end && page.length > 0;
    const last = page[page.length - 1];
    const first = page[0];
    const orderParam = order === 'asc' ? '&order=asc' : '';
    return ok({
      pagination: {
        ending_before: endingBefore,
        limit,
        next_starting_after: more ? last!.id : null,
        next_uri: more ? `${path}?limit=${limit}${orderParam}&starting_after=${last!.id}` : null,
        order,
        previous_ending_before: start > 0 && first ? first.id : null,
        previous_uri: start > 0 && first ? `${path}?limit=${limit}${orderParam}&ending_before=${first.id}` : null,
        starting_after: startingAfter,
      },
      data: page,
    });
  }

  let v2Accounts = { cutoffMs, list: history.accounts.map(v2Account) };
  function v2AccountList(): { id: string }[] {
    if (v2Accounts.cutoffMs !== cutoffMs) v2Accounts = { cutoffMs, list: history.accounts.map(v2Account) };
    return v2Accounts.list;
  }

  /** The records of a list (oldest first) dated up to the cutoff; the same array until it moves. */
  const visibleOf = new WeakMap<readonly Entry<unknown>[], { cutoffMs: number; list: { id: string }[] }>();
  function records<T extends { id: string }>(entries: readonly Entry<T>[]): T[] {
    const cached = visibleOf.get(entries);
    if (cached && cached.cutoffMs === cutoffMs) return cached.list as T[];
    let count = entries.length;
    while (count > 0 && entries[count - 1]!.timeMs > cutoffMs) count -= 1;
    const list = entries.slice(0, count).map((entry) => entry.record);
    visibleOf.set(entries, { cutoffMs, list });
    return list;
  }

  // ---- fills -----------------------------------------------------------------------------------

  const fillSequenceMs = history.fills.map((entry) => Date.parse(entry.record.sequence_timestamp));

  function timestampParam(query: URLSearchParams, name: string): number | null | 'invalid' {
    const text = query.get(name);
    if (text === null || text === '') return null;
    const value = Date.parse(text);
    return Number.isNaN(value) ? 'invalid' : value;
  }

  function listFills(query: URLSearchParams): FakeResponse {
    const limit = pageSize(query.get('limit'), limits.fillsDefault, limits.fillsMax);
    if (limit === null) return v3Error(400, 'INVALID_ARGUMENT', 'limit must be a positive integer');
    const cursorText = query.get('cursor') ?? '';
    if (cursorText !== '' && !/^\d+$/.test(cursorText)) return v3Error(400, 'INVALID_ARGUMENT', 'invalid cursor');
    const start = timestampParam(query, 'start_sequence_timestamp');
    const end = timestampParam(query, 'end_sequence_timestamp');
    if (start === 'invalid' || end === 'invalid') return v3Error(400, 'INVALID_ARGUMENT', 'invalid sequence timestamp');
    const products = new Set([...query.getAll('product_ids'), ...query.getAll('product_id')]);
    const orders = new Set([...query.getAll('order_ids'), ...query.getAll('order_id')]);
    const trades = new Set(query.getAll('trade_ids'));
    // The cursor is the position of the next fill to return; positions only grow, so a cursor
    // stays valid while new fills arrive at the top of the list.
    const cursor = cursorText === '' ? Number.POSITIVE_INFINITY : Number(cursorText);

    const page: unknown[] = [];
    let next = '';
    for (let index = history.fills.length - 1; index >= 0; index -= 1) {
      const entry = history.fills[index]!;
      if (entry.seq > cursor || entry.timeMs > cutoffMs) continue;
      const fill = entry.record;
      if (products.size > 0 && !products.has(fill.product_id)) continue;
      if (orders.size > 0 && !orders.has(fill.order_id)) continue;
      if (trades.size > 0 && !trades.has(fill.trade_id)) continue;
      const sequenceMs = fillSequenceMs[index]!;
      if (end !== null && sequenceMs >= end) continue;
      if (start !== null && sequenceMs < start) break; // newest first: everything further is older
      if (page.length === limit) {
        next = String(entry.seq);
        break;
      }
      page.push(fill);
    }
    return ok({ fills: page, cursor: next });
  }

  // ---- v3 accounts ---------------------------------------------------------------------------

  function listV3Accounts(query: URLSearchParams): FakeResponse {
    const limit = pageSize(query.get('limit'), limits.accountsDefault, limits.accountsMax);
    if (limit === null) return v3Error(400, 'INVALID_ARGUMENT', 'limit must be a positive integer');
    const cursorText = query.get('cursor') ?? '';
    if (cursorText !== '' && !/^\d+$/.test(cursorText)) return v3Error(400, 'INVALID_ARGUMENT', 'invalid cursor');
    const start = cursorText === '' ? 0 : Number(cursorText);
    const page = history.accounts.slice(start, start + limit);
    const more = start + page.length < history.accounts.length;
    return ok({ accounts: page.map(v3Account), has_next: more, cursor: more ? String(start + page.length) : '', size: page.length });
  }

  // ---- routes ------------------------------------------------------------------------------------

  interface Route {
    pattern: RegExp;
    private: boolean;
    handle(params: string[], query: URLSearchParams): FakeResponse;
  }

  const products = (query: URLSearchParams): FakeResponse => {
    // Spot only: the futures listings ccxt also asks for are empty for this account.
    const type = query.get('product_type');
    if (type !== null && type !== '' && type !== 'SPOT') return ok({ products: [], num_products: 0 });
    const wanted = new Set(query.getAll('product_ids'));
    const list = history.products.filter((product) => wanted.size === 0 || wanted.has(product.id)).map(productRecord);
    return ok({ products: list, num_products: list.length });
  };

  const product = ([id]: string[]): FakeResponse => {
    const found = history.products.find((entry) => entry.id === id);
    return found ? ok(productRecord(found)) : v3Error(404, 'NOT_FOUND', `product ${id} not found`);
  };

  const v2AccountRoute = (handle: (account: HistoryAccount, query: URLSearchParams) => FakeResponse) => ([id]: string[], query: URLSearchParams): FakeResponse => {
    const account = accountsById.get(id!);
    return account ? handle(account, query) : V2_NOT_FOUND;
  };

  const usdFees = history.truth.fills.assets.USD?.fees ?? '0';
  const routes: Route[] = [
    {
      pattern: /^\/v2\/time$/,
      private: false,
      handle: () => {
        const ms = now();
        return ok({ data: { iso: new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z'), epoch: Math.floor(ms / 1000) } });
      },
    },
    {
      pattern: /^\/v2\/currencies$/,
      private: false,
      handle: () => ok({ data: history.currencies.filter((entry) => entry.type === 'fiat').map((entry) => ({ id: entry.code, name: entry.name, min_size: '0.01' })) }),
    },
    {
      pattern: /^\/v2\/currencies\/crypto$/,
      private: false,
      handle: () =>
        ok({
          data: history.currencies
            .filter((entry) => entry.type === 'crypto')
            .map((entry) => ({
              asset_id: assetId(entry.code),
              code: entry.code,
              name: entry.name,
              color: entry.color,
              sort_index: String(entry.sortIndex),
              exponent: String(entry.exponent),
              type: 'crypto',
              address_regex: entry.addressRegex,
            })),
        }),
    },
    {
      pattern: /^\/v2\/exchange-rates$/,
      private: false,
      handle: (_params, query) => {
        const base = query.get('currency') ?? 'USD';
        const basePrice = history.lastPriceUsd[base];
        if (basePrice === undefined) return v2Error(400, 'invalid_request', `Invalid currency ${base}`);
        const rates: Record<string, string> = {};
        for (const currency of history.currencies) {
          rates[currency.code] = new Decimal(basePrice).dividedBy(history.lastPriceUsd[currency.code]!).toSignificantDigits(12).toFixed();
        }
        return ok({ data: { currency: base, rates } });
      },
    },
    {
      pattern: /^\/api\/v3\/brokerage\/time$/,
      private: false,
      handle: () => {
        const ms = now();
        return ok({ iso: new Date(ms).toISOString(), epochSeconds: String(Math.floor(ms / 1000)), epochMillis: String(ms) });
      },
    },
    { pattern: /^\/api\/v3\/brokerage\/market\/products$/, private: false, handle: (_params, query) => products(query) },
    { pattern: /^\/api\/v3\/brokerage\/market\/products\/([^/]+)$/, private: false, handle: product },
    { pattern: /^\/api\/v3\/brokerage\/products$/, private: true, handle: (_params, query) => products(query) },
    { pattern: /^\/api\/v3\/brokerage\/products\/([^/]+)$/, private: true, handle: product },
    {
      pattern: /^\/api\/v3\/brokerage\/transaction_summary$/,
      private: true,
      handle: () =>
        ok({
          total_volume: 84213.5,
          total_fees: Number(usdFees),
          fee_tier: { pricing_tier: 'Advanced 2', usd_from: '10000', usd_to: '50000', taker_fee_rate: '0.004', maker_fee_rate: '0.0025', aop_from: '', aop_to: '' },
          margin_rate: null,
          goods_and_services_tax: null,
          advanced_trade_only_volume: 84213.5,
          advanced_trade_only_fees: Number(usdFees),
          coinbase_pro_volume: 0,
          coinbase_pro_fees: 0,
          total_balance: '',
          has_promo_fee: false,
        }),
    },
    { pattern: /^\/api\/v3\/brokerage\/key_permissions$/, private: true, handle: () => ok({ ...permissions }) },
    { pattern: /^\/api\/v3\/brokerage\/accounts$/, private: true, handle: (_params, query) => listV3Accounts(query) },
    {
      pattern: /^\/api\/v3\/brokerage\/accounts\/([^/]+)$/,
      private: true,
      handle: ([uuid]) => {
        const account = history.accounts.find((entry) => entry.uuid === uuid);
        return account ? ok({ account: v3Account(account) }) : v3Error(404, 'NOT_FOUND', 'account not found');
      },
    },
    { pattern: /^\/api\/v3\/brokerage\/orders\/historical\/fills$/, private: true, handle: (_params, query) => listFills(query) },
    { pattern: /^\/v2\/accounts$/, private: true, handle: (_params, query) => pageV2(v2AccountList(), query, '/v2/accounts') },
    { pattern: /^\/v2\/accounts\/([^/]+)$/, private: true, handle: v2AccountRoute((account) => ok({ data: v2Account(account) })) },
    {
      pattern: /^\/v2\/accounts\/([^/]+)\/transactions$/,
      private: true,
      handle: v2AccountRoute((account, query) => pageV2(records(account.transactions), query, `/v2/accounts/${account.uuid}/transactions`)),
    },
    {
      pattern: /^\/v2\/accounts\/([^/]+)\/deposits$/,
      private: true,
      handle: v2AccountRoute((account, query) => pageV2(records(account.deposits), query, `/v2/accounts/${account.uuid}/deposits`)),
    },
    {
      pattern: /^\/v2\/accounts\/([^/]+)\/withdrawals$/,
      private: true,
      handle: v2AccountRoute((account, query) => pageV2(records(account.withdrawals), query, `/v2/accounts/${account.uuid}/withdrawals`)),
    },
  ];

  function handle(request: FakeRequest): FakeResponse {
    const isV2 = request.path.startsWith('/v2/');
    if (request.host !== COINBASE_HOST) return isV2 ? V2_NOT_FOUND : V3_NOT_FOUND;
    for (const route of routes) {
      const match = route.pattern.exec(request.path);
      if (!match) continue;
      if (request.method !== 'GET') return isV2 ? V2_NOT_FOUND : V3_NOT_FOUND;
      if (route.private) {
        const authorization = request.headers.authorization;
        const verdict = verifyCdpJwt(typeof authorization === 'string' ? authorization : undefined, {
          keyName: key.name,
          publicKey: key.publicKey,
          method: request.method,
          host: request.host,
          path: request.path,
          nowSeconds: Math.floor(now() / 1000),
        });
        if (!verdict.ok) {
          authFailures.push(`${request.method} ${request.path}: ${verdict.reason}`);
          return UNAUTHORIZED;
        }
        if (!permissions.can_view) return MISSING_SCOPES;
      }
      return route.handle(match.slice(1).map(decodeURIComponent), request.query);
    }
    return isV2 ? V2_NOT_FOUND : V3_NOT_FOUND;
  }

  const server = new FakeExchangeServer(handle, { rateLimitBody: RATE_LIMIT_BODY });
  return {
    server,
    history,
    truth: history.truth,
    key,
    credentials: { apiKey: key.name, secret: key.privateKeyPem },
    start: (port?: number) => server.start(port),
    stop: () => server.stop(),
    permissions: () => ({ ...permissions }),
    setPermissions(next) {
      permissions = { ...permissions, ...next, portfolio_uuid: history.portfolioUuid };
    },
    setClockOffset(ms) {
      clockOffsetMs = ms;
    },
    setCutoff(ms) {
      cutoffMs = ms ?? Number.POSITIVE_INFINITY;
    },
    truthAt,
    authFailures,
  };
}
