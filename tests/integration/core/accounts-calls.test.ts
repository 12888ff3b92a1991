// The first-run and accounts screens' calls: settings, the exchange list, adding an
// exchange account whose key main keeps, and checking that key against the fake Kraken
// (real ccxt, real signatures) through ctx.credentials, the way main hands keys over.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { updateAccountSettings } from '../../../electron/core/ledger/accounts.ts';
import { keyRefForAccount } from '../../../electron/core/ledger/key-refs.ts';
import { systemTimeZone } from '../../../electron/core/reports/tax-choices.ts';
import { PassphraseVault } from '../../../electron/core/secrets/passphrase-vault.ts';
import { createFakeKraken, READ_ONLY_PERMISSIONS, type FakeKraken } from '../../fakes/kraken/fake-kraken.ts';
import { tempDir, type TempDir } from '../../support/temp-ledger.ts';
import { openDispatch } from './demo-dispatch.ts';

const FAST = { attempts: 6, baseDelayMs: 5, maxDelayMs: 50, maxRetryAfterMs: 50 };
let kraken: FakeKraken;
let base: string;
let dir: TempDir;
let vault: PassphraseVault;
let app: Awaited<ReturnType<typeof openDispatch>>;
let ledgers = 0;
/** Every reference core asked main for in this test. */
let asked: string[] = [];
/** Whether main hands a key over (false: its passphrase vault is locked, say). */
let handsOver = true;

beforeAll(async () => {
  kraken = createFakeKraken({ history: { seed: 5, trades: 20 } });
  base = await kraken.start();
  dir = tempDir();
  vault = await PassphraseVault.open(join(dir.path, 'vault.json'), 'accounts test');
}, 30_000);
afterAll(async () => {
  vault.close();
  await kraken.stop();
  dir.remove();
});
beforeEach(async () => {
  kraken.setPermissions(READ_ONLY_PERMISSIONS);
  ledgers += 1;
  asked = [];
  handsOver = true;
  // Main's side of the key hand-off: whatever its vault holds under the reference asked for.
  const credentials = async (ref: string) => {
    asked.push(ref);
    return handsOver ? vault.get(ref) : null;
  };
  app = await openDispatch(dir, { credentials, exchangeOptions: { client: { rateLimit: false }, retry: FAST } }, `ledger-${ledgers}.db`);
  return () => app.db.close();
});

/** Adds a Kraken account in the app, pointed at the fake Kraken (as `lotwise account set --api-url` would). */
async function addKraken(name: string) {
  const account = await app.call('accounts.addExchange', { name, exchange: 'kraken' });
  updateAccountSettings(app.db, account.id, (settings) => ({ ...settings, apiUrl: base }));
  return account;
}

describe('settings', () => {
  it('start unconfirmed in this computer’s zone, and save a valid IANA zone', async () => {
    expect(await app.call('settings.get', {})).toEqual({ country: 'US', timeZone: systemTimeZone(), currency: 'USD', configured: false });
    expect(await app.refuse('settings.save', { timeZone: 'Mars/Olympus_Mons', country: 'US', currency: 'USD' })).toEqual({
      code: 'failed',
      message: '"Mars/Olympus_Mons" is not a time zone Lotwise knows; choose one such as America/New_York.',
    });
    expect((await app.call('settings.get', {})).configured).toBe(false);
    expect(await app.call('settings.save', { timeZone: 'America/Chicago', country: 'US', currency: 'USD' })).toEqual({
      country: 'US',
      timeZone: 'America/Chicago',
      currency: 'USD',
      configured: true,
    });
    // The tax reports date events in the saved zone.
    expect((await app.call('reports.summary', { year: 2025 })).timeZone).toBe('America/Chicago');
  });
});

describe('accounts', () => {
  it('lists every exchange ccxt supports by name, marking the tuned ones', async () => {
    const exchanges = await app.call('accounts.exchanges', {});
    expect(exchanges.length).toBeGreaterThan(90);
    expect(exchanges).toEqual(expect.arrayContaining([
      { id: 'binance', name: 'Binance', tuned: true },
      { id: 'coinbase', name: 'Coinbase Advanced', tuned: true },
      { id: 'kraken', name: 'Kraken', tuned: true },
      { id: 'bitstamp', name: 'Bitstamp', tuned: false },
    ]));
    expect(exchanges.filter((e) => e.tuned).map((e) => e.id).sort()).toEqual(['binance', 'coinbase', 'kraken']);
    const names = exchanges.map((e) => e.name.toLowerCase());
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));
  });

  it('adds an exchange account with no key yet, once per name, for exchanges ccxt knows', async () => {
    const added = await app.call('accounts.addExchange', { name: ' My Kraken ', exchange: 'kraken' });
    expect(added).toEqual({ id: expect.any(Number), name: 'My Kraken', kind: 'exchange', exchange: 'kraken', hasKey: false, lastSyncAt: null, transactions: 0 });
    expect((await app.refuse('accounts.addExchange', { name: 'my kraken', exchange: 'kraken' })).message).toBe('There is already an account named "my kraken". Choose another name.');
    expect((await app.refuse('accounts.addExchange', { name: 'Other', exchange: 'mtgox' })).message).toBe('"mtgox" is not an exchange Lotwise can connect to; choose one from the list.');
    expect(await app.call('accounts.list', {})).toEqual([added]);
  });

  it('checks the key main stored, records that it has one, and says what it may do', async () => {
    await addKraken('My Kraken');
    expect(await app.call('accounts.checkKey', { account: 'My Kraken' })).toEqual({
      account: 'My Kraken',
      ok: false,
      canTrade: null,
      canWithdraw: null,
      warnings: [],
      message: 'No API key is stored for "My Kraken". Add its read-only key first.',
    });

    expect((await app.refuse('sync.start', { account: 'My Kraken' })).message).toBe('No API key is stored for "My Kraken". Add its read-only key, then sync again.');

    // keys.save in main files the key under the reference core gives the account's name.
    await vault.set(keyRefForAccount('My Kraken'), kraken.credentials);
    try {
      expect(await app.call('accounts.checkKey', { account: 'My Kraken' })).toEqual({ account: 'My Kraken', ok: true, canTrade: false, canWithdraw: false, warnings: [], message: null });
      expect((await app.call('accounts.list', {}))[0]).toMatchObject({ name: 'My Kraken', hasKey: true });

      kraken.setPermissions([...READ_ONLY_PERMISSIONS, 'withdraw-funds', 'modify-trades']);
      const risky = await app.call('accounts.checkKey', { account: 'My Kraken' });
      expect(risky).toMatchObject({ ok: true, canTrade: true, canWithdraw: true });
      expect(risky.warnings.join(' ')).toMatch(/can WITHDRAW funds.*can TRADE/);

      // The account syncs with the same key, by the reference now recorded.
      const synced = await app.call('sync.start', { account: 'My Kraken' });
      expect(synced).toMatchObject({ account: 'My Kraken', status: 'complete' });
      expect(synced.added).toBeGreaterThan(0);
    } finally {
      await vault.delete(keyRefForAccount('My Kraken'));
    }
    // keys.forget: the key is gone from main, and the account says so after the next check.
    expect((await app.call('accounts.checkKey', { account: 'My Kraken' })).ok).toBe(false);
    expect((await app.call('accounts.list', {}))[0]).toMatchObject({ hasKey: false });
  }, 30_000);

  it('asks main for the key once a sync, and keeps the account keyed when main cannot hand it over', async () => {
    await addKraken('Once');
    const ref = keyRefForAccount('Once');
    await vault.set(ref, kraken.credentials);
    try {
      // The first sync of an account added in the app: the key it records the account by is the one it syncs with.
      expect(await app.call('sync.start', { account: 'Once' })).toMatchObject({ account: 'Once', status: 'complete' });
      expect(asked).toEqual([ref]);

      // Main cannot hand it over now (its vault is locked): the message says what happens
      // next, and the account still has its key and its Sync button.
      handsOver = false;
      expect((await app.refuse('sync.start', { account: 'Once' })).message).toBe(
        'Lotwise could not use the stored key of "Once", so nothing was synced. Enter the key again, or the passphrase of the vault it is kept in, when Lotwise asks for it.',
      );
      expect(asked).toEqual([ref, ref]);
      expect((await app.call('accounts.list', {}))[0]).toMatchObject({ name: 'Once', hasKey: true });
    } finally {
      await vault.delete(ref);
    }
  }, 30_000);

  it('reports a key the exchange refuses, without the secret', async () => {
    await addKraken('Wrong key');
    const wrong = { apiKey: kraken.credentials.apiKey, secret: Buffer.from('not the secret at all').toString('base64') };
    await vault.set(keyRefForAccount('Wrong key'), wrong);
    try {
      const check = await app.call('accounts.checkKey', { account: 'Wrong key' });
      expect(check).toMatchObject({ ok: false, canTrade: null, canWithdraw: null, warnings: [] });
      expect(check.message).toMatch(/^kraken refused the API key .*Check that the key and secret are right/);
      expect(JSON.stringify(check)).not.toContain(wrong.secret);
    } finally {
      await vault.delete(keyRefForAccount('Wrong key'));
    }
  });

  it('checks keys of exchange accounts only', async () => {
    await app.call('ledger.loadDemo', {});
    expect((await app.refuse('accounts.checkKey', { account: 'Ledger wallet' })).message).toBe('"Ledger wallet" is not an exchange account; it has no API key to check.');
    expect((await app.refuse('accounts.checkKey', { account: 'Nowhere' })).message).toBe('There is no account "Nowhere".');
  });
});
