// A smoke run through the screens the data comes in by: the first run, the demo data,
// a CSV import undone from its notice, then the transaction list filtered, sorted, walked
// by keyboard, one row's type edited and the edit undone from the notice and the history.
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './support/app-harness.ts';

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

  await page.getByRole('button', { name: 'History of changes' }).click();
  const history = page.getByRole('table', { name: 'Your changes, newest first' });
  await expect(history.getByRole('row').nth(1)).toContainText('Undone');

  await lotwise.screenshot('transactions-filtered');
  await lotwise.screenshot('transactions-filtered-dark', { dark: true });
  expect(lotwise.problems).toEqual([]);
});
