// Dates and chart labels the tax screens need beyond renderer/src/format.ts: tax dates
// (core's `YYYY-MM-DD`, already in the taxpayer's zone), month keys, and axis ticks.
import { formatDate, formatMoney } from '../../format.ts';

/** A tax date, `YYYY-MM-DD`: "Jun 3, 2025", read as the calendar date it already is. */
export function formatTaxDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  if (year === undefined || month === undefined || day === undefined || Number.isNaN(year + month + day)) return isoDate;
  return formatDate(Date.UTC(year, month - 1, day), 'UTC');
}

const monthNames = new Intl.DateTimeFormat('en-US', { month: 'short', timeZone: 'UTC' });
const monthAndYear = new Intl.DateTimeFormat('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' });

/** A month key, `YYYY-MM`: "Jun 2025", or "Jun" for an axis. */
export function formatMonth(monthKey: string, style: 'short' | 'long' = 'long'): string {
  const [year, month] = monthKey.split('-').map(Number);
  if (year === undefined || month === undefined || Number.isNaN(year + month)) return monthKey;
  return (style === 'short' ? monthNames : monthAndYear).format(Date.UTC(year, month - 1, 1));
}

/** An axis tick: whole dollars when the tick is whole ("$5,000"), else to the cent. */
export function formatAxisMoney(tick: string): string {
  const text = formatMoney(tick);
  return /\.\d*[1-9]/.test(tick) ? text : text.replace(/\.00$/, '');
}
