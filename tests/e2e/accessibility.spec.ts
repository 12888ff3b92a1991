// Every screen, and the dialogs that open over them, checked with axe-core (WCAG 2 A and
// AA) in the light and the dark colour scheme: no serious or critical violation anywhere.
// The demo data is loaded so each screen shows what it shows a real user (tables, charts,
// review items, a written export), and each is saved as a screenshot, light and dark.
import { join } from 'node:path';
import { expect, test, type LotwiseApp } from './support/app-harness.ts';
import { completeFirstRun, goTo, type ScreenLabel } from './support/screens.ts';

/** Screenshots of the screen as it is, light and dark, then the axe check. */
async function checkScreen(lotwise: LotwiseApp, name: string): Promise<void> {
  await lotwise.screenshot(`screen-${name}`);
  await lotwise.screenshot(`screen-${name}-dark`, { dark: true });
  await lotwise.checkAccessibility(name);
}

/** Opens a screen from the navigation and waits until it has stopped loading. */
async function visit(lotwise: LotwiseApp, screen: ScreenLabel): Promise<void> {
  const { page } = lotwise;
  await goTo(page, screen);
  await expect(page.getByRole('heading', { level: 2, name: screen })).toBeFocused();
  await expect(page.locator('main [aria-busy="true"]')).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: /^Loading / })).toHaveCount(0);
}

test('every screen and dialog passes axe in light and dark, with the demo data loaded', async ({ lotwise }) => {
  // Eleven screens and dialogs, each scanned twice and photographed twice.
  test.setTimeout(300_000);
  const { page } = lotwise;
  await lotwise.open();

  await test.step('first run', async () => {
    await expect(page.getByRole('heading', { level: 2, name: 'Welcome to Lotwise' })).toBeVisible();
    await checkScreen(lotwise, 'first-run');
    await completeFirstRun(page, 'America/New_York');
  });

  await test.step('overview, empty', async () => {
    await expect(page.getByRole('heading', { name: 'No transactions yet' })).toBeVisible();
    await checkScreen(lotwise, 'overview-empty');
    await page.getByRole('button', { name: 'Try with demo data' }).click();
    await expect(page.getByRole('status').filter({ hasText: /^Added [\d,]+ demo transactions\.$/ })).toBeVisible();
  });

  await test.step('overview', async () => {
    await expect(page.getByTestId('total-transactions')).toHaveText(/\d/);
    await checkScreen(lotwise, 'overview');
  });

  await test.step('accounts', async () => {
    await visit(lotwise, 'Accounts');
    await expect(page.getByRole('table', { name: 'Your accounts' })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Imports and syncs, newest first' })).toBeVisible();
    await checkScreen(lotwise, 'accounts');
  });

  await test.step('transactions, and one transaction’s detail', async () => {
    await visit(lotwise, 'Transactions');
    const grid = page.getByRole('grid', { name: 'Transactions' });
    await expect(grid.getByRole('row').nth(1)).not.toHaveAttribute('aria-busy', 'true');
    await checkScreen(lotwise, 'transactions');
    await grid.getByRole('row').nth(1).focus();
    await page.keyboard.press('Enter');
    const detail = page.getByRole('dialog');
    await expect(detail).toBeVisible();
    await checkScreen(lotwise, 'transaction-detail');
    await page.keyboard.press('Escape');
    await expect(detail).toBeHidden();
  });

  await test.step('review', async () => {
    await visit(lotwise, 'Review');
    await expect(page.getByRole('list', { name: 'Problems by kind' })).toBeVisible();
    await checkScreen(lotwise, 'review');
  });

  await test.step('tax year, and the lot picker', async () => {
    await visit(lotwise, 'Tax year');
    await expect(page.getByRole('img', { name: /^Realized gain by month/ })).toBeVisible();
    const disposal = page.getByRole('button', { name: 'Show lots' }).first();
    await disposal.click();
    await expect(page.getByRole('table', { name: /^Lots behind/ })).toBeVisible();
    await checkScreen(lotwise, 'tax-year');
    await page.getByRole('button', { name: 'Pick lots' }).first().click();
    const picker = page.getByRole('dialog', { name: 'Pick lots' });
    await expect(picker.getByTestId('lot-picker-total')).toBeVisible();
    await checkScreen(lotwise, 'lot-picker');
    await picker.getByRole('button', { name: 'Cancel' }).click();
    await expect(picker).toBeHidden();
  });

  await test.step('export, before and after writing', async () => {
    await visit(lotwise, 'Export');
    await checkScreen(lotwise, 'export');
    await page.getByRole('checkbox', { name: /^Form 8949/ }).check();
    await page.getByRole('checkbox', { name: /^TurboTax gains and losses/ }).check();
    lotwise.dialogs.nextFolder = lotwise.dir;
    await page.getByRole('button', { name: 'Choose folder…' }).click();
    await expect(page.getByTestId('export-folder')).toHaveText(lotwise.dir);
    await page.getByRole('main').getByRole('button', { name: 'Export', exact: true }).click();
    const written = page.getByRole('table', { name: /^Files written for \d{4}$/ });
    await expect(written.getByRole('rowheader').filter({ hasText: join(lotwise.dir, 'turbotax-gains-') })).toBeVisible();
    await checkScreen(lotwise, 'export-written');
  });

  expect(lotwise.problems).toEqual([]);
});

test('the empty screens, the other dialogs and a failed load pass axe in light and dark', async ({ lotwise }) => {
  test.setTimeout(300_000);
  const { page } = lotwise;
  await lotwise.open();
  await completeFirstRun(page, 'America/New_York');

  await test.step('each screen of an empty ledger says what to do first', async () => {
    const empty: [ScreenLabel, string][] = [
      ['Accounts', 'No accounts yet'],
      ['Transactions', 'No transactions yet'],
      ['Review', 'Nothing to review'],
      ['Tax year', 'No tax years yet'],
      ['Export', 'Nothing to export yet'],
    ];
    for (const [screen, title] of empty) {
      await visit(lotwise, screen);
      await expect(page.getByRole('heading', { level: 3, name: title })).toBeVisible();
      await checkScreen(lotwise, `${screen.toLowerCase().replace(' ', '-')}-empty`);
    }
    await goTo(page, 'Overview');
    await page.getByRole('button', { name: 'Try with demo data' }).click();
    await expect(page.getByRole('status').filter({ hasText: /^Added [\d,]+ demo transactions\.$/ })).toBeVisible();
  });

  await test.step('a screen whose data cannot be read says so and offers to try again', async () => {
    lotwise.failCalls('tax.years', 'The ledger is locked by another program.');
    await goTo(page, 'Tax year');
    const failed = page.getByRole('alert');
    await expect(failed).toContainText('The ledger is locked by another program.');
    await expect(failed.getByRole('button', { name: 'Try again' })).toBeVisible();
    await checkScreen(lotwise, 'tax-year-error');
    await failed.getByRole('button', { name: 'Try again' }).click();
    await expect(page.getByRole('img', { name: /^Realized gain by month/ })).toBeVisible();
  });

  await test.step('the API key dialog and the undo-import confirmation', async () => {
    await visit(lotwise, 'Accounts');
    await page.getByRole('button', { name: 'Enter key for Kraken' }).click();
    const keyDialog = page.getByRole('dialog', { name: 'API key for Kraken' });
    await expect(keyDialog).toBeVisible();
    await checkScreen(lotwise, 'key-dialog');
    await page.keyboard.press('Escape');
    await expect(keyDialog).toBeHidden();
    await page.getByRole('button', { name: /^Undo the / }).first().click();
    const confirm = page.getByRole('dialog', { name: 'Undo this import?' });
    await expect(confirm).toBeVisible();
    await checkScreen(lotwise, 'undo-import-confirmation');
    await confirm.getByRole('button', { name: 'Keep it' }).click();
    await expect(confirm).toBeHidden();
  });

  await test.step('the add-a-transaction dialog', async () => {
    await visit(lotwise, 'Transactions');
    await page.getByRole('button', { name: 'Add a transaction…' }).click();
    const adding = page.getByRole('dialog', { name: 'Add a transaction' });
    await expect(adding).toBeVisible();
    await checkScreen(lotwise, 'add-transaction');
    await page.keyboard.press('Escape');
    await expect(adding).toBeHidden();
  });

  expect(lotwise.problems).toEqual([]);
});
