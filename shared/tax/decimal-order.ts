// Comparing Decimals without allocating. decimal.js's cmp, gt and lte copy their argument
// into a new Decimal on every call; the lot heaps and takes compare millions of times, so
// they compare the documented read-only digits (d, base 1e7), exponent (e) and sign (s)
// directly. Only finite values occur here (amounts are parsed from decimal text).
import type { Decimal } from '../money.ts';

/** -1, 0 or 1 as a is less than, equal to or greater than b. */
export function compareDecimals(a: Decimal, b: Decimal): number {
  const ad = a.d;
  const bd = b.d;
  const as = a.s;
  const bs = b.s;
  if (!ad[0] || !bd[0]) return ad[0] ? as : bd[0] ? -bs : 0;
  if (as !== bs) return as;
  if (a.e !== b.e) return a.e > b.e !== (as < 0) ? 1 : -1;
  const length = ad.length < bd.length ? ad.length : bd.length;
  for (let i = 0; i < length; i++) {
    if (ad[i] !== bd[i]) return ad[i]! > bd[i]! !== (as < 0) ? 1 : -1;
  }
  return ad.length === bd.length ? 0 : ad.length > bd.length !== (as < 0) ? 1 : -1;
}

/** Strictly greater than zero. */
export function isAboveZero(value: Decimal): boolean {
  return value.s > 0 && value.d[0] !== 0;
}

/** Strictly less than zero. */
export function isBelowZero(value: Decimal): boolean {
  return value.s < 0 && value.d[0] !== 0;
}
