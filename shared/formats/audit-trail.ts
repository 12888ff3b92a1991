// The audit trail behind Form 8949: every disposal row, in the order they happened, with the
// ledger transactions that made it (the disposal, and the acquisition of its lot) and where
// each of those came from: its source (csv, api, manual), the source's own id for it (the
// exchange's trade id, or the id derived from the row's content) and the import batch that
// brought it in (`lotwise status` lists batches). From any line of the return, this leads
// back to the original record.
//
// Amounts are the rows as written in the Form 8949 export (rounded half up to cents, gain =
// rounded proceeds − rounded basis), with its box, so the two files can be laid side by side.
import { toDecimalText } from '../money.ts';
import type { Transaction } from '../transaction.ts';
import { createCsv, csvCell } from './csv-lines.ts';
import { userText, usDate } from './csv-text.ts';
import type { ExportFormat } from './export-format.ts';
import { disposalNote } from './form-8949.ts';
import { createBoxOfDisposal } from './form-8949-box.ts';
import { centsOf, centsText } from './line-cents.ts';

export const AUDIT_HEADER = [
  'Asset',
  'Quantity',
  'Date acquired',
  'Date sold',
  'Proceeds',
  'Cost basis',
  'Gain or (loss)',
  'Term',
  'Form 8949 box',
  'Kind',
  'Lot',
  'Account',
  'Disposal transaction',
  'Disposal source',
  'Disposal external id',
  'Disposal import batch',
  'Acquisition transaction',
  'Acquisition account',
  'Acquisition source',
  'Acquisition external id',
  'Acquisition import batch',
  'Note',
] as const;

export const auditTrail: ExportFormat = {
  id: 'audit',
  title: 'Audit trail (CSV)',
  software: 'Every Form 8949 row with the ledger transactions and the imported records behind it',
  write(input) {
    const transactions = new Map<number, Transaction>();
    for (const transaction of input.transactions) transactions.set(transaction.id, transaction);
    const accountCells = new Map<number, string>();
    const accountCell = (id: number): string => {
      let cell = accountCells.get(id);
      if (cell === undefined) accountCells.set(id, (cell = csvCell(userText(input.accounts.get(id)?.name ?? `Account ${id}`))));
      return cell;
    };
    // id, source, external id, import batch: blank when there is no such transaction.
    const origin = (id: number | null): string[] => {
      if (id === null) return ['', '', '', ''];
      const transaction = transactions.get(id);
      if (transaction === undefined) return [String(id), '', '', ''];
      return [String(id), transaction.source, csvCell(userText(transaction.externalId)), transaction.batchId === null ? '' : String(transaction.batchId)];
    };
    const boxOf = createBoxOfDisposal(input);
    const csv = createCsv(AUDIT_HEADER);
    for (const disposal of input.result.disposals) {
      const proceeds = centsOf(disposal.proceeds);
      const costBasis = centsOf(disposal.costBasis);
      const acquisitionId = disposal.acquisitionTransactionId;
      const acquisitionAccountId = acquisitionId === null ? undefined : transactions.get(acquisitionId)?.accountId;
      const [acquisitionTransaction, acquisitionSource, acquisitionExternalId, acquisitionBatch] = origin(acquisitionId);
      csv.line(
        [
          csvCell(userText(disposal.asset)),
          toDecimalText(disposal.quantity),
          usDate(disposal.acquiredDate),
          usDate(disposal.disposedDate),
          centsText(proceeds),
          centsText(costBasis),
          centsText(proceeds - costBasis),
          disposal.term === 'long' ? 'Long' : 'Short',
          boxOf(disposal),
          disposal.kind,
          disposal.lotId ?? '',
          accountCell(disposal.accountId),
          ...origin(disposal.disposalTransactionId),
          acquisitionTransaction,
          acquisitionAccountId === undefined ? '' : accountCell(acquisitionAccountId),
          acquisitionSource,
          acquisitionExternalId,
          acquisitionBatch,
          csvCell(disposalNote(disposal)),
        ].join(','),
      );
    }
    return [{ name: `audit-trail-${input.taxYear}.csv`, text: csv.text() }];
  },
};
