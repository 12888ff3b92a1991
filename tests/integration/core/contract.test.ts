// Every call of the contract, through the same dispatch the app and the end-to-end harness
// use, over a real ledger with a real exchange account synced from the fake Kraken: each
// call refuses a malformed request, answers a good one, and no answer or event ever holds
// the stored key or secret, in any encoding.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { CALL_NAMES, type CallName } from '../../../shared/api.ts';
import { createDispatcher, type Dispatch } from '../../../electron/core/handlers/dispatch.ts';
import { addExchangeAccount } from '../../../electron/core/exchanges/exchange-accounts.ts';
import { PassphraseVault } from '../../../electron/core/secrets/passphrase-vault.ts';
import { openLedger, type Database } from '../../../electron/core/db/open-ledger.ts';
import { createFakeKraken, type FakeKraken } from '../../fakes/kraken/fake-kraken.ts';
import { tempDir, type TempDir } from '../../support/temp-ledger.ts';

const FAST = { attempts: 6, baseDelayMs: 5, maxDelayMs: 50, maxRetryAfterMs: 50 };
let kraken: FakeKraken;
let dir: TempDir;
let db: Database;
let vault: PassphraseVault;
let dispatch: Dispatch;
const events: unknown[] = [];
const answers: unknown[] = [];

beforeAll(async () => {
  kraken = createFakeKraken({ history: { seed: 21, trades: 60 } });
  const base = await kraken.start();
  dir = tempDir();
  db = await openLedger(join(dir.path, 'ledger.db'));
  vault = await PassphraseVault.open(join(dir.path, 'vault.json'), 'contract test');
  // What main does when the user adds a key: the vault keeps it, the ledger a reference.
  await addExchangeAccount(db, vault, { exchangeId: 'kraken', name: 'Kraken', credentials: kraken.credentials, apiUrl: base, clientOptions: { rateLimit: false }, retry: FAST });
  dispatch = createDispatcher({
    db,
    emit: (name, payload) => events.push({ name, payload }),
    credentials: (ref) => vault.get(ref),
    exchangeOptions: { client: { rateLimit: false }, retry: FAST },
  });
}, 30_000);
afterAll(async () => {
  vault.close();
  db.close();
  await kraken.stop();
  dir.remove();
});

const csv = () =>
  dir.file(
    'koinly.csv',
    'Date,Sent Amount,Sent Currency,Received Amount,Received Currency,Fee Amount,Fee Currency,Net Worth Amount,Net Worth Currency,Label,Description,TxHash\n' +
      '2024-01-02 10:00 UTC,1000,USD,0.025,BTC,,,1000,USD,,,\n',
  );

/** A good request for every call, in an order that makes each meaningful. */
const GOOD: { [K in CallName]: () => unknown } = {
  'ledger.status': () => ({}),
  'ledger.loadDemo': () => ({}),
  'accounts.list': () => ({}),
  'imports.preview': () => ({ path: csv() }),
  'imports.file': () => ({ path: csv(), account: 'Koinly', format: 'koinly' }),
  'imports.batches': () => ({}),
  'imports.undo': () => ({ batchId: 2 }),
  'sync.start': () => ({ account: 'Kraken' }),
  'sync.cancel': () => ({ account: 'Kraken' }),
  'reports.summary': () => ({ year: 2024, method: 'hifo', basis: 'per-wallet', timeZone: 'America/New_York' }),
};

const BAD: unknown[] = [undefined, null, 'text', 42, [], { unexpected: true }];

describe('the contract', () => {
  it('has a good example request for every call (so the scan below covers them all)', () => {
    expect(Object.keys(GOOD).sort()).toEqual([...CALL_NAMES].sort());
  });

  it.each(CALL_NAMES.map((name) => [name]))('%s refuses malformed requests with bad-request', async (name) => {
    for (const request of BAD) {
      const result = await dispatch(name, request);
      answers.push(result);
      expect(result.ok, `${name} ${JSON.stringify(request)}`).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('bad-request');
    }
  });

  it('answers every call, and no answer or event holds the key or secret in any form', async () => {
    for (const name of ['sync.start', ...CALL_NAMES.filter((n) => n !== 'sync.start')] as CallName[]) {
      const result = await dispatch(name, GOOD[name]());
      answers.push(result);
      expect(result.ok, `${name}: ${JSON.stringify(result).slice(0, 300)}`).toBe(true);
    }
    expect(events.some((e) => (e as { name: string }).name === 'sync.progress')).toBe(true);
    const everything = JSON.stringify({ answers, events });
    const { apiKey, secret } = kraken.credentials;
    for (const form of [apiKey, secret, Buffer.from(secret).toString('base64'), Buffer.from(secret, 'base64').toString('hex'), Buffer.from(secret, 'base64').toString('base64url')]) {
      expect(everything.includes(form), `a response or event contains the secret (${form.slice(0, 6)}…)`).toBe(false);
    }
    // And the accounts list says a key exists without showing it.
    const accounts = await dispatch('accounts.list', {});
    expect(accounts).toMatchObject({ ok: true, value: expect.arrayContaining([expect.objectContaining({ name: 'Kraken', hasKey: true })]) });
  }, 60_000);

  it('reports a sync whose key main cannot hand over as failed, saying what to do', async () => {
    const keyless = createDispatcher({ db, emit: () => {}, credentials: async () => null, exchangeOptions: { client: { rateLimit: false }, retry: FAST } });
    const result = await keyless('sync.start', { account: 'Kraken' });
    expect(result).toMatchObject({ ok: false, error: { code: 'failed', message: expect.stringContaining('is not in the vault') } });
  });
});
