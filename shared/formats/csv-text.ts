// Writing CSV the way every export does: papaparse's unparse with "\r\n"-free output
// ("\n" line ends), amounts as plain decimal text, and text that came from a user or a
// file neutralised so a spreadsheet never runs it as a formula.
import Papa from 'papaparse';
import { toCents, type Decimal } from '../money.ts';

export type Cell = string | number | null;

/**
 * Cells of user text (descriptions, labels, account names, anything imported) that a
 * spreadsheet would read as a formula get a leading apostrophe, as OWASP advises for CSV
 * injection: = + - @ and the tab and carriage return that can smuggle them in. Numbers
 * are written by the exporter itself and are never passed through here, so a negative
 * gain stays a number.
 */
export function userText(text: string | null | undefined): string {
  if (text === null || text === undefined) return '';
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** Money for a form: rounded half up to cents, always two decimals. */
export function cents(value: Decimal): string {
  return toCents(value);
}

/** `YYYY-MM-DD` (a calendar date in the taxpayer's zone) as `MM/DD/YYYY`. */
export function usDate(isoDate: string): string {
  return `${isoDate.slice(5, 7)}/${isoDate.slice(8, 10)}/${isoDate.slice(0, 4)}`;
}

/** The rows as CSV text with the header first, "\n" line ends and a final newline. */
export function csvText(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  // papaparse writes no rows as one empty row; a file with nothing to list is its header.
  if (rows.length === 0) return `${Papa.unparse([[...header]], { newline: '\n', quotes: false })}\n`;
  return `${Papa.unparse({ fields: [...header], data: rows as Cell[][] }, { newline: '\n', quotes: false })}\n`;
}
