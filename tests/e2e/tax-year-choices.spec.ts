// The Tax year screen's choices over the demo data: the pool is one for every year, so a
// pool chosen in 2025 is what 2024's menu shows; a method chosen for a year is undone from
// its notice; the notices of a run of changes each leave in their own time, a few at most
// on screen; and every holdings chart is in units held.
import type { Page } from '@playwright/test';
import { expect, test, type LotwiseApp } from './support/app-harness.ts';
import { completeFirstRun, goTo } from './support/screens.ts';

const notices = (page: Page) => page.getByRole('region', { name: 'Notices' }).getByRole('listitem');
const notice = (page: Page, text: string | RegExp) => notices(page).filter({ hasText: text });

async function demoTaxYear(lotwise: LotwiseApp): Promise<void> {
  const { page } = lotwise;
  await lotwise.open();
  await completeFirstRun(page, 'America/New_York');
  await page.getByRole('button', { name: 'Try with demo data' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Added [\d,]+ demo transactions\.$/ })).toBeVisible();
  await goTo(page, 'Tax year');
  await expect(page.getByLabel('Year', { exact: true })).toHaveValue('2025');
}

test('the pool is every year’s, the method each year’s own and undone from its notice; holdings are charted in units', async ({ lotwise }) => {
  const { page } = lotwise;
  await demoTaxYear(lotwise);

  // Every asset in units: ETH's monthly staking rewards give it no month-end price.
  const holdings = page.getByRole('list', { name: 'Holdings over time, 2025' }).getByRole('img');
  await expect(holdings).toHaveCount(4);
  for (const asset of ['BTC', 'ETH', 'SOL', 'USDC']) {
    await expect(page.getByRole('img', { name: new RegExp(`^${asset}, units held, month by month in 2025`) })).toBeVisible();
  }

  // The pool, chosen while 2025 is shown, is 2024's too, in the menu and in the summary.
  const pool = page.getByLabel('Pool for every year');
  await pool.selectOption('per-wallet');
  await expect(notice(page, 'Every year now uses the per wallet pool, not just 2025.')).toBeVisible();
  await page.getByLabel('Year', { exact: true }).selectOption('2024');
  await expect(pool).toHaveValue('per-wallet');
  await expect(page.getByText('Capital gains in 2024: FIFO, per wallet pool', { exact: false })).toBeVisible();
  expect((await lotwise.core('tax.years', {})).map((y) => y.basis)).toEqual(['per-wallet', 'per-wallet', 'per-wallet', 'per-wallet', 'per-wallet']);

  // A method is the year's own, and its notice takes it back.
  const method = page.getByLabel('Method for 2024');
  await method.selectOption('hifo');
  const changed = notice(page, '2024 now uses HIFO; other years keep their own method.');
  await expect(changed).toBeVisible();
  expect((await lotwise.core('tax.years', {})).map((y) => `${y.year} ${y.method}`)).toEqual(['2021 fifo', '2022 fifo', '2023 fifo', '2024 hifo', '2025 fifo']);
  await changed.getByRole('button', { name: 'Undo' }).click();
  await expect(notice(page, 'Undone: 2024: HIFO')).toBeVisible();
  await expect(method).toHaveValue('fifo');
  await expect(page.getByText('Capital gains in 2024: FIFO, per wallet pool', { exact: false })).toBeVisible();
  expect((await lotwise.core('tax.years', {})).find((y) => y.year === 2024)).toEqual({ year: 2024, method: 'fifo', basis: 'per-wallet' });

  expect(lotwise.problems).toEqual([]);
});

test('each notice leaves in its own time, and a run of changes shows three at most', async ({ lotwise }) => {
  const { page } = lotwise;
  // The page's clock, moved on by the test: time is what is under test, not how long it takes.
  await page.clock.install();
  await demoTaxYear(lotwise);
  await page.clock.pauseAt(Date.now() + 60_000);
  const method = page.getByLabel('Method for 2025');

  await method.selectOption('lifo');
  const first = notice(page, '2025 now uses LIFO');
  await expect(first).toBeVisible();
  await page.clock.runFor(9_000);
  await expect(first).toBeVisible();
  // A notice that came later does not keep the first one up: 20 seconds after it came
  // (a notice with an Undo stays 20), the first is gone and the second, 11 seconds old, stays.
  await method.selectOption('hifo');
  const second = notice(page, '2025 now uses HIFO');
  await expect(second).toBeVisible();
  await page.clock.runFor(11_000);
  await expect(first).toBeHidden();
  await expect(second).toBeVisible();

  for (const next of ['lofo', 'fifo', 'lifo'] as const) {
    await method.selectOption(next);
    await expect(notices(page).last()).toContainText(`2025 now uses ${next.toUpperCase()}`);
  }
  await expect(notices(page)).toHaveCount(3);
  await expect(second).toBeHidden();
  await page.clock.runFor(21_000);
  await expect(notices(page)).toHaveCount(0);
  await page.clock.resume();

  expect(lotwise.problems).toEqual([]);
});
