// Form 8949, Sales and Other Dispositions of Capital Assets, as CSV: one row per disposal
// (one lot, or part of one, consumed), in the form's columns (a) to (h), for a preparer or
// any tax software that takes a Form 8949 statement.
//
// Layout. Each box is a separate copy of the form, so rows are grouped by Part (I short-term,
// II long-term) and then by box in the form's order (C, G, H, I; then F, J, K, L), and in
// each box the disposals come in the order they happened. After each box's rows a totals
// row, as on line 2 of the form: (d), (e), (g) and (h) added up from the rows as written.
// Two columns the paper form has as checkboxes lead each row: Part and Box (see
// form-8949-box.ts for the box rule). A last column, Note, is for the preparer, not the form.
//
// Decisions:
// - (a) is the exact quantity and the asset, `0.5 BTC`, as the IRS's own example
//   (`100 sh. XYZ Co.`) describes property. A realised profit or loss (a `realized-gain`
//   row: no lot, so acquired and sold the same day, short-term) is described as
//   `Realized profit of 250 USD` or `Realized loss of 0.1 BTC`: the quantity is the amount
//   of the profit or loss, not property held, and the description says so.
// - (f) and (g) are left empty: Lotwise makes no adjustments, and IRS codes are not
//   invented for problems. The totals rows show (g) as 0.00.
// - Money is rounded half up to cents per row; (h) is the row's rounded (d) minus its
//   rounded (e), so the rows, the totals rows and `lotwise summary` all agree to the cent.
//   A loss is a negative number (`-12.50`), not parentheses, so it stays a number.
// - A disposal with missing data is still a row (the sale happened), with what was counted
//   (0 for the unknown part) and the Note column saying what is missing. The note is kept
//   out of (a) because (a) is what gets filed: a preparer decides what the return says.
import { toDecimalText } from '../money.ts';
import type { Disposal } from '../tax/types.ts';
import { createCsv, csvCell } from './csv-lines.ts';
import { userText, usDate } from './csv-text.ts';
import type { ExportFormat, ExportInput } from './export-format.ts';
import { createBoxOfDisposal, FORM_8949_BOXES, isShortTermBox, type Form8949Box } from './form-8949-box.ts';
import { centsOf, centsText } from './line-cents.ts';

export const FORM_8949_HEADER = [
  'Part',
  'Box',
  '(a) Description of property',
  '(b) Date acquired',
  '(c) Date sold or disposed of',
  '(d) Proceeds',
  '(e) Cost or other basis',
  '(f) Code(s)',
  '(g) Amount of adjustment',
  '(h) Gain or (loss)',
  'Note',
] as const;

export const MISSING_BASIS_NOTE = 'No record of acquiring these units: cost basis counted as 0';
export const MISSING_PRICE_NOTE = 'A price is missing: proceeds or cost basis counted as 0';

/** Column (a): `0.5 BTC`, or what a realised profit or loss was. */
export function describeDisposal(disposal: Disposal): string {
  const amount = `${toDecimalText(disposal.quantity)} ${disposal.asset}`;
  if (disposal.kind !== 'realized-gain') return amount;
  return disposal.costBasis.isZero() ? `Realized profit of ${amount}` : `Realized loss of ${amount}`;
}

/** What a preparer must know about a row before filing it; empty when nothing is missing. */
export function disposalNote(disposal: Disposal): string {
  if (disposal.missingBasis && disposal.missingPrice) return `${MISSING_BASIS_NOTE}; ${MISSING_PRICE_NOTE}`;
  if (disposal.missingBasis) return MISSING_BASIS_NOTE;
  if (disposal.missingPrice) return MISSING_PRICE_NOTE;
  return '';
}

/** A box's copy of the form: its disposals (indexes into result.disposals, in order) and its line 2. */
export interface BoxLines {
  box: Form8949Box;
  disposals: number[];
  /** Sums of the rows as written, in whole cents. */
  proceeds: bigint;
  costBasis: bigint;
  gain: bigint;
}

/** The disposals of each box that has any, in the form's order of boxes. */
function groupByBox(input: ExportInput): BoxLines[] {
  const boxOf = createBoxOfDisposal(input);
  const byBox = new Map<Form8949Box, number[]>();
  const disposals = input.result.disposals;
  for (let index = 0; index < disposals.length; index++) {
    const box = boxOf(disposals[index]!);
    let indexes = byBox.get(box);
    if (indexes === undefined) byBox.set(box, (indexes = []));
    indexes.push(index);
  }
  const groups: BoxLines[] = [];
  for (const box of FORM_8949_BOXES) {
    const indexes = byBox.get(box);
    if (indexes !== undefined) groups.push({ box, disposals: indexes, proceeds: 0n, costBasis: 0n, gain: 0n });
  }
  return groups;
}

/** Each box's totals as on its line 2, without the rows (for Schedule D). */
export function form8949BoxTotals(input: ExportInput): BoxLines[] {
  const groups = groupByBox(input);
  const disposals = input.result.disposals;
  for (const group of groups) {
    for (const index of group.disposals) {
      const disposal = disposals[index]!;
      const proceeds = centsOf(disposal.proceeds);
      const costBasis = centsOf(disposal.costBasis);
      group.proceeds += proceeds;
      group.costBasis += costBasis;
      group.gain += proceeds - costBasis;
    }
  }
  return groups;
}

function form8949Text(input: ExportInput): string {
  const disposals = input.result.disposals;
  const csv = createCsv(FORM_8949_HEADER);
  for (const group of groupByBox(input)) {
    const lead = `${isShortTermBox(group.box) ? 'I' : 'II'},${group.box},`;
    for (const index of group.disposals) {
      const disposal = disposals[index]!;
      const proceeds = centsOf(disposal.proceeds);
      const costBasis = centsOf(disposal.costBasis);
      const gain = proceeds - costBasis;
      group.proceeds += proceeds;
      group.costBasis += costBasis;
      group.gain += gain;
      const note = disposal.missingBasis || disposal.missingPrice ? csvCell(disposalNote(disposal)) : '';
      csv.line(
        `${lead}${csvCell(userText(describeDisposal(disposal)))},${usDate(disposal.acquiredDate)},${usDate(disposal.disposedDate)},` +
          `${centsText(proceeds)},${centsText(costBasis)},,,${centsText(gain)},${note}`,
      );
    }
    csv.line(
      `${lead}Totals for box ${group.box},,,${centsText(group.proceeds)},${centsText(group.costBasis)},,0.00,${centsText(group.gain)},`,
    );
  }
  return csv.text();
}

export const form8949: ExportFormat = {
  id: 'form8949',
  title: 'Form 8949 (CSV)',
  software: 'IRS Form 8949 rows and box totals: any tax software or preparer',
  write(input) {
    return [{ name: `form8949-${input.taxYear}.csv`, text: form8949Text(input) }];
  },
};
