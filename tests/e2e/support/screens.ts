// Steps every journey takes through the app, written once against the names a user sees
// (roles, labels, headings), so a journey reads as what the user does.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { expect, type Page } from '@playwright/test';
import { Decimal } from '../../../shared/money.ts';

/**
 * The first-run screen: confirm country and currency, choose a time zone, continue. The
 * default, Atlantic/Reykjavik, is UTC all year round (the list offers "UTC" itself only
 * when it is the computer's own zone).
 */
export async function completeFirstRun(page: Page, timeZone = 'Atlantic/Reykjavik'): Promise<void> {
  await expect(page.getByRole('heading', { level: 2, name: 'Welcome to Lotwise' })).toBeVisible();
  const zone = page.getByRole('combobox', { name: 'Time zone' });
  // Typing the zone already shown changes nothing, so the list would not open.
  if ((await zone.inputValue()) !== timeZone) {
    await zone.fill(timeZone);
    await page.getByRole('option', { name: timeZone, exact: true }).click();
  }
  await expect(zone).toHaveValue(timeZone);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Your ledger' })).toBeVisible();
}

/** The app's screens, by the label of their entry in the navigation. */
export type ScreenLabel = 'Overview' | 'Accounts' | 'Transactions' | 'Review' | 'Tax year' | 'Export';

export async function goTo(page: Page, screen: ScreenLabel): Promise<void> {
  const entry = page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: screen, exact: true });
  await entry.click();
  await expect(entry).toHaveAttribute('aria-current', 'page');
}

/**
 * An amount as the screens write it ("$1,234.56", "-$503.00", "−$503.00", "($503.00)") read
 * back as a plain decimal string with cents ("-503.00"), so it compares with core's figures.
 */
export function moneyText(shown: string): string {
  const text = shown.trim();
  const negative = /^[-−–]|^\(.*\)$/.test(text);
  const digits = text.replace(/[^\d.]/g, '');
  if (digits === '' || !/^\d+(\.\d+)?$/.test(digits)) throw new Error(`"${shown}" is not an amount of money`);
  const value = new Decimal(digits);
  return (negative && !value.isZero() ? value.negated() : value).toFixed(2);
}

/** The sum of decimal strings, to cents. */
export function sumMoney(values: readonly string[]): string {
  return values.reduce((total, value) => total.plus(value), new Decimal(0)).toFixed(2);
}

/** A file the Export screen wrote, read back, and the figures the screen showed for it. */
export interface ExportedCsv {
  path: string;
  header: string[];
  rows: Record<string, string>[];
  /** The "Files written" table's row for it: rows, proceeds, cost basis, gain. */
  shown: { rows: string; proceeds: string; costBasis: string; gain: string };
}

/**
 * On the Export screen: ticks the format whose label starts with `format`, chooses `folder`
 * (created here) in the folder dialog, exports, and reads back the file named `fileName`.
 */
export async function exportCsv(
  lotwise: { page: Page; dialogs: { nextFolder: string | null } },
  options: { year: number; format: RegExp; folder: string; fileName: string },
): Promise<ExportedCsv> {
  const { page } = lotwise;
  await goTo(page, 'Export');
  await page.getByLabel('Year', { exact: true }).selectOption(String(options.year));
  await page.getByRole('checkbox', { name: options.format }).check();
  mkdirSync(options.folder, { recursive: true });
  lotwise.dialogs.nextFolder = options.folder;
  await page.getByRole('button', { name: 'Choose folder…' }).click();
  await expect(page.getByTestId('export-folder')).toHaveText(options.folder);
  await page.getByRole('main').getByRole('button', { name: 'Export', exact: true }).click();
  const path = join(options.folder, options.fileName);
  const written = page.getByRole('table', { name: `Files written for ${options.year}` });
  const row = written.getByRole('row').filter({ has: page.getByRole('rowheader', { name: path, exact: true }) });
  await expect(row).toBeVisible();
  const [, rows, proceeds, costBasis, gain] = await row.getByRole('cell').allInnerTexts();
  const parsed = Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return {
    path,
    header: parsed.meta.fields ?? [],
    rows: parsed.data,
    shown: { rows: rows!, proceeds: moneyText(proceeds!), costBasis: moneyText(costBasis!), gain: moneyText(gain!) },
  };
}
