// After a fix in Review the fixed problem is gone, and focus goes on to the next problem of
// its kind (or the screen's heading once the kind is done), never back to the page itself.
// The Export screen counts the chosen year's open problems with a way to Review, and
// still exports.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type LotwiseApp } from './support/app-harness.ts';
import { completeFirstRun, goTo } from './support/screens.ts';

/** The demo's one unmatched transfer: 0.4 ETH sent from Coinbase on 2025-06-03 18:20 UTC. */
const DEMO_WITHDRAWAL_AT = Date.UTC(2025, 5, 3, 18, 20);

async function demo(lotwise: LotwiseApp): Promise<void> {
  const { page } = lotwise;
  await lotwise.open();
  await completeFirstRun(page, 'America/New_York');
  await page.getByRole('button', { name: 'Try with demo data' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Added [\d,]+ demo transactions\.$/ })).toBeVisible();
}

test('after Link and Save price, focus is on the next problem of the kind, then on the heading', async ({ lotwise }) => {
  const { page } = lotwise;
  await demo(lotwise);
  // The other side of the demo's withdrawal, 15 minutes later; a deposit from nowhere in
  // October; and two trades for SOL with no value.
  await lotwise.core('transactions.add', { account: 'Ledger wallet', timestamp: DEMO_WITHDRAWAL_AT + 15 * 60_000, type: 'deposit', received: { amount: '0.3995', asset: 'ETH' } });
  await lotwise.core('transactions.add', { account: 'Ledger wallet', timestamp: Date.UTC(2025, 9, 1, 12), type: 'deposit', received: { amount: '0.25', asset: 'ETH' } });
  for (const day of [2, 9]) {
    await lotwise.core('transactions.add', { account: 'Kraken', timestamp: Date.UTC(2025, 2, day, 12), type: 'trade', sent: { amount: '0.1', asset: 'ETH' }, received: { amount: '2', asset: 'SOL' } });
  }
  await goTo(page, 'Review');
  await expect(page.getByTestId('review-count-unmatched-transfer')).toHaveText('3');

  // Linking settles the withdrawal and the deposit after it: the October deposit is next.
  const withdrawal = page.getByRole('listitem', { name: /^0\.4 ETH in Coinbase on Jun 3, 2025/ });
  await withdrawal.getByRole('button', { name: 'Link' }).click();
  await expect(page.getByTestId('review-count-unmatched-transfer')).toHaveText('1');
  await expect(page.getByRole('listitem', { name: /^0\.25 ETH in Ledger wallet on Oct 1, 2025/ })).toBeFocused();

  // A price for the first trade: the second is next; for the second: no price is missing
  // any more, and focus is on the screen's heading.
  const prices = page.getByRole('region', { name: /^Missing prices/ });
  const first = prices.getByRole('listitem', { name: /^2 SOL in Kraken on Mar 2, 2025/ });
  await first.getByLabel('Price of 1 SOL in USD').fill('140.50');
  await first.getByRole('button', { name: 'Save price' }).click();
  await expect(page.getByTestId('review-count-missing-price')).toHaveText('1');
  const second = prices.getByRole('listitem', { name: /^2 SOL in Kraken on Mar 9, 2025/ });
  await expect(second).toBeFocused();
  await second.getByLabel('Price of 1 SOL in USD').fill('150');
  await second.getByRole('button', { name: 'Save price' }).click();
  await expect(page.getByTestId('review-count-missing-price')).toHaveText('0');
  await expect(page.getByRole('heading', { level: 2, name: 'Review' })).toBeFocused();

  expect(lotwise.problems).toEqual([]);
});

test('Export counts the year’s open review problems, leads to Review, and exports anyway', async ({ lotwise }) => {
  const { page } = lotwise;
  await demo(lotwise);
  await goTo(page, 'Export');
  await expect(page.getByLabel('Year', { exact: true })).toHaveValue('2025');
  const warning = page.getByTestId('export-open-problems');
  await expect(warning).toContainText('1 open review problem in 2025 (unmatched transfers: 1) can make these files wrong. You can still export');
  await page.getByLabel('Year', { exact: true }).selectOption('2024');
  await expect(warning).toBeHidden();
  await page.getByLabel('Year', { exact: true }).selectOption('2025');
  await expect(warning).toBeVisible();
  await lotwise.checkAccessibility('export-open-problems');

  // Not a block: the files are written.
  await page.getByRole('checkbox', { name: /^Form 8949/ }).check();
  const folder = join(lotwise.dir, 'exports');
  mkdirSync(folder);
  lotwise.dialogs.nextFolder = folder;
  await page.getByRole('button', { name: 'Choose folder…' }).click();
  await page.getByRole('main').getByRole('button', { name: 'Export', exact: true }).click();
  await expect(page.getByRole('table', { name: 'Files written for 2025' })).toBeVisible();

  await warning.getByRole('button', { name: 'Fix it in Review' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Review' })).toBeFocused();
  await expect(page.getByTestId('review-count-unmatched-transfer')).toHaveText('1');

  expect(lotwise.problems).toEqual([]);
});
