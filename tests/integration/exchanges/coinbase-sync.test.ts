// Syncing Coinbase end to end: real ccxt signing CDP JWTs against the fake Coinbase, real
// SQLite, the real vault: fills and every account's v2 transactions, exactly once.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createFakeCoinbase, type FakeCoinbase } from '../../fakes/coinbase/fake-coinbase.ts';
import { addExchangeAccount, syncExchangeAccount } from '../../../electron/core/exchanges/exchange-accounts.ts';
import { PassphraseVault } from '../../../electron/core/secrets/passphrase-vault.ts';
import { openLedger, type Database } from '../../../electron/core/db/open-ledger.ts';
import { normalizeAsset } from '../../../shared/assets.ts';
import { byCommonSymbol, storedBalances } from '../../support/ledger-balances.ts';
import { tempDir, type TempDir } from '../../support/temp-ledger.ts';

const FAST = { attempts: 12, baseDelayMs: 5, maxDelayMs: 50, maxRetryAfterMs: 50 };
let coinbase: FakeCoinbase;
let base: string;
let dir: TempDir;
let vault: PassphraseVault;
let db: Database;
let run = 0;

beforeAll(async () => {
  coinbase = createFakeCoinbase({ history: { fills: 800 } });
  base = await coinbase.start();
  dir = tempDir();
  vault = await PassphraseVault.open(join(dir.path, 'vault.json'), 'test passphrase');
}, 30_000);
afterAll(async () => {
  vault.close();
  await coinbase.stop();
  dir.remove();
});
beforeEach(async () => {
  coinbase.server.clearFaults();
  run += 1;
  db = await openLedger(join(dir.path, `ledger-${run}.db`));
  return () => db.close();
});

const connect = (name = 'Coinbase') =>
  addExchangeAccount(db, vault, { exchangeId: 'coinbase', name, credentials: coinbase.credentials, apiUrl: base, clientOptions: { rateLimit: false }, retry: FAST });
const rename = (code: string) => normalizeAsset(code === 'CGLD' ? 'CELO' : code);
const expected = () => byCommonSymbol(coinbase.truth.balances, rename);

describe('Coinbase sync', () => {
  it('gets the fills and every account’s transactions exactly once; a re-sync adds nothing', async () => {
    const { account, check } = await connect();
    expect(check).toEqual({ permissions: { canRead: true, canTrade: false, canWithdraw: false, source: 'Coinbase key_permissions' }, warnings: [] });
    const first = await syncExchangeAccount(db, vault, account, { clientOptions: { rateLimit: false }, retry: FAST });
    expect(first.status, first.message ?? '').toBe('complete');
    expect(storedBalances(db)).toEqual(expected());
    const fills = (db.prepare("SELECT COUNT(*) AS n FROM transactions WHERE external_id LIKE 'fill:%'").get() as { n: number }).n;
    expect(fills).toBe(coinbase.truth.fills.count);
    expect(await syncExchangeAccount(db, vault, account, { clientOptions: { rateLimit: false }, retry: FAST })).toMatchObject({ status: 'complete', added: 0 });
  }, 60_000);

  it('gets everything exactly once under rate limits, outages, cut connections and malformed bodies', async () => {
    const { account } = await connect();
    coinbase.server.injectRandomly(0.2, [{ kind: 'rate-limit', retryAfterSeconds: 0 }, { kind: 'unavailable' }, { kind: 'disconnect' }, { kind: 'malformed' }], 9);
    const outcome = await syncExchangeAccount(db, vault, account, { clientOptions: { rateLimit: false }, retry: FAST });
    expect(outcome.status, outcome.message ?? '').toBe('complete');
    expect(storedBalances(db)).toEqual(expected());
  }, 60_000);

  it('warns when the key can trade or transfer funds', async () => {
    coinbase.setPermissions({ can_trade: true, can_transfer: true });
    try {
      const { check } = await connect('Risky');
      expect(check.warnings.join(' ')).toMatch(/can WITHDRAW funds.*can TRADE/);
    } finally {
      coinbase.setPermissions({ can_trade: false, can_transfer: false });
    }
  });
});
