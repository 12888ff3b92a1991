// A smoke run through the screens the data comes in by: the first run, the demo data,
// a CSV import undone from its notice, then the transaction list filtered, sorted, walked
// by keyboard, one row's type edited and undone from its notice, two manual transactions
// linked as a transfer, unlinked and relinked, and changes undone from the history.
// And an exchange added on a computer without a keyring, its too-powerful key called out,
// a sync held part way with its progress shown and cancelled, a full sync, and its undo.
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { createFakeKraken, READ_ONLY_PERMISSIONS } from '../fakes/kraken/fake-kraken.ts';
import { expect, test } from './support/app-harness.ts';
import { startExchangeGate } from './support/gated-exchange.ts';

// axe runs twice per screen (light and dark) and a sync talks to a fake exchange: more than the default 30 s on a busy machine.
test.describe.configure({ timeout: 120_000 });

const fixtures = resolve(import.meta.dirname, '../fixtures/e2e');

/** One notice in the notice area, by its text. */
const notice = (page: Page, text: string | RegExp) => page.getByRole('region', { name: 'Notices' }).getByRole('listitem').filter({ hasText: text });

test('first run, accounts and an undone import, then transactions filtered, sorted, edited and undone', async ({ lotwise }) => {
  const { page } = lotwise;
  await lotwise.open();

  // First run: the time zone is searchable; Continue leads to the empty ledger.
  const zone = page.getByRole('combobox', { name: 'Time zone' });
  await zone.fill('chicago');
  await page.getByRole('option', { name: 'America/Chicago' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'No transactions yet' })).toBeVisible();
  await page.getByRole('button', { name: 'Try with demo data' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Added [\d,]+ demo transactions\.$/ })).toBeVisible();

  // Accounts: the demo's accounts, and a CSV previewed, imported and undone.
  const nav = page.getByRole('navigation', { name: 'Screens' });
  await nav.getByRole('button', { name: 'Accounts', exact: true }).click();
  const accounts = page.getByRole('table', { name: 'Your accounts' });
  await expect(accounts.getByRole('rowheader', { name: 'Kraken', exact: true })).toBeVisible();
  await lotwise.checkAccessibility('accounts');
  await expect(page.getByRole('table', { name: 'Imports and syncs, newest first' }).getByRole('row')).toHaveCount(4);

  lotwise.dialogs.nextCsv = join(fixtures, 'exchange-history.csv');
  await page.getByRole('button', { name: 'Choose file…' }).click();
  await expect(page.getByRole('table', { name: 'First transactions in the file' })).toBeVisible();
  await page.getByLabel('Account for this file').fill('My exchange');
  await page.getByRole('button', { name: /^Import [\d,]+ rows?$/ }).click();
  const imported = notice(page, 'Imported exchange-history.csv into My exchange');
  await expect(imported).toBeVisible();
  await expect(accounts.getByRole('rowheader', { name: 'My exchange', exact: true })).toBeVisible();
  await imported.getByRole('button', { name: 'Undo' }).click();
  await expect(notice(page, /Import undone: [\d,]+ transactions? removed\./)).toBeVisible();
  // A file dropped on the window: main accepts it and tells the page, which previews it.
  expect(lotwise.main.dropFile(join(fixtures, 'wallet-history.csv'))).toBe(true);
  await expect(page.getByRole('status').filter({ hasText: /^wallet-history\.csv: / })).toBeVisible();

  // Transactions: the list, a filter, a sort, keyboard to a row, an edit and its undo.
  await nav.getByRole('button', { name: 'Transactions', exact: true }).click();
  const grid = page.getByRole('grid', { name: 'Transactions' });
  await expect(grid.getByRole('row').nth(1)).not.toHaveAttribute('aria-busy', 'true');
  const count = page.locator('.result-count');
  await expect(count).toHaveText(/^[\d,]+ transactions$/);

  await page.getByLabel('Account', { exact: true }).selectOption('Kraken');
  await expect(count).toHaveText(/^[\d,]+ transactions? match$/);
  for (const cell of await grid.getByRole('row').nth(1).getByRole('gridcell').all()) await expect(cell).toBeVisible();
  await expect(grid.getByRole('row').nth(1).getByRole('gridcell').nth(1)).toHaveText('Kraken');

  const sent = grid.getByRole('columnheader', { name: 'Sent' });
  await sent.getByRole('button').click();
  await expect(sent).toHaveAttribute('aria-sort', 'ascending');
  await sent.getByRole('button').click();
  await expect(sent).toHaveAttribute('aria-sort', 'descending');

  const firstRow = grid.getByRole('row').nth(1);
  await firstRow.focus();
  await page.keyboard.press('ArrowDown');
  await expect(grid.getByRole('row').nth(2)).toBeFocused();
  await page.keyboard.press('Enter');
  const detail = page.getByRole('dialog');
  await expect(detail).toBeVisible();
  // Only types the transaction's legs fit are offered: a trade cannot be staking income.
  await expect(detail.getByLabel('Type').getByRole('option', { name: 'Staking' })).toHaveCount(0);
  await detail.getByLabel('Type').selectOption('swap');
  await detail.getByRole('button', { name: 'Save changes' }).click();
  // Saved: the detail closes, focus goes back to the row, and the notice offers Undo.
  await expect(detail).toBeHidden();
  await expect(grid.getByRole('row').nth(2)).toBeFocused();
  const edited = notice(page, 'Type changed to Swap');
  await expect(edited).toBeVisible();
  await expect(grid.getByRole('row').nth(2)).toContainText('Swap');

  await edited.getByRole('button', { name: 'Undo' }).click();
  await expect(notice(page, /^Undone: /)).toBeVisible();
  await expect(grid.getByRole('row').nth(2)).not.toContainText('Swap');

  // Manual transactions, with an inline error first: both sides of a move between accounts.
  await page.getByLabel('Account', { exact: true }).selectOption('');
  await page.getByRole('button', { name: 'Add a transaction…' }).click();
  const form = page.getByRole('dialog', { name: 'Add a transaction' });
  await form.getByLabel('Sent amount').fill('0.3x');
  await form.getByRole('button', { name: 'Add transaction' }).click();
  await expect(form.getByText('Write the sent amount as a positive number, e.g. 0.25.')).toBeVisible();
  await form.getByLabel('Account', { exact: true }).fill('Kraken');
  await form.getByLabel('Date and time').fill('2024-06-01T10:00');
  await form.getByLabel('Type').selectOption('withdrawal');
  await form.getByLabel('Sent amount').fill('0.3');
  await form.getByLabel('Sent asset').fill('eth');
  await form.getByRole('button', { name: 'Add transaction' }).click();
  await expect(form).toBeHidden();
  await expect(notice(page, 'Added a withdrawal on Jun 1, 2024, 10:00 to Kraken.')).toBeVisible();

  await page.getByRole('button', { name: 'Add a transaction…' }).click();
  await form.getByLabel('Account', { exact: true }).fill('Ledger wallet');
  await form.getByLabel('Date and time').fill('2024-06-01T11:00');
  await form.getByLabel('Type').selectOption('deposit');
  await form.getByLabel('Received amount').fill('0.2999');
  await form.getByLabel('Received asset').fill('ETH');
  await form.getByRole('button', { name: 'Add transaction' }).click();
  await expect(notice(page, 'Added a deposit on Jun 1, 2024, 11:00 to Ledger wallet.')).toBeVisible();

  // Linked as a transfer from the withdrawal's detail, unlinked, and the unlink undone.
  await page.getByLabel('Search').fill('');
  await page.getByLabel('Type', { exact: true }).selectOption('withdrawal');
  const withdrawal = grid.getByRole('row').filter({ hasText: 'Jun 1, 2024, 10:00' });
  await withdrawal.click();
  await detail.getByRole('button', { name: 'Link as a transfer…' }).click();
  await detail.getByRole('button', { name: /^Link with Jun 1, 2024, 11:00 · Ledger wallet · 0\.2999 ETH$/ }).click();
  await expect(detail).toBeHidden();
  await expect(notice(page, 'Linked as a transfer: Kraken ↔ Ledger wallet.')).toBeVisible();
  await expect(withdrawal).toContainText('Transfer');
  await withdrawal.click();
  await detail.getByRole('button', { name: 'Unlink transfer' }).click();
  await expect(detail).toBeHidden();
  await expect(withdrawal).not.toContainText('Transfer');
  await notice(page, 'Transfer link removed.').getByRole('button', { name: 'Undo' }).click();
  await expect(withdrawal).toContainText('Transfer');

  await page.getByRole('button', { name: 'History of changes' }).click();
  const history = page.getByRole('table', { name: 'Your changes, newest first' });
  // Newest first: the unlink (undone), the link, the two manual transactions, the edit (undone).
  await expect(history.getByRole('row')).toHaveCount(6);
  await expect(history.getByRole('row').nth(1)).toContainText('Undone');
  await expect(history.getByRole('row').nth(3)).toContainText('Manual transaction');
  // A change that a later one depends on waits for that one to be undone first, and says so.
  await history.getByRole('row').nth(3).getByRole('button', { name: /^Undo: / }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'undo that one first' })).toBeVisible();
  await history.getByRole('row').nth(2).getByRole('button', { name: /^Undo: / }).click();
  await expect(history.getByRole('row').nth(2)).toContainText('Undone');
  await history.getByRole('row').nth(3).getByRole('button', { name: /^Undo: / }).click();
  await expect(history.getByRole('row').nth(3)).toContainText('Undone');

  await lotwise.checkAccessibility('transactions');
  await lotwise.screenshot('transactions-filtered');
  await lotwise.screenshot('transactions-filtered-dark', { dark: true });
  expect(lotwise.problems).toEqual([]);
});

test('an exchange added without a keyring asks where to keep the key, says what the key may do, syncs and undoes', async ({ lotwise }) => {
  const { page } = lotwise;
  const kraken = createFakeKraken({ history: { seed: 3, trades: 60 }, permissions: [...READ_ONLY_PERMISSIONS, 'modify-trades'] });
  const gate = await startExchangeGate(await kraken.start());
  lotwise.useExchangeApi(gate.url);
  lotwise.main.keyBackend = 'basic_text';
  try {
    await lotwise.open();
    const zone = page.getByRole('combobox', { name: 'Time zone' });
    await zone.fill('UTC');
    await page.getByRole('option', { name: 'UTC', exact: true }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Add an exchange…' }).click();
    await expect(page.getByRole('heading', { name: 'Add an exchange' })).toBeFocused();

    await page.getByRole('combobox', { name: 'Exchange' }).fill('krak');
    await page.getByRole('option', { name: /^Kraken/ }).first().click();
    await expect(page.getByLabel('Account name')).toHaveValue('Kraken');
    await page.getByRole('button', { name: 'Add exchange' }).click();
    await expect(page.getByText('Paste the API key from the exchange’s API settings.')).toBeVisible();
    await page.getByLabel('API key', { exact: true }).fill(kraken.credentials.apiKey);
    await page.getByLabel('API secret').fill(kraken.credentials.secret);
    await page.getByRole('button', { name: 'Add exchange' }).click();

    // No keyring: the key is not kept until the user says where.
    await expect(page.getByRole('group', { name: 'Where should Lotwise keep this key?' })).toBeVisible();
    await page.getByRole('radio', { name: 'Only until Lotwise closes' }).check();
    await page.getByRole('button', { name: 'Keep the key there' }).click();
    const warning = page.getByRole('alert').filter({ hasText: 'This key can do more than read.' });
    await expect(warning).toBeVisible();
    await expect(warning).toContainText(/can trade/i);
    expect(lotwise.main.storageOf('Kraken')).toBe('session');
    await lotwise.screenshot('accounts-key-can-trade');

    const accounts = page.getByRole('table', { name: 'Your accounts' });
    const row = accounts.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Kraken', exact: true }) });
    await expect(row.getByRole('cell').nth(2)).toHaveText('Never');
    // A sync held part way shows its progress and can be cancelled.
    gate.closeAfter('/0/private/', 2);
    await row.getByRole('button', { name: 'Sync Kraken' }).click();
    await gate.held();
    await expect(row.getByRole('progressbar', { name: 'Syncing Kraken' })).toBeVisible();
    await lotwise.screenshot('accounts-sync-progress');
    await row.getByRole('button', { name: 'Cancel the sync of Kraken' }).click();
    await expect(row.getByText(/^Cancelling/)).toBeVisible();
    gate.open();
    await expect(notice(page, /^The sync of Kraken was cancelled/)).toBeVisible({ timeout: 30_000 });
    const keptFromCancelled = await row.getByRole('cell').nth(1).innerText();

    await row.getByRole('button', { name: 'Sync Kraken' }).click();
    const synced = notice(page, /^Kraken synced: [\d,]+ new transactions/);
    await expect(synced).toBeVisible({ timeout: 30_000 });
    await expect(row.getByRole('cell').nth(2)).not.toHaveText('Never');
    expect(lotwise.events.some((event) => event.name === 'sync.progress')).toBe(true);

    await synced.getByRole('button', { name: 'Undo' }).click();
    await expect(notice(page, /^Sync undone: [\d,]+ transactions removed from Kraken\./)).toBeVisible();
    // The second sync is gone; what the cancelled one read stays, as its own batch.
    await expect(row.getByRole('cell').nth(1)).toHaveText(keptFromCancelled);
    expect(lotwise.problems).toEqual([]);
  } finally {
    await gate.stop();
    await kraken.stop();
  }
});
