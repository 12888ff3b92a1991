// The fake Coinbase against real ccxt: ccxt's bootstrap works, every stream a sync reads
// pages through to exactly the server's truth (counts and per-asset decimal sums taken from
// the raw strings in `info`, never ccxt's floats), keys are checked as Coinbase checks them,
// and faults reach ccxt as the classes recorded below, which the sync engine must handle.
import { randomBytes, sign } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import ccxt from 'ccxt';
import { Decimal, toDecimalText, ZERO, type Decimal as DecimalValue } from '../../../shared/money.ts';
import { overrideApiUrls } from '../../../electron/core/exchanges/api-url-override.ts';
import { createFakeCoinbase, type FakeCoinbase } from '../../fakes/coinbase/fake-coinbase.ts';
import { createCdpKey } from '../../fakes/coinbase/cdp-auth.ts';
import { coinbaseFaults } from '../../fakes/coinbase/replies.ts';
import type { AssetTotals } from '../../fakes/coinbase/history.ts';
import type { Fault } from '../../fakes/fake-server.ts';

type Coinbase = InstanceType<typeof ccxt.coinbase>;
type Raw = Record<string, unknown>;

let fake: FakeCoinbase;
let base: string;

beforeAll(async () => {
  fake = createFakeCoinbase();
  base = await fake.start();
});
afterAll(async () => {
  await fake.stop();
});
afterEach(() => {
  fake.server.clearFaults();
  fake.setPermissions({ can_view: true, can_trade: false, can_transfer: false });
  fake.setClockOffset(0);
  fake.setCutoff(null);
});

/**
 * ccxt writes its request URL into the JWT's uri claim. Behind an overridden URL that is
 * `GET http://127.0.0.1:PORT/api.coinbase.com/...`, which Coinbase (through any proxy) and the
 * fake reject: the claim must name the host the request is meant for. The sync engine has to
 * do this for every Coinbase account with an --api-url override.
 */
function signForOriginalHost(exchange: Coinbase, baseUrl: string): void {
  const createAuthToken = exchange.createAuthToken.bind(exchange);
  exchange.createAuthToken = (seconds, method, url, useEddsa) =>
    createAuthToken(seconds, method, url !== undefined && url.startsWith(`${baseUrl}/`) ? `https://${url.slice(baseUrl.length + 1)}` : url, useEddsa);
}

function connect(credentials: { apiKey: string; secret: string } = fake.credentials, sign = true): Coinbase {
  const exchange = new ccxt.coinbase({ apiKey: credentials.apiKey, secret: credentials.secret, enableRateLimit: false });
  exchange.urls.api = overrideApiUrls(exchange.urls.api, base);
  if (sign) signForOriginalHost(exchange, base);
  return exchange;
}

/** Per-asset received/sent/fees, summed exactly from decimal strings (zeros add nothing, as in the truth). */
class Sums {
  private readonly byAsset = new Map<string, Record<keyof AssetTotals, DecimalValue>>();

  add(asset: string, kind: keyof AssetTotals, amount: string | DecimalValue): void {
    const value = new Decimal(amount).abs();
    if (value.isZero()) return;
    const entry = this.byAsset.get(asset) ?? { received: ZERO, sent: ZERO, fees: ZERO };
    entry[kind] = entry[kind].plus(value);
    this.byAsset.set(asset, entry);
  }

  merge(other: Sums): this {
    for (const [asset, entry] of other.byAsset) for (const kind of ['received', 'sent', 'fees'] as const) this.add(asset, kind, entry[kind]);
    return this;
  }

  toJSON(): Record<string, AssetTotals> {
    const result: Record<string, AssetTotals> = {};
    for (const asset of [...this.byAsset.keys()].sort()) {
      const entry = this.byAsset.get(asset)!;
      result[asset] = { received: toDecimalText(entry.received), sent: toDecimalText(entry.sent), fees: toDecimalText(entry.fees) };
    }
    return result;
  }
}

function money(value: unknown): { amount: string; currency: string } {
  const { amount, currency } = value as { amount: unknown; currency: unknown };
  if (typeof amount !== 'string' || typeof currency !== 'string') throw new Error(`not a Coinbase money object: ${JSON.stringify(value)}`);
  return { amount, currency };
}

/** What a fill moved, from its raw strings. size_in_quote: size is in the quote currency. */
function addFill(sums: Sums, fill: Raw): void {
  const [baseAsset, quoteAsset] = String(fill.product_id).split('-') as [string, string];
  const price = new Decimal(String(fill.price));
  const size = new Decimal(String(fill.size));
  const baseAmount = fill.size_in_quote === true ? size.dividedBy(price) : size;
  const quoteAmount = fill.size_in_quote === true ? size : size.times(price);
  sums.add(baseAsset, fill.side === 'BUY' ? 'received' : 'sent', baseAmount);
  sums.add(quoteAsset, fill.side === 'BUY' ? 'sent' : 'received', quoteAmount);
  sums.add(quoteAsset, 'fees', String(fill.commission));
}

/** What a v2 transaction moved; advanced_trade_fill entries mirror fills and are left out. */
function addTransaction(sums: Sums, transaction: Raw): void {
  if (transaction.type === 'advanced_trade_fill') return;
  const { amount, currency } = money(transaction.amount);
  const value = new Decimal(amount);
  if (value.isPositive()) {
    sums.add(currency, 'received', value);
    return;
  }
  const network = transaction.network as Raw | undefined;
  if (transaction.type === 'send' && network?.transaction_amount !== undefined) {
    // A crypto send debits amount + network fee; the parts are in `network`.
    const sent = money(network.transaction_amount);
    const fee = money(network.transaction_fee);
    expect(new Decimal(sent.amount).plus(fee.amount).equals(value.abs())).toBe(true);
    sums.add(sent.currency, 'sent', sent.amount);
    sums.add(fee.currency, 'fees', fee.amount);
    return;
  }
  sums.add(currency, 'sent', value);
}

interface V2Page {
  data: Raw[];
  pagination: { limit: number; next_starting_after: string | null; next_uri: string | null };
}

function asV2Page(response: unknown): V2Page {
  const page = response as V2Page;
  if (!Array.isArray(page?.data) || typeof page.pagination !== 'object') throw new Error(`not a v2 page: ${String(response).slice(0, 80)}`);
  return page;
}

/** Pages a v2 list by starting_after until next_uri is null; a short page is not the end. */
async function readV2(request: (params: Raw) => Promise<unknown>, params: Raw): Promise<{ records: Raw[]; pages: number; shortPagesWithMore: number }> {
  const records: Raw[] = [];
  let pages = 0;
  let shortPagesWithMore = 0;
  let startingAfter: string | null = null;
  do {
    const page = asV2Page(await request({ ...params, limit: 100, ...(startingAfter ? { starting_after: startingAfter } : {}) }));
    pages += 1;
    records.push(...page.data);
    if (page.pagination.next_uri !== null && page.data.length < page.pagination.limit) shortPagesWithMore += 1;
    startingAfter = page.pagination.next_uri === null ? null : page.pagination.next_starting_after;
  } while (startingAfter !== null);
  return { records, pages, shortPagesWithMore };
}

/** Pages historical/fills by cursor until the cursor comes back empty. */
async function readFills(exchange: Coinbase, params: Raw): Promise<{ fills: Raw[]; pages: number }> {
  const fills: Raw[] = [];
  let cursor = '';
  let pages = 0;
  do {
    const response = (await exchange.v3PrivateGetBrokerageOrdersHistoricalFills({ ...params, ...(cursor ? { cursor } : {}) })) as { fills: Raw[]; cursor: string };
    if (!Array.isArray(response.fills) || typeof response.cursor !== 'string') throw new Error(`not a fills page: ${String(response).slice(0, 80)}`);
    pages += 1;
    fills.push(...response.fills);
    cursor = response.cursor;
  } while (cursor !== '');
  return { fills, pages };
}

async function listAccounts(exchange: Coinbase, limit: number): Promise<{ accounts: Raw[]; pages: number }> {
  const accounts: Raw[] = [];
  let cursor = '';
  let pages = 0;
  for (;;) {
    const response = (await exchange.v3PrivateGetBrokerageAccounts({ limit, ...(cursor ? { cursor } : {}) })) as { accounts: Raw[]; has_next: boolean; cursor: string };
    pages += 1;
    accounts.push(...response.accounts);
    if (!response.has_next) break;
    cursor = response.cursor;
  }
  return { accounts, pages };
}

describe('fake Coinbase with real ccxt', () => {
  it("answers ccxt's bootstrap: currencies, rates, products and the fee tier", async () => {
    const exchange = connect();
    await exchange.loadMarkets();
    for (const product of fake.history.products) expect(exchange.markets_by_id?.[product.id]?.[0]?.symbol).toBeDefined();
    // Coinbase's CGLD is ccxt's CELO: the raw records keep CGLD.
    expect(exchange.markets_by_id?.['CGLD-USD']?.[0]?.symbol).toBe('CELO/USD');
    expect(exchange.currencies.BTC?.id).toBe('BTC');
    expect(exchange.markets?.['BTC/USD']?.taker).toBe(0.004);
    const paths = fake.server.requests.map((request) => `${request.path}${request.query}`);
    expect(paths).toEqual(
      expect.arrayContaining(['/v2/currencies', '/v2/currencies/crypto', '/v2/exchange-rates', '/api/v3/brokerage/market/products', '/api/v3/brokerage/transaction_summary']),
    );
    expect(await exchange.fetchTime()).toBeGreaterThan(Date.UTC(2024, 0, 1));
  });

  it('rejects the JWT ccxt signs for the overridden URL, as Coinbase would', async () => {
    const exchange = connect(fake.credentials, false);
    await expect(exchange.v3PrivateGetBrokerageKeyPermissions()).rejects.toBeInstanceOf(ccxt.AuthenticationError);
    expect(fake.authFailures.at(-1)).toContain(`uri "GET ${base}/api.coinbase.com/api/v3/brokerage/key_permissions" is not "GET api.coinbase.com/api/v3/brokerage/key_permissions"`);
  });

  it('a wrong private key or key name gets Coinbase\'s bare 401, which ccxt reports as AuthenticationError', async () => {
    const wrongSecret = createCdpKey(fake.key.name);
    await expect(connect({ apiKey: wrongSecret.name, secret: wrongSecret.privateKeyPem }).v3PrivateGetBrokerageAccounts()).rejects.toBeInstanceOf(ccxt.AuthenticationError);
    expect(fake.authFailures.at(-1)).toContain('signature does not verify');
    const otherKey = createCdpKey();
    const exchange = connect({ apiKey: otherKey.name, secret: otherKey.privateKeyPem });
    await expect(exchange.v2PrivateGetAccounts()).rejects.toThrow(/401 Unauthorized Unauthorized$/);
    expect(fake.authFailures.at(-1)).toContain('kid is not the key name');
  });

  it('checks the JWT as Coinbase does: ES256 by the key, uri without query, nbf/exp, at most 2 minutes', async () => {
    const now = Math.floor(Date.now() / 1000);
    const path = '/api/v3/brokerage/key_permissions';
    const token = (claims: Raw, header: Raw = {}): string => {
      const encode = (value: Raw): string => Buffer.from(JSON.stringify(value)).toString('base64url');
      const unsigned = `${encode({ alg: 'ES256', kid: fake.key.name, nonce: randomBytes(16).toString('hex'), typ: 'JWT', ...header })}.${encode({
        sub: fake.key.name,
        iss: 'cdp',
        nbf: now,
        exp: now + 120,
        uri: `GET api.coinbase.com${path}`,
        ...claims,
      })}`;
      const signature = sign('sha256', Buffer.from(unsigned), { key: fake.key.privateKeyPem, dsaEncoding: 'ieee-p1363' });
      return `${unsigned}.${signature.toString('base64url')}`;
    };
    const status = async (jwt: string, query = ''): Promise<[number, string]> => {
      const response = await fetch(`${base}/api.coinbase.com${path}${query}`, { headers: { Authorization: `Bearer ${jwt}` } });
      return [response.status, await response.text()];
    };
    expect((await status(token({}), '?x=1'))[0]).toBe(200); // the query string is not part of the uri
    expect(await status(token({ uri: `GET api.coinbase.com${path}?x=1` }), '?x=1')).toEqual([401, 'Unauthorized']);
    expect((await status(token({ iss: 'coinbase-cloud', aud: ['retail_rest_api_proxy'] })))[0]).toBe(200); // what ccxt sends
    expect((await status(token({ iss: 'someone' })))[0]).toBe(401);
    expect((await status(token({ nbf: now + 60, exp: now + 180 })))[0]).toBe(401);
    expect((await status(token({ nbf: now - 200, exp: now - 80 })))[0]).toBe(401);
    expect((await status(token({ exp: now + 600 })))[0]).toBe(401);
    expect((await status(token({ uri: `POST api.coinbase.com${path}` })))[0]).toBe(401);
    expect((await status(token({}, { alg: 'HS256' })))[0]).toBe(401);
    expect((await status(token({ sub: 'organizations/x/apiKeys/y' })))[0]).toBe(401);
  });

  it('a client clock off by minutes gets the same 401 (AuthenticationError, not InvalidNonce); ccxt cannot correct it by itself', async () => {
    fake.setClockOffset(10 * 60_000);
    const exchange = connect();
    await expect(exchange.v3PrivateGetBrokerageKeyPermissions()).rejects.toBeInstanceOf(ccxt.AuthenticationError);
    expect(fake.authFailures.at(-1)).toContain('expired');
    // loadTimeDifference measures the offset, but coinbase's JWTs use seconds(), which ignores it.
    await exchange.loadTimeDifference();
    await expect(exchange.v3PrivateGetBrokerageKeyPermissions()).rejects.toBeInstanceOf(ccxt.AuthenticationError);
    const offsetMs = Number(exchange.options.timeDifference);
    exchange.seconds = () => Math.floor((Date.now() - offsetMs) / 1000);
    await expect(exchange.v3PrivateGetBrokerageKeyPermissions()).resolves.toMatchObject({ can_view: true });
  });

  it('key_permissions reports what was configured', async () => {
    const exchange = connect();
    expect(await exchange.v3PrivateGetBrokerageKeyPermissions()).toEqual({
      can_view: true,
      can_trade: false,
      can_transfer: false,
      portfolio_uuid: fake.history.portfolioUuid,
      portfolio_type: 'DEFAULT',
    });
    fake.setPermissions({ can_trade: true, can_transfer: true });
    expect(await exchange.v3PrivateGetBrokerageKeyPermissions()).toMatchObject({ can_view: true, can_trade: true, can_transfer: true });
    // Without the view scope Coinbase answers 403 {"error":"unknown",...}: a plain ExchangeError in ccxt.
    fake.setPermissions({ can_view: false });
    const error = await exchange.v3PrivateGetBrokerageAccounts().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ccxt.ExchangeError);
    expect(error).not.toBeInstanceOf(ccxt.PermissionDenied);
    expect(String(error)).toContain('Missing required scopes');
  });

  it('accounts: v3 cursor paging (has_next) lists every account with the balance the history leaves', async () => {
    const exchange = connect();
    const { accounts, pages } = await listAccounts(exchange, 20);
    expect(pages).toBe(Math.ceil(fake.truth.accounts.count / 20));
    expect(accounts).toHaveLength(fake.truth.accounts.count);
    expect(new Set(accounts.map((account) => account.uuid)).size).toBe(accounts.length);
    for (const account of accounts) {
      const { value, currency } = account.available_balance as { value: string; currency: string };
      expect(new Decimal(value).equals(fake.truth.balances[currency] ?? '0')).toBe(true);
    }
    // A limit over the maximum is clamped to 250, not refused.
    const all = (await exchange.v3PrivateGetBrokerageAccounts({ limit: 1000 })) as { accounts: unknown[]; has_next: boolean };
    expect(all.accounts).toHaveLength(fake.truth.accounts.count);
    expect(all.has_next).toBe(false);
  });

  it('fills: cursor paging through historical/fills yields every fill once, and the sums equal the truth', async () => {
    const exchange = connect();
    // Asking for more than the cap gets 250 a page.
    const { fills, pages } = await readFills(exchange, { limit: 1000 });
    expect(pages).toBe(Math.ceil(fake.truth.fills.count / 250));
    expect(new Set(fills.map((fill) => fill.entry_id)).size).toBe(fake.truth.fills.count);
    const sums = new Sums();
    for (const fill of fills) addFill(sums, fill);
    expect(sums.toJSON()).toEqual(fake.truth.fills.assets);
    expect(fake.history.fills.some((entry) => entry.record.size_in_quote)).toBe(true);

    // Filters: one product, and a time window (start inclusive, end exclusive).
    const btc = (await exchange.v3PrivateGetBrokerageOrdersHistoricalFills({ product_ids: 'BTC-USD', limit: 250 })) as { fills: Raw[] };
    expect(btc.fills.every((fill) => fill.product_id === 'BTC-USD')).toBe(true);
    const window = (await exchange.v3PrivateGetBrokerageOrdersHistoricalFills({
      start_sequence_timestamp: '2021-01-01T00:00:00Z',
      end_sequence_timestamp: '2021-02-01T00:00:00Z',
      limit: 250,
    })) as { fills: Raw[] };
    const inWindow = fake.history.fills.filter((entry) => entry.record.sequence_timestamp >= '2021-01-01' && entry.record.sequence_timestamp < '2021-02-01');
    expect(window.fills.map((fill) => fill.entry_id)).toEqual(inWindow.map((entry) => entry.record.entry_id).reverse());

    // The unified method returns the same records with the raw strings in info; its page
    // cursor is tucked into one trade's info.cursor (ccxt sorts the page oldest first).
    const trades = await exchange.fetchMyTrades(undefined, undefined, 50);
    expect(trades).toHaveLength(50);
    expect(trades.filter((trade) => typeof (trade.info as Raw).cursor === 'string')).toHaveLength(1);
  });

  it('v2 transactions: starting_after paging per account until next_uri is null matches the truth (fill mirrors left out)', async () => {
    const exchange = connect();
    const { accounts } = await listAccounts(exchange, 250);
    const sums = new Sums();
    const ids = new Set<string>();
    const byType: Record<string, number> = {};
    let shortPagesWithMore = 0;
    for (const account of accounts) {
      const result = await readV2((params) => exchange.v2PrivateGetAccountsAccountIdTransactions(params), { account_id: account.uuid });
      shortPagesWithMore += result.shortPagesWithMore;
      for (const transaction of result.records) {
        ids.add(String(transaction.id));
        byType[String(transaction.type)] = (byType[String(transaction.type)] ?? 0) + 1;
        addTransaction(sums, transaction);
      }
    }
    expect(ids.size).toBe(fake.truth.transactions.count);
    expect(byType).toEqual(fake.truth.transactions.byType);
    expect(sums.toJSON()).toEqual(fake.truth.transactions.assets);
    // Pages shorter than the limit while more follow do happen (Coinbase's docs warn of it).
    expect(shortPagesWithMore).toBeGreaterThan(0);

    // Fills plus the non-mirror transactions are the complete ledger.
    const fills = new Sums();
    for (const entry of fake.history.fills) addFill(fills, entry.record as unknown as Raw);
    expect(fills.merge(sums).toJSON()).toEqual(fake.truth.assets);
  });

  it('fetchLedger pages the same v2 transactions with starting_after (cursor in info.next_starting_after)', async () => {
    const exchange = connect();
    await exchange.loadMarkets();
    const btc = fake.history.accounts.find((account) => account.currency.code === 'BTC')!;
    const ids = new Set<string>();
    let startingAfter: string | undefined;
    do {
      const entries = await exchange.fetchLedger(undefined, undefined, 100, { account_id: btc.uuid, ...(startingAfter ? { starting_after: startingAfter } : {}) });
      expect(entries.length).toBeGreaterThan(0);
      for (const entry of entries) ids.add(String(entry.id));
      startingAfter = entries.map((entry) => (entry.info as Raw).next_starting_after).find((value): value is string => typeof value === 'string');
    } while (startingAfter !== undefined);
    expect(ids.size).toBe(btc.transactions.length);
  });

  it('fiat deposits and withdrawals (/deposits, /withdrawals) page to the truth; fetchDeposits maps the same records', async () => {
    const exchange = connect();
    await exchange.loadMarkets();
    const deposits = new Sums();
    const withdrawals = new Sums();
    let depositCount = 0;
    let withdrawalCount = 0;
    for (const account of fake.history.accounts.filter((entry) => entry.currency.type === 'fiat')) {
      const inbound = await readV2((params) => exchange.v2PrivateGetAccountsAccountIdDeposits(params), { account_id: account.uuid });
      const outbound = await readV2((params) => exchange.v2PrivateGetAccountsAccountIdWithdrawals(params), { account_id: account.uuid });
      depositCount += inbound.records.length;
      withdrawalCount += outbound.records.length;
      for (const record of inbound.records) deposits.add(money(record.amount).currency, 'received', money(record.amount).amount);
      for (const record of outbound.records) withdrawals.add(money(record.amount).currency, 'sent', money(record.amount).amount);
    }
    expect(depositCount).toBe(fake.truth.deposits.count);
    expect(withdrawalCount).toBe(fake.truth.withdrawals.count);
    expect(deposits.toJSON()).toEqual(fake.truth.deposits.assets);
    expect(withdrawals.toJSON()).toEqual(fake.truth.withdrawals.assets);

    const usd = fake.history.accounts.find((account) => account.currency.code === 'USD')!;
    const firstPage = await exchange.fetchDeposits(undefined, undefined, 100, { account_id: usd.uuid });
    expect(firstPage.map((deposit) => deposit.id).sort()).toEqual(
      usd.deposits.slice(-100).map((entry) => entry.record.id).sort(),
    );
  });

  it('a cutoff hides later records; moving it forward reveals exactly what a re-sync must add', async () => {
    const exchange = connect();
    const cutoff = Date.UTC(2022, 0, 1);
    fake.setCutoff(cutoff);
    const before = await readFills(exchange, { limit: 250 });
    const truthBefore = fake.truthAt();
    expect(truthBefore.fills.count).toBeLessThan(fake.truth.fills.count);
    expect(before.fills).toHaveLength(truthBefore.fills.count);
    const usd = fake.history.accounts.find((account) => account.currency.code === 'USD')!;
    const usdBefore = await readV2((params) => exchange.v2PrivateGetAccountsAccountIdTransactions(params), { account_id: usd.uuid });
    expect(usdBefore.records).toHaveLength(usd.transactions.filter((entry) => entry.timeMs <= cutoff).length);
    const { accounts } = await listAccounts(exchange, 250);
    for (const account of accounts) {
      const { value, currency } = account.available_balance as { value: string; currency: string };
      expect(new Decimal(value).equals(truthBefore.balances[currency] ?? '0')).toBe(true);
    }

    fake.setCutoff(null);
    const after = await readFills(exchange, { limit: 250, start_sequence_timestamp: new Date(cutoff).toISOString() });
    expect(before.fills.length + after.fills.length).toBe(fake.truth.fills.count);
    const sums = new Sums();
    for (const fill of [...before.fills, ...after.fills]) addFill(sums, fill);
    expect(sums.toJSON()).toEqual(fake.truth.fills.assets);
  });

  describe('faults, as ccxt 4.5 surfaces them', () => {
    // What each method the sync may use does with each fault. Recorded, not wished for:
    // - Coinbase's own 429s (v2 JSON, v3 gateway HTML) → RateLimitExceeded, with Retry-After in
    //   exchange.last_response_headers. (A 429 whose JSON body has some other `error`, like the
    //   base server's default {"error":"Too many requests"}, would be a plain ExchangeError:
    //   ccxt's coinbase.handleErrors reads the body before the status. The fake's generic
    //   rate-limit fault therefore sends Coinbase's v2 body.)
    // - Coinbase's 500 {"errors":[{"id":"internal_server_error"}]} → ExchangeError whose message
    //   holds only the body (no status code): a retry policy must recognise it by that id.
    // - A connection cut mid-body → ccxt NetworkError ("fetch failed"); a timeout → RequestTimeout.
    // - A complete 200 whose JSON is cut short: the implicit methods return the raw text as a
    //   string, and the unified methods return [] (they read `fills`/`data` from that string):
    //   an empty page that is not the end of anything. Check the shape of every answer.
    const methods: Record<string, { path: string; call: (exchange: Coinbase) => Promise<unknown> }> = {
      'v3PrivateGetBrokerageOrdersHistoricalFills': { path: '/fills', call: (exchange) => exchange.v3PrivateGetBrokerageOrdersHistoricalFills({ limit: 10 }) },
      'v2PrivateGetAccountsAccountIdTransactions': {
        path: '/transactions',
        call: (exchange) => exchange.v2PrivateGetAccountsAccountIdTransactions({ account_id: fake.history.accounts[3]!.uuid, limit: 10 }),
      },
      'fetchMyTrades': { path: '/fills', call: (exchange) => exchange.fetchMyTrades(undefined, undefined, 10) },
      'fetchLedger': { path: '/transactions', call: (exchange) => exchange.fetchLedger(undefined, undefined, 10, { account_id: fake.history.accounts[3]!.uuid }) },
      'fetchDeposits': { path: '/deposits', call: (exchange) => exchange.fetchDeposits(undefined, undefined, 10, { account_id: fake.history.accounts[0]!.uuid }) },
    };
    const implicit = (name: string): boolean => name.startsWith('v2') || name.startsWith('v3');
    const cases: { name: string; fault: Fault; expected: (method: string) => string }[] = [
      { name: 'Coinbase v3 429 (HTML)', fault: coinbaseFaults.rateLimitV3(2), expected: () => 'threw RateLimitExceeded' },
      { name: 'Coinbase v2 429 (JSON)', fault: coinbaseFaults.rateLimitV2(2), expected: () => 'threw RateLimitExceeded' },
      { name: 'generic rate-limit fault (Coinbase v2 body)', fault: { kind: 'rate-limit', retryAfterSeconds: 2 }, expected: () => 'threw RateLimitExceeded' },
      { name: '503', fault: { kind: 'unavailable' }, expected: () => 'threw ExchangeNotAvailable' },
      { name: 'Coinbase 500', fault: coinbaseFaults.internalError(), expected: () => 'threw ExchangeError' },
      { name: 'timeout', fault: { kind: 'timeout', afterMs: 400 }, expected: () => 'threw RequestTimeout' },
      { name: 'connection cut mid-body', fault: { kind: 'disconnect' }, expected: () => 'threw NetworkError' },
      { name: 'JSON cut short', fault: { kind: 'malformed' }, expected: (method) => (implicit(method) ? 'returned a string' : 'returned []') },
    ];

    async function outcome(exchange: Coinbase, method: string): Promise<string> {
      try {
        const result = await methods[method]!.call(exchange);
        if (typeof result === 'string') return 'returned a string';
        if (Array.isArray(result)) return result.length === 0 ? 'returned []' : `returned ${result.length} records`;
        return 'returned an object';
      } catch (error) {
        return `threw ${(error as Error).constructor.name}`;
      }
    }

    it.each(cases)('$name', async ({ fault, expected }) => {
      const exchange = connect();
      await exchange.loadMarkets();
      // Short only where a request is meant to time out, so a slow machine cannot fail the rest.
      if (fault.kind === 'timeout') exchange.timeout = 150;
      for (const [method, { path }] of Object.entries(methods)) {
        fake.server.inject({ fault, pathIncludes: path });
        expect(`${method}: ${await outcome(exchange, method)}`).toBe(`${method}: ${expected(method)}`);
        if (fault.kind === 'rate-limit' || (fault.kind === 'reply' && fault.response.status === 429)) {
          expect(exchange.last_response_headers?.['Retry-After']).toBe('2');
        }
        fake.server.clearFaults();
      }
      // The class hierarchy the retry policy relies on.
      expect(new ccxt.RateLimitExceeded('')).toBeInstanceOf(ccxt.NetworkError);
      expect(new ccxt.RequestTimeout('')).toBeInstanceOf(ccxt.NetworkError);
      expect(new ccxt.ExchangeNotAvailable('')).toBeInstanceOf(ccxt.NetworkError);
    });
  });
});
