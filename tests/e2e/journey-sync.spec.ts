// Journey: an exchange account synced from the fake Binance (real ccxt, signed requests,
// Binance's paging) through a gate that holds the exchange's answers where the test says,
// so the sync can be watched and stopped part way as surely as on a slow network. The user
// adds the account with a read-only key, starts the sync, sees the progress bar move from
// stream to stream, cancels, and finds what was read kept and consistent; a second sync
// finishes with exactly the history the exchange holds, nothing twice. The key never
// reaches the page after it is saved, nor the ledger.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import type { Events } from '../../shared/api.ts';
import { normalizeAsset } from '../../shared/assets.ts';
import { openLedger } from '../../electron/core/db/open-ledger.ts';
import { addExchangeAccount, syncExchangeAccount } from '../../electron/core/exchanges/exchange-accounts.ts';
import { countTransactions } from '../../electron/core/ledger/transactions.ts';
import type { Credentials } from '../../electron/core/secrets/secret-vault.ts';
import { createFakeBinance, type FakeBinance } from '../fakes/binance/fake-binance.ts';
import { byCommonSymbol, storedBalances } from '../support/ledger-balances.ts';
import { expect, test, type LotwiseApp } from './support/app-harness.ts';
import { startExchangeGate, type ExchangeGate } from './support/gated-exchange.ts';
import { completeFirstRun, goTo } from './support/screens.ts';

/** Six streams (deposits, withdrawals, convert, dust, dividends, trades), a few hundred records. */
const HISTORY = { seed: 11, trades: 300, deposits: 20, withdrawals: 10, converts: 10, dustConversions: 3, dividends: 30 };
const FAST = { attempts: 8, baseDelayMs: 5, maxDelayMs: 50, maxRetryAfterMs: 50 };

let binance: FakeBinance;
let gate: ExchangeGate;
/** How many transactions a sync of the fake's whole history stores, counted apart from the app. */
let fullCount: number;

test.beforeAll(async () => {
  binance = createFakeBinance({ history: HISTORY });
  const base = await binance.start();
  gate = await startExchangeGate(base);
  // The reference: the same history synced straight through core into a ledger of its own.
  const dir = mkdtempSync(join(tmpdir(), 'lotwise-sync-reference-'));
  const db = await openLedger(join(dir, 'reference.db'));
  const keys = new Map<string, Credentials>();
  const vault = {
    get: async (ref: string) => keys.get(ref) ?? null,
    set: async (ref: string, credentials: Credentials) => void keys.set(ref, credentials),
    delete: async (ref: string) => keys.delete(ref),
  };
  try {
    const { account } = await addExchangeAccount(db, vault, { exchangeId: 'binance', name: 'Reference', credentials: binance.credentials, apiUrl: base, clientOptions: { rateLimit: false }, retry: FAST });
    const outcome = await syncExchangeAccount(db, vault, account, { clientOptions: { rateLimit: false }, retry: FAST });
    expect(outcome.status, outcome.message ?? '').toBe('complete');
    fullCount = countTransactions(db);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test.afterAll(async () => {
  await gate.stop();
  await binance.stop();
});

const notice = (page: Page, text: string | RegExp) => page.getByRole('region', { name: 'Notices' }).getByRole('listitem').filter({ hasText: text });

/** The fraction a <progress> shows; null while it is indeterminate. */
const barValue = (bar: Locator) => bar.evaluate((element: { value: number; hasAttribute(name: string): boolean }) => (element.hasAttribute('value') ? element.value : null));

/**
 * On Linux without a keyring (main offers the passphrase vault or the session), a new user
 * adds the fake Binance from the Accounts screen with its read-only key; the page then asks
 * where to keep the key.
 */
async function addBinanceWithoutKeyring(lotwise: LotwiseApp): Promise<Locator> {
  const { page } = lotwise;
  lotwise.useExchangeApi(gate.url);
  lotwise.main.keyBackend = 'basic_text';
  await lotwise.open();
  await completeFirstRun(page);
  await goTo(page, 'Accounts');
  await page.getByRole('combobox', { name: 'Exchange' }).fill('binance');
  await page.getByRole('option', { name: 'Binance (full history)', exact: true }).click();
  await page.getByLabel('API key', { exact: true }).fill(binance.credentials.apiKey);
  await page.getByLabel('API secret').fill(binance.credentials.secret);
  await page.getByRole('button', { name: 'Add exchange' }).click();
  return page.getByRole('group', { name: 'Where should Lotwise keep this key?' });
}

/** Lotwise quits (keys held for the session are dropped, the vault locks), starts again on the same ledger, and the user syncs Binance. */
async function restartAndSyncBinance(lotwise: LotwiseApp): Promise<Locator> {
  const { page } = lotwise;
  lotwise.main.close();
  await page.reload();
  await goTo(page, 'Accounts');
  const row = page.getByRole('table', { name: 'Your accounts' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Binance', exact: true }) });
  await row.getByRole('button', { name: 'Sync Binance' }).click();
  return row;
}

/** The last progress core reported for the account. */
const lastProgress = (events: { name: string; payload: unknown }[], account: string) =>
  events.flatMap((event) => (event.name === 'sync.progress' && (event.payload as Events['sync.progress']).account === account ? [event.payload as Events['sync.progress']] : [])).at(-1);

/**
 * Where the bar must stand for a progress report: each of the streams an equal share, the
 * current one filled as far as core says it is; and the words that go with it, the time
 * left named as the current stream's only when core gives one.
 */
function expectedProgress(progress: Events['sync.progress']): { value: number; estimate: RegExp } {
  const stream = `${progress.stream} (${progress.streamNumber} of ${progress.streams})`;
  return {
    value: (progress.streamNumber - 1 + (progress.streamFraction ?? 0)) / progress.streams,
    estimate: progress.etaSeconds === null ? /left/ : new RegExp(`^about \\d+ (s|min) left in ${stream.replace(/[()]/g, '\\$&')} · `),
  };
}

test('an exchange account syncs with progress, is cancelled part way with what it read kept, and resumes to the full history once', async ({ lotwise }) => {
  test.setTimeout(180_000);
  const { page } = lotwise;
  lotwise.useExchangeApi(gate.url);
  await lotwise.open();
  await completeFirstRun(page);

  // Add the account from the empty Overview.
  await page.getByRole('button', { name: 'Add an exchange…' }).click();
  await expect(page.getByRole('heading', { name: 'Add an exchange' })).toBeFocused();
  await page.getByRole('combobox', { name: 'Exchange' }).fill('binance');
  await page.getByRole('option', { name: 'Binance (full history)', exact: true }).click();
  await expect(page.getByLabel('Account name')).toHaveValue('Binance');
  await page.getByLabel('API key', { exact: true }).fill(binance.credentials.apiKey);
  await page.getByLabel('API secret').fill(binance.credentials.secret);
  await page.getByRole('button', { name: 'Add exchange' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Read-only key for Binance: it can read your history and cannot trade or withdraw.' })).toBeVisible();
  expect(await lotwise.main.hasKey('Binance')).toBe(true);
  expect(lotwise.main.storageOf('Binance')).toBe('os');
  await lotwise.screenshot('accounts-exchange-added');

  const accounts = page.getByRole('table', { name: 'Your accounts' });
  const row = accounts.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Binance', exact: true }) });
  await expect(row.getByRole('cell').nth(2)).toHaveText('Never');

  // Start, and hold the exchange's answers during the first stream.
  gate.closeAfter('/sapi/v1/capital/deposit/hisrec', 3);
  await row.getByRole('button', { name: 'Sync Binance' }).click();
  const bar = page.getByRole('progressbar', { name: 'Syncing Binance' });
  const detail = row.getByRole('status');
  await gate.held();
  await expect(detail).toContainText('deposits (1 of 6)');
  // Three pages of deposits read, the fourth held: the bar stands where core's report puts
  // it, part way into the first sixth (deposits are read by date, so the stream can tell).
  const first = lastProgress(lotwise.events, 'Binance')!;
  expect(first).toMatchObject({ stream: 'deposits', streamNumber: 1, streams: 6 });
  expect(first.streamFraction).toBeGreaterThan(0);
  expect(first.streamFraction).toBeLessThan(1);
  const early = expectedProgress(first);
  await expect.poll(() => barValue(bar)).toBeCloseTo(early.value, 12);
  expect(early.value).toBeGreaterThan(0);
  expect(early.value).toBeLessThan(1 / 6);
  if (first.etaSeconds === null) await expect(detail).not.toContainText(early.estimate);
  else await expect(detail).toHaveText(early.estimate);
  await lotwise.screenshot('accounts-sync-progress');
  await lotwise.checkAccessibility('accounts-syncing');

  // Let it run into the third stream, and hold it there.
  gate.open();
  gate.closeAfter('/sapi/v1/convert/tradeFlow', 2);
  await gate.held();
  await expect(detail).toContainText('convert (3 of 6)');
  // The bar has moved on: two streams done, the third under way as far as core says.
  const third = lastProgress(lotwise.events, 'Binance')!;
  expect(third).toMatchObject({ stream: 'convert', streamNumber: 3, streams: 6 });
  const later = expectedProgress(third);
  await expect.poll(() => barValue(bar)).toBeCloseTo(later.value, 12);
  expect(later.value).toBeGreaterThanOrEqual(2 / 6);
  expect(later.value).toBeLessThan(3 / 6);

  // Cancel while a page is in hand: it finishes that page, then stops.
  await row.getByRole('button', { name: 'Cancel the sync of Binance' }).click();
  await expect(detail).toHaveText('Cancelling: finishing the page in hand, then stopping…');
  gate.open();
  const cancelled = notice(page, /^The sync of Binance was cancelled; what it read is kept \(([\d,]+) new transactions?, 0 already there\)\./);
  await expect(cancelled).toBeVisible();
  await expect(bar).toHaveCount(0);
  const kept = Number(/\(([\d,]+) new/.exec(await cancelled.innerText())![1]!.replace(/,/g, ''));

  // What was read is in the ledger as one batch, and nothing else is; the sync is not "done".
  expect(kept).toBeGreaterThan(0);
  expect(kept).toBeLessThan(fullCount);
  expect(countTransactions(lotwise.db)).toBe(kept);
  const [batch] = await lotwise.core('imports.batches', {});
  expect(batch).toMatchObject({ account: 'Binance', source: 'api', added: kept, undoneAt: null });
  await expect(row.getByRole('cell').nth(1)).toHaveText(String(kept));
  await expect(row.getByRole('cell').nth(2)).toHaveText('Never');
  await lotwise.screenshot('accounts-sync-cancelled');

  // Resume: it continues from where it stopped and completes.
  await row.getByRole('button', { name: 'Sync Binance' }).click();
  const synced = notice(page, /^Binance synced: ([\d,]+) new transactions?, ([\d,]+) already there\./);
  await expect(synced).toBeVisible({ timeout: 60_000 });
  const [, added, already] = /synced: ([\d,]+) new transactions?, ([\d,]+) already there/.exec(await synced.innerText())!.map((n) => n.replace(/,/g, ''));
  expect(Number(added)).toBe(fullCount - kept);
  expect(Number(already)).toBe(0);
  expect(countTransactions(lotwise.db)).toBe(fullCount);
  await expect(row.getByRole('cell').nth(1)).toHaveText(fullCount.toLocaleString('en-US'));
  await expect(row.getByRole('cell').nth(2)).not.toHaveText('Never');
  // Exactly the exchange's history: every balance as the fake serves it, no record twice.
  const expected = byCommonSymbol(Object.fromEntries(Object.entries(binance.truth.assets).map(([asset, flow]) => [asset, flow.balance])), normalizeAsset);
  expect(storedBalances(lotwise.db, 'Binance')).toEqual(expected);
  const ids = lotwise.db.prepare('SELECT COUNT(*) AS n, COUNT(DISTINCT external_id) AS distinct_ids FROM transactions').get() as { n: number; distinct_ids: number };
  expect(ids).toEqual({ n: fullCount, distinct_ids: fullCount });
  expect(lotwise.events.filter((event) => event.name === 'sync.progress').length).toBeGreaterThan(6);
  await lotwise.screenshot('accounts-synced');
  await lotwise.screenshot('accounts-synced-dark', { dark: true });

  // The key stayed with main: not in the page, not in the ledger, not in plain text on disk.
  const html = await page.content();
  lotwise.db.pragma('wal_checkpoint(TRUNCATE)');
  const ledger = readFileSync(lotwise.db.name);
  const keyFile = readFileSync(lotwise.main.files.osKeys);
  for (const secret of [binance.credentials.apiKey, binance.credentials.secret]) {
    expect(html.includes(secret)).toBe(false);
    expect(ledger.includes(Buffer.from(secret))).toBe(false);
    expect(keyFile.includes(Buffer.from(secret))).toBe(false);
  }
  await expect(page.getByLabel('API secret')).toHaveCount(0);

  expect(lotwise.problems).toEqual([]);
});

test('a key kept only for the session is asked for again after Lotwise restarts, and the sync then runs', async ({ lotwise }) => {
  test.setTimeout(180_000);
  const { page } = lotwise;
  // Linux without a keyring: main will not keep a key on disk without asking where.
  const where = await addBinanceWithoutKeyring(lotwise);
  await expect(where).toBeVisible();
  await expect(where.getByRole('radio')).toHaveCount(2);
  await lotwise.screenshot('accounts-key-storage-choice');
  await lotwise.checkAccessibility('accounts-key-storage-choice');
  await where.getByRole('radio', { name: 'Only until Lotwise closes' }).check();
  await page.getByRole('button', { name: 'Keep the key there' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Read-only key for Binance' })).toBeVisible();
  expect(lotwise.main.storageOf('Binance')).toBe('session');

  // Lotwise quits (session keys are dropped), starts again on the same ledger, and syncs.
  const row = await restartAndSyncBinance(lotwise);

  // Main has no key to hand over: the page asks for it, and the ledger is untouched. No
  // notice says otherwise: the dialog is the one message.
  const again = page.getByRole('dialog', { name: 'Enter the key for Binance again' });
  await expect(again).toBeVisible();
  await expect(again).toContainText('Lotwise has no key for it on this computer. Nothing in your ledger changed.');
  await expect(page.getByRole('region', { name: 'Notices' }).getByRole('listitem')).toHaveCount(0);
  expect(countTransactions(lotwise.db)).toBe(0);
  await lotwise.screenshot('accounts-key-reentry');
  await lotwise.checkAccessibility('accounts-key-reentry');

  await again.getByLabel('API key', { exact: true }).fill(binance.credentials.apiKey);
  await again.getByLabel('API secret').fill(binance.credentials.secret);
  await again.getByRole('button', { name: 'Save key' }).click();
  await again.getByRole('radio', { name: 'Only until Lotwise closes' }).check();
  await again.getByRole('button', { name: 'Keep the key there' }).click();
  await expect(again.getByRole('status').filter({ hasText: 'Read-only key for Binance' })).toBeVisible();
  await again.getByRole('button', { name: 'Close Enter the key for Binance again' }).click();

  await row.getByRole('button', { name: 'Sync Binance' }).click();
  await expect(notice(page, /^Binance synced: /)).toBeVisible({ timeout: 60_000 });
  expect(countTransactions(lotwise.db)).toBe(fullCount);

  expect(lotwise.problems).toEqual([]);
});

test('a key kept in the passphrase vault needs only the passphrase after Lotwise restarts, and the sync then runs', async ({ lotwise }) => {
  test.setTimeout(180_000);
  const { page } = lotwise;
  const passphrase = 'correct horse battery staple';
  // Linux without a keyring: main offers the passphrase vault.
  const where = await addBinanceWithoutKeyring(lotwise);
  await where.getByRole('radio', { name: 'A vault locked with a passphrase' }).check();
  await expect(where).toContainText('Lotwise asks for the passphrase once after it starts, the first time it needs the key (e.g. to sync).');
  await page.getByLabel('Vault passphrase').fill(passphrase);
  await page.getByRole('button', { name: 'Keep the key there' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Read-only key for Binance' })).toBeVisible();
  expect(lotwise.main.storageOf('Binance')).toBe('passphrase');

  // Lotwise quits (the vault locks), starts again on the same ledger, and syncs.
  await restartAndSyncBinance(lotwise);

  // Only the passphrase is asked for, never the key; nothing is synced yet and no notice
  // contradicts the dialog.
  const unlock = page.getByRole('dialog', { name: 'Unlock your key vault' });
  await expect(unlock).toBeVisible();
  await expect(unlock).toContainText('Lotwise needs the key for Binance from the vault locked with your passphrase.');
  await expect(unlock.getByLabel('Vault passphrase')).toBeFocused();
  await expect(unlock.getByLabel('API key', { exact: true })).toHaveCount(0);
  await expect(unlock.getByLabel('API secret')).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Notices' }).getByRole('listitem')).toHaveCount(0);
  expect(countTransactions(lotwise.db)).toBe(0);
  await lotwise.screenshot('accounts-vault-unlock');
  await lotwise.checkAccessibility('accounts-vault-unlock');

  // A wrong passphrase is said plainly beside the field; the dialog stays to try again.
  await unlock.getByLabel('Vault passphrase').fill('correct horse battery stable');
  await unlock.getByRole('button', { name: 'Unlock and sync Binance' }).click();
  await expect(unlock.getByRole('alert')).toHaveText(
    'The vault could not be opened: the passphrase is wrong, or the vault file was changed or damaged. Type the passphrase again.',
  );
  expect(await lotwise.main.hasKey('Binance')).toBe(false);
  expect(countTransactions(lotwise.db)).toBe(0);

  // The right one unlocks the vault, and the sync that was waiting runs to the end.
  await unlock.getByLabel('Vault passphrase').fill(passphrase);
  await unlock.getByRole('button', { name: 'Unlock and sync Binance' }).click();
  await expect(unlock).toBeHidden();
  await expect(notice(page, /^Binance synced: /)).toBeVisible({ timeout: 60_000 });
  expect(countTransactions(lotwise.db)).toBe(fullCount);

  // Neither the key nor the passphrase is left in the page, and the vault holds no plaintext.
  const html = await page.content();
  const vaultFile = readFileSync(lotwise.main.files.passphraseVault);
  for (const secret of [binance.credentials.apiKey, binance.credentials.secret, passphrase]) {
    expect(html.includes(secret)).toBe(false);
    expect(vaultFile.includes(Buffer.from(secret))).toBe(false);
  }
  expect(lotwise.problems).toEqual([]);
});

test('a key the exchange refuses leaves the form in place, to correct the key and try again', async ({ lotwise }) => {
  test.setTimeout(120_000);
  const { page } = lotwise;
  lotwise.useExchangeApi(gate.url);
  await lotwise.open();
  await completeFirstRun(page);
  await goTo(page, 'Accounts');

  await page.getByRole('combobox', { name: 'Exchange' }).fill('binance');
  await page.getByRole('option', { name: 'Binance (full history)', exact: true }).click();
  const form = page.getByRole('form', { name: 'API key for Binance' });
  await form.getByLabel('API key', { exact: true }).fill(binance.credentials.apiKey);
  await form.getByLabel('API secret').fill('x'.repeat(64));
  await form.getByRole('button', { name: 'Add exchange' }).click();

  // The refusal is shown in the form, whose fields wait for the right key.
  await expect(form.getByRole('alert')).toContainText('The exchange did not accept this key for Binance.');
  await expect(form.getByRole('alert')).toContainText('then enter them again below');
  await expect(form.getByLabel('API secret')).toHaveValue('');
  await lotwise.screenshot('accounts-key-refused');

  await form.getByLabel('API key', { exact: true }).fill(binance.credentials.apiKey);
  await form.getByLabel('API secret').fill(binance.credentials.secret);
  await form.getByRole('button', { name: 'Add exchange' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Read-only key for Binance' })).toBeVisible();
  // One account, with the key that works.
  expect((await lotwise.core('accounts.list', {})).map((account) => account.name)).toEqual(['Binance']);
  expect(await lotwise.main.hasKey('Binance')).toBe(true);
  expect(lotwise.problems).toEqual([]);
});
