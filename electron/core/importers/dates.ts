// Date and time cells as the supported exports write them. Every format we read writes
// UTC, so a time without a zone is UTC; an explicit offset is honoured. Returns UTC epoch
// milliseconds, or null for anything that is not a real calendar date and time.

const ISO_LIKE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2}|\+00:00 UTC)?$/i;

const US_DATE_TIME = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*(AM|PM))?)?\s*(UTC)?$/i;

function utc(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millis: number,
): number | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const check = new Date(ms);
  // Rejects dates that Date.UTC would roll over, like 2023-02-30.
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return ms;
}

function offsetMinutes(zone: string | undefined): number | null {
  if (!zone) return 0;
  const upper = zone.toUpperCase();
  if (upper === 'Z' || upper === 'UTC' || upper === 'GMT' || upper === '+00:00 UTC') return 0;
  const match = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (!match) return null;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  if (Number(match[2]) > 14 || Number(match[3]) > 59) return null;
  return match[1] === '-' ? -minutes : minutes;
}

/**
 * `2024-03-01 14:05 UTC`, `2024-03-01 14:05:09`, `2024-03-01T14:05:09.123Z`,
 * `2024-03-01T14:05:09+02:00`, `2024-03-01`.
 */
export function parseIsoDateTime(text: string): number | null {
  const fast = plainUtcDateTime(text);
  if (fast !== null) return fast;
  const match = ISO_LIKE.exec(text.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = match;
  const millis = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
  const base = utc(Number(y), Number(mo), Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), millis);
  const offset = offsetMinutes(zone);
  if (base === null || offset === null) return null;
  return base - offset * 60_000;
}

/** `03/01/2024 14:05:09` (month first, as US tools write), optionally with AM/PM. */
export function parseUsDateTime(text: string): number | null {
  const match = US_DATE_TIME.exec(text.trim());
  if (!match) return null;
  const [, mo, d, y, h, mi, s, meridiem] = match;
  let hour = Number(h ?? 0);
  if (meridiem) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (meridiem.toUpperCase() === 'PM' ? 12 : 0);
  }
  return utc(Number(y), Number(mo), Number(d), hour, Number(mi ?? 0), Number(s ?? 0), 0);
}

const DIGIT_0 = 48;
const MS_PER_DAY = 86_400_000;

/**
 * The shapes most files write, read without a regular expression or a Date: a million-row
 * import reads a million of them. `2024-03-01 14:05 UTC`, `2024-03-01T14:05:09Z`,
 * `2024-03-01 14:05:09` and the like, UTC, whole seconds. Returns null for anything else,
 * including invalid dates, and parseIsoDateTime then reads it the general way.
 */
function plainUtcDateTime(text: string): number | null {
  const length = text.length;
  if (length < 16) return null;
  const year = digits4(text, 0);
  const month = digits2(text, 5);
  const day = digits2(text, 8);
  const hour = digits2(text, 11);
  const minute = digits2(text, 14);
  const separator = text.charCodeAt(10);
  if (
    year < 100 || month < 0 || day < 0 || hour < 0 || minute < 0 ||
    text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(13) !== 58 ||
    (separator !== 32 && separator !== 84) // ' ' or 'T'
  ) {
    return null;
  }
  let second = 0;
  let at = 16;
  if (text.charCodeAt(16) === 58) {
    second = digits2(text, 17);
    if (second < 0) return null;
    at = 19;
  }
  const zone = at === length ? '' : text.slice(at);
  if (zone !== '' && zone !== ' UTC' && zone !== 'Z') return null;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  return daysFromCivil(year, month, day) * MS_PER_DAY + hour * 3_600_000 + minute * 60_000 + second * 1000;
}

/** The number written by two ASCII digits at `at`, or -1. */
function digits2(text: string, at: number): number {
  const a = text.charCodeAt(at) - DIGIT_0;
  const b = text.charCodeAt(at + 1) - DIGIT_0;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function digits4(text: string, at: number): number {
  const high = digits2(text, at);
  const low = digits2(text, at + 2);
  return high < 0 || low < 0 ? -1 : high * 100 + low;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}
