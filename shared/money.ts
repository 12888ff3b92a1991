// Money and quantities: one configured Decimal for the whole app.
// Amounts are Decimal in code and plain decimal strings (no exponent) in storage and
// on the wire; a JS number never holds an amount. 40 significant digits keep wei-sized
// quantities times large prices exact through lot splits.
import { Decimal as DecimalJs } from 'decimal.js';

export const Decimal = DecimalJs.clone({
  precision: 40,
  rounding: DecimalJs.ROUND_HALF_UP,
  toExpNeg: -100,
  toExpPos: 100,
});
export type Decimal = DecimalJs;

export const ZERO = new Decimal(0);

// Plain decimal notation as people and CSV files write it: optional sign, digits,
// optional fraction, optional exponent. No thousands separators, no currency symbols:
// importers strip those explicitly where a format is known to use them.
const DECIMAL_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Parses a decimal string exactly; null when the text is not a number. */
export function parseDecimal(text: string): Decimal | null {
  const trimmed = text.trim();
  if (!DECIMAL_TEXT.test(trimmed)) return null;
  return new Decimal(trimmed);
}

// Already canonical: no sign, no leading or trailing zeros, no exponent. Most cells in
// real exports are, and skipping Decimal for them keeps a million-row import fast.
const CANONICAL_TEXT = /^(?:0|[1-9]\d*)(?:\.\d*[1-9])?$/;

/** The canonical text of a number written as text (see toDecimalText); null if not a number. */
export function canonicalDecimalText(text: string): string | null {
  if (CANONICAL_TEXT.test(text)) return text;
  const value = parseDecimal(text);
  return value === null ? null : toDecimalText(value);
}

/** Canonical storage form: no exponent, no trailing zeros, "0" for zero. */
export function toDecimalText(value: Decimal): string {
  if (value.isZero()) return '0';
  return value.toFixed();
}

/** Rounds to cents (half up, as on tax forms) and prints exactly two decimals. */
export function toCents(value: Decimal): string {
  const text = value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
  return text === '-0.00' ? '0.00' : text;
}

export function sum(values: Iterable<Decimal>): Decimal {
  let total: Decimal = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}
