// The renderer's formatting of amounts and dates: digits grouped and rounded as text, so
// no amount ever passes through a JS number, and dates in the user's own time zone.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../shared/money.ts';
import {
  formatAmount,
  formatCount,
  formatDuration,
  formatMoney,
  isDecimalText,
  isoDateInZone,
  isoDateTimeInZone,
  roundDecimal,
  zonedTimeToUtc,
} from '../../../renderer/src/format.ts';

describe('amounts', () => {
  it('groups the whole part by threes and keeps every fraction digit', () => {
    expect(formatAmount('1234567.000000000000000001')).toBe('1,234,567.000000000000000001');
    expect(formatAmount('999')).toBe('999');
    expect(formatAmount('-1000')).toBe('-1,000');
    expect(formatAmount('0.5')).toBe('0.5');
    expect(formatAmount(null)).toBe('');
  });

  it('rounds half away from zero by the digits, carrying through nines', () => {
    expect(roundDecimal('2.345', 2)).toBe('2.35');
    expect(roundDecimal('-2.345', 2)).toBe('-2.35');
    expect(roundDecimal('999.995', 2)).toBe('1000.00');
    expect(roundDecimal('0.004', 2)).toBe('0.00');
    expect(roundDecimal('-0.004', 2)).toBe('0.00');
    expect(formatAmount('1.123456789', { maxFractionDigits: 8 })).toBe('1.12345679');
    expect(formatAmount('1.100000001', { maxFractionDigits: 8 })).toBe('1.1');
  });

  it('writes money in cents with the currency', () => {
    expect(formatMoney('1234.5')).toBe('$1,234.50');
    expect(formatMoney('-503')).toBe('-$503.00');
    expect(formatMoney('12345678901234567890.125')).toBe('$12,345,678,901,234,567,890.13');
    expect(formatMoney('10', 'EUR')).toBe('10.00 EUR');
  });

  it('leaves text that is not a plain decimal alone', () => {
    expect(formatAmount('1e5')).toBe('1e5');
    expect(isDecimalText('1e5')).toBe(false);
    expect(isDecimalText('12.50')).toBe(true);
    expect(isDecimalText('.5')).toBe(true);
    expect(isDecimalText('')).toBe(false);
  });

  it('rounds as Decimal does, for any amount', () => {
    const amount = fc
      .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.integer({ min: 0, max: 20 }))
      .map(([negative, digits, scale]) => {
        const text = digits.toString().padStart(scale + 1, '0');
        const whole = text.slice(0, text.length - scale);
        const fraction = text.slice(text.length - scale);
        // Core never writes "-0"; a screen would not show it either.
        return `${negative && digits > 0n ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
      });
    fc.assert(
      fc.property(amount, fc.integer({ min: 0, max: 10 }), (value, places) => {
        const exact = new Decimal(value).toDecimalPlaces(places, Decimal.ROUND_HALF_UP).toFixed(places);
        // A screen shows no "-0.00".
        const expected = /^-0(\.0*)?$/.test(exact) ? exact.slice(1) : exact;
        expect(roundDecimal(value, places)).toBe(expected);
        expect(formatAmount(value).replace(/,/g, '')).toBe(value.replace(/^(-?)0+(?=\d)/, '$1'));
      }),
    );
  });

  it('counts with grouping', () => {
    expect(formatCount(1000000)).toBe('1,000,000');
    expect(formatCount(0)).toBe('0');
  });
});

describe('dates in the user’s time zone', () => {
  it('turns a wall-clock time into the instant, across daylight saving', () => {
    expect(zonedTimeToUtc('2025-01-01', 'America/New_York')).toBe(Date.UTC(2025, 0, 1, 5));
    expect(zonedTimeToUtc('2025-07-01T12:30', 'America/New_York')).toBe(Date.UTC(2025, 6, 1, 16, 30));
    expect(zonedTimeToUtc('2025-03-09T03:00', 'America/New_York')).toBe(Date.UTC(2025, 2, 9, 7));
    expect(zonedTimeToUtc('2025-12-31', 'UTC')).toBe(Date.UTC(2025, 11, 31));
    expect(zonedTimeToUtc('not a date', 'UTC')).toBeNull();
  });

  it('reads an instant back as the zone’s calendar date and time', () => {
    const instant = Date.UTC(2025, 0, 1, 3);
    expect(isoDateInZone(instant, 'America/Los_Angeles')).toBe('2024-12-31');
    expect(isoDateTimeInZone(instant, 'Asia/Tokyo')).toBe('2025-01-01T12:00');
  });

  it('says durations in words a progress line can use', () => {
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(180)).toBe('3 min');
    expect(formatDuration(3900)).toBe('1 h 5 min');
  });
});
