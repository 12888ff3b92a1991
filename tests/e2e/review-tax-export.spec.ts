// The journey from "what is wrong" to "files for the tax software": the demo data plus one
// problem of each kind the demo lacks, every kind fixed in Review (a link, a price, a
// dismissal undone and redone, a missing acquisition), then the tax year under another
// method, one disposal's lots picked by hand, and a TurboTax export into a temp folder,
// first to a folder that is gone (a clear error), then to one that exists.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DisposalView, ReviewKind } from '../../shared/api.ts';
import { Decimal } from '../../shared/money.ts';
import { expect, test, type LotwiseApp } from './support/app-harness.ts';
import { completeFirstRun, goTo, moneyText } from './support/screens.ts';

const YEAR = 2025;
/** Not UTC, so dates typed and shown on these screens are the taxpayer's own. */
const TIME_ZONE = 'America/New_York';
/** The demo's one unmatched transfer: 0.4 ETH sent from Coinbase on 2025-06-03 18:20 UTC. */
const DEMO_WITHDRAWAL_AT = Date.UTC(2025, 5, 3, 18, 20);

/** Problems the demo is free of, added the way a user's own data would bring them. */
async function addProblems(lotwise: LotwiseApp): Promise<void> {
  // 100 ADA sold on Kraken, never bought there: missing cost basis and a negative balance.
  await lotwise.core('transactions.add', {
    account: 'Kraken',
    timestamp: Date.UTC(2025, 2, 1, 12),
    type: 'trade',
    sent: { amount: '100', asset: 'ADA' },
    received: { amount: '50', asset: 'USD' },
    value: '50',
  });
  // ETH traded for SOL with no value known: a missing price.
  await lotwise.core('transactions.add', {
    account: 'Kraken',
    timestamp: Date.UTC(2025, 2, 2, 12),
    type: 'trade',
    sent: { amount: '0.1', asset: 'ETH' },
    received: { amount: '2', asset: 'SOL' },
  });
  // The other side of the demo's unmatched transfer, arriving in the wallet 15 minutes later.
  await lotwise.core('transactions.add', {
    account: 'Ledger wallet',
    timestamp: DEMO_WITHDRAWAL_AT + 15 * 60_000,
    type: 'deposit',
    received: { amount: '0.3995', asset: 'ETH' },
  });
}

async function expectCounts(lotwise: LotwiseApp, counts: Record<ReviewKind, number>): Promise<void> {
  for (const [kind, count] of Object.entries(counts)) {
    await expect(lotwise.page.getByTestId(`review-count-${kind}`), kind).toHaveText(String(count));
  }
  expect((await lotwise.core('review.list', {})).counts).toEqual(counts);
}

function totalGain(summary: { shortTerm: { gain: string }; longTerm: { gain: string } }): string {
  return new Decimal(summary.shortTerm.gain).plus(summary.longTerm.gain).toFixed(2);
}

test('review fixes each kind of problem, the tax year follows the method and a lot pick, and TurboTax exports', async ({ lotwise }) => {
  // Three screens, two accessibility scans and a dozen recomputes of the demo's five years.
  test.setTimeout(180_000);
  const { page } = lotwise;
  await lotwise.open();
  await completeFirstRun(page, TIME_ZONE);
  await page.getByRole('button', { name: 'Try with demo data' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Added [\d,]+ demo transactions\.$/ })).toBeVisible();
  await addProblems(lotwise);

  // Review: every kind counted, each item with its fix.
  await goTo(page, 'Review');
  await expect(page.getByRole('heading', { level: 2, name: 'Review' })).toBeFocused();
  await expectCounts(lotwise, { 'missing-cost-basis': 1, 'unmatched-transfer': 2, 'missing-price': 1, 'negative-balance': 1 });
  await lotwise.screenshot('review-queue');
  await lotwise.checkAccessibility('review');
  // One year at a time: 2024 has none of these problems.
  await page.getByLabel('Year').selectOption('2024');
  await expect(page.getByRole('heading', { name: 'Nothing to review' })).toBeVisible();
  await expect(page.getByText('No transaction in 2024 is missing anything the tax calculation needs.')).toBeVisible();
  await page.getByLabel('Year').selectOption({ label: 'All years' });
  await expect(page.getByTestId('review-count-unmatched-transfer')).toHaveText('2');

  // Unmatched transfer: the withdrawal's best candidate is the wallet deposit; linking
  // settles both sides. Undo brings both back; link again.
  const withdrawal = page.getByRole('listitem', { name: /^0\.4 ETH in Coinbase on Jun 3, 2025/ });
  await expect(withdrawal.getByRole('radio', { name: /^Ledger wallet: received 0\.3995 ETH/ })).toBeChecked();
  await withdrawal.getByRole('button', { name: 'Link' }).click();
  await expectCounts(lotwise, { 'missing-cost-basis': 1, 'unmatched-transfer': 0, 'missing-price': 1, 'negative-balance': 1 });
  const linked = page.getByRole('region', { name: 'Notices' }).locator('.notice-item').filter({ hasText: /^Linked 0\.4 ETH in Coinbase/ });
  await linked.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('region', { name: 'Notices' })).toContainText('Undone: Linked withdrawal 0.4 ETH');
  await expectCounts(lotwise, { 'missing-cost-basis': 1, 'unmatched-transfer': 2, 'missing-price': 1, 'negative-balance': 1 });
  await withdrawal.getByRole('button', { name: 'Link' }).click();
  await expect(page.getByTestId('review-count-unmatched-transfer')).toHaveText('0');

  // Missing price: a price that is not a number is refused in place; a real one is saved.
  const trade = page.getByRole('listitem', { name: /^2 SOL in Kraken on Mar 2, 2025/ });
  const price = trade.getByLabel('Price of 1 SOL in USD');
  await price.fill('140,50');
  await trade.getByRole('button', { name: 'Save price' }).click();
  await expect(price).toHaveAttribute('aria-invalid', 'true');
  await expect(trade).toContainText('must be a number such as 1234.56');
  await expect(price).toBeFocused();
  await price.fill('140.50');
  await trade.getByRole('button', { name: 'Save price' }).click();
  await expect(page.getByTestId('review-count-missing-price')).toHaveText('0');
  expect((await lotwise.core('changes.list', { limit: 1 }))[0]?.summary).toContain('SOL = 140.5 USD');

  // Negative balance: dismissed with a reason (a reason is required).
  const negative = page.getByRole('region', { name: /^Negative balances/ }).getByRole('listitem', { name: /^100 ADA in Kraken/ });
  await negative.getByRole('button', { name: 'Dismiss' }).click();
  await expect(negative.getByLabel('Reason for dismissing')).toHaveAttribute('aria-invalid', 'true');
  await negative.getByLabel('Reason for dismissing').fill('The ADA came from an exchange I closed in 2020');
  await negative.getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByTestId('review-count-negative-balance')).toHaveText('0');
  await expect(page.getByText('1 dismissed problem is not shown.')).toBeVisible();

  // Missing cost basis: the ADA's purchase added, a minute before the sale (07:00 in New York).
  const missing = page.getByRole('region', { name: /^Missing cost basis/ }).getByRole('listitem', { name: /^100 ADA in Kraken/ });
  await missing.getByRole('button', { name: 'Add the missing acquisition' }).click();
  await expect(missing.getByLabel('Quantity of ADA')).toHaveValue('100');
  await expect(missing.getByLabel('Acquired on')).toHaveValue('2025-03-01T06:59');
  await missing.getByLabel('Cost in USD, fees included').fill('70');
  await missing.getByRole('button', { name: 'Add acquisition' }).click();
  await expect(page.getByRole('heading', { name: 'Nothing to review' })).toBeVisible();
  expect((await lotwise.core('review.list', {})).counts).toEqual({ 'missing-cost-basis': 0, 'unmatched-transfer': 0, 'missing-price': 0, 'negative-balance': 0 });
  await lotwise.screenshot('review-done', { dark: true });

  // Tax year: the latest year, its FIFO summary as core computes it.
  await goTo(page, 'Tax year');
  await expect(page.getByLabel('Year', { exact: true })).toHaveValue(String(YEAR));
  await expect(page.getByLabel('Method')).toHaveValue('fifo');
  const fifo = await lotwise.core('reports.summary', { year: YEAR, method: 'fifo' });
  const shownTotal = page.getByTestId('summary-total-gain');
  await expect(shownTotal).toHaveText(/\d/);
  expect(moneyText(await shownTotal.innerText())).toBe(totalGain(fifo));
  await expect(page.getByRole('heading', { name: 'Charts' })).toBeVisible();
  await expect(page.getByRole('img', { name: `Realized gain by month, ${YEAR}`, exact: false })).toBeVisible();
  await expect(page.getByRole('img', { name: `Gain by asset, ${YEAR}`, exact: false })).toBeVisible();

  // Compare methods: the lowest total gain is marked, in words.
  const compared = await lotwise.core('reports.compare', { year: YEAR });
  const lowest = compared.reduce((low, s) => (new Decimal(totalGain(s)).lt(totalGain(low)) ? s : low));
  await expect(page.getByRole('heading', { name: 'Compare methods' })).toBeVisible();
  await expect(page.getByTestId(`compare-${lowest.method}`)).toContainText('Lowest gain');

  // Another method: the summary follows.
  const other = compared.find((s) => s.method !== 'fifo' && totalGain(s) !== totalGain(fifo));
  expect(other, 'some method gives a different gain than FIFO').toBeDefined();
  await page.getByLabel('Method').selectOption(other!.method);
  await expect(page.getByRole('region', { name: 'Notices' })).toContainText(`${YEAR} now uses ${other!.method.toUpperCase()}`);
  expect((await lotwise.core('tax.years', {})).find((y) => y.year === YEAR)?.method).toBe(other!.method);
  // The year as saved (earlier years keep their own method), which is what an export writes.
  const chosen = await lotwise.core('reports.summary', { year: YEAR });
  expect(totalGain(chosen)).not.toBe(totalGain(fifo));
  await expect.poll(async () => moneyText(await shownTotal.innerText())).toBe(totalGain(chosen));
  await lotwise.checkAccessibility('tax-year');

  // Specific ID: the largest disposal whose lots could be chosen otherwise, given another lot.
  const disposals = await lotwise.core('reports.disposals', { year: YEAR, offset: 0, limit: 100 });
  const bySize = [...disposals.rows].sort((a, b) => new Decimal(b.proceeds).comparedTo(a.proceeds));
  let target: { disposal: DisposalView; lotId: string } | null = null;
  for (const disposal of bySize) {
    const lots = await lotwise.core('lots.available', { transactionId: disposal.transactionId });
    const used = new Set(disposal.lots.map((lot) => lot.lotId));
    const unused = lots.find((lot) => !used.has(lot.lotId) && new Decimal(lot.available).gte(disposal.quantity));
    if (unused) {
      target = { disposal, lotId: unused.lotId };
      break;
    }
  }
  expect(target, 'a disposal with another lot that could cover it').not.toBeNull();
  const { disposal, lotId } = target!;
  const row = page.getByTestId(`disposal-${disposal.transactionId}`);
  await row.getByRole('button', { name: 'Show lots' }).click();
  await expect(page.getByRole('table', { name: /^Lots behind/ })).toBeVisible();
  await row.getByRole('button', { name: 'Pick lots' }).click();
  const dialog = page.getByRole('dialog', { name: 'Pick lots' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('textbox').first()).toBeFocused();
  const available = await lotwise.core('lots.available', { transactionId: disposal.transactionId });
  for (const [index, lot] of available.entries()) {
    const field = dialog.getByRole('textbox').nth(index);
    await field.fill(lot.lotId === lotId ? new Decimal(disposal.quantity).div(2).toFixed() : '');
  }
  await dialog.getByRole('button', { name: 'Use these lots' }).click();
  await expect(dialog.getByTestId('lot-picker-total')).toContainText('still to choose');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('textbox').nth(available.findIndex((lot) => lot.lotId === lotId)).fill(disposal.quantity);
  await expect(dialog.getByTestId('lot-picker-total')).not.toContainText('still to choose');
  await dialog.getByRole('button', { name: 'Use these lots' }).click();
  await expect(dialog).toBeHidden();

  const after = (await lotwise.core('reports.disposals', { year: YEAR, offset: 0, limit: 100 })).rows.find((d) => d.transactionId === disposal.transactionId)!;
  expect(after.picked).toBe(true);
  expect(after.lots.map((lot) => lot.lotId)).toEqual([lotId]);
  expect(after.gain).not.toBe(disposal.gain);
  await expect(row.getByTestId('disposal-gain')).toHaveText(/\d/);
  await expect.poll(async () => moneyText(await row.getByTestId('disposal-gain').innerText())).toBe(new Decimal(after.gain).toFixed(2));
  await expect(row).toContainText('Specific ID');
  await expect(page.getByRole('region', { name: 'Notices' })).toContainText('Picked lots for');
  const picked = await lotwise.core('reports.summary', { year: YEAR });
  await expect.poll(async () => moneyText(await shownTotal.innerText())).toBe(totalGain(picked));
  await lotwise.screenshot('tax-year-picked');
  await lotwise.screenshot('tax-year-picked-dark', { dark: true });

  // Export: TurboTax, first into a folder that is gone, then into one that exists.
  await goTo(page, 'Export');
  // Exact: "Year-end holdings" is one of the formats.
  await expect(page.getByLabel('Year', { exact: true })).toHaveValue(String(YEAR));
  // In the screen, not the navigation's entry of the same name.
  const exportButton = page.getByRole('main').getByRole('button', { name: 'Export', exact: true });
  const turbotax = page.getByRole('checkbox', { name: /^TurboTax gains and losses/ });
  await turbotax.check();
  await expect(turbotax).toHaveAccessibleName(/ — TurboTax: /);

  lotwise.dialogs.nextFolder = join(lotwise.dir, 'gone');
  await page.getByRole('button', { name: 'Choose folder…' }).click();
  await expect(page.getByTestId('export-folder')).toHaveText(join(lotwise.dir, 'gone'));
  await exportButton.click();
  await expect(page.getByRole('alert').filter({ hasText: 'Lotwise could not write the files.' })).toBeVisible();

  const folder = join(lotwise.dir, 'exports');
  mkdirSync(folder);
  lotwise.dialogs.nextFolder = folder;
  await page.getByRole('button', { name: 'Choose folder…' }).click();
  await expect(page.getByTestId('export-folder')).toHaveText(folder);
  await exportButton.click();
  const written = page.getByRole('table', { name: `Files written for ${YEAR}` });
  await expect(written).toBeVisible();
  const path = join(folder, `turbotax-gains-${YEAR}.csv`);
  const fileRow = written.getByRole('row').filter({ has: page.getByRole('rowheader', { name: path }) });
  await expect(fileRow).toBeVisible();
  expect(existsSync(path)).toBe(true);
  expect(readFileSync(path, 'utf8').split(/\r?\n/)[0]).toBe('Currency Name,Purchase Date,Cost Basis,Date Sold,Proceeds');
  const cells = await fileRow.getByRole('cell').allInnerTexts();
  // Format, rows, proceeds, cost basis, gain: the totals are the summary's, to the cent.
  expect(moneyText(cells[4]!)).toBe(totalGain(picked));
  await lotwise.screenshot('export-written');
  await lotwise.checkAccessibility('export');

  expect(lotwise.problems).toEqual([]);
});
