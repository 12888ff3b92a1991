// TurboTax's crypto gains-and-losses CSV: one row per disposal, already computed, for the
// crypto upload when the source is a tax tool TurboTax does not connect to:
//
//   Currency Name,Purchase Date,Cost Basis,Date Sold,Proceeds
//
// Dates MM/DD/YYYY and plain amounts to cents (no currency sign, no thousands separator). TurboTax works out short- or long-term from the two
// dates, which are the engine's calendar dates, so it agrees with Lotwise's Part I / Part II.
// Rows come in the order the disposals happened. The file has no column for notes: rows
// with missing data are flagged in the Form 8949 export and the app's warnings.
// A realised profit or loss (no lot) is a row acquired and sold on the same day.
import { createCsv, csvCell } from './csv-lines.ts';
import { userText, usDate } from './csv-text.ts';
import type { ExportFormat } from './export-format.ts';
import { centsOf, centsText } from './line-cents.ts';

export const TURBOTAX_GAINS_HEADER = ['Currency Name', 'Purchase Date', 'Cost Basis', 'Date Sold', 'Proceeds'] as const;

export const turbotaxGains: ExportFormat = {
  id: 'turbotax',
  title: 'TurboTax gains and losses (CSV)',
  software: 'TurboTax: crypto upload of computed gains and losses',
  write(input) {
    const assetCells = new Map<string, string>();
    const csv = createCsv(TURBOTAX_GAINS_HEADER);
    for (const disposal of input.result.disposals) {
      let asset = assetCells.get(disposal.asset);
      if (asset === undefined) assetCells.set(disposal.asset, (asset = csvCell(userText(disposal.asset))));
      csv.line(
        `${asset},${usDate(disposal.acquiredDate)},${centsText(centsOf(disposal.costBasis))},` +
          `${usDate(disposal.disposedDate)},${centsText(centsOf(disposal.proceeds))}`,
      );
    }
    return [{ name: `turbotax-gains-${input.taxYear}.csv`, text: csv.text() }];
  },
};
