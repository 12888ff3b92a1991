// Calendar dates in the taxpayer's zone, the one-year anniversary, and which tax year an
// event falls in.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTaxCalendar, formatDay, isLongTerm, oneYearAnniversary, startOfDay } from '../../../shared/tax/tax-calendar.ts';
import { compute, ledger } from './tax-fixtures.ts';

function intlDay(timeZone: string, utcMs: number): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(utcMs);
  const part = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return part('year') * 10_000 + part('month') * 100 + part('day');
}

describe('tax calendar', () => {
  it('gives the calendar date in the zone, across daylight-saving changes', () => {
    const newYork = createTaxCalendar('America/New_York');
    expect(newYork.dayOf(Date.parse('2025-01-01T03:00:00Z'))).toBe(20241231);
    expect(newYork.dayOf(Date.parse('2025-01-01T05:00:00Z'))).toBe(20250101);
    // 2024-03-10: clocks go from 02:00 EST to 03:00 EDT (07:00 UTC). 2024-11-03: back at 06:00 UTC.
    expect(newYork.dayOf(Date.parse('2024-03-11T03:59:59Z'))).toBe(20240310);
    expect(newYork.dayOf(Date.parse('2024-03-11T04:00:00Z'))).toBe(20240311);
    expect(newYork.dayOf(Date.parse('2024-11-04T04:59:59Z'))).toBe(20241103);
    expect(newYork.dayOf(Date.parse('2024-11-04T05:00:00Z'))).toBe(20241104);
    expect(formatDay(20240229)).toBe('2024-02-29');
  });

  it('agrees with Intl for any instant in zones with odd offsets and changes', () => {
    const zones = ['America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/St_Johns', 'UTC'];
    for (const zone of zones) {
      const calendar = createTaxCalendar(zone);
      fc.assert(
        fc.property(fc.integer({ min: Date.UTC(2015, 0, 1), max: Date.UTC(2030, 0, 1) }), (utcMs) => {
          expect(calendar.dayOf(utcMs)).toBe(intlDay(zone, utcMs));
        }),
        { numRuns: 300 },
      );
    }
  });

  it('finds the first instant of a day in the zone', () => {
    const newYork = createTaxCalendar('America/New_York');
    expect(startOfDay(newYork, 20250101)).toBe(Date.parse('2025-01-01T05:00:00Z'));
    expect(startOfDay(createTaxCalendar('Asia/Kolkata'), 20250101)).toBe(Date.parse('2024-12-31T18:30:00Z'));
  });

  it('refuses a time zone it does not know', () => {
    expect(() => createTaxCalendar('Mars/Olympus_Mons')).toThrow(RangeError);
  });

  it('puts the anniversary on the same date a year later, and that of 29 February on 28 February', () => {
    expect(oneYearAnniversary(20230315)).toBe(20240315);
    expect(oneYearAnniversary(20240229)).toBe(20250228);
    expect(isLongTerm(20230315, 20240315)).toBe(false);
    expect(isLongTerm(20230315, 20240316)).toBe(true);
    expect(isLongTerm(20240229, 20250228)).toBe(false);
    expect(isLongTerm(20240229, 20250301)).toBe(true);
  });
});

describe('holding period of disposals', () => {
  const termOfSaleOn = (acquired: string, sold: string, timeZone = 'UTC') =>
    compute(
      ledger([
        { at: acquired, sent: '100 USD', received: '1 ETH' },
        { at: sold, sent: '1 ETH', received: '200 USD' },
      ]),
      { taxYear: Number(sold.slice(0, 4)), timeZone },
    ).disposals[0]!.term;

  it('is short on the anniversary and long the day after', () => {
    expect(termOfSaleOn('2023-03-15', '2024-03-15')).toBe('short');
    expect(termOfSaleOn('2023-03-15', '2024-03-16')).toBe('long');
  });

  it('counts a lot bought on 29 February as long-term from 1 March of the next year', () => {
    expect(termOfSaleOn('2024-02-29', '2025-02-28')).toBe('short');
    expect(termOfSaleOn('2024-02-29', '2025-03-01')).toBe('long');
  });

  it('uses calendar dates in the taxpayer’s zone, not UTC dates', () => {
    // Bought 2023-03-15 03:00 UTC = 2023-03-14 in New York; sold 2024-03-15 12:00 UTC.
    // New York: anniversary 2024-03-14, sold 2024-03-15 → long. UTC: sold on the anniversary → short.
    expect(termOfSaleOn('2023-03-15T03:00:00Z', '2024-03-15T12:00:00Z', 'America/New_York')).toBe('long');
    expect(termOfSaleOn('2023-03-15T03:00:00Z', '2024-03-15T12:00:00Z', 'UTC')).toBe('short');
  });
});
