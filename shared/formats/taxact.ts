// TaxAct's Form 1099-B CSV import: one row per disposal. TaxAct's help article "Form 1099-B -
// Create Your Own Spreadsheet (CSV File)" (taxact.com/support/882) names the columns it reads:
//   required: Description, Date Acquired, Date Sold, Sales Proceeds, Cost or Other Basis;
//   optional: Reporting Category (which Form 8949 box to mark) and Long/Short (short- or
//   long-term, needed there only for a "Various" acquisition date), among others.
// Lotwise writes the five required columns and both optional ones:
//   Description,Date Acquired,Date Sold,Sales Proceeds,Cost or Other Basis,Reporting Category,Long/Short
//
// - Reporting Category is the Form 8949 box letter from form-8949-box.ts. The article lists
//   the categories A to F; for tax years from 2025 the letter is one of the digital-asset
//   boxes G to L, which the IRS created for these sales (unverified whether a given TaxAct
//   year's import reads them; the letter is the right box either way).
// - Long/Short is `Short` or `Long`, TaxAct's own words for the two terms (the article does
//   not list codes; with real acquisition dates on every row TaxAct does not need it, and
//   it always agrees with the box letter).
// - Dates MM/DD/YYYY; amounts plain, to cents, rounded per row like every other export.
// - TaxAct takes at most 2,000 Forms 1099-B per return (its help on importing and on summary
//   totals, taxact.com/support/960); a longer file needs TaxAct's summary-totals route,
//   with the Form 8949 export as the attached statement.
import { createCsv, csvCell } from './csv-lines.ts';
import { userText, usDate } from './csv-text.ts';
import type { ExportFormat } from './export-format.ts';
import { describeDisposal } from './form-8949.ts';
import { createBoxOfDisposal } from './form-8949-box.ts';
import { centsOf, centsText } from './line-cents.ts';

export const TAXACT_HEADER = [
  'Description',
  'Date Acquired',
  'Date Sold',
  'Sales Proceeds',
  'Cost or Other Basis',
  'Reporting Category',
  'Long/Short',
] as const;

export const taxact: ExportFormat = {
  id: 'taxact',
  title: 'TaxAct Form 1099-B import (CSV)',
  software: 'TaxAct: Form 1099-B transactions imported from a CSV file',
  write(input) {
    const boxOf = createBoxOfDisposal(input);
    const csv = createCsv(TAXACT_HEADER);
    for (const disposal of input.result.disposals) {
      csv.line(
        `${csvCell(userText(describeDisposal(disposal)))},${usDate(disposal.acquiredDate)},${usDate(disposal.disposedDate)},` +
          `${centsText(centsOf(disposal.proceeds))},${centsText(centsOf(disposal.costBasis))},${boxOf(disposal)},` +
          `${disposal.term === 'long' ? 'Long' : 'Short'}`,
      );
    }
    return [{ name: `taxact-1099b-${input.taxYear}.csv`, text: csv.text() }];
  },
};
