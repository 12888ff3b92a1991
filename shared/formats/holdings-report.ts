// What is held at the end of the tax year (31 December, in the taxpayer's time zone): for
// each pool (an asset across all accounts, or in one account once basis is tracked per
// wallet), a Total row with its quantity and cost basis, followed by its lots oldest first
// with where each lot is, when it was acquired, its quantity and its basis. These lots are
// next year's opening basis, so the report is also what a preparer keeps on file.
//
// Quantities are exact. Each lot's basis is rounded half up to cents and the pool's Total
// adds the lots as written, so the file adds up. A lot with missing data says so in Note.
import { toDecimalText } from '../money.ts';
import { csvCell, csvLines } from './csv-lines.ts';
import { userText, usDate } from './csv-text.ts';
import type { ExportFormat } from './export-format.ts';
import { centsOf, centsText } from './line-cents.ts';

export const HOLDINGS_HEADER = ['Asset', 'Pool', 'Row', 'Lot', 'Account', 'Date acquired', 'Quantity', 'Cost basis', 'Note'] as const;

export const UNIVERSAL_POOL = 'All accounts';
export const HELD_MISSING_BASIS_NOTE = 'No record of acquiring these units: cost basis counted as 0';
export const HELD_MISSING_PRICE_NOTE = 'A price was missing when acquired: cost basis counted as 0';

export const holdingsReport: ExportFormat = {
  id: 'holdings',
  title: 'Year-end holdings (CSV)',
  software: "Holdings and their lots at the end of the tax year: next year's opening basis",
  write(input) {
    const accountName = (id: number): string => csvCell(userText(input.accounts.get(id)?.name ?? `Account ${id}`));
    const rows: string[][] = [];
    for (const holding of input.result.holdings) {
      const asset = csvCell(userText(holding.asset));
      const pool = holding.accountId === null ? UNIVERSAL_POOL : accountName(holding.accountId);
      const lotRows: string[][] = [];
      let costBasis = 0n;
      for (const lot of holding.lots) {
        const lotBasis = centsOf(lot.costBasis);
        costBasis += lotBasis;
        const notes = [lot.missingBasis ? HELD_MISSING_BASIS_NOTE : '', lot.missingPrice ? HELD_MISSING_PRICE_NOTE : ''].filter((n) => n !== '');
        lotRows.push([
          asset,
          pool,
          'Lot',
          csvCell(lot.lotId),
          accountName(lot.accountId),
          usDate(lot.acquiredDate),
          toDecimalText(lot.quantity),
          centsText(lotBasis),
          csvCell(notes.join('; ')),
        ]);
      }
      rows.push([asset, pool, 'Total', '', '', '', toDecimalText(holding.quantity), centsText(costBasis), ''], ...lotRows);
    }
    return [{ name: `holdings-${input.taxYear}.csv`, text: csvLines(HOLDINGS_HEADER, rows.map((row) => row.join(','))) }];
  },
};
