// Syncing Kraken end to end: real ccxt against the fake Kraken on 127.0.0.1, real SQLite,
// the real passphrase vault. The full history must arrive exactly once under any fault
// mix, after a cancel, and after the sync process is killed.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFakeKraken, type FakeKraken } from '../../fakes/kraken/fake-kraken.ts';
import { addExchangeAccount, AccountSetupError, syncExchangeAccount } from '../../../electron/core/exchanges/exchange-accounts.ts';
import { krakenAsset } from '../../../electron/core/importers/formats/kraken-ledgers.ts';
import { PassphraseVault } from '../../../electron/core/secrets/passphrase-vault.ts';
import { openLedger, type Database } from '../../../electron/core/db/open-ledger.ts';
import { findAccount, listAccounts } from '../../../electron/core/ledger/accounts.ts';
import { getBatch, undoBatch } from '../../../electron/core/ledger/batches.ts';
import { byCommonSymbol, storedBalances } from '../../support/ledger-balances.ts';
import { tempDir, type TempDir } from '../../support/temp-ledger.ts';

const FAST = { attempts: 12, baseDelayMs: 5, maxDelayMs: 50, maxRetryAfterMs: 50 };
const root = join(import.meta.dirname, '../../..');

let kraken: FakeKraken;
let base: string;
let dir: TempDir;
let vault: PassphraseVault;
let db: Database;
let ledgerPath: string;
let run = 0;

beforeAll(async () => {
  kraken = createFakeKraken({ history: { seed: 7, trades: 400 } });
  base = await kraken.start();
  dir = tempDir();
  vault = await PassphraseVault.open(join(dir.path, 'vault.json'), 'test passphrase');
}, 30_000);
afterAll(async () => {
  vault.close();
  await kraken.stop();
  dir.remove();
});
beforeEach(async () => {
  kraken.server.clearFaults();
  run += 1;
  ledgerPath = join(dir.path, `ledger-${run}.db`);
  db = await openLedger(ledgerPath);
  return () => db.close();
});

async function connect(name = 'Kraken') {
  return addExchangeAccount(db, vault, { exchangeId: 'kraken', name, credentials: kraken.credentials, apiUrl: base, clientOptions: { rateLimit: false }, retry: FAST });
}

const expected = () => byCommonSymbol(kraken.truth.balances, krakenAsset);

describe('Kraken sync', () => {
  it('gets the whole ledger exactly once, and a re-sync adds nothing', async () => {
    const { account, check } = await connect();
    expect(check.warnings).toEqual([]);
    const first = await syncExchangeAccount(db, vault, account, { clientOptions: { rateLimit: false }, retry: FAST });
    expect(first.status).toBe('complete');
    expect(storedBalances(db)).toEqual(expected());
    const again = await syncExchangeAccount(db, vault, account, { clientOptions: { rateLimit: false }, retry: FAST });
    expect(again).toMatchObject({ status: 'complete', added: 0 });
  });

  it.each([
    ['rate limits and outages', [{ kind: 'rate-limit' as const, retryAfterSeconds: 0 }, { kind: 'unavailable' as const }]],
    ['cut connections and malformed bodies', [{ kind: 'disconnect' as const }, { kind: 'malformed' as const }]],
    ['everything at once', [{ kind: 'rate-limit' as const }, { kind: 'unavailable' as const }, { kind: 'disconnect' as const }, { kind: 'malformed' as const }, { kind: 'timeout' as const, afterMs: 400 }]],
  ])('gets the whole ledger exactly once under %s', async (_name, faults) => {
    const { account } = await connect();
    kraken.server.injectRandomly(0.25, faults, 11);
    const outcome = await syncExchangeAccount(db, vault, account, { clientOptions: { rateLimit: false, timeoutMs: 250 }, retry: FAST });
    expect(outcome.status, outcome.message ?? '').toBe('complete');
    expect(storedBalances(db)).toEqual(expected());
    expect(kraken.server.requests.some((r) => r.status === 'fault')).toBe(true);
  }, 60_000);

  it('keeps what it read when cancelled, and resumes from the cursor', async () => {
    const { account } = await connect();
    const controller = new AbortController();
    const cancelled = await syncExchangeAccount(db, vault, account, {
      signal: controller.signal,
      clientOptions: { rateLimit: false },
      retry: FAST,
      onProgress: (p) => { if (p.records >= 200) controller.abort(); },
    });
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.added).toBeGreaterThan(0);
    const resumed = await syncExchangeAccount(db, vault, account, { clientOptions: { rateLimit: false }, retry: FAST });
    expect(resumed.status).toBe('complete');
    expect(storedBalances(db)).toEqual(expected());
  });

  it('resumes after the sync process is killed mid-sync', async () => {
    const { account } = await connect();
    db.close();
    const child = spawn(process.execPath, [join(root, 'bin/lotwise.js'), 'sync', '--db', ledgerPath, '--vault', join(dir.path, 'vault.json'), '--no-rate-limit'], {
      env: { ...process.env, LOTWISE_VAULT_PASSPHRASE: 'test passphrase' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Kill it as soon as some pages are committed.
    const reopened = await openLedger(ledgerPath);
    for (let i = 0; i < 400; i += 1) {
      const n = (reopened.prepare('SELECT COUNT(*) AS n FROM transactions').get() as { n: number }).n;
      if (n > 100) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
    const partial = (reopened.prepare('SELECT COUNT(*) AS n FROM transactions').get() as { n: number }).n;
    reopened.close();
    db = await openLedger(ledgerPath);
    expect(partial).toBeGreaterThan(0);
    const resumed = await syncExchangeAccount(db, vault, findAccount(db, 'Kraken')!, { clientOptions: { rateLimit: false }, retry: FAST });
    expect(resumed.status).toBe('complete');
    expect(storedBalances(db)).toEqual(expected());
    // It really was killed half way: the resumed sync added the rest.
    const total = (db.prepare('SELECT COUNT(*) AS n FROM transactions').get() as { n: number }).n;
    expect(partial).toBeLessThan(total);
    expect(resumed.added).toBe(total - partial);
    expect(account.id).toBe(findAccount(db, 'Kraken')!.id);
  }, 60_000);

  it('keeps what a later sync read again when an earlier sync is undone, in either order', async () => {
    const { account } = await connect();
    const sync = () => syncExchangeAccount(db, vault, account, { clientOptions: { rateLimit: false }, retry: FAST });
    const count = () => db.prepare('SELECT COUNT(*) FROM transactions').pluck().get() as number;
    const first = await sync();
    const total = count();
    expect(first).toMatchObject({ status: 'complete', added: total });
    // Undoing a sync forgets the account's cursors: the next one reads the whole ledger again.
    expect(undoBatch(db, (await sync()).batchId)).toEqual({ removed: 0, kept: 0 });
    const third = await sync();
    expect(third).toMatchObject({ status: 'complete', added: 0, skipped: total });

    // The newer one first: it only met what the first holds, so nothing changes.
    expect(undoBatch(db, third.batchId)).toEqual({ removed: 0, kept: 0 });
    expect(storedBalances(db)).toEqual(expected());
    const fourth = await sync();
    expect(fourth).toMatchObject({ status: 'complete', added: 0, skipped: total });

    // Then the first: the fourth holds the ledger now.
    expect(undoBatch(db, first.batchId)).toEqual({ removed: 0, kept: total });
    expect(storedBalances(db)).toEqual(expected());
    expect(getBatch(db, fourth.batchId)).toMatchObject({ added: total, skipped: 0, undoneAt: null });
    expect(undoBatch(db, fourth.batchId)).toEqual({ removed: total, kept: 0 });
    expect(count()).toBe(0);
  }, 60_000);

  it('counts what an undo between two pages handed to a sync under way as added by it', async () => {
    const { account } = await connect();
    const options = { clientOptions: { rateLimit: false }, retry: FAST };
    const first = await syncExchangeAccount(db, vault, account, options);
    const total = first.added;
    undoBatch(db, (await syncExchangeAccount(db, vault, account, options)).batchId); // forgets the cursors
    let handed: number | null = null;
    const again = await syncExchangeAccount(db, vault, account, {
      ...options,
      onProgress: (p) => {
        // The first sync is undone while this one has read only part of the ledger again.
        if (handed === null && p.records > 0) handed = undoBatch(db, first.batchId).kept;
      },
    });
    expect(handed).toBeGreaterThan(0);
    expect(handed).toBeLessThan(total);
    expect(again.status).toBe('complete');
    expect(storedBalances(db)).toEqual(expected());
    expect(getBatch(db, again.batchId)).toMatchObject({ added: total, skipped: 0 });
  }, 60_000);

  it('refuses a wrong secret with a message saying what to fix, and stores nothing', async () => {
    const attempt = addExchangeAccount(db, vault, {
      exchangeId: 'kraken',
      name: 'Wrong',
      credentials: { apiKey: kraken.credentials.apiKey, secret: Buffer.from('not the secret').toString('base64') },
      apiUrl: base,
      clientOptions: { rateLimit: false },
      retry: FAST,
    });
    await expect(attempt).rejects.toBeInstanceOf(AccountSetupError);
    await expect(
      addExchangeAccount(db, vault, { exchangeId: 'kraken', name: 'Wrong', credentials: { apiKey: kraken.credentials.apiKey, secret: 'bm90IHRoZSBzZWNyZXQ=' }, apiUrl: base, clientOptions: { rateLimit: false }, retry: FAST }),
    ).rejects.toThrow(/refused the API key .*Check that the key and secret are right/);
    expect(listAccounts(db)).toEqual([]);
  });

  it('warns plainly when the key can trade or withdraw', async () => {
    kraken.setPermissions(['query-funds', 'query-ledger', 'query-open-trades', 'query-closed-trades', 'modify-trades', 'withdraw-funds']);
    try {
      const { check } = await connect('Risky');
      expect(check.permissions).toMatchObject({ canWithdraw: true, canTrade: true });
      expect(check.warnings.join(' ')).toMatch(/can WITHDRAW funds.*/);
      expect(check.warnings.join(' ')).toMatch(/can TRADE/);
    } finally {
      kraken.setPermissions(['query-funds', 'query-open-trades', 'query-closed-trades', 'query-ledger']);
    }
  });

  it('never writes the secret into the ledger or the vault file in plaintext', async () => {
    const { account } = await connect();
    await syncExchangeAccount(db, vault, account, { clientOptions: { rateLimit: false }, retry: FAST });
    db.pragma('wal_checkpoint(TRUNCATE)');
    for (const file of [ledgerPath, join(dir.path, 'vault.json')]) {
      const bytes = readFileSync(file);
      expect(bytes.includes(Buffer.from(kraken.credentials.secret)), file).toBe(false);
      expect(bytes.includes(Buffer.from(kraken.credentials.apiKey)), file).toBe(false);
    }
  });
});
