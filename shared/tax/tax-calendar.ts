// Calendar dates in the taxpayer's time zone: which day and which tax year an instant
// falls on, and whether a holding period is long-term. Tax rules speak of calendar dates
// where the taxpayer lives, not of UTC timestamps or of 365-day spans.
//
// A day is held as the integer YYYYMMDD (20240229): it compares in date order, it is cheap
// to store on every lot, and the one-year anniversary is a plain addition.

const MS_PER_DAY = 86_400_000;

/** A calendar date as the integer YYYYMMDD. */
export type CalendarDay = number;

export interface TaxCalendar {
  readonly timeZone: string;
  /** The calendar date of a UTC instant (epoch ms) in the time zone. */
  dayOf(utcMs: number): CalendarDay;
}

/**
 * Converting an instant to a wall-clock date needs the zone's UTC offset at that instant,
 * and Intl is slow (microseconds a call). Offsets change at most a few times a year, so
 * the offset is looked up once per UTC day: when the offsets at the start of the day and
 * at the start of the next day agree, the whole day has that offset (no zone changes its
 * offset twice within a day and back again); when they differ, the instant of the change
 * is found by bisection to the second and kept with the day.
 */
interface UtcDayOffsets {
  /** Offset (ms) from the start of the UTC day until `changeAt`. */
  before: number;
  /** First instant with the new offset; Infinity when the offset holds all day. */
  changeAt: number;
  after: number;
}

/**
 * A calendar for an IANA time zone (`America/New_York`, `UTC`). Throws a RangeError
 * naming the zone when the runtime does not know it: that is a setting to fix, not data.
 */
export function createTaxCalendar(timeZone: string): TaxCalendar {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw new RangeError(`"${timeZone}" is not a time zone this system knows; use an IANA name such as America/New_York.`);
  }

  const offsetAtCache = new Map<number, number>();
  const dayCache = new Map<number, UtcDayOffsets>();
  let lastDay = Number.NaN;
  let lastOffsets: UtcDayOffsets | undefined;

  // Offset at a whole second: the wall-clock time read as if it were UTC, minus the instant.
  function offsetAt(second: number): number {
    let offset = offsetAtCache.get(second);
    if (offset !== undefined) return offset;
    const utcMs = second * 1000;
    let year = 0, month = 0, day = 0, hour = 0, minute = 0, sec = 0;
    for (const part of format.formatToParts(utcMs)) {
      switch (part.type) {
        case 'year': year = Number(part.value); break;
        case 'month': month = Number(part.value); break;
        case 'day': day = Number(part.value); break;
        case 'hour': hour = Number(part.value); break;
        case 'minute': minute = Number(part.value); break;
        case 'second': sec = Number(part.value); break;
      }
    }
    offset = Date.UTC(year, month - 1, day, hour, minute, sec) - utcMs;
    offsetAtCache.set(second, offset);
    return offset;
  }

  function offsetsForUtcDay(utcDay: number): UtcDayOffsets {
    let offsets = dayCache.get(utcDay);
    if (offsets) return offsets;
    const startSecond = utcDay * 86_400;
    const endSecond = startSecond + 86_400;
    const before = offsetAt(startSecond);
    const after = offsetAt(endSecond);
    if (before === after) {
      offsets = { before, changeAt: Number.POSITIVE_INFINITY, after };
    } else {
      // Invariant: offsetAt(low) === before, offsetAt(high) === after.
      let low = startSecond;
      let high = endSecond;
      while (high - low > 1) {
        const mid = Math.floor((low + high) / 2);
        if (offsetAt(mid) === before) low = mid;
        else high = mid;
      }
      offsets = { before, changeAt: high * 1000, after };
    }
    dayCache.set(utcDay, offsets);
    return offsets;
  }

  return {
    timeZone,
    dayOf(utcMs: number): CalendarDay {
      const utcDay = Math.floor(utcMs / MS_PER_DAY);
      if (utcDay !== lastDay) {
        lastOffsets = offsetsForUtcDay(utcDay);
        lastDay = utcDay;
      }
      const offsets = lastOffsets!;
      const offset = utcMs < offsets.changeAt ? offsets.before : offsets.after;
      return civilDay(Math.floor((utcMs + offset) / MS_PER_DAY));
    },
  };
}

/** Days since 1970-01-01 → YYYYMMDD (proleptic Gregorian; Howard Hinnant's civil_from_days). */
function civilDay(daysSinceEpoch: number): CalendarDay {
  const z = daysSinceEpoch + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return year * 10_000 + month * 100 + day;
}

export function yearOfDay(day: CalendarDay): number {
  return Math.floor(day / 10_000);
}

/** `YYYY-MM-DD`. */
export function formatDay(day: CalendarDay): string {
  const year = Math.floor(day / 10_000);
  const month = Math.floor(day / 100) % 100;
  const date = day % 100;
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${date < 10 ? '0' : ''}${date}`;
}

/**
 * The last day on which a sale is still short-term: the same month and day one year later.
 * The holding period starts the day after acquisition, and one year counted from that day
 * ends on the anniversary date. For a lot acquired on 29 February the holding period starts
 * on 1 March, so one year of holding ends on 28 February of the next year: that is its
 * anniversary, and 1 March the first long-term day.
 */
export function oneYearAnniversary(acquired: CalendarDay): CalendarDay {
  const monthDay = acquired % 10_000;
  if (monthDay === 229) return acquired + 10_000 - 1;
  return acquired + 10_000;
}

/** Long-term means held more than one year: disposed after the one-year anniversary. */
export function isLongTerm(acquired: CalendarDay, disposed: CalendarDay): boolean {
  return disposed > oneYearAnniversary(acquired);
}

/** The first instant (UTC ms) of a calendar day in the calendar's zone. */
export function startOfDay(calendar: TaxCalendar, day: CalendarDay): number {
  const year = Math.floor(day / 10_000);
  const month = Math.floor(day / 100) % 100;
  const date = day % 100;
  const midnightUtc = Date.UTC(year, month - 1, date);
  // Zone offsets lie within ±18 hours: search a window wider than that, to the millisecond.
  let low = midnightUtc - 36 * 3_600_000;
  let high = midnightUtc + 36 * 3_600_000;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (calendar.dayOf(mid) >= day) high = mid;
    else low = mid;
  }
  return high;
}
