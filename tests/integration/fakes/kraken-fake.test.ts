// The fake Kraken as the sync will meet it: real ccxt, pointed at the fake by rewriting
// `urls.api`, reading every stream page by page and comparing with the fake's truth to the
// last decimal, then every failure a sync must survive or report, with the ccxt class each
// one arrives as.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import ccxt from 'ccxt';
import { Decimal, toDecimalText } from '../../../shared/money.ts';
import { overrideApiUrls } from '../../../electron/core/exchanges/api-url-override.ts';
import {
  createFakeKraken,
  krakenError,
  KRAKEN_ERRORS,
  KRAKEN_PAGE_SIZE,
  KRAKEN_TIERS,
  READ_ONLY_PERMISSIONS,
  type FakeKraken,
} from '../../fakes/kraken/fake-kraken.ts';
import { generateKrakenHistory, type AssetTotals } from '../../fakes/kraken/kraken-history.ts';
import { KRAKEN_PAIRS } from '../../fakes/kraken/kraken-markets.ts';
import { krakenSignature } from '../../fakes/kraken/kraken-signature.ts';

type Kraken = InstanceType<typeof ccxt.kraken>;

/** ccxt's Kraken client against the fake, as the sync will build it. */
function connect(base: string, credentials: { apiKey: string; secret: string }): Kraken {
  const kraken = new ccxt.kraken({ ...credentials, enableRateLimit: false });
  kraken.urls.api = overrideApiUrls(kraken.urls.api as Record<string, string>, base);
  // ccxt's nonce is Date.now(): two calls in the same millisecond (common on loopback,
  // where a call takes well under one) repeat it, and Kraken rejects the second as
  // "EAPI:Invalid nonce". Strictly increasing, as Kraken requires.
  let last = 0;
  kraken.nonce = () => (last = Math.max(Date.now(), last + 1));
  return kraken;
}

/** The class name of what a call throws ('none' if it does not). */
async function failure(call: () => Promise<unknown>): Promise<{ name: string; error: unknown }> {
  try {
    await call();
    return { name: 'none', error: null };
  } catch (error) {
    return { name: (error as Error).constructor.name, error };
  }
}

/** Per-key totals from raw records, summed exactly from the strings Kraken wrote. */
function totals(records: Iterable<{ key: string; amount: string; fee: string }>): Record<string, AssetTotals> {
  const sums = new Map<string, { count: number; amount: Decimal; fee: Decimal }>();
  for (const { key, amount, fee } of records) {
    const sum = sums.get(key) ?? { count: 0, amount: new Decimal(0), fee: new Decimal(0) };
    sums.set(key, { count: sum.count + 1, amount: sum.amount.plus(amount), fee: sum.fee.plus(fee) });
  }
  const result: Record<string, AssetTotals> = {};
  for (const [key, sum] of [...sums.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    result[key] = { count: sum.count, amount: toDecimalText(sum.amount), fee: toDecimalText(sum.fee) };
  }
  return result;
}

interface RawLedgerEntry {
  refid: string;
  time: number;
  type: string;
  asset: string;
  amount: string;
  fee: string;
  balance: string;
}

let fake: FakeKraken;
let base: string;
let kraken: Kraken;

beforeAll(async () => {
  fake = createFakeKraken({ history: { seed: 7, trades: 2000 } });
  base = await fake.start();
  kraken = connect(base, fake.credentials);
});
afterAll(() => fake.stop());
afterEach(() => {
  // Each test starts with the key as it was: no faults queued, read-only, no nonce seen.
  fake.server.clearFaults();
  fake.setPermissions(READ_ONLY_PERMISSIONS);
  fake.setLastNonce(0n);
});

describe('fake Kraken: the full history through ccxt', () => {
  it('serves what ccxt reads at start: Assets, then AssetPairs', async () => {
    const markets = await kraken.loadMarkets();
    expect(fake.server.requests.map((request) => `${request.host}${request.path}`)).toEqual([
      'api.kraken.com/0/public/Assets',
      'api.kraken.com/0/public/AssetPairs',
    ]);
    expect(markets['BTC/USD']?.id).toBe('XXBTZUSD');
    expect(markets['DOGE/USD']?.id).toBe('XDGUSD');
    expect(markets['ADA/ETH']?.id).toBe('ADAETH');
    expect(Object.keys(kraken.currencies)).toEqual(expect.arrayContaining(['BTC', 'ETH', 'USD', 'EUR', 'ETH2.S', 'DOT.S', 'ETHW']));
    expect(kraken.currencies.BTC?.id).toBe('XXBT');
    expect(await kraken.fetchTime()).toBeGreaterThan(Date.parse('2024-01-01'));
  });

  it('pages the whole ledger by ofs, newest first, 50 a page, and matches the truth exactly', async () => {
    const truth = fake.truth;
    const entries = new Map<string, RawLedgerEntry>();
    let previousTime = Infinity;
    for (let ofs = 0; ; ) {
      const response = await kraken.privatePostLedgers({ ofs });
      const page = Object.entries(response.result.ledger as Record<string, RawLedgerEntry>);
      expect(response.result.count).toBe(truth.ledger.count);
      if (page.length === 0) break;
      expect(page.length === KRAKEN_PAGE_SIZE || ofs + page.length === truth.ledger.count).toBe(true);
      for (const [id, entry] of page) {
        expect(id).toMatch(/^L[A-Z2-7]{5}-[A-Z2-7]{5}-[A-Z2-7]{6}$/);
        expect(entry.time).toBeLessThanOrEqual(previousTime);
        previousTime = entry.time;
        expect(entries.has(id)).toBe(false);
        entries.set(id, entry);
      }
      ofs += page.length;
    }
    expect(entries.size).toBe(truth.ledger.count);
    expect(totals([...entries.values()].map((entry) => ({ key: entry.asset, amount: entry.amount, fee: entry.fee })))).toEqual(
      truth.ledger.byAsset,
    );
    const byType: Record<string, number> = {};
    for (const entry of entries.values()) byType[entry.type] = (byType[entry.type] ?? 0) + 1;
    expect(byType).toEqual(truth.ledger.byType);
    // Many kinds of record a tax sync must understand, and thousands of them.
    expect(Object.keys(byType).sort()).toEqual(['adjustment', 'deposit', 'earn', 'receive', 'spend', 'staking', 'trade', 'transfer', 'withdrawal']);
    expect(truth.ledger.count).toBeGreaterThan(5000);

    // What Balance answers is the sum of the ledger, per asset.
    const balance = await kraken.fetchBalance();
    const rawBalances = Object.fromEntries(
      Object.entries((balance.info as { result: Record<string, { balance: string }> }).result).map(([asset, value]) => [
        asset,
        toDecimalText(new Decimal(value.balance)),
      ]),
    );
    expect(rawBalances).toEqual(truth.balances);
  });

  it('pages TradesHistory through fetchMyTrades with ofs and matches the truth exactly', async () => {
    const truth = fake.truth;
    const trades = new Map<string, Record<string, string>>();
    for (let ofs = 0; ; ) {
      const page = await kraken.fetchMyTrades(undefined, undefined, undefined, { ofs });
      if (page.length === 0) break;
      expect(page.length).toBeLessThanOrEqual(KRAKEN_PAGE_SIZE);
      for (const trade of page) {
        expect(trade.id).toMatch(/^T[A-Z2-7]{5}-[A-Z2-7]{5}-[A-Z2-7]{6}$/);
        trades.set(trade.id!, trade.info as Record<string, string>);
      }
      ofs += page.length;
    }
    expect(trades.size).toBe(truth.trades.count);

    const byPair: Record<string, { count: number; vol: Decimal; cost: Decimal; fee: Decimal }> = {};
    const assetMoves: { key: string; amount: string; fee: string }[] = [];
    const pairs = new Map(KRAKEN_PAIRS.map((pair) => [pair.id, pair]));
    for (const info of trades.values()) {
      const sum = byPair[info.pair!] ?? { count: 0, vol: new Decimal(0), cost: new Decimal(0), fee: new Decimal(0) };
      byPair[info.pair!] = { count: sum.count + 1, vol: sum.vol.plus(info.vol!), cost: sum.cost.plus(info.cost!), fee: sum.fee.plus(info.fee!) };
      const pair = pairs.get(info.pair!)!;
      const sign = info.type === 'buy' ? 1 : -1;
      assetMoves.push({ key: pair.base, amount: new Decimal(info.vol!).times(sign).toFixed(), fee: '0' });
      assetMoves.push({ key: pair.quote, amount: new Decimal(info.cost!).times(-sign).toFixed(), fee: info.fee! });
    }
    const pairTotals = Object.fromEntries(
      Object.entries(byPair).map(([pair, sum]) => [pair, { count: sum.count, vol: toDecimalText(sum.vol), cost: toDecimalText(sum.cost), fee: toDecimalText(sum.fee) }]),
    );
    expect(pairTotals).toEqual(truth.trades.byPair);
    expect(totals(assetMoves)).toEqual(truth.trades.byAsset);

    // A delisted pair (MATICUSD, gone from AssetPairs) still comes back, but ccxt can only
    // echo its id as the symbol and cannot name the fee currency: the sync must take the
    // assets from the trade's ledger entries (refid = trade id), not from ccxt's market.
    const delisted = fake.history.trades.find((trade) => trade.pair === 'MATICUSD')!;
    const page = await kraken.fetchMyTrades(undefined, undefined, undefined, { end: delisted.txid, ofs: 0 });
    // ccxt re-sorts the page oldest first: Kraken's newest-first order does not survive.
    expect(page.at(-1)?.id).toBe(delisted.txid);
    const parsed = page.at(-1);
    expect(parsed?.symbol).toBe('MATICUSD');
    expect(parsed?.fee?.currency).toBeUndefined();
  });

  it('links trades to their ledger entries with ledgers=true, and serves QueryLedgers / QueryTrades', async () => {
    const response = await kraken.privatePostTradesHistory({ ofs: 0, ledgers: true });
    const [txid, trade] = Object.entries(response.result.trades as Record<string, { ledgers: string[]; vol: string }>)[0]!;
    expect(trade.ledgers).toHaveLength(2);
    const linked = await kraken.privatePostQueryLedgers({ id: trade.ledgers.join(',') });
    const entries = Object.values(linked.result as Record<string, RawLedgerEntry>);
    expect(entries.map((entry) => entry.refid)).toEqual([txid, txid]);
    expect(entries.some((entry) => new Decimal(entry.amount).abs().equals(trade.vol))).toBe(true);
    const queried = await kraken.privatePostQueryTrades({ txid });
    expect(Object.keys(queried.result)).toEqual([txid]);
  });

  it('filters by start (exclusive) and end (inclusive), in seconds or by id, as Kraken does', async () => {
    const ledger = fake.history.ledger;
    const from = ledger[1000]!.time;
    const to = ledger[1600]!.time;
    const expected = ledger.filter((entry) => entry.time > Math.floor(from) && entry.time <= Math.floor(to)).length;
    const response = await kraken.privatePostLedgers({ start: Math.floor(from), end: Math.floor(to) });
    expect(response.result.count).toBe(expected);
    // fetchLedger's `since` (ms) goes out as start = floor(since / 1000): exclusive, in seconds.
    await kraken.fetchLedger(undefined, to * 1000, undefined, { ofs: 0 });
    expect(fake.calls.at(-1)?.params).toEqual({ start: String(Math.floor(to)), ofs: '0' });
    // An id as `end` bounds by position, so entries sharing its timestamp are kept apart.
    const byId = await kraken.privatePostLedgers({ end: ledger[1600]!.id });
    expect(byId.result.count).toBe(1601);
    expect(Object.keys(byId.result.ledger)[0]).toBe(ledger[1600]!.id);
    const withoutCount = await kraken.privatePostLedgers({ without_count: true });
    expect(withoutCount.result.count).toBeUndefined();
  });

  it('keeps the funding endpoints to recent records and behind deposit/withdraw permissions', async () => {
    const truth = fake.truth;
    // A read-only key cannot even ask: DepositStatus needs "Deposit Funds", WithdrawStatus
    // "Withdraw Funds". The ledger is where a read-only sync finds every deposit.
    expect((await failure(() => kraken.fetchDeposits())).name).toBe('PermissionDenied');
    expect((await failure(() => kraken.fetchWithdrawals())).name).toBe('PermissionDenied');
    fake.setPermissions([...READ_ONLY_PERMISSIONS, 'deposit-funds', 'withdraw-funds']);
    const deposits = await kraken.fetchDeposits();
    const withdrawals = await kraken.fetchWithdrawals();
    expect(deposits).toHaveLength(truth.deposits.count);
    expect(withdrawals).toHaveLength(truth.withdrawals.count);
    expect(truth.deposits.count).toBeLessThan(truth.allDeposits / 10);
    expect(truth.ledger.byType.deposit).toBe(truth.allDeposits);
    expect(totals(deposits.map((deposit) => { const info = deposit.info as Record<string, string>; return { key: info.asset!, amount: info.amount!, fee: info.fee! }; }))).toEqual(
      truth.deposits.byAsset,
    );
    // With `cursor`, Kraken answers an object; ccxt's fetchDeposits then silently returns [].
    const paged = await kraken.privatePostWithdrawStatus({ cursor: true, limit: 1 });
    expect(paged.result.withdrawals).toHaveLength(1);
    expect(await kraken.fetchDeposits(undefined, undefined, undefined, { cursor: true })).toEqual([]);
  });

  it('sees activity added after the first read: new entries arrive at ofs 0 and shift the rest', async () => {
    const history = generateKrakenHistory({ seed: 11, trades: 120 });
    const growing = createFakeKraken({ history });
    const client = connect(await growing.start(), growing.credentials);
    try {
      const before = await client.privatePostLedgers({ ofs: 0 });
      const newest = Object.keys(before.result.ledger)[0]!;
      history.append(30);
      const after = await client.privatePostLedgers({ ofs: 0 });
      expect(after.result.count).toBe(growing.truth.ledger.count);
      expect(after.result.count).toBeGreaterThanOrEqual(before.result.count + 60);
      expect(Object.keys(after.result.ledger)).not.toContain(newest);
      const since = await client.privatePostTradesHistory({ start: Math.ceil(before.result.ledger[newest].time) });
      expect(since.result.count).toBe(30);
    } finally {
      await growing.stop();
    }
  });

  it('is deterministic: the same seed gives the same history, another seed another one', () => {
    const a = generateKrakenHistory({ seed: 5, trades: 300 });
    const b = generateKrakenHistory({ seed: 5, trades: 300 });
    const c = generateKrakenHistory({ seed: 6, trades: 300 });
    expect(JSON.stringify(b.ledger)).toBe(JSON.stringify(a.ledger));
    expect(b.truth()).toEqual(a.truth());
    expect(c.truth().ledger.byAsset).not.toEqual(a.truth().ledger.byAsset);
    expect(a.trades).toHaveLength(300);
  });
});

describe('fake Kraken: keys and permissions', () => {
  it('reports the configured permissions through GetApiKeyInfo and enforces them', async () => {
    const info = await kraken.privatePostGetApiKeyInfo();
    expect(info.result.permissions).toEqual([...READ_ONLY_PERMISSIONS]);
    expect(info.result).toMatchObject({ apiKey: fake.credentials.apiKey, queryFrom: '0', queryTo: '0', nonceWindow: 0 });

    fake.setPermissions([...READ_ONLY_PERMISSIONS, 'modify-trades', 'withdraw-funds']);
    const risky = await kraken.privatePostGetApiKeyInfo();
    expect(risky.result.permissions).toEqual(expect.arrayContaining(['modify-trades', 'withdraw-funds']));
    // The harmless trade probe: an order that is only validated, never placed.
    const probe = await kraken.privatePostAddOrder({ pair: 'XXBTZUSD', type: 'buy', ordertype: 'limit', price: '1000', volume: '0.0001', validate: true });
    expect(probe.result.descr.order).toBe('buy 0.0001 XBTUSD @ limit 1000');

    fake.setPermissions(['query-funds']);
    expect((await failure(() => kraken.privatePostLedgers({}))).name).toBe('PermissionDenied');
    expect((await failure(() => kraken.fetchMyTrades())).name).toBe('PermissionDenied');
    const order = { pair: 'XXBTZUSD', type: 'buy', ordertype: 'market', volume: '1', validate: true };
    expect((await failure(() => kraken.privatePostAddOrder(order))).name).toBe('PermissionDenied');
  });

  it('without GetApiKeyInfo, permissions can still be probed with harmless calls', async () => {
    const older = createFakeKraken({ history: { seed: 2, trades: 60 }, apiKeyInfo: false, permissions: ['query-funds', 'query-ledger', 'withdraw-funds'] });
    const client = connect(await older.start(), older.credentials);
    try {
      // Not an AuthenticationError: ccxt maps "EGeneral:Unknown method" to ExchangeError.
      expect((await failure(() => client.privatePostGetApiKeyInfo())).name).toBe('ExchangeError');
      const probes = {
        'query-funds': () => client.privatePostBalance(),
        'query-ledger': () => client.privatePostLedgers({ start: Math.floor(Date.now() / 1000) }),
        'query-trades': () => client.privatePostTradesHistory({ start: Math.floor(Date.now() / 1000) }),
        'withdraw-funds': () => client.privatePostWithdrawStatus({}),
        'modify-trades': () => client.privatePostAddOrder({ pair: 'XBTUSD', type: 'buy', ordertype: 'market', volume: '0.0001', validate: true }),
      };
      const granted: string[] = [];
      for (const [permission, probe] of Object.entries(probes)) {
        const outcome = await failure(probe);
        if (outcome.name === 'none') granted.push(permission);
        else expect(outcome.name).toBe('PermissionDenied');
      }
      expect(granted).toEqual(['query-funds', 'query-ledger', 'withdraw-funds']);
    } finally {
      await older.stop();
    }
  });

  it("serves only the key's query window, and says so in GetApiKeyInfo", async () => {
    const queryFrom = Date.UTC(2024, 0, 1) / 1000;
    const restricted = createFakeKraken({ history: { seed: 2, trades: 300 }, queryFrom });
    const client = connect(await restricted.start(), restricted.credentials);
    try {
      // A key limited this way silently hides older history: the sync must warn about it.
      expect((await client.privatePostGetApiKeyInfo()).result.queryFrom).toBe(String(queryFrom));
      const visible = restricted.history.ledger.filter((entry) => entry.time >= queryFrom).length;
      expect(visible).toBeLessThan(restricted.truth.ledger.count);
      expect((await client.privatePostLedgers({})).result.count).toBe(visible);
    } finally {
      await restricted.stop();
    }
  });

  it('rejects a wrong secret or an unknown key as Kraken does: EAPI:Invalid key → AuthenticationError', async () => {
    const wrongSecret = connect(base, { apiKey: fake.credentials.apiKey, secret: Buffer.alloc(64, 7).toString('base64') });
    const wrong = await failure(() => wrongSecret.privatePostBalance());
    expect(wrong.name).toBe('AuthenticationError');
    expect(String(wrong.error)).toContain(KRAKEN_ERRORS.invalidKey);
    const unknownKey = connect(base, { apiKey: 'A'.repeat(56), secret: fake.credentials.secret });
    expect((await failure(() => unknownKey.fetchBalance())).name).toBe('AuthenticationError');
    expect(fake.calls.at(-1)?.outcome).toBe(KRAKEN_ERRORS.invalidKey);
  });

  it('checks API-Sign over the real URI path, not the path the proxy URL adds', async () => {
    const { apiKey, secret } = fake.credentials;
    let nonce = BigInt(Date.now());
    const call = async (signedPath: string, apiSign?: string) => {
      nonce += 1n;
      const body = `nonce=${nonce}&asset=XXBT`;
      const response = await fetch(`${base}/api.kraken.com/0/private/Ledgers`, {
        method: 'POST',
        headers: { 'API-Key': apiKey, 'API-Sign': apiSign ?? krakenSignature(signedPath, String(nonce), body, secret), 'Content-Type': 'application/x-www-form-urlencoded' },
        body,
      });
      expect(response.status).toBe(200); // Kraken reports errors in the body, with HTTP 200
      return (await response.json()) as { error: string[]; result?: { count: number } };
    };
    const good = await call('/0/private/Ledgers');
    expect(good.error).toEqual([]);
    expect(good.result?.count).toBe(fake.truth.ledger.byAsset.XXBT?.count);
    // Kraken also takes JSON bodies (ccxt sends them for batch orders): same signature over the raw body.
    nonce += 1n;
    const json = JSON.stringify({ nonce: String(nonce), asset: 'XXBT' });
    const viaJson = await fetch(`${base}/api.kraken.com/0/private/Ledgers`, {
      method: 'POST',
      headers: { 'API-Key': apiKey, 'API-Sign': krakenSignature('/0/private/Ledgers', String(nonce), json, secret), 'Content-Type': 'application/json' },
      body: json,
    });
    expect(((await viaJson.json()) as { result: { count: number } }).result.count).toBe(good.result?.count);
    expect((await call('/api.kraken.com/0/private/Ledgers')).error).toEqual([KRAKEN_ERRORS.invalidKey]);
    // A header that cannot be a signature at all is "Invalid signature", which ccxt does
    // not map: it arrives as a plain ExchangeError.
    expect((await call('/0/private/Ledgers', 'not-a-signature')).error).toEqual([KRAKEN_ERRORS.invalidSignature]);
  });

  it('refuses a replayed or lower nonce: InvalidNonce', async () => {
    const client = connect(base, fake.credentials);
    const fixed = Date.now() + 10_000;
    client.nonce = () => fixed;
    expect((await failure(() => client.privatePostBalance())).name).toBe('none');
    expect((await failure(() => client.privatePostBalance())).name).toBe('InvalidNonce'); // replayed
    client.nonce = () => fixed - 1;
    expect((await failure(() => client.privatePostBalance())).name).toBe('InvalidNonce'); // lower
    // Another program used this key with a far larger nonce (e.g. microseconds): every
    // millisecond nonce now fails, and no clock resync helps; only a new key does.
    fake.setLastNonce(BigInt(Date.now()) * 1000n);
    expect((await failure(() => kraken.privatePostBalance())).name).toBe('InvalidNonce');
  });

  it('accepts out-of-order nonces within the key nonce window, once each', async () => {
    const windowed = createFakeKraken({ history: { seed: 2, trades: 60 }, nonceWindow: 1000 });
    const client = connect(await windowed.start(), windowed.credentials);
    try {
      const nonces = [5_000_000, 4_999_500, 5_000_100, 4_999_500, 4_998_000];
      const outcomes: string[] = [];
      for (const nonce of nonces) {
        client.nonce = () => nonce;
        outcomes.push((await failure(() => client.privatePostBalance())).name);
      }
      expect(outcomes).toEqual(['none', 'none', 'none', 'InvalidNonce', 'InvalidNonce']);
    } finally {
      await windowed.stop();
    }
  });
});

describe('fake Kraken: faults as ccxt reports them', () => {
  it('rate limits arrive as DDoSProtection (Kraken envelope) or RateLimitExceeded (bare 429)', async () => {
    fake.server.inject({ fault: krakenError(KRAKEN_ERRORS.rateLimit), pathIncludes: '/Ledgers' });
    expect((await failure(() => kraken.privatePostLedgers({}))).name).toBe('DDoSProtection');
    fake.server.inject({ fault: krakenError(KRAKEN_ERRORS.tooManyRequests) });
    expect((await failure(() => kraken.privatePostLedgers({}))).name).toBe('DDoSProtection');
    // The server's generic 429 carries Kraken's own body here, and a Retry-After header.
    fake.server.inject({ fault: { kind: 'rate-limit', retryAfterSeconds: 3 } });
    expect((await failure(() => kraken.privatePostLedgers({}))).name).toBe('DDoSProtection');
    expect((kraken.last_response_headers as Record<string, string>)['Retry-After']).toBe('3');
    fake.server.inject({ fault: { kind: 'reply', response: { status: 429, body: 'error code: 1015' } } });
    expect((await failure(() => kraken.privatePostLedgers({}))).name).toBe('RateLimitExceeded');
    // All of them are ccxt NetworkErrors, which the sync retries.
    expect(new ccxt.DDoSProtection('x')).toBeInstanceOf(ccxt.NetworkError);
  });

  it("enforces Kraken's per-key call counter when asked (history calls cost 2)", async () => {
    let clock = 1_000_000;
    const limited = createFakeKraken({ history: { seed: 2, trades: 60 }, callCounter: KRAKEN_TIERS.starter, now: () => clock });
    const client = connect(await limited.start(), limited.credentials);
    try {
      const outcomes: string[] = [];
      for (let i = 0; i < 9; i += 1) outcomes.push((await failure(() => client.privatePostLedgers({}))).name);
      expect(outcomes).toEqual([...Array(7).fill('none'), 'DDoSProtection', 'DDoSProtection']);
      clock += 6_100; // starter keys drain 0.33 a second: 2 points back after ~6 s
      expect((await failure(() => client.privatePostLedgers({}))).name).toBe('none');
      expect(limited.calls.filter((call) => call.outcome === KRAKEN_ERRORS.rateLimit)).toHaveLength(2);
    } finally {
      await limited.stop();
    }
  });

  it('outages: 503 and EService:Unavailable → ExchangeNotAvailable; no answer → RequestTimeout', async () => {
    fake.server.inject({ fault: { kind: 'unavailable' } });
    expect((await failure(() => kraken.privatePostLedgers({}))).name).toBe('ExchangeNotAvailable');
    fake.server.inject({ fault: krakenError(KRAKEN_ERRORS.unavailable) });
    expect((await failure(() => kraken.privatePostLedgers({}))).name).toBe('ExchangeNotAvailable');
    fake.server.inject({ fault: krakenError(KRAKEN_ERRORS.busy) });
    expect((await failure(() => kraken.privatePostLedgers({}))).name).toBe('ExchangeNotAvailable');
    const impatient = connect(base, fake.credentials);
    impatient.timeout = 200;
    fake.server.inject({ fault: { kind: 'timeout', afterMs: 600 } });
    expect((await failure(() => impatient.privatePostLedgers({}))).name).toBe('RequestTimeout');
  });

  it('a cut connection raises NetworkError; a malformed body raises nothing at all', async () => {
    // ccxt 4.5.84 on Node 24 wraps undici's "other side closed" in ccxt.NetworkError
    // ("fetch failed: other side closed"); older stacks have surfaced undici's bare
    // SocketError instead (DOMAIN.md), so the sync's classifier keeps handling both.
    fake.server.inject({ fault: { kind: 'disconnect' } });
    const cut = await failure(() => kraken.privatePostLedgers({ ofs: 0 }));
    expect(cut.error).toBeInstanceOf(ccxt.NetworkError);
    expect(String(cut.error)).toContain('other side closed');

    // A complete HTTP 200 whose JSON is cut short: the implicit method returns the raw
    // text, and fetchLedger turns that into an empty page. No error class at all, so the
    // sync must check the shape of every page (result.ledger, result.count) itself.
    fake.server.inject({ fault: { kind: 'malformed' } });
    const raw: unknown = await kraken.privatePostLedgers({ ofs: 0 });
    expect(typeof raw).toBe('string');
    fake.server.inject({ fault: { kind: 'malformed' } });
    expect(await kraken.fetchLedger(undefined, undefined, undefined, { ofs: 0 })).toEqual([]);
  });
});
