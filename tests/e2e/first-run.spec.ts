// The first run: a new user sees an empty ledger and what to do next, loads the demo data
// with one click, and sees its accounts and transaction counts, exactly as stored.
import { countTransactionsByAccount } from '../../electron/core/ledger/accounts.ts';
import { countTransactions } from '../../electron/core/ledger/transactions.ts';
import { expect, test } from './support/app-harness.ts';

const count = new Intl.NumberFormat('en-US');

test('a new ledger shows what to do next, and the demo data fills it', async ({ lotwise }) => {
  const { page } = lotwise;
  await lotwise.open();

  await expect(page.getByRole('heading', { level: 1, name: 'Lotwise' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'No transactions yet' })).toBeVisible();
  await expect(page.getByText('Import a CSV with lotwise import or try the demo data.')).toBeVisible();
  await lotwise.screenshot('first-run-empty');

  await page.getByRole('button', { name: 'Try with demo data' }).click();
  // Count only once the page says the demo is in: the import runs while the page waits.
  const outcome = page.getByRole('status').filter({ hasText: /^Added [\d,]+ demo transactions\.$/ });
  await expect(outcome).toBeVisible();

  const stored = countTransactions(lotwise.db);
  expect(stored).toBeGreaterThan(0);
  await expect(outcome).toHaveText(`Added ${count.format(stored)} demo transactions.`);
  await expect(page.getByTestId('total-transactions')).toHaveText(count.format(stored));
  const accounts = countTransactionsByAccount(lotwise.db);
  expect(accounts.length).toBeGreaterThan(0);
  for (const account of accounts) {
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: account.name, exact: true }) });
    await expect(row.getByRole('cell')).toHaveText(count.format(account.transactions));
  }
  await expect(page.getByRole('heading', { name: 'No transactions yet' })).toHaveCount(0);
  await lotwise.screenshot('first-run-demo-loaded');

  await page.emulateMedia({ colorScheme: 'dark' });
  await lotwise.screenshot('first-run-demo-loaded-dark');

  expect(lotwise.problems).toEqual([]);
});

test('a ledger that cannot be read says so and offers to try again', async ({ lotwise }) => {
  const { page } = lotwise;
  lotwise.db.close();
  await lotwise.open();

  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Lotwise could not read your ledger.');
  await expect(alert.getByRole('button', { name: 'Try again' })).toBeVisible();
  await lotwise.screenshot('ledger-unreadable');

  expect(lotwise.problems).toEqual([]);
});
