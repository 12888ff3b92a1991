// Every core call of the contract, through the same dispatch the app and the end-to-end
// harness use, over a real ledger with a real exchange account synced from the fake Kraken:
// each call refuses malformed and hostile requests with bad-request, answers a good one,
// and no answer or event ever holds the stored key or secret, in any encoding. Main's own
// calls are not core's to answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { CORE_CALL_NAMES, MAIN_CALL_NAMES, type CoreCallName } from '../../../shared/api.ts';
import { createDispatcher, type Dispatch } from '../../../electron/core/handlers/dispatch.ts';
import { addExchangeAccount } from '../../../electron/core/exchanges/exchange-accounts.ts';
import { createAccount } from '../../../electron/core/ledger/accounts.ts';
import { addManualTransaction } from '../../../electron/core/ledger/transaction-edits.ts';
import { lotsAvailable } from '../../../electron/core/ledger/lot-picks.ts';
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
let withdrawalId: number;
let depositId: number;
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
  // A transfer between two accounts to link and unlink, and the BTC it moves.
  createAccount(db, { name: 'Cold wallet', kind: 'wallet' });
  const manual = (account: string, timestamp: string, type: string, legs: object, description: string) =>
    addManualTransaction(db, { account, timestamp: Date.parse(timestamp), type, ...legs, description }).transactionId;
  manual('Kraken', '2024-02-01T10:00:00Z', 'trade', { sent: { amount: '2000', asset: 'USD' }, received: { amount: '0.05', asset: 'BTC' }, value: '2000' }, 'contract buy');
  withdrawalId = manual('Kraken', '2024-03-01T10:00:00Z', 'withdrawal', { sent: { amount: '0.01', asset: 'BTC' } }, 'contract withdrawal');
  depositId = manual('Cold wallet', '2024-03-01T10:20:00Z', 'deposit', { received: { amount: '0.0099', asset: 'BTC' } }, 'contract deposit');
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

const lastChangeId = () => db.prepare('SELECT MAX(id) FROM changes').pluck().get() as number;

/** Lots adding up to what the withdrawal takes, from those on offer just before it. */
function lotsForWithdrawal(): { lotId: string; quantity: string }[] {
  let need = 0.01 * 1e8; // in satoshi, to pick without a decimal library in the test
  const picks: { lotId: string; quantity: string }[] = [];
  for (const lot of lotsAvailable(db, withdrawalId).lots) {
    const take = Math.min(need, Math.round(Number(lot.available) * 1e8));
    if (take <= 0) break;
    picks.push({ lotId: lot.lotId, quantity: (take / 1e8).toFixed(8).replace(/0+$/, '') });
    need -= take;
  }
  return picks;
}

/** A good request for every core call, in an order that makes each meaningful. */
const GOOD: { [K in CoreCallName]: () => unknown } = {
  'ledger.status': () => ({}),
  'ledger.loadDemo': () => ({}),
  'settings.get': () => ({}),
  'settings.save': () => ({ timeZone: 'America/New_York', country: 'US', currency: 'USD' }),
  'accounts.list': () => ({}),
  'accounts.exchanges': () => ({}),
  'accounts.addExchange': () => ({ name: 'My Binance', exchange: 'binance' }),
  'accounts.checkKey': () => ({ account: 'Kraken' }),
  'imports.preview': () => ({ path: csv() }),
  'imports.file': () => ({ path: csv(), account: 'Koinly', format: 'koinly' }),
  'imports.batches': () => ({}),
  'imports.undo': () => ({ batchId: db.prepare("SELECT MAX(id) FROM import_batches WHERE format = 'koinly'").pluck().get() }),
  'sync.start': () => ({ account: 'Kraken' }),
  'sync.cancel': () => ({ account: 'Kraken' }),
  'transactions.page': () => ({ offset: 0, limit: 50, filter: { account: 'Kraken', asset: 'btc', hasProblem: false, search: 'contract' }, sort: { key: 'sentAmount', direction: 'desc' } }),
  'transactions.facets': () => ({}),
  'transactions.edit': () => ({ id: depositId, label: 'from Kraken', description: null }),
  'transactions.link': () => ({ withdrawalId, depositId }),
  'transactions.unlink': () => ({ withdrawalId }),
  'transactions.add': () => ({ account: 'Cold wallet', timestamp: Date.parse('2024-05-01T00:00:00Z'), type: 'staking', received: { amount: '0.001', asset: 'ETH' } }),
  'changes.list': () => ({ limit: 10 }),
  'changes.undo': () => ({ changeId: lastChangeId() }),
  'review.list': () => ({ year: 2024 }),
  'review.dismiss': () => ({ key: db.prepare('SELECT key FROM review_problems ORDER BY key LIMIT 1').pluck().get(), reason: 'checked by hand' }),
  'prices.set': () => ({ asset: 'BTC', timestamp: Date.parse('2024-03-01T10:00:00Z'), price: '61000.50' }),
  'tax.years': () => ({}),
  'tax.setChoice': () => ({ year: 2024, method: 'hifo', basis: 'per-wallet' }),
  'reports.summary': () => ({ year: 2024, method: 'hifo', basis: 'per-wallet', timeZone: 'America/New_York' }),
  'reports.charts': () => ({ year: 2024 }),
  'reports.disposals': () => ({ year: 2024, offset: 0, limit: 100 }),
  'reports.compare': () => ({ year: 2024, basis: 'universal' }),
  'lots.available': () => ({ transactionId: withdrawalId }),
  'lots.pick': () => ({ transactionId: withdrawalId, lots: lotsForWithdrawal() }),
  'exports.formats': () => ({}),
  'exports.write': () => ({ year: 2024, formats: ['form8949', 'turbotax', 'koinly'], folder: dir.path }),
};

/** Refused by every call: not an object, or a field no call has. */
const BAD: unknown[] = [undefined, null, 'text', 42, [], { unexpected: true }];

/** Hostile values for each call's own fields: wrong types, NaN, negatives, huge sizes, bad decimals. */
const HOSTILE: Partial<Record<CoreCallName, unknown[]>> = {
  'settings.save': [{ timeZone: 'UTC', country: 'DE', currency: 'USD' }, { timeZone: 'UTC', country: 'US', currency: 'EUR' }, { timeZone: 'x'.repeat(500), country: 'US', currency: 'USD' }],
  'accounts.addExchange': [{ name: '', exchange: 'kraken' }, { name: 'A', exchange: 42 }, { name: 'A'.repeat(1000), exchange: 'kraken' }],
  'accounts.checkKey': [{ account: '  ' }, { account: ['Kraken'] }],
  'imports.undo': [{ batchId: 0 }, { batchId: Number.NaN }, { batchId: '2' }],
  'transactions.page': [
    { offset: -1, limit: 10 },
    { offset: 0, limit: 100_000 },
    { offset: Number.NaN, limit: 10 },
    { offset: 0, limit: 0 },
    { offset: 1.5, limit: 10 },
    { offset: 0, limit: 10, filter: { account: 'Kraken', oops: 1 } },
    { offset: 0, limit: 10, filter: { type: 'DROP TABLE' } },
    { offset: 0, limit: 10, filter: { from: Number.POSITIVE_INFINITY } },
    { offset: 0, limit: 10, filter: { hasProblem: 'yes' } },
    { offset: 0, limit: 10, sort: { key: 'raw', direction: 'asc' } },
    { offset: 0, limit: 10, sort: { key: 'timestamp', direction: 'sideways' } },
  ],
  'transactions.edit': [{ id: -3 }, { id: 1, type: 'sale' }, { id: 1, label: 5 }, { id: 1, description: 'x'.repeat(5000) }],
  'transactions.link': [{ withdrawalId: 1 }, { withdrawalId: 1, depositId: 'two' }],
  'transactions.unlink': [{ withdrawalId: null }],
  'transactions.add': [
    { account: 'Kraken', timestamp: Date.parse('2024-01-01'), type: 'trade', sent: { amount: '-1', asset: 'BTC' } },
    { account: 'Kraken', timestamp: Date.parse('2024-01-01'), type: 'trade', sent: { amount: 'NaN', asset: 'BTC' } },
    { account: 'Kraken', timestamp: Date.parse('2024-01-01'), type: 'trade', sent: { amount: '1e5', asset: 'BTC' } },
    { account: 'Kraken', timestamp: Date.parse('2024-01-01'), type: 'trade', sent: { amount: 0.5, asset: 'BTC' } },
    { account: 'Kraken', timestamp: Date.parse('2024-01-01'), type: 'deposit', received: { amount: '0', asset: 'BTC' } },
    { account: 'Kraken', timestamp: Date.parse('2024-01-01'), type: 'deposit', received: { amount: '1', asset: 'BTC' }, value: '1,000' },
    { account: 'Kraken', timestamp: -5, type: 'deposit', received: { amount: '1', asset: 'BTC' } },
    { account: 'Kraken', timestamp: Date.parse('2024-01-01'), type: 'deposit', received: { amount: '1', asset: 'BTC', extra: true } },
  ],
  'changes.list': [{ limit: 5000 }, { limit: -1 }],
  'changes.undo': [{ changeId: 'last' }],
  'review.list': [{ year: 1999 }, { year: '2024' }],
  'review.dismiss': [{ key: 'k', reason: '' }, { key: '', reason: 'why' }],
  'prices.set': [
    { asset: 'BTC', timestamp: Date.parse('2024-03-01'), price: 'NaN' },
    { asset: 'BTC', timestamp: Date.parse('2024-03-01'), price: '-5' },
    { asset: 'BTC', timestamp: Date.parse('2024-03-01'), price: 61000 },
    { asset: 'BTC', timestamp: Date.parse('2024-03-01'), price: 'Infinity' },
  ],
  'tax.setChoice': [{ year: 2024, method: 'random', basis: 'auto' }, { year: 2024, method: 'fifo' }],
  'reports.summary': [{ year: 2024.5 }, { year: 2024, basis: 'everywhere' }],
  'reports.charts': [{ year: 20240 }],
  'reports.disposals': [{ year: 2024, offset: -1, limit: 10 }, { year: 2024, offset: 0, limit: 1_000_000 }],
  'reports.compare': [{ year: 2024, method: 'fifo' }],
  'lots.available': [{ transactionId: 0 }],
  'lots.pick': [
    { transactionId: 1, lots: [{ lotId: '1', quantity: '0' }] },
    { transactionId: 1, lots: [{ lotId: '1', quantity: '.5' }] },
    { transactionId: 1, lots: 'all' },
    { transactionId: 1, lots: Array.from({ length: 1001 }, (_, i) => ({ lotId: String(i), quantity: '1' })) },
  ],
  'exports.write': [
    { year: 2024, formats: [], folder: '/tmp' },
    { year: 2024, formats: ['pdf'], folder: '/tmp' },
    { year: 2024, formats: ['form8949', 'form8949'], folder: '/tmp' },
    { year: 2024, formats: ['form8949'], folder: '' },
  ],
};

describe('the contract', () => {
  it('has a good example request for every core call (so the scan below covers them all)', () => {
    expect(Object.keys(GOOD).sort()).toEqual([...CORE_CALL_NAMES].sort());
  });

  it.each(CORE_CALL_NAMES.map((name) => [name]))('%s refuses malformed and hostile requests with bad-request', async (name) => {
    for (const request of [...BAD, ...(HOSTILE[name] ?? [])]) {
      const result = await dispatch(name, request);
      answers.push(result);
      expect(result.ok, `${name} ${JSON.stringify(request)}`).toBe(false);
      if (!result.ok) expect(result.error.code, `${name} ${JSON.stringify(request)}: ${result.error.message}`).toBe('bad-request');
    }
  });

  it.each(MAIN_CALL_NAMES.map((name) => [name]))('leaves %s to main: core answers not-found', async (name) => {
    expect(await dispatch(name, {})).toEqual({ ok: false, error: { code: 'not-found', message: `${name} is served by Lotwise's main process, not by core.` } });
  });

  it('answers every call, and no answer or event holds the key or secret in any form', async () => {
    for (const name of ['sync.start', ...CORE_CALL_NAMES.filter((n) => n !== 'sync.start')] as CoreCallName[]) {
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
    expect(result).toMatchObject({ ok: false, error: { code: 'failed', message: expect.stringContaining('could not use the stored key of "Kraken"') } });
  });
});
