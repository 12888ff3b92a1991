// Syncing Binance end to end: real ccxt against the fake Binance, real SQLite, the real
// vault. Every stream (trades of each market, deposits, withdrawals, conversions, dust,
// dividends) must arrive exactly once, whatever faults the server injects.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createFakeBinance, type FakeBinance } from '../../fakes/binance/fake-binance.ts';
import { addExchangeAccount, AccountSetupError, syncExchangeAccount } from '../../../electron/core/exchanges/exchange-accounts.ts';
import { PassphraseVault } from '../../../electron/core/secrets/passphrase-vault.ts';
import { openLedger, type Database } from '../../../electron/core/db/open-ledger.ts';
import { normalizeAsset } from '../../../shared/assets.ts';
import { byCommonSymbol, storedBalances } from '../../support/ledger-balances.ts';
import { tempDir, type TempDir } from '../../support/temp-ledger.ts';

const FAST = { attempts: 12, baseDelayMs: 5, maxDelayMs: 50, maxRetryAfterMs: 50 };
let binance: FakeBinance;
let base: string;
let dir: TempDir;
let vault: PassphraseVault;
let db: Database;
let run = 0;

beforeAll(async () => {
  binance = createFakeBinance({ history: { seed: 3, trades: 1500, deposits: 60, withdrawals: 40, converts: 80, dustConversions: 12, dividends: 300 } });
  base = await binance.start();
  dir = tempDir();
  vault = await PassphraseVault.open(join(dir.path, 'vault.json'), 'test passphrase');
}, 30_000);
afterAll(async () => {
  vault.close();
  await binance.stop();
  dir.remove();
});
beforeEach(async () => {
  binance.server.clearFaults();
  binance.setPermissions('read-only');
  run += 1;
  db = await openLedger(join(dir.path, `ledger-${run}.db`));
  return () => db.close();
});

const connect = (name = 'Binance') =>
  addExchangeAccount(db, vault, { exchangeId: 'binance', name, credentials: binance.credentials, apiUrl: base, clientOptions: { rateLimit: false }, retry: FAST });

/** What every asset's balance must be: received − sent − fee over everything served. */
const expected = () => byCommonSymbol(Object.fromEntries(Object.entries(binance.truth.assets).map(([asset, flow]) => [asset, flow.balance])), normalizeAsset);

describe('Binance sync', () => {
  it('gets every stream exactly once, and a re-sync adds nothing', async () => {
    const { account, check } = await connect();
    expect(check).toEqual({ permissions: { canRead: true, canTrade: false, canWithdraw: false, source: 'Binance apiRestrictions' }, warnings: [] });
    const first = await syncExchangeAccount(db, vault, account, { clientOptions: { rateLimit: false }, retry: FAST });
    expect(first.status, first.message ?? '').toBe('complete');
    expect(storedBalances(db)).toEqual(expected());
    const trades = (db.prepare("SELECT COUNT(*) AS n FROM transactions WHERE external_id LIKE 'trade:%'").get() as { n: number }).n;
    expect(trades).toBe(binance.truth.streams.trades.completed);
    const again = await syncExchangeAccount(db, vault, account, { clientOptions: { rateLimit: false }, retry: FAST });
    expect(again).toMatchObject({ status: 'complete', added: 0 });
  }, 60_000);

  it('gets everything exactly once under rate limits, outages, cut connections and malformed bodies', async () => {
    const { account } = await connect();
    binance.server.injectRandomly(0.2, [{ kind: 'rate-limit', retryAfterSeconds: 0 }, { kind: 'unavailable' }, { kind: 'disconnect' }, { kind: 'malformed' }], 5);
    const outcome = await syncExchangeAccount(db, vault, account, { clientOptions: { rateLimit: false }, retry: FAST });
    expect(outcome.status, outcome.message ?? '').toBe('complete');
    expect(storedBalances(db)).toEqual(expected());
  }, 60_000);

  it('resyncs its clock once when Binance says the timestamp is outside the receive window', async () => {
    const { account } = await connect();
    binance.setClockSkew(-20_000);
    try {
      const outcome = await syncExchangeAccount(db, vault, account, { clientOptions: { rateLimit: false }, retry: FAST });
      expect(outcome.status, outcome.message ?? '').toBe('complete');
      expect(storedBalances(db)).toEqual(expected());
    } finally {
      binance.setClockSkew(0);
    }
  }, 60_000);

  it('flags a key that can withdraw, and refuses a wrong secret without storing anything', async () => {
    binance.setPermissions('can-withdraw');
    const { check } = await connect('Risky');
    expect(check.warnings.join(' ')).toContain('can WITHDRAW');
    await expect(
      addExchangeAccount(db, vault, { exchangeId: 'binance', name: 'Wrong', credentials: { apiKey: binance.credentials.apiKey, secret: 'x'.repeat(64) }, apiUrl: base, clientOptions: { rateLimit: false }, retry: FAST }),
    ).rejects.toThrow(AccountSetupError);
    expect((db.prepare("SELECT COUNT(*) AS n FROM accounts WHERE name = 'Wrong'").get() as { n: number }).n).toBe(0);
  });
});
