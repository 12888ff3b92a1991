// Journey: Specific ID. Three BTC lots bought in 2024 at 40,040, 70,070 and 60,060 USD a
// BTC (fees included), one BTC sold on 2024-09-05 for proceeds of 64,935 USD
// (tests/fixtures/e2e/specific-id-lots.csv). FIFO takes the January lot; the user picks
// the March lot instead, then half March and half June. Each time the gain on the screen,
// in core's summary and in the exported TurboTax file changes by exactly the amount worked
// out by hand.
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { Decimal } from '../../shared/money.ts';
import { expect, test, type LotwiseApp } from './support/app-harness.ts';
import { completeFirstRun, exportCsv, goTo, sumMoney } from './support/screens.ts';

const fixtures = resolve(import.meta.dirname, '../fixtures/e2e');
const YEAR = 2024;
const SALE = '1 BTC disposed of on Sep 5, 2024 in Coinbase';

const notice = (page: Page, text: string | RegExp) => page.getByRole('region', { name: 'Notices' }).getByRole('listitem').filter({ hasText: text });

/** The year's total gain as core computes it. */
async function coreGain(lotwise: LotwiseApp): Promise<string> {
  const summary = await lotwise.core('reports.summary', { year: YEAR });
  return new Decimal(summary.shortTerm.gain).plus(summary.longTerm.gain).toFixed(2);
}

/** Exports TurboTax gains and losses into its own folder; returns its rows and their gain. */
async function exportTurboTax(lotwise: LotwiseApp, folder: string) {
  const exported = await exportCsv(lotwise, { year: YEAR, format: /^TurboTax gains and losses/, folder: join(lotwise.dir, folder), fileName: `turbotax-gains-${YEAR}.csv` });
  const proceeds = sumMoney(exported.rows.map((row) => row['Proceeds']!));
  const costBasis = sumMoney(exported.rows.map((row) => row['Cost Basis']!));
  return { rows: exported.rows, gain: sumMoney([proceeds, `-${costBasis}`]), shown: exported.shown };
}

test('picking lots under Specific ID changes the gain on screen and in the TurboTax file by the hand-computed amount', async ({ lotwise }) => {
  test.setTimeout(180_000);
  const { page } = lotwise;
  await lotwise.open();
  await completeFirstRun(page);

  await goTo(page, 'Accounts');
  lotwise.dialogs.nextCsv = join(fixtures, 'specific-id-lots.csv');
  await page.getByRole('button', { name: 'Choose file…' }).click();
  await page.getByLabel('Account for this file').fill('Coinbase');
  await page.getByRole('button', { name: 'Import 4 rows' }).click();
  await expect(notice(page, 'Imported specific-id-lots.csv into Coinbase: 4 transactions added')).toBeVisible();

  // FIFO: the January lot.
  await goTo(page, 'Tax year');
  await expect(page.getByLabel('Year', { exact: true })).toHaveValue(String(YEAR));
  await expect(page.getByLabel('Method')).toHaveValue('fifo');
  const disposals = await lotwise.core('reports.disposals', { year: YEAR, offset: 0, limit: 10 });
  expect(disposals.total).toBe(1);
  const sale = disposals.rows[0]!;
  expect(sale).toMatchObject({ quantity: '1', proceeds: '64935.00', costBasis: '40040.00', gain: '24895.00', picked: false });
  const row = page.getByTestId(`disposal-${sale.transactionId}`);
  const rowGain = row.getByTestId('disposal-gain');
  const totalGain = page.getByTestId('summary-total-gain');
  await expect(rowGain).toHaveText('$24,895.00');
  await expect(totalGain).toHaveText('$24,895.00');
  expect(await coreGain(lotwise)).toBe('24895.00');
  await row.getByRole('button', { name: 'Show lots' }).click();
  const lotsBehind = page.getByRole('table', { name: `Lots behind ${SALE}` });
  await expect(lotsBehind).toContainText('Jan 5, 2024');
  await lotwise.screenshot('tax-year-fifo');

  const fifo = await exportTurboTax(lotwise, 'fifo');
  expect(fifo.rows).toEqual([{ 'Currency Name': 'BTC', 'Purchase Date': '01/05/2024', 'Cost Basis': '40040.00', 'Date Sold': '09/05/2024', Proceeds: '64935.00' }]);
  expect(fifo.gain).toBe('24895.00');
  expect(fifo.shown.gain).toBe('24895.00');

  // Specific ID: the whole BTC from the March lot.
  await goTo(page, 'Tax year');
  await row.getByRole('button', { name: 'Show lots' }).click();
  await row.getByRole('button', { name: 'Pick lots' }).click();
  const picker = page.getByRole('dialog', { name: 'Pick lots' });
  const january = picker.getByLabel('Quantity from the lot acquired Jan 5, 2024 in Coinbase');
  const march = picker.getByLabel('Quantity from the lot acquired Mar 5, 2024 in Coinbase');
  const june = picker.getByLabel('Quantity from the lot acquired Jun 5, 2024 in Coinbase');
  // It starts from what FIFO used.
  await expect(january).toHaveValue('1');
  await expect(march).toHaveValue('');
  await expect(june).toHaveValue('');
  await lotwise.screenshot('tax-year-pick-lots');
  await lotwise.checkAccessibility('tax-year-pick-lots');
  await january.fill('');
  await march.fill('1');
  await expect(picker.getByTestId('lot-picker-total')).toHaveText('Chosen 1 of 1 BTC.');
  await picker.getByRole('button', { name: 'Use these lots' }).click();
  await expect(picker).toBeHidden();
  await expect(notice(page, `Picked lots for ${SALE}: gain -$5,135.00, was $24,895.00.`)).toBeVisible();
  await expect(rowGain).toHaveText('-$5,135.00');
  await expect(row).toContainText('Specific ID');
  await expect(totalGain).toHaveText('-$5,135.00');
  expect(await coreGain(lotwise)).toBe('-5135.00');
  await expect(lotsBehind).toContainText('Mar 5, 2024');
  await expect(lotsBehind).not.toContainText('Jan 5, 2024');
  await lotwise.screenshot('tax-year-specific-id');
  await lotwise.screenshot('tax-year-specific-id-dark', { dark: true });

  const march1 = await exportTurboTax(lotwise, 'march');
  expect(march1.rows).toEqual([{ 'Currency Name': 'BTC', 'Purchase Date': '03/05/2024', 'Cost Basis': '70070.00', 'Date Sold': '09/05/2024', Proceeds: '64935.00' }]);
  // 70,070 − 40,040: the March lot cost 30,030 more, so the gain is 30,030 less.
  expect(sumMoney([march1.gain, `-${fifo.gain}`])).toBe('-30030.00');
  expect(march1.shown.gain).toBe('-5135.00');

  // Half from March, half from June: two rows, each with half the proceeds.
  await goTo(page, 'Tax year');
  await row.getByRole('button', { name: 'Pick lots' }).click();
  await expect(march).toHaveValue('1');
  await march.fill('0.5');
  await june.fill('0.4');
  await picker.getByRole('button', { name: 'Use these lots' }).click();
  // Not enough chosen: the picker says so and stays open.
  await expect(picker.getByTestId('lot-picker-total')).toHaveText('Chosen 0.9 of 1 BTC: 0.1 still to choose.');
  await june.fill('0.5');
  await picker.getByRole('button', { name: 'Use these lots' }).click();
  await expect(picker).toBeHidden();
  // 64,935 − (35,035 + 30,030)
  await expect(rowGain).toHaveText('-$130.00');
  await expect(totalGain).toHaveText('-$130.00');
  expect(await coreGain(lotwise)).toBe('-130.00');

  const split = await exportTurboTax(lotwise, 'split');
  expect(split.rows).toEqual([
    { 'Currency Name': 'BTC', 'Purchase Date': '03/05/2024', 'Cost Basis': '35035.00', 'Date Sold': '09/05/2024', Proceeds: '32467.50' },
    { 'Currency Name': 'BTC', 'Purchase Date': '06/05/2024', 'Cost Basis': '30030.00', 'Date Sold': '09/05/2024', Proceeds: '32467.50' },
  ]);
  expect(split.gain).toBe('-130.00');
  expect(split.shown).toEqual({ rows: '2', proceeds: '64935.00', costBasis: '65065.00', gain: '-130.00' });

  expect(lotwise.problems).toEqual([]);
});
