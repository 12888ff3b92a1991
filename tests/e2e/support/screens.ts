// Steps every journey takes through the app, written once against the names a user sees
// (roles, labels, headings), so a journey reads as what the user does.
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
  await zone.fill(timeZone);
  await page.getByRole('option', { name: timeZone, exact: true }).click();
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
