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

/** canonicalDecimalText, made cheap for the common case of a plain number. */
function canonicalAmount(text: string): string | null {
  if (!PLAIN_FRACTION.test(text)) return canonicalDecimalText(text);
  let end = text.length;
  while (text.charCodeAt(end - 1) === 48) end -= 1; // '0'
  if (text.charCodeAt(end - 1) === 46) end -= 1; // '.'
  return end === text.length ? text : text.slice(0, end);
}

export class RowFields {
  failed = false;
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
    const value = parseDecimal(clean(text));
    return value === null ? this.fail(column, 'not a number') : value;
  }

  asset(column: string): string | null {
    const text = this.text(column);
    if (text === '') return null;
    return assetSymbol(text) ?? this.fail(column, 'not an asset symbol');
  }

  /**
   * An amount and its asset as a positive leg. Both empty → null (no leg). A zero amount
   * is no leg either: exports write "0" in unused columns.
   */
  leg(amountColumn: string, assetColumn: string, options: { allowNegative?: boolean } = {}): Leg | null {
    const amountText = this.text(amountColumn);
    let amount: string | null = null;
    if (amountText !== '') {
      amount = canonicalAmount(amountText);
      if (amount === null) this.fail(amountColumn, 'not a number');
    }
    const asset = this.asset(assetColumn);
    if (amount === null) {
      if (amountText === '' && asset !== null) return this.fail(amountColumn, `${assetColumn} is given but ${amountColumn} is empty`);
      return null;
    }
    if (amount === '0') return null;
    if (amount.startsWith('-')) {
      if (!options.allowNegative) return this.fail(amountColumn, 'amounts must not be negative here');
      amount = amount.slice(1);
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
    const value = canonicalAmount(text);
    if (value === null) return this.fail(valueColumn, 'not a number');
    if (value.startsWith('-')) return this.fail(valueColumn, 'a value must not be negative');
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
