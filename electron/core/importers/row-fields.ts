// Reading typed values out of a row. Each reader records a RowError naming the column
// and the cell when the value is bad, and returns null, so one pass over a row reports
// every problem in it.
import { normalizeAsset } from '../../../shared/assets.ts';
import { canonicalDecimalText, parseDecimal, type Decimal } from '../../../shared/money.ts';
import type { DraftSink, Row } from './csv-format.ts';

const ASSET = /^[A-Za-z0-9][A-Za-z0-9.\-_/$]{0,31}$/;

/**
 * Asset cells as written → their normalised symbol, for cells that are valid symbols.
 * A file names a handful of assets a million times over; capped so that a file of
 * made-up symbols cannot grow it without end.
 */
const knownAssets = new Map<string, string>();
const MAX_KNOWN_ASSETS = 10_000;

function assetSymbol(text: string): string | null {
  const known = knownAssets.get(text);
  if (known !== undefined) return known;
  if (!ASSET.test(text)) return null;
  const symbol = normalizeAsset(text);
  if (knownAssets.size < MAX_KNOWN_ASSETS) knownAssets.set(text, symbol);
  return symbol;
}

// A plain number with a fraction: most amounts in exports, and the canonical text of one
// is its text without trailing zeros (see canonicalDecimalText), no Decimal needed.
const PLAIN_FRACTION = /^(?:0|[1-9]\d*)\.\d+$/;

/** The canonical text of a plain number with a fraction (PLAIN_FRACTION). */
function plainFractionText(text: string): string {
  let end = text.length;
  while (text.charCodeAt(end - 1) === 48) end -= 1; // '0'
  if (text.charCodeAt(end - 1) === 46) end -= 1; // '.'
  return end === text.length ? text : text.slice(0, end);
}

// A number in scientific notation: sign, mantissa (digits before and after the point,
// at least one), exponent.
const SCIENTIFIC = /^[+-]?(?=\.?\d)(\d*)\.?(\d*)[eE]([+-]?\d+)$/;

/** The largest exponent, either way, of an amount: 1e99999999 would be a hundred million digits. */
const MAX_EXPONENT = 30;

/**
 * Why a number written in scientific notation cannot be taken as it is, or null. A
 * negative exponent loses nothing (1.5E-05 is 0.000015 exactly), but a positive one past
 * the mantissa's decimals adds zeros nobody wrote: that is how a spreadsheet shows a long
 * number it has rounded (1.23457E+15 for 1234567890123456), and the digits it dropped are
 * gone from the file.
 */
function scientificProblem(text: string): string | null {
  const match = SCIENTIFIC.exec(text);
  if (match === null) return null;
  const exponent = Number(match[3]);
  if (Math.abs(exponent) > MAX_EXPONENT) {
    return `the exponent of ${text} is out of range: write the number out in full (Lotwise takes exponents from E-${MAX_EXPONENT} to E+${MAX_EXPONENT})`;
  }
  if (exponent > match[2]!.length) {
    const mantissa = text.slice(0, text.search(/[eE]/));
    return (
      `${text} is a rounded number: a spreadsheet shows a long number in scientific notation, and the digits after ${mantissa} ` +
      'are not in the file. Format the column as a number with all its decimals in the spreadsheet and export the file again'
    );
  }
  return null;
}

/** The formats' fee columns: "Fee Amount", "Fee Amount (Optional)". */
const FEE_COLUMN = /^fee\b/i;

export class RowFields {
  failed = false;
  /** Sent or received amounts written as 0 with their asset (see leg). */
  readonly zeroLegs: { amountColumn: string; assetColumn: string }[] = [];
  private readonly row: Row;
  private readonly sink: DraftSink;

  constructor(row: Row, sink: DraftSink) {
    this.row = row;
    this.sink = sink;
  }

  get line(): number {
    return this.row.line;
  }

  fail(column: string | null, message: string): null {
    this.failed = true;
    this.sink.error({
      line: this.row.line,
      column,
      value: column === null ? null : this.row.get(column),
      message,
    });
    return null;
  }

  text(column: string): string {
    return this.row.get(column).trim();
  }

  optionalText(column: string): string | null {
    const value = this.text(column);
    return value === '' ? null : value;
  }

  required(column: string): string | null {
    const value = this.text(column);
    return value === '' ? this.fail(column, `${column} is required`) : value;
  }

  date(column: string, parse: (text: string) => number | null, expected: string): number | null {
    const text = this.required(column);
    if (text === null) return null;
    const ms = parse(text);
    return ms === null ? this.fail(column, `not a date and time; expected ${expected}`) : ms;
  }

  /** A number, or null for an empty cell. `clean` strips a format's decoration first. */
  decimal(column: string, clean: (text: string) => string = (t) => t): Decimal | null {
    const text = this.text(column);
    if (text === '') return null;
    const cleaned = clean(text).trim();
    const problem = scientificProblem(cleaned);
    if (problem !== null) return this.fail(column, problem);
    return parseDecimal(cleaned) ?? this.fail(column, 'not a number');
  }

  /** The canonical text of the number in a cell, or null after recording why it is none. */
  private amount(column: string, text: string): string | null {
    if (PLAIN_FRACTION.test(text)) return plainFractionText(text);
    // Before the number is written out: 1e99999999 would be a hundred million digits.
    const problem = scientificProblem(text);
    if (problem !== null) return this.fail(column, problem);
    return canonicalDecimalText(text) ?? this.fail(column, 'not a number');
  }

  asset(column: string): string | null {
    const text = this.text(column);
    if (text === '') return null;
    return assetSymbol(text) ?? this.fail(column, 'not an asset symbol');
  }

  /**
   * An amount and its asset as a positive leg. Both empty → null (no leg). A zero amount
   * is no leg either: exports write "0" in unused columns. A zero amount with its asset
   * outside the fee columns is kept in zeroLegs, for buildDraft to refuse it as the only
   * reason a row has one side (draft.ts).
   */
  leg(amountColumn: string, assetColumn: string, options: { allowNegative?: boolean } = {}): Leg | null {
    const amountText = this.text(amountColumn);
    let amount: string | null = null;
    if (amountText !== '') amount = this.amount(amountColumn, amountText);
    const asset = this.asset(assetColumn);
    if (amount === null) {
      if (amountText === '' && asset !== null) return this.fail(amountColumn, `${assetColumn} is given but ${amountColumn} is empty`);
      return null;
    }
    // By its text: the minus of "-0" is gone from the canonical "0", and it is no way to write nothing either.
    if (amountText.startsWith('-')) {
      if (!options.allowNegative) return this.fail(amountColumn, 'amounts must not be negative here');
      if (amount !== '0') amount = amount.slice(1);
    }
    if (amount === '0') {
      if (asset !== null && !FEE_COLUMN.test(amountColumn)) this.zeroLegs.push({ amountColumn, assetColumn });
      return null;
    }
    if (asset === null) {
      if (this.text(assetColumn) === '') return this.fail(assetColumn, `${amountColumn} is given but ${assetColumn} is empty`);
      return null;
    }
    return { asset, amount };
  }

  /**
   * The fair market value of the row, when the source states one. Without a currency it
   * is in `defaultCurrency` when the format has one, else an error.
   */
  fiatValue(valueColumn: string, currencyColumn: string, defaultCurrency: string | null = null): FiatValue | null {
    const text = this.text(valueColumn);
    if (text === '') return null;
    const value = this.amount(valueColumn, text);
    if (value === null) return null;
    // By its text: "-0" is refused as a value, not taken as a value of 0.
    if (text.startsWith('-')) return this.fail(valueColumn, 'a value must not be negative');
    const currency = this.asset(currencyColumn) ?? defaultCurrency;
    if (currency !== null) return { value, currency };
    if (!this.row.has(currencyColumn)) {
      return this.fail(valueColumn, `${valueColumn} is given but the file has no ${currencyColumn} column: add one, with the value's currency (USD, for example)`);
    }
    return this.fail(currencyColumn, `${valueColumn} is given but ${currencyColumn} is empty: write the value's currency there (USD, for example)`);
  }
}

export interface FiatValue {
  value: string;
  currency: string;
}

export interface Leg {
  asset: string;
  amount: string;
}
