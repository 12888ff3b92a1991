// How the screens write amounts, dates and durations. Amounts arrive from core as decimal
// strings and stay strings here: rounding and digit grouping work on the digits
// themselves, so a wei-sized quantity or a billion-dollar total is shown exactly as
// stored, never through a JS number's 15-16 significant digits.

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;

interface DecimalParts {
  negative: boolean;
  whole: string;
  fraction: string;
}

function partsOf(value: string): DecimalParts | null {
  const match = DECIMAL.exec(value.trim());
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) return null;
  return { negative: match[1] === '-', whole: match[2]!.replace(/^0+(?=\d)/, '') || '0', fraction: match[3] ?? '' };
}

/** Whether text is a plain decimal number (what amount fields accept: no exponent, no separators). */
export function isDecimalText(text: string): boolean {
  return partsOf(text) !== null;
}

/** "1234567.5" → "1,234,567.5"; grouping by threes from the right of the whole part. */
function groupWhole(whole: string): string {
  let grouped = '';
  for (let end = whole.length; end > 0; end -= 3) {
    const start = Math.max(0, end - 3);
    grouped = grouped === '' ? whole.slice(start, end) : `${whole.slice(start, end)},${grouped}`;
  }
  return grouped;
}

/** Adds one to a string of digits ("0999" → "1000"), for rounding up. */
function incrementDigits(digits: string): string {
  const out = digits.split('');
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i] !== '9') {
      out[i] = String(Number(out[i]) + 1);
      return out.join('');
    }
    out[i] = '0';
  }
  return `1${out.join('')}`;
}

/** Rounds half away from zero (as tax forms round cents) to exactly `places` decimals. */
function roundParts(parts: DecimalParts, places: number): DecimalParts {
  if (parts.fraction.length <= places) return { ...parts, fraction: parts.fraction.padEnd(places, '0') };
  const kept = parts.whole + parts.fraction.slice(0, places);
  const rounded = parts.fraction[places]! >= '5' ? incrementDigits(kept) : kept;
  const whole = rounded.slice(0, rounded.length - places) || '0';
  return { negative: parts.negative, whole: whole.replace(/^0+(?=\d)/, ''), fraction: rounded.slice(rounded.length - places) };
}

function isZero(parts: DecimalParts): boolean {
  return /^0*$/.test(parts.whole) && /^0*$/.test(parts.fraction);
}

function join(parts: DecimalParts, prefix = ''): string {
  const sign = parts.negative && !isZero(parts) ? '-' : '';
  const body = groupWhole(parts.whole) + (parts.fraction === '' ? '' : `.${parts.fraction}`);
  return `${sign}${prefix}${body}`;
}

/** Rounds a decimal string to `places` decimals by its digits ("2.345", 2 → "2.35"). */
export function roundDecimal(value: string, places: number): string {
  const parts = partsOf(value);
  if (!parts) return value;
  const rounded = roundParts(parts, places);
  const sign = rounded.negative && !isZero(rounded) ? '-' : '';
  return `${sign}${rounded.whole}${rounded.fraction === '' ? '' : `.${rounded.fraction}`}`;
}

/**
 * A quantity as stored, digits grouped: "1234.000000001" → "1,234.000000001". With
 * maxFractionDigits it is rounded and trailing zeros dropped, for tight columns.
 * Text that is not a plain decimal is returned unchanged rather than guessed at.
 */
export function formatAmount(value: string | null | undefined, options: { maxFractionDigits?: number } = {}): string {
  if (value === null || value === undefined || value === '') return '';
  const parts = partsOf(value);
  if (!parts) return value;
  const { maxFractionDigits } = options;
  if (maxFractionDigits === undefined || parts.fraction.length <= maxFractionDigits) return join(parts);
  const rounded = roundParts(parts, maxFractionDigits);
  return join({ ...rounded, fraction: rounded.fraction.replace(/0+$/, '') });
}

/** An amount with its asset: "0.5 BTC". Empty when either is missing. */
export function formatQuantity(amount: string | null | undefined, asset: string | null | undefined): string {
  if (!amount || !asset) return '';
  return `${formatAmount(amount)} ${asset}`;
}

/** A report-currency amount in cents: "-1234.567" → "-$1,234.57" (USD) or "1,234.57 EUR". */
export function formatMoney(value: string | null | undefined, currency = 'USD'): string {
  if (value === null || value === undefined || value === '') return '';
  const parts = partsOf(value);
  if (!parts) return value;
  const rounded = roundParts(parts, 2);
  return currency === 'USD' ? join(rounded, '$') : `${join(rounded)} ${currency}`;
}

/** Whole numbers the app counts (rows, transactions): these are JS numbers, not amounts. */
export function formatCount(value: number): string {
  const grouped = groupWhole(String(Math.trunc(Math.abs(value))));
  return value < 0 ? `-${grouped}` : grouped;
}

/** "1 transaction" / "2,000 transactions". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, options: Intl.DateTimeFormatOptions, key: string): Intl.DateTimeFormat {
  const cacheKey = `${key}|${timeZone}`;
  let cached = formatters.get(cacheKey);
  if (!cached) {
    cached = new Intl.DateTimeFormat('en-US', { ...options, timeZone });
    formatters.set(cacheKey, cached);
  }
  return cached;
}

/** "Mar 4, 2025" in the user's tax time zone. */
export function formatDate(ms: number | null | undefined, timeZone: string): string {
  if (ms === null || ms === undefined) return '';
  return formatter(timeZone, { year: 'numeric', month: 'short', day: 'numeric' }, 'date').format(ms);
}

/** "Mar 4, 2025, 14:05" in the user's tax time zone (24-hour: unambiguous in a table). */
export function formatDateTime(ms: number | null | undefined, timeZone: string): string {
  if (ms === null || ms === undefined) return '';
  return formatter(
    timeZone,
    { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
    'datetime',
  ).format(ms);
}

/** The calendar date (YYYY-MM-DD) an instant falls on in a time zone, for date inputs. */
export function isoDateInZone(ms: number, timeZone: string): string {
  const parts = formatter(timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' }, 'iso').formatToParts(ms);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The local date and time (YYYY-MM-DDTHH:MM) of an instant in a time zone, for datetime inputs. */
export function isoDateTimeInZone(ms: number, timeZone: string): string {
  const parts = formatter(
    timeZone,
    { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
    'isotime',
  ).formatToParts(ms);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}

/** How far a zone is ahead of UTC at an instant, in ms. */
function zoneOffset(ms: number, timeZone: string): number {
  const parts = formatter(
    timeZone,
    { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' },
    'offset',
  ).formatToParts(ms);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/**
 * The UTC instant of a wall-clock time in a time zone ("2025-01-01T00:00" in New York →
 * 05:00 UTC). Date filters and manual transactions mean the user's own calendar, not UTC's.
 * Null when the text is not a date or date-time.
 */
export function zonedTimeToUtc(text: string, timeZone: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (!match) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = match;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(wall)) return null;
  // The offset at the guess can differ from the offset at the answer across a DST change:
  // a second pass settles it.
  let utc = wall - zoneOffset(wall, timeZone);
  utc = wall - zoneOffset(utc, timeZone);
  return utc;
}

/** A duration for progress: "45 s", "3 min", "1 h 5 min". */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  if (total < 60) return `${total} s`;
  const minutes = Math.round(total / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** A transaction type as the user reads it: "gift-sent" → "Gift sent". */
export function typeLabel(type: string): string {
  const spaced = type.replace(/-/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}
