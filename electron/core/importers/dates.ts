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
