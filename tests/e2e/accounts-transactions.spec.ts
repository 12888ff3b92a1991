// A run through the screens the data comes in by: the first run, the demo data, the
// import history newest first, a CSV import undone from its notice, then the transaction
// list sorted (checked row by row) and filtered by account, dates, asset, needs review and
// search (each count checked against the ledger itself), walked by keyboard, one row's
// type and another's label edited and undone from their notices, two manual transactions
// linked as a transfer, unlinked and relinked, and changes undone from the history.
// Manual transactions in a new account and in Import history; the screens while core is
// slow or failing; a file gone between its preview and its import; a file with a header
// and no transactions. And an exchange added on a computer without a keyring, its
// too-powerful key called out, a sync held part way with its progress shown and
// cancelled, a full sync, and its undo.
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import type { Database } from '../../electron/core/db/open-ledger.ts';
import { Decimal } from '../../shared/money.ts';
import { createFakeKraken, READ_ONLY_PERMISSIONS } from '../fakes/kraken/fake-kraken.ts';
import { expect, test } from './support/app-harness.ts';
import { startExchangeGate } from './support/gated-exchange.ts';
import { completeFirstRun, goTo } from './support/screens.ts';

// axe runs twice per screen (light and dark) and a sync talks to a fake exchange: more than the default 30 s on a busy machine.
test.describe.configure({ timeout: 120_000 });

const fixtures = resolve(import.meta.dirname, '../fixtures/e2e');

/** One notice in the notice area, by its text. */
const notice = (page: Page, text: string | RegExp) => page.getByRole('region', { name: 'Notices' }).getByRole('listitem').filter({ hasText: text });

const ZONE = 'America/Chicago';

/** An instant as the list shows it in the user's zone, written out here rather than taken from the app. */
const shownDate = (ms: number) =>
  new Intl.DateTimeFormat('en-US', { timeZone: ZONE, year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);

/** The count line under the filters, for `n` rows. */
const countText = (n: number, filtered: boolean) => `${n.toLocaleString('en-US')} transaction${n === 1 ? '' : 's'}${filtered ? ' match' : ''}`;

interface StoredRow {
  id: number;
  timestamp: number;
  account: string;
  type: string;
  label: string | null;
  sent_amount: string | null;
  sent_asset: string | null;
}

/** Rows straight from the ledger file, apart from the app's own queries. */
function storedRows(db: Database, where = '1 = 1', ...params: (string | number)[]): StoredRow[] {
  return db
    .prepare(`SELECT t.id, t.timestamp, a.name AS account, t.type, t.label, t.sent_amount, t.sent_asset FROM transactions t JOIN accounts a ON a.id = t.account_id WHERE ${where}`)
    .all(...params) as StoredRow[];
}

/**
 * Sorted by what was sent, as the Sent column promises: rows that sent nothing last, the
 * rest grouped by asset A to Z (15,000 USD is not more than 2 ETH) whichever the
 * direction, then by amount, equal amounts by date.
 */
function bySent(rows: StoredRow[], direction: 'asc' | 'desc'): StoredRow[] {
  const sign = direction === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const nothingSentLast = Number(a.sent_amount === null) - Number(b.sent_amount === null);
    if (nothingSentLast !== 0) return nothingSentLast;
    const asset = (a.sent_asset ?? '') < (b.sent_asset ?? '') ? -1 : (a.sent_asset ?? '') > (b.sent_asset ?? '') ? 1 : 0;
    if (asset !== 0) return asset;
    const amount = a.sent_amount === null || b.sent_amount === null ? 0 : new Decimal(a.sent_amount).comparedTo(b.sent_amount);
    return sign * (amount || a.timestamp - b.timestamp || a.id - b.id);
  });
}

/** The grid's first rows are these, in this order: each row's date, account and what it sent. */
async function expectFirstRows(grid: Locator, expected: StoredRow[]): Promise<void> {
  for (const [index, row] of expected.entries()) {
    const cells = grid.getByRole('row').nth(index + 1).getByRole('gridcell');
    await expect(cells.nth(0)).toHaveText(shownDate(row.timestamp));
    await expect(cells.nth(1)).toHaveText(row.account);
    const [amount, asset] = (await cells.nth(3).innerText()).trim().split(' ');
    expect(amount ? [new Decimal(amount.replace(/,/g, '')).toString(), asset] : [null, undefined]).toEqual(
      row.sent_amount === null ? [null, undefined] : [new Decimal(row.sent_amount).toString(), row.sent_asset],
    );
  }
}

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

  // Accounts: the demo's accounts, its three files newest first, and a CSV previewed, imported and undone.
  const nav = page.getByRole('navigation', { name: 'Screens' });
  await nav.getByRole('button', { name: 'Accounts', exact: true }).click();
  const accounts = page.getByRole('table', { name: 'Your accounts' });
  await expect(accounts.getByRole('rowheader', { name: 'Kraken', exact: true })).toBeVisible();
  await lotwise.checkAccessibility('accounts');
  const imports = page.getByRole('table', { name: 'Imports and syncs, newest first' });
  // The demo loads Coinbase, then the Ledger wallet, then Kraken.
  await expect(imports.getByRole('rowheader')).toHaveText(['Kraken', 'Ledger wallet', 'Coinbase']);

  lotwise.dialogs.nextCsv = join(fixtures, 'exchange-history.csv');
  await page.getByRole('button', { name: 'Choose file…' }).click();
  await expect(page.getByRole('table', { name: 'First transactions in the file' })).toBeVisible();
  await page.getByLabel('Account for this file').fill('My exchange');
  await page.getByRole('button', { name: /^Import [\d,]+ rows?$/ }).click();
  const imported = notice(page, 'Imported exchange-history.csv into My exchange');
  await expect(imported).toBeVisible();
  await expect(accounts.getByRole('rowheader', { name: 'My exchange', exact: true })).toBeVisible();
  await expect(imports.getByRole('rowheader')).toHaveText(['My exchange', 'Kraken', 'Ledger wallet', 'Coinbase']);
  await imported.getByRole('button', { name: 'Undo' }).click();
  await expect(notice(page, /Import undone: [\d,]+ transactions? removed\./)).toBeVisible();
  await expect(imports.getByRole('row').nth(1)).toContainText('Undone');
  // A file dropped on the window: main accepts it and tells the page, which previews it.
  expect(lotwise.main.dropFile(join(fixtures, 'wallet-history.csv'))).toBe(true);
  await expect(page.getByRole('status').filter({ hasText: /^wallet-history\.csv: / })).toBeVisible();

  // Transactions: the whole list, newest first.
  await nav.getByRole('button', { name: 'Transactions', exact: true }).click();
  const grid = page.getByRole('grid', { name: 'Transactions' });
  const count = page.locator('.result-count');
  const all = storedRows(lotwise.db);
  await expect(count).toHaveText(countText(all.length, false));
  const newestFirst = [...all].sort((a, b) => b.timestamp - a.timestamp || b.id - a.id);
  await expectFirstRows(grid, newestFirst.slice(0, 3));

  // One account, sorted by what was sent, up and down: the rows themselves, in order.
  await page.getByLabel('Account', { exact: true }).selectOption('Kraken');
  const kraken = storedRows(lotwise.db, 'a.name = ?', 'Kraken');
  await expect(count).toHaveText(countText(kraken.length, true));
  for (const cell of await grid.getByRole('row').nth(1).getByRole('gridcell').all()) await expect(cell).toBeVisible();

  const sent = grid.getByRole('columnheader', { name: 'Sent' });
  await sent.getByRole('button').click();
  await expect(sent).toHaveAttribute('aria-sort', 'ascending');
  await expectFirstRows(grid, bySent(kraken, 'asc').slice(0, 5));
  await sent.getByRole('button').click();
  await expect(sent).toHaveAttribute('aria-sort', 'descending');
  await expectFirstRows(grid, bySent(kraken, 'desc').slice(0, 5));

  const firstRow = grid.getByRole('row').nth(1);
  await firstRow.focus();
  await page.keyboard.press('ArrowDown');
  await expect(grid.getByRole('row').nth(2)).toBeFocused();
  await page.keyboard.press('Enter');
  const detail = page.getByRole('dialog');
  await expect(detail).toBeVisible();
  // Only types the transaction's legs fit are offered: one that sent coins cannot be staking income.
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

  // The other filters, one at a time, each count as the ledger has it. Dates are the
  // user's (Chicago): the first half of 2022 runs from CST midnight to CDT midnight.
  const filters = page.getByRole('search', { name: 'Filter transactions' });
  const clearFilters = () => filters.getByRole('button', { name: 'Clear filters' }).click();
  await clearFilters();
  await expect(count).toHaveText(countText(all.length, false));
  await filters.getByLabel('From', { exact: true }).fill('2022-01-01');
  await filters.getByLabel('To', { exact: true }).fill('2022-06-30');
  const firstHalf2022 = storedRows(lotwise.db, 't.timestamp >= ? AND t.timestamp < ?', Date.parse('2022-01-01T00:00:00-06:00'), Date.parse('2022-07-01T00:00:00-05:00'));
  expect(firstHalf2022.length).toBeGreaterThan(0);
  await expect(count).toHaveText(countText(firstHalf2022.length, true));
  await expectFirstRows(grid, bySent(firstHalf2022, 'desc').slice(0, 3));

  await clearFilters();
  await filters.getByLabel('Asset').selectOption('SOL');
  const sol = storedRows(lotwise.db, "'SOL' IN (t.sent_asset, t.received_asset, t.fee_asset)");
  await expect(count).toHaveText(countText(sol.length, true));
  await expectFirstRows(grid, bySent(sol, 'desc'));

  await clearFilters();
  await filters.getByLabel('Needs review only').check();
  const open = storedRows(
    lotwise.db,
    't.id IN (SELECT p.transaction_id FROM review_problems p WHERE NOT EXISTS (SELECT 1 FROM review_dismissals d WHERE d.key = p.key))',
  );
  expect(open.length).toBeGreaterThan(0);
  await expect(count).toHaveText(countText(open.length, true));
  for (const row of await grid.getByRole('row').filter({ has: page.getByRole('gridcell') }).all()) await expect(row).toHaveClass(/has-problem/);

  await clearFilters();
  await filters.getByLabel('Search').fill('uniswap');
  const uniswap = storedRows(lotwise.db, "t.description LIKE '%uniswap%'");
  expect(uniswap).toHaveLength(1);
  await expect(count).toHaveText(countText(1, true));
  await expectFirstRows(grid, uniswap);

  // Its label edited, found by the new label, and the edit undone from its notice.
  await grid.getByRole('row').nth(1).click();
  await expect(detail.getByLabel('Label')).toHaveValue(uniswap[0]!.label ?? '');
  await detail.getByLabel('Label').fill('Swapped to pay the plumber');
  await detail.getByRole('button', { name: 'Save changes' }).click();
  const relabelled = notice(page, `Transaction updated (${shownDate(uniswap[0]!.timestamp)}, Ledger wallet).`);
  await expect(relabelled).toBeVisible();
  expect(storedRows(lotwise.db, 't.id = ?', uniswap[0]!.id)[0]!.label).toBe('Swapped to pay the plumber');
  await filters.getByLabel('Search').fill('plumber');
  await expect(count).toHaveText(countText(1, true));
  await expect(grid.getByRole('row').nth(1)).toContainText('Swapped to pay the plumber');
  await relabelled.getByRole('button', { name: 'Undo' }).click();
  await expect(notice(page, /^Undone: Edited transaction \d+ \(trade in Ledger wallet on 2022-02-14\): label/)).toBeVisible();
  expect(storedRows(lotwise.db, 't.id = ?', uniswap[0]!.id)[0]!.label).toBe(uniswap[0]!.label);
  await expect(count).toHaveText('0 transactions match');
  await clearFilters();

  // Manual transactions, with an inline error first: both sides of a move between accounts.
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
  // Newest first: the unlink (undone), the link, the two manual transactions, the label and type edits (undone).
  await expect(history.getByRole('row')).toHaveCount(7);
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

test('a manual transaction under a new name makes a wallet account; Import history lists manual entries without an Undo of their own', async ({ lotwise }) => {
  const { page } = lotwise;
  await lotwise.open();
  await completeFirstRun(page, ZONE);
  await lotwise.core('ledger.loadDemo', {});
  await goTo(page, 'Transactions');
  const form = page.getByRole('dialog', { name: 'Add a transaction' });

  // Two entered by hand in Coinbase, one in a wallet the ledger does not have yet.
  for (const [when, amount] of [['2024-06-01T10:00', '0.5'], ['2024-06-02T10:00', '0.25']] as const) {
    await page.getByRole('button', { name: 'Add a transaction…' }).click();
    await form.getByLabel('Account', { exact: true }).fill('Coinbase');
    await form.getByLabel('Date and time').fill(when);
    await form.getByLabel('Type').selectOption('deposit');
    await form.getByLabel('Received amount').fill(amount);
    await form.getByLabel('Received asset').fill('ETH');
    await form.getByRole('button', { name: 'Add transaction' }).click();
    await expect(form).toBeHidden();
  }
  await page.getByRole('button', { name: 'Add a transaction…' }).click();
  await expect(form.getByText('One of yours, or a new name to add it as a wallet account.')).toBeVisible();
  await form.getByLabel('Account', { exact: true }).fill('Trezor');
  await form.getByLabel('Date and time').fill('2024-06-03T10:00');
  await form.getByLabel('Type').selectOption('deposit');
  await form.getByLabel('Received amount').fill('0.1');
  await form.getByLabel('Received asset').fill('BTC');
  await form.getByRole('button', { name: 'Add transaction' }).click();
  await expect(notice(page, 'Added a deposit on Jun 3, 2024, 10:00 to Trezor (a new wallet account).')).toBeVisible();
  await expect(page.getByLabel('Account', { exact: true }).getByRole('option', { name: 'Trezor' })).toHaveCount(1);

  // Accounts: Trezor is a wallet; Import history lists both manual batches, newest first, and offers no Undo for them.
  await goTo(page, 'Accounts');
  const trezor = page.getByRole('table', { name: 'Your accounts' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Trezor', exact: true }) });
  await expect(trezor.getByRole('cell')).toHaveText(['Wallet', '1', '—', '']);
  const imports = page.getByRole('table', { name: 'Imports and syncs, newest first' });
  await expect(imports.getByRole('rowheader')).toHaveText(['Trezor', 'Coinbase', 'Kraken', 'Ledger wallet', 'Coinbase']);
  const manual = imports.getByRole('row').nth(2);
  await expect(manual.getByRole('cell')).toHaveText([/.+/, 'Entered by hand', '2', '0', 'Undo each in Transactions → History of changes']);
  await expect(manual.getByRole('button')).toHaveCount(0);
  // Imports keep theirs.
  await expect(imports.getByRole('row').nth(3).getByRole('button', { name: 'Undo the kraken.csv into Kraken' })).toHaveCount(1);
  await lotwise.screenshot('accounts-import-history-manual');

  // Undone from the history of changes: the transaction, and with it the account it made.
  await goTo(page, 'Transactions');
  await page.getByRole('button', { name: 'History of changes' }).click();
  const history = page.getByRole('table', { name: 'Your changes, newest first' });
  await expect(history.getByRole('row').nth(1)).toContainText(/Added deposit \d+ in Trezor \(a new wallet account\) on 2024-06-03: received 0\.1 BTC/);
  await history.getByRole('row').nth(1).getByRole('button', { name: /^Undo: / }).click();
  await expect(history.getByRole('row').nth(1)).toContainText('Undone');
  await expect(page.getByLabel('Account', { exact: true }).getByRole('option', { name: 'Trezor' })).toHaveCount(0);
  await goTo(page, 'Accounts');
  await expect(page.getByRole('table', { name: 'Your accounts' }).getByRole('rowheader')).toHaveText(['Coinbase', 'Kraken', 'Ledger wallet']);
  await expect(imports.getByRole('rowheader')).toHaveText(['Coinbase', 'Kraken', 'Ledger wallet', 'Coinbase']);
  expect(lotwise.problems).toEqual([]);
});

test('undoing an import whose rows a later export of the same history also holds says it keeps them, and keeps them', async ({ lotwise }) => {
  const { page } = lotwise;
  await lotwise.open();
  await completeFirstRun(page, ZONE);
  const header = 'Date,Type,Sent Asset,Sent Amount,Received Asset,Received Amount,Fiat Value,ID';
  const rows = ['2025-05-03T10:00:00Z,deposit,,,BTC,0.25,,t-1', '2025-05-04T10:00:00Z,deposit,,,ETH,2,,t-2', '2025-06-01T10:00:00Z,deposit,,,BTC,0.1,,t-3'];
  for (const [name, lines] of [['trezor-may.csv', rows.slice(0, 2)], ['trezor-june.csv', rows]] as const) {
    const path = join(lotwise.dir, name);
    writeFileSync(path, [header, ...lines].join('\n'));
    await lotwise.core('imports.file', { path, account: 'Trezor' });
  }
  await goTo(page, 'Accounts');
  const imports = page.getByRole('table', { name: 'Imports and syncs, newest first' });

  // The June export holds May's two rows too: undoing May removes nothing, and says so first.
  await imports.getByRole('button', { name: 'Undo the trezor-may.csv into Trezor' }).click();
  const confirm = page.getByRole('dialog', { name: 'Undo this import?' });
  await expect(confirm.getByRole('paragraph')).toHaveText(
    'This removes nothing: all 2 transactions the trezor-may.csv into Trezor added are also in another import or sync, which keeps them.',
  );
  await confirm.getByRole('button', { name: 'Undo it' }).click();
  await expect(notice(page, 'Undid the trezor-may.csv into Trezor: 0 transactions removed. 2 transactions also in another import or sync stay.')).toBeVisible();
  expect(storedRows(lotwise.db, "a.name = 'Trezor'")).toHaveLength(3);
  // June holds all three now, and its undo says it removes them.
  await expect(imports.getByRole('row').nth(1).getByRole('cell')).toHaveText([/.+/, 'CSV import · trezor-june.csv', '3', '0', 'Undo']);
  await imports.getByRole('button', { name: 'Undo the trezor-june.csv into Trezor' }).click();
  await expect(confirm.getByRole('paragraph')).toHaveText('This removes the 3 transactions the trezor-june.csv into Trezor added. Importing the file again brings them back.');
  await confirm.getByRole('button', { name: 'Remove 3 transactions' }).click();
  await expect(notice(page, 'Undid the trezor-june.csv into Trezor: 3 transactions removed.')).toBeVisible();
  expect(storedRows(lotwise.db, "a.name = 'Trezor'")).toHaveLength(0);
  expect(lotwise.problems).toEqual([]);
});

test('the screens while core is slow or fails: filter choices and import history loading, their errors, and a history of changes that cannot be read while the edit notice still undoes', async ({ lotwise }) => {
  const { page } = lotwise;
  await lotwise.open();
  await completeFirstRun(page, ZONE);
  await lotwise.core('ledger.loadDemo', {});

  // The filter choices take seconds on a large ledger: until they come, the lists say so.
  const facets = lotwise.holdCalls('transactions.facets');
  await goTo(page, 'Transactions');
  await facets.held();
  const filters = page.getByRole('search', { name: 'Filter transactions' });
  for (const label of ['Account', 'Asset', 'Type']) {
    const list = filters.getByLabel(label, { exact: true });
    await expect(list).toBeDisabled();
    await expect(list.locator('option:checked')).toHaveText('Loading…');
  }
  // They fail: the lists say so, the screen says why, and they can be asked for again.
  lotwise.failCalls('transactions.facets', 'The ledger is locked by another program.');
  facets.release();
  const accountList = filters.getByLabel('Account', { exact: true });
  await expect(accountList.locator('option:checked')).toHaveText('Not available');
  await expect(accountList).toBeDisabled();
  const facetsFailed = page.getByRole('alert').filter({ hasText: 'The account, asset and type filters could not be loaded.' });
  await expect(facetsFailed).toContainText('The ledger is locked by another program.');
  await facetsFailed.getByRole('button', { name: 'Try again' }).click();
  await expect(facetsFailed).toHaveCount(0);
  await expect(accountList).toBeEnabled();
  const names = lotwise.db.prepare('SELECT name FROM accounts ORDER BY name').pluck().all() as string[];
  await expect(accountList.getByRole('option')).toHaveText(['All accounts', ...names]);

  // An edit answers with its own change, so its notice offers Undo whatever the history
  // panel can read; a history that cannot be read says so there, and is tried again.
  const [newest] = storedRows(lotwise.db, '1 = 1 ORDER BY t.timestamp DESC, t.id DESC LIMIT 1');
  const grid = page.getByRole('grid', { name: 'Transactions' });
  await expectFirstRows(grid, [newest!]);
  await grid.getByRole('row').nth(1).click();
  const detail = page.getByRole('dialog');
  await detail.getByLabel('Label').fill('Checked with the bank');
  await detail.getByRole('button', { name: 'Save changes' }).click();
  await expect(detail).toBeHidden();
  const saved = notice(page, `Transaction updated (${shownDate(newest!.timestamp)}, ${newest!.account}).`);
  await expect(saved).toBeVisible();
  expect(storedRows(lotwise.db, 't.id = ?', newest!.id)[0]!.label).toBe('Checked with the bank');

  lotwise.failCalls('changes.list', 'The ledger file could not be read (disk I/O error).');
  await page.getByRole('button', { name: 'History of changes' }).click();
  const historyError = page.getByRole('alert').filter({ hasText: 'The history of your changes could not be loaded.' });
  await expect(historyError).toContainText('The ledger file could not be read (disk I/O error).');
  await historyError.getByRole('button', { name: 'Try again' }).click();
  const history = page.getByRole('table', { name: 'Your changes, newest first' });
  await expect(history.getByRole('row').nth(1)).toContainText(`Edited transaction ${newest!.id}`);

  await saved.getByRole('button', { name: 'Undo' }).click();
  await expect(history.getByRole('row').nth(1)).toContainText('Undone');
  expect(storedRows(lotwise.db, 't.id = ?', newest!.id)[0]!.label).toBe(newest!.label);

  // The import history panel: loading, then the table; failing, then retried.
  const batches = lotwise.holdCalls('imports.batches');
  await goTo(page, 'Accounts');
  await batches.held();
  const panel = page.getByRole('region', { name: 'Import history' });
  await expect(panel.getByRole('status')).toHaveText('Loading the import history…');
  await expect(page.getByRole('table', { name: 'Your accounts' })).toBeVisible();
  batches.release();
  await expect(panel.getByRole('table', { name: 'Imports and syncs, newest first' })).toBeVisible();

  lotwise.failCalls('imports.batches', 'The ledger is locked by another program.');
  await goTo(page, 'Overview');
  await goTo(page, 'Accounts');
  const failed = panel.getByRole('alert');
  await expect(failed).toHaveText(/^The import history could not be loaded\.The ledger is locked by another program\.Try again$/);
  await lotwise.checkAccessibility('accounts-import-history-error');
  await failed.getByRole('button', { name: 'Try again' }).click();
  await expect(panel.getByRole('table', { name: 'Imports and syncs, newest first' }).getByRole('rowheader')).toHaveText(['Kraken', 'Ledger wallet', 'Coinbase']);
  expect(lotwise.problems).toEqual([]);
});

test('a file gone between its preview and its import is a plain error naming it, with no lines to correct', async ({ lotwise }) => {
  const { page } = lotwise;
  await lotwise.open();
  await completeFirstRun(page, ZONE);
  await goTo(page, 'Accounts');
  const path = join(lotwise.dir, 'exchange-history.csv');
  copyFileSync(join(fixtures, 'exchange-history.csv'), path);
  lotwise.dialogs.nextCsv = path;
  await page.getByRole('button', { name: 'Choose file…' }).click();
  await expect(page.getByRole('table', { name: 'First transactions in the file' })).toBeVisible();
  await page.getByLabel('Account for this file').fill('My exchange');
  rmSync(path);
  await page.getByRole('button', { name: /^Import [\d,]+ rows?$/ }).click();

  const panel = page.getByRole('region', { name: 'Import a CSV' });
  await expect(panel.getByRole('alert')).toHaveText(
    `exchange-history.csv was not imported. The ledger is unchanged.exchange-history.csv is not at ${path}: it may have been moved, renamed or deleted. Choose the file again from where it is now.`,
  );
  await expect(panel.getByRole('table', { name: 'Problems in the file' })).toHaveCount(0);
  await expect(panel.getByText(/0 problems|correct these lines/)).toHaveCount(0);
  expect(lotwise.db.prepare('SELECT COUNT(*) FROM accounts').pluck().get()).toBe(0);
  await lotwise.screenshot('accounts-import-file-gone');
  expect(lotwise.problems).toEqual([]);
});

test('a file with a header and no transactions imports nothing, says so, and records no batch', async ({ lotwise }) => {
  const { page } = lotwise;
  await lotwise.open();
  await completeFirstRun(page, ZONE);
  await goTo(page, 'Accounts');
  const path = join(lotwise.dir, 'header-only.csv');
  writeFileSync(path, `${readFileSync(join(fixtures, 'exchange-history.csv'), 'utf8').split('\n')[0]}\n,,,,\n`);
  lotwise.dialogs.nextCsv = path;
  await page.getByRole('button', { name: 'Choose file…' }).click();
  await page.getByLabel('Account for this file').fill('My exchange');
  await page.getByRole('button', { name: 'Import 0 rows' }).click();

  await expect(notice(page, 'header-only.csv has no transactions: nothing was imported.')).toBeVisible();
  await expect(notice(page, 'header-only.csv has no transactions').getByRole('button', { name: 'Undo' })).toHaveCount(0);
  const panel = page.getByRole('region', { name: 'Import a CSV' });
  await expect(panel.getByRole('status').filter({ hasText: 'The file has no transactions: nothing was imported.' })).toBeVisible();
  expect(lotwise.db.prepare('SELECT COUNT(*) FROM accounts').pluck().get()).toBe(0);
  expect(lotwise.db.prepare('SELECT COUNT(*) FROM import_batches').pluck().get()).toBe(0);
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
