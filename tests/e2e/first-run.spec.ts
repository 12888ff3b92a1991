// The first run: a new user confirms country, time zone and report currency before
// anything else, then sees an empty ledger and what to do next, loads the demo data with
// one click, and sees its accounts and transaction counts, exactly as stored.
import { countTransactionsByAccount } from '../../electron/core/ledger/accounts.ts';
import { countTransactions } from '../../electron/core/ledger/transactions.ts';
import { expect, test } from './support/app-harness.ts';
import { goTo } from './support/screens.ts';

const count = new Intl.NumberFormat('en-US');

test('a new user confirms the settings every figure depends on, then fills the empty ledger with the demo data', async ({ lotwise }) => {
  const { page } = lotwise;
  await lotwise.open();

  await expect(page.getByRole('heading', { level: 1, name: 'Lotwise' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Welcome to Lotwise' })).toBeVisible();
  // Until the settings are confirmed, the first-run screen is all there is.
  await expect(page.getByRole('navigation', { name: 'Screens' })).toHaveCount(0);
  await expect(page.getByLabel('Country')).toHaveValue('US');
  await expect(page.getByLabel('Report currency')).toHaveValue('USD');
  await lotwise.screenshot('first-run-settings');
  await lotwise.checkAccessibility('first-run-settings');

  const zone = page.getByRole('combobox', { name: 'Time zone' });
  const zoneBefore = await zone.inputValue();
  // Typed and left without a choice: the field says so rather than keeping its zone silently.
  await zone.fill('america');
  await page.keyboard.press('Tab');
  await expect(zone).toHaveValue('america');
  await expect(zone).toHaveAttribute('aria-invalid', 'true');
  await expect(zone).toHaveAccessibleDescription(new RegExp(`"america" was not chosen: \\d+ choices match it\\. Pick one from the list; it is still ${zoneBefore.replace('/', '\\/')}\\.`));
  // Enough to match one zone, then Tab, chooses it, as a plain select would.
  await zone.fill('los ang');
  await page.keyboard.press('Tab');
  await expect(zone).toHaveValue('America/Los_Angeles');
  await expect(zone).not.toHaveAttribute('aria-invalid', 'true');
  await zone.fill('new york');
  await page.getByRole('option', { name: 'America/New_York' }).click();
  await expect(zone).toHaveValue('America/New_York');
  await page.getByRole('button', { name: 'Continue' }).click();

  await expect(page.getByRole('heading', { level: 2, name: 'Your ledger' })).toBeVisible();
  expect(await lotwise.core('settings.get', {})).toEqual({ country: 'US', timeZone: 'America/New_York', currency: 'USD', configured: true });
  await expect(page.getByRole('heading', { name: 'No transactions yet' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Import a CSV…' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add an exchange…' })).toBeVisible();
  await lotwise.screenshot('overview-empty');
  await lotwise.screenshot('overview-empty-dark', { dark: true });
  await lotwise.checkAccessibility('overview-empty');

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
  await lotwise.screenshot('overview-demo-loaded');
  await lotwise.screenshot('overview-demo-loaded-dark', { dark: true });

  // The choice is kept: the next start goes straight to the ledger.
  await page.reload();
  await expect(page.getByRole('heading', { level: 2, name: 'Your ledger' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Welcome to Lotwise' })).toHaveCount(0);
  await goTo(page, 'Accounts');

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
  await lotwise.checkAccessibility('ledger-unreadable');

  expect(lotwise.problems).toEqual([]);
});
