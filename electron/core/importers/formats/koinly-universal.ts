// Koinly's universal CSV template: one row per transaction with sent, received and fee
// columns, a Net Worth (the row's fair market value) and a label. Dates are UTC,
// `YYYY-MM-DD HH:mm UTC` or ISO. Older copies of the template call the date column
// "Koinly Date" and the label column "Tag".
//
// An expense label (cost, margin fee, interest payment) on a row with only a fee amount
// is a fee paid on its own, a `fee` rather than an expense (which needs a sent amount):
// Koinly has a standalone fee recorded as an outflow tagged Cost, and writers of Koinly
// files (Lotwise's export among them) put its amount in the Fee columns.
import type { TransactionType } from '../../../../shared/transaction.ts';
import type { CsvFormat, FormatColumns } from '../csv-format.ts';
import { parseIsoDateTime } from '../dates.ts';
import { buildDraft } from '../draft.ts';
import { missingColumns, pickColumn } from '../header.ts';
import { RowFields } from '../row-fields.ts';

const KOINLY_COLUMNS: FormatColumns = {
  required: [['Date', 'Koinly Date'], 'Sent Amount', 'Sent Currency', 'Received Amount', 'Received Currency'],
  optional: ['Fee Amount', 'Fee Currency', 'Net Worth Amount', 'Net Worth Currency', ['Label', 'Tag'], 'Description', 'TxHash'],
};

/** Koinly's labels (case-insensitive) and what each means here. */
export const KOINLY_LABELS: Readonly<Record<string, TransactionType>> = {
  airdrop: 'airdrop',
  fork: 'fork',
  mining: 'mining',
  reward: 'reward',
  staking: 'staking',
  income: 'income',
  'other income': 'income',
  'loan interest': 'interest',
  'lending interest': 'interest',
  gift: 'gift-sent',
  donation: 'donation',
  lost: 'lost',
  stolen: 'lost',
  cost: 'expense',
  'margin fee': 'expense',
  'interest payment': 'expense',
  'realized gain': 'realized-gain',
  'realized p&l': 'realized-gain',
  swap: 'swap',
  'liquidity in': 'liquidity-in',
  'liquidity out': 'liquidity-out',
  ignored: 'ignored',
};

export const koinlyUniversal: CsvFormat = {
  id: 'koinly',
  title: 'Koinly universal',
  origin: "Koinly's universal import template, or a file written for it",
  describeHeader: 'Date, Sent Amount, Sent Currency, Received Amount, Received Currency, Fee Amount, Fee Currency, Net Worth Amount, Net Worth Currency, Label, Description, TxHash',

  columns: KOINLY_COLUMNS,

  matchesHeader(header) {
    return missingColumns(header, KOINLY_COLUMNS.required).length === 0;
  },

  createReader(header, sink) {
    const dateColumn = pickColumn(header, ['Date', 'Koinly Date'])!;
    const labelColumn = pickColumn(header, ['Label', 'Tag']) ?? 'Label';
    return {
      row(row) {
        const fields = new RowFields(row, sink);
        const timestamp = fields.date(dateColumn, parseIsoDateTime, 'YYYY-MM-DD HH:mm UTC');
        const sent = fields.leg('Sent Amount', 'Sent Currency');
        const received = fields.leg('Received Amount', 'Received Currency');
        const fee = fields.leg('Fee Amount', 'Fee Currency');
        const worth = fields.fiatValue('Net Worth Amount', 'Net Worth Currency');
        const label = fields.optionalText(labelColumn);
        let type: TransactionType | null = null;
        if (label !== null) {
          type = KOINLY_LABELS[label.toLowerCase()] ?? null;
          if (type === null) {
            fields.fail(labelColumn, `not a Koinly label; use one of: ${Object.keys(KOINLY_LABELS).join(', ')}`);
          }
        }
        if (type === 'expense' && sent === null && received === null && fee !== null) type = 'fee';
        if (fields.failed || timestamp === null) return;
        const draft = buildDraft(
          fields,
          {
            timestamp,
            type,
            sent,
            received,
            fee,
            fiatValue: worth?.value ?? null,
            fiatCurrency: worth?.currency ?? null,
            label,
            description: fields.optionalText('Description'),
            txHash: fields.optionalText('TxHash'),
            raw: row.record(),
          },
          labelColumn,
        );
        if (draft) sink.transaction(draft);
      },
      finish() {},
    };
  },
};
