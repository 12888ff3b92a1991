// Journey: from a CSV with a broken row to a TurboTax file that adds up. The user picks
// their exchange export, is told which line is wrong and why, fixes the file and imports
// it, imports the wallet the exchange sent coins to, resolves every review problem (links
// the transfer, enters the two prices), and exports TurboTax gains and losses for 2024.
// The file's totals must equal the summary on the Tax year screen, core's reports.summary
// and the figures worked out by hand in tests/fixtures/e2e/README.md.
import { copyFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import type { ReviewKind, TermSummaryView } from '../../shared/api.ts';
import { countTransactions } from '../../electron/core/ledger/transactions.ts';
import { expect, test, type LotwiseApp } from './support/app-harness.ts';
import { completeFirstRun, exportCsv, goTo, moneyText, sumMoney } from './support/screens.ts';

const fixtures = resolve(import.meta.dirname, '../fixtures/e2e');
const YEAR = 2024;
/** UTC all year round, so every date on screen is the fixture's own. */
const TIME_ZONE = 'Atlantic/Reykjavik';

/** The figures worked out by hand (tests/fixtures/e2e/README.md). */
const EXPECTED = {
  shortTerm: { proceeds: '2997.00', costBasis: '3500.00', gain: '-503.00' },
  longTerm: { proceeds: '15389.00', costBasis: '6259.75', gain: '9129.25' },
  total: { proceeds: '18386.00', costBasis: '9759.75', gain: '8626.25' },
  income: '30.00',
};

const notice = (page: Page, text: string | RegExp) => page.getByRole('region', { name: 'Notices' }).getByRole('listitem').filter({ hasText: text });

/** A row of the summary table, read back as decimal strings: proceeds, cost basis, gain. */
async function summaryRow(table: Locator, term: 'Short-term' | 'Long-term' | 'Total'): Promise<TermSummaryView> {
  const row = table.getByRole('row').filter({ has: table.page().getByRole('rowheader', { name: term, exact: true }) });
  const [proceeds, costBasis, gain] = (await row.getByRole('cell').allInnerTexts()).map(moneyText);
  return { proceeds: proceeds!, costBasis: costBasis!, gain: gain! };
}

async function expectReviewCounts(lotwise: LotwiseApp, counts: Record<ReviewKind, number>): Promise<void> {
  for (const [kind, count] of Object.entries(counts)) {
    await expect(lotwise.page.getByTestId(`review-count-${kind}`), kind).toHaveText(String(count));
  }
  expect((await lotwise.core('review.list', {})).counts).toEqual(counts);
}

/** Picks `path` in the open dialog and waits for the preview of it. */
async function chooseFile(lotwise: LotwiseApp, path: string, expectedStatus: string): Promise<void> {
  lotwise.dialogs.nextCsv = path;
  await lotwise.page.getByRole('button', { name: 'Choose file…' }).click();
  await expect(lotwise.page.getByRole('status').filter({ hasText: expectedStatus })).toBeVisible();
}

test('a broken row is shown with its line, the fixed file imports, every warning is resolved, and the TurboTax file adds up to the summary', async ({ lotwise }) => {
  // Four screens, three accessibility scans, a dozen recomputes of the year.
  test.setTimeout(180_000);
  const { page } = lotwise;
  await lotwise.open();
  await completeFirstRun(page, TIME_ZONE);

  // The empty Overview leads to the import.
  await page.getByRole('button', { name: 'Import a CSV…' }).click();
  await expect(page.getByRole('heading', { name: 'Import a CSV' })).toBeFocused();

  // The user's export, with one impossible date on line 7.
  const file = join(lotwise.dir, 'coinbase-2024.csv');
  copyFileSync(join(fixtures, 'exchange-history-broken.csv'), file);
  await chooseFile(lotwise, file, 'coinbase-2024.csv: Koinly universal format, 8 rows.');
  const problems = page.getByRole('table', { name: 'Problems in the file' });
  await expect(page.getByText('1 problem found.')).toBeVisible();
  await expect(problems.getByRole('row')).toHaveCount(2);
  await expect(problems.getByRole('row').nth(1).getByRole('cell')).toHaveText(['7', 'Date', '2024-07-32 15:00 UTC', 'not a date and time; expected YYYY-MM-DD HH:mm UTC']);
  // A file with problems cannot be imported at all; nothing was written.
  await expect(page.getByRole('button', { name: /^Import [\d,]+ rows?$/ })).toHaveCount(0);
  expect(countTransactions(lotwise.db)).toBe(0);
  await lotwise.screenshot('accounts-import-broken-row');
  await lotwise.checkAccessibility('accounts-import-problems');

  // Fixed in place, chosen again: no problems, and it imports.
  copyFileSync(join(fixtures, 'exchange-history.csv'), file);
  await chooseFile(lotwise, file, 'coinbase-2024.csv: Koinly universal format, 8 rows.');
  await expect(page.getByText('No problems found in the file.')).toBeVisible();
  await expect(page.getByRole('table', { name: 'First transactions in the file' }).getByRole('row')).toHaveCount(9);
  await page.getByLabel('Account for this file').fill('Coinbase');
  await page.getByRole('button', { name: 'Import 8 rows' }).click();
  await expect(notice(page, 'Imported coinbase-2024.csv into Coinbase: 8 transactions added, 0 already there.')).toBeVisible();

  // The wallet the 0.1 BTC went to.
  await chooseFile(lotwise, join(fixtures, 'wallet-history.csv'), 'wallet-history.csv: Koinly universal format, 1 row.');
  await page.getByLabel('Account for this file').fill('Ledger wallet');
  await page.getByRole('button', { name: 'Import 1 row' }).click();
  await expect(notice(page, 'Imported wallet-history.csv into Ledger wallet: 1 transaction added, 0 already there.')).toBeVisible();
  const accounts = page.getByRole('table', { name: 'Your accounts' });
  for (const [name, transactions] of [['Coinbase', '8'], ['Ledger wallet', '1']] as const) {
    const row = accounts.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
    await expect(row.getByRole('cell').nth(1)).toHaveText(transactions);
  }
  expect(countTransactions(lotwise.db)).toBe(9);
  await lotwise.screenshot('accounts-imported');

  // Review: the trade without a value, and both halves of the unpaired transfer.
  await goTo(page, 'Review');
  await expectReviewCounts(lotwise, { 'missing-cost-basis': 0, 'unmatched-transfer': 2, 'missing-price': 1, 'negative-balance': 0 });
  await lotwise.screenshot('review-journey-queue');
  await lotwise.checkAccessibility('review-with-problems');

  const withdrawal = page.getByRole('listitem', { name: /^0\.1 BTC in Coinbase on May 10, 2024/ });
  await expect(withdrawal.getByRole('radio', { name: /^Ledger wallet: received 0\.0999 BTC/ })).toBeChecked();
  await withdrawal.getByRole('button', { name: 'Link' }).click();
  // Linked, the 0.0001 BTC the wallet did not receive is the network fee: a disposal that needs a price.
  await expectReviewCounts(lotwise, { 'missing-cost-basis': 0, 'unmatched-transfer': 0, 'missing-price': 2, 'negative-balance': 0 });

  const trade = page.getByRole('listitem', { name: /^20 SOL in Coinbase on Apr 1, 2024/ });
  await trade.getByLabel('Price of 1 SOL in USD').fill('175');
  await trade.getByRole('button', { name: 'Save price' }).click();
  await expectReviewCounts(lotwise, { 'missing-cost-basis': 0, 'unmatched-transfer': 0, 'missing-price': 1, 'negative-balance': 0 });

  // The fee is valued through the withdrawal it was paid on.
  const fee = page.getByRole('region', { name: /^Missing prices/ }).getByRole('listitem', { name: /^0\.1 BTC in Coinbase on May 10, 2024/ });
  await fee.getByLabel('Price of 1 BTC in USD').fill('60000');
  await fee.getByRole('button', { name: 'Save price' }).click();
  await expect(page.getByRole('heading', { name: 'Nothing to review' })).toBeVisible();
  expect((await lotwise.core('review.list', {})).counts).toEqual({ 'missing-cost-basis': 0, 'unmatched-transfer': 0, 'missing-price': 0, 'negative-balance': 0 });
  await lotwise.screenshot('review-journey-done');

  // Tax year: 2024's figures, on screen, from core, and by hand, to the cent.
  await goTo(page, 'Tax year');
  await expect(page.getByLabel('Year', { exact: true })).toHaveValue(String(YEAR));
  const core = await lotwise.core('reports.summary', { year: YEAR });
  expect(core.warnings).toEqual([]);
  expect({ shortTerm: core.shortTerm, longTerm: core.longTerm, income: core.income }).toEqual({
    shortTerm: EXPECTED.shortTerm,
    longTerm: EXPECTED.longTerm,
    income: EXPECTED.income,
  });
  const summary = page.getByRole('table', { name: /^Capital gains in 2024/ });
  await expect(summary.getByTestId('summary-total-gain')).toHaveText('$8,626.25');
  const shown = {
    shortTerm: await summaryRow(summary, 'Short-term'),
    longTerm: await summaryRow(summary, 'Long-term'),
    total: await summaryRow(summary, 'Total'),
    income: moneyText(await page.getByTestId('summary-income').innerText()),
  };
  expect(shown).toEqual(EXPECTED);
  await expect(page.getByText(/can change these figures/)).toHaveCount(0);
  await lotwise.screenshot('tax-year-journey');
  await lotwise.screenshot('tax-year-journey-dark', { dark: true });

  // Export: TurboTax gains and losses for 2024 into a folder the user chose.
  const exported = await exportCsv(lotwise, { year: YEAR, format: /^TurboTax gains and losses/, folder: join(lotwise.dir, 'exports'), fileName: `turbotax-gains-${YEAR}.csv` });
  await lotwise.screenshot('export-journey');
  await lotwise.checkAccessibility('export-written');

  // The file itself: five disposals whose columns add up to the summary.
  expect(exported.header).toEqual(['Currency Name', 'Purchase Date', 'Cost Basis', 'Date Sold', 'Proceeds']);
  expect(exported.rows).toHaveLength(5);
  const fileProceeds = sumMoney(exported.rows.map((row) => row['Proceeds']!));
  const fileCostBasis = sumMoney(exported.rows.map((row) => row['Cost Basis']!));
  expect({ proceeds: fileProceeds, costBasis: fileCostBasis, gain: sumMoney([fileProceeds, `-${fileCostBasis}`]) }).toEqual(shown.total);
  expect(exported.rows.find((row) => row['Currency Name'] === 'SOL')).toEqual({
    'Currency Name': 'SOL',
    'Purchase Date': '04/01/2024',
    'Cost Basis': '3500.00',
    'Date Sold': '07/01/2024',
    Proceeds: '2997.00',
  });
  // And the table of files written says the same.
  expect(exported.shown).toEqual({ rows: '5', ...shown.total });

  expect(lotwise.problems).toEqual([]);
});
