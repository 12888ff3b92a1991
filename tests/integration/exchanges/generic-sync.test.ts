// The generic strategy (any ccxt exchange without its own) through ccxt's unified methods,
// here against the fake Binance's trades as a stand-in: trades per market read forward by
// `since`, exactly once, and nothing more on a re-sync.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createFakeBinance, type FakeBinance } from '../../fakes/binance/fake-binance.ts';
import { createExchangeClient } from '../../../electron/core/exchanges/exchange-client.ts';
import { genericStrategy } from '../../../electron/core/exchanges/strategies/generic.ts';
import { runSync } from '../../../electron/core/exchanges/sync-engine.ts';
import { withRetry } from '../../../electron/core/exchanges/retry.ts';
import { createAccount } from '../../../electron/core/ledger/accounts.ts';
import { openLedger } from '../../../electron/core/db/open-ledger.ts';
import { tempDir, type TempDir } from '../../support/temp-ledger.ts';

const FAST = { attempts: 12, baseDelayMs: 5, maxDelayMs: 50, maxRetryAfterMs: 50 };
let binance: FakeBinance;
let base: string;
let dir: TempDir;

beforeAll(async () => {
  binance = createFakeBinance({ history: { seed: 4, trades: 700, deposits: 10, withdrawals: 5, converts: 5, dividends: 5 } });
  base = await binance.start();
  dir = tempDir();
});
afterAll(async () => {
  await binance.stop();
  dir.remove();
});

describe('generic strategy', () => {
  it('reads every trade of the listed markets by `since`, exactly once', async () => {
    const db = await openLedger(join(dir.path, 'ledger.db'));
    const accountId = createAccount(db, { name: 'Some exchange', kind: 'exchange', exchange: 'binance' }).id;
    const client = await createExchangeClient('binance', binance.credentials, { apiUrl: base, rateLimit: false });
    // Only the trade streams: Binance's funding endpoints answer by time window, which the
    // generic path cannot page (the Binance strategy does).
    client.has['fetchDeposits'] = false;
    client.has['fetchWithdrawals'] = false;
    const call = <T>(request: () => Promise<T>) => withRetry(request, FAST);
    await client.loadMarkets();
    const symbols = Object.keys(binance.truth.tradesBySymbol).map((id) => client.markets_by_id![id]![0]!.symbol);
    const streamsNow = () => genericStrategy.streams({ client, settings: { symbols }, call, now: Date.now, storedAssets: () => [] });
    const outcome = await runSync({ db, accountId, exchangeId: 'binance', streams: await streamsNow(), retry: FAST, explain: (f) => f.reason, redact: (text) => text });
    expect(outcome.status, outcome.message ?? '').toBe('complete');
    const trades = (db.prepare("SELECT COUNT(*) AS n FROM transactions WHERE external_id LIKE 'trade:%'").get() as { n: number }).n;
    expect(trades).toBe(binance.truth.streams.trades.count);
    const again = await runSync({ db, accountId, exchangeId: 'binance', streams: await streamsNow(), retry: FAST, explain: (f) => f.reason, redact: (text) => text });
    expect(again).toMatchObject({ status: 'complete', added: 0 });
    db.close();
  }, 60_000);
});
