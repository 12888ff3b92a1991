// The Lotwise template: our own CSV for anything no other format covers (a closed
// exchange, a paper wallet, hand-kept records). Documented in docs/lotwise-template.md;
// an example ships in resources/templates/. Dates must carry their zone, so a file
// written in a local spreadsheet cannot silently shift by hours. A Fiat Value without a
// Fiat Currency is in US dollars, the currency of the tax report.
import { TRANSACTION_TYPES, isTransactionType, type TransactionType } from '../../../../shared/transaction.ts';
import type { CsvFormat, FormatColumns } from '../csv-format.ts';
import { parseIsoDateTime } from '../dates.ts';
import { buildDraft } from '../draft.ts';
import { missingColumns } from '../header.ts';
import { RowFields } from '../row-fields.ts';

export const LOTWISE_COLUMNS = [
  'Date',
  'Type',
  'Sent Asset',
  'Sent Amount',
  'Received Asset',
  'Received Amount',
  'Fee Asset',
  'Fee Amount',
  'Fiat Value',
  'Fiat Currency',
  'Description',
  'Tx Hash',
  'ID',
] as const;

const COLUMNS: FormatColumns = {
  required: ['Date', 'Type', 'Sent Asset', 'Sent Amount', 'Received Asset', 'Received Amount', 'Fiat Value'],
  optional: ['Fee Asset', 'Fee Amount', 'Fiat Currency', 'Description', 'Tx Hash', 'ID'],
};
const DEFAULT_FIAT_CURRENCY = 'USD';
const HAS_ZONE = /(Z|UTC|[+-]\d{2}:?\d{2})$/i;

export const lotwiseTemplate: CsvFormat = {
  id: 'lotwise',
  title: 'Lotwise template',
  origin: 'the Lotwise CSV template (docs/lotwise-template.md), for records no other format covers',
  describeHeader: LOTWISE_COLUMNS.join(', '),
  columns: COLUMNS,

  matchesHeader(header) {
    return missingColumns(header, COLUMNS.required).length === 0;
  },

  createReader(_header, sink) {
    const idLines = new Map<string, number>();
    return {
      row(row) {
        const fields = new RowFields(row, sink);
        const dateText = fields.text('Date');
        if (dateText !== '' && !HAS_ZONE.test(dateText)) {
          fields.fail('Date', 'the time needs its zone: end it with Z (UTC) or an offset such as -05:00');
        }
        const timestamp = fields.date('Date', parseIsoDateTime, 'ISO 8601 with a zone, like 2024-03-01T14:05:00Z');
        const typeText = fields.text('Type').toLowerCase();
        let type: TransactionType | null = null;
        if (typeText !== '') {
          if (isTransactionType(typeText)) type = typeText;
          else fields.fail('Type', `not a Lotwise type; use one of: ${TRANSACTION_TYPES.join(', ')}`);
        }
        const sent = fields.leg('Sent Amount', 'Sent Asset');
        const received = fields.leg('Received Amount', 'Received Asset');
        const fee = fields.leg('Fee Amount', 'Fee Asset');
        const value = fields.fiatValue('Fiat Value', 'Fiat Currency', DEFAULT_FIAT_CURRENCY);
        const id = fields.optionalText('ID');
        if (id !== null) {
          // The ID is the row's identity in the ledger: a second row with it would be
          // taken for the first one imported again, and silently left out.
          const earlier = idLines.get(id);
          if (earlier === undefined) idLines.set(id, row.line);
          else fields.fail('ID', `line ${earlier} has this ID too; give each row its own ID, or leave it empty`);
        }
        if (fields.failed || timestamp === null) return;
        const draft = buildDraft(
          fields,
          {
            timestamp,
            type,
            sent,
            received,
            fee,
            fiatValue: value?.value ?? null,
            fiatCurrency: value?.currency ?? null,
            label: typeText === '' ? null : typeText,
            description: fields.optionalText('Description'),
            txHash: fields.optionalText('Tx Hash'),
            externalId: id === null ? null : `id:${id}`,
            raw: row.record(),
          },
          'Type',
        );
        if (draft) sink.transaction(draft);
      },
      finish() {},
    };
  },
};
