// `lotwise account add`, `sync`, `account list` and `account remove` as a user runs them,
// against the fake Kraken: keys from the environment, the vault passphrase too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFakeKraken, type FakeKraken } from '../../fakes/kraken/fake-kraken.ts';
import { tempDir, type TempDir } from '../../support/temp-ledger.ts';

const root = join(import.meta.dirname, '../../..');
let kraken: FakeKraken;
let base: string;
let dir: TempDir;

beforeAll(async () => {
  kraken = createFakeKraken({ history: { seed: 9, trades: 150 } });
  base = await kraken.start();
  dir = tempDir();
});
afterAll(async () => {
  await kraken.stop();
  dir.remove();
});

/** Runs the CLI without blocking this process: the fake exchange answers from it. */
function lotwise(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [join(root, 'bin/lotwise.js'), ...args], {
    env: { ...process.env, LOTWISE_VAULT_PASSPHRASE: 'cli test passphrase', ...env },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

describe('lotwise account and sync', () => {
  it('adds a Kraken account with a key from the environment, syncs it, lists it and removes it', async () => {
    const db = join(dir.path, 'ledger.db');
    const keys = { LOTWISE_API_KEY: kraken.credentials.apiKey, LOTWISE_API_SECRET: kraken.credentials.secret };
    const added = await lotwise(['account', 'add', '--exchange', 'kraken', '--name', 'Kraken', '--api-url', base, '--db', db], keys);
    expect(added.code, added.err).toBe(0);
    expect(added.out).toContain('The key works (Kraken GetApiKeyInfo)');

    const synced = await lotwise(['sync', '--db', db, '--no-rate-limit']);
    expect(synced.code, synced.err).toBe(0);
    expect(synced.out).toMatch(/Kraken: up to date\. \d+ new transactions/);
    expect(synced.err).toContain('Kraken [1/1] ledger:'); // plain progress lines when not on a terminal
    expect((await lotwise(['sync', '--db', db, '--no-rate-limit'])).out).toContain('0 new transactions');

    const list = JSON.parse((await lotwise(['account', 'list', '--db', db, '--json'])).out) as { name: string; exchange: string; lastSyncAt: number | null }[];
    expect(list).toMatchObject([{ name: 'Kraken', exchange: 'kraken' }]);
    expect(list[0]!.lastSyncAt).not.toBeNull();

    // Neither the ledger nor the vault holds the secret in plaintext.
    for (const file of [db, join(dir.path, 'lotwise-vault.json')]) {
      expect(readFileSync(file).includes(Buffer.from(kraken.credentials.secret)), file).toBe(false);
    }

    const wrongPassphrase = await lotwise(['sync', '--db', db], { LOTWISE_VAULT_PASSPHRASE: 'not it' });
    expect(wrongPassphrase.code).not.toBe(0);
    expect(wrongPassphrase.err).toContain('passphrase is wrong');

    const removed = await lotwise(['account', 'remove', 'Kraken', '--db', db]);
    expect(removed.code, removed.err).toBe(0);
    expect(JSON.parse((await lotwise(['status', '--db', db, '--json'])).out)).toEqual({ accounts: [], transactions: 0 });
  }, 60_000);

  it('refuses a wrong secret, saying what to fix, and stores nothing', async () => {
    const db = join(dir.path, 'refused.db');
    const run = await lotwise(['account', 'add', '--exchange', 'kraken', '--name', 'Bad', '--api-url', base, '--db', db], {
      LOTWISE_API_KEY: kraken.credentials.apiKey,
      LOTWISE_API_SECRET: Buffer.from('wrong secret').toString('base64'),
    });
    expect(run.code).toBe(1);
    expect(run.err).toContain('refused the API key');
    expect(run.err).toContain('Nothing was stored.');
    expect(run.err).not.toContain(kraken.credentials.apiKey);
  });

  it('replaces a refused or old key without losing the account or its history; a refused new key changes nothing', async () => {
    const db = join(dir.path, 'rekey.db');
    const good = { LOTWISE_API_KEY: kraken.credentials.apiKey, LOTWISE_API_SECRET: kraken.credentials.secret };
    const wrong = { ...good, LOTWISE_API_SECRET: Buffer.from('wrong secret').toString('base64') };
    expect((await lotwise(['account', 'add', '--exchange', 'kraken', '--name', 'Kraken', '--api-url', base, '--db', db], good)).code).toBe(0);
    expect((await lotwise(['sync', '--db', db, '--no-rate-limit'])).code).toBe(0);
    const synced = JSON.parse((await lotwise(['status', '--db', db, '--json'])).out) as { transactions: number };
    expect(synced.transactions).toBeGreaterThan(0);

    const refused = await lotwise(['account', 'key', 'kraken', '--db', db], wrong);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('refused the API key');
    expect(refused.err).toContain('the account and its history are kept');
    expect(refused.err).toContain('The stored key was not changed.');
    expect(refused.err).not.toContain(kraken.credentials.apiKey);
    // The stored key is still the good one: the sync runs and finds nothing new.
    expect((await lotwise(['sync', '--db', db, '--no-rate-limit'])).out).toContain('0 new transactions');

    const replaced = await lotwise(['account', 'key', 'Kraken', '--db', db], good);
    expect(replaced.code, replaced.err).toBe(0);
    expect(replaced.out).toContain('The new key of "Kraken" works (Kraken GetApiKeyInfo) and replaces the old one.');
    expect(JSON.parse((await lotwise(['status', '--db', db, '--json'])).out)).toMatchObject({ transactions: synced.transactions });
    expect((await lotwise(['sync', '--db', db, '--no-rate-limit'])).out).toContain('0 new transactions');

    const notAnExchange = await lotwise(['account', 'key', 'Nowhere', '--db', db], good);
    expect(notAnExchange.code).toBe(2);
    expect(notAnExchange.err).toContain('there is no account "Nowhere"');
  }, 60_000);

  it('accepts any ccxt exchange id and rejects what is not one', async () => {
    const db = join(dir.path, 'unknown.db');
    const run = await lotwise(['account', 'add', '--exchange', 'notanexchange', '--name', 'X', '--db', db], { LOTWISE_API_KEY: 'k', LOTWISE_API_SECRET: 's' });
    expect(run.code).toBe(1);
    expect(run.err).toContain('is not an exchange Lotwise knows');
  });
});
