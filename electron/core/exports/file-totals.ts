// What an exported file holds, read back from its text: how many rows it lists and, for
// the files that list disposals, the proceeds, cost basis and gain its rows add up to.
// Reading the written text (not the tax result) is the point: the app shows the user that
// the file they will upload adds up to the summary they reviewed.
import Papa from 'papaparse';
import type { ExportFormatId } from '../../../shared/formats/export-format.ts';
import { Decimal, ZERO, parseDecimal, toCents } from '../../../shared/money.ts';

interface AmountColumns {
  proceeds: string;
  costBasis: string;
  /** Absent: gain is proceeds minus cost basis. */
  gain?: string;
  /** Rows that are totals of other rows (not counted, not added). */
  isTotal?: (row: Record<string, string>) => boolean;
}

/** The amount columns of each format that lists disposals; other formats have no totals. */
const AMOUNTS: Partial<Record<ExportFormatId, AmountColumns>> = {
  form8949: {
    proceeds: '(d) Proceeds',
    costBasis: '(e) Cost or other basis',
    gain: '(h) Gain or (loss)',
    isTotal: (row) => (row['(a) Description of property'] ?? '').startsWith('Totals for box'),
  },
  'schedule-d': {
    proceeds: '(d) Proceeds',
    costBasis: '(e) Cost or other basis',
    gain: '(h) Gain or (loss)',
    isTotal: (row) => (row['Schedule D line'] ?? '') === '',
  },
  turbotax: { proceeds: 'Proceeds', costBasis: 'Cost Basis' },
  taxact: { proceeds: 'Sales Proceeds', costBasis: 'Cost or Other Basis' },
  audit: { proceeds: 'Proceeds', costBasis: 'Cost basis', gain: 'Gain or (loss)' },
};

export interface FileTotals {
  rows: number;
  proceeds: string | null;
  costBasis: string | null;
  gain: string | null;
}

function amount(row: Record<string, string>, column: string, file: string, line: number): Decimal {
  const value = parseDecimal(row[column] ?? '');
  if (value === null) throw new Error(`${file} line ${line}: "${row[column] ?? ''}" in column ${column} is not an amount.`);
  return value;
}

export function fileTotals(format: ExportFormatId, name: string, text: string): FileTotals {
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  const columns = AMOUNTS[format];
  if (!columns) return { rows: parsed.data.length, proceeds: null, costBasis: null, gain: null };
  let rows = 0;
  let proceeds: Decimal = ZERO;
  let costBasis: Decimal = ZERO;
  let gain: Decimal = ZERO;
  parsed.data.forEach((row, index) => {
    if (columns.isTotal?.(row)) return;
    const line = index + 2;
    const p = amount(row, columns.proceeds, name, line);
    const b = amount(row, columns.costBasis, name, line);
    rows += 1;
    proceeds = proceeds.plus(p);
    costBasis = costBasis.plus(b);
    gain = gain.plus(columns.gain ? amount(row, columns.gain, name, line) : p.minus(b));
  });
  return { rows, proceeds: toCents(proceeds), costBasis: toCents(costBasis), gain: toCents(gain) };
}
