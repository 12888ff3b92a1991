// CoinLedger's Universal Manual Import Template: one row per transaction, the header's
// columns in the template's order (optional columns kept, left blank), dates
// `MM/DD/YYYY HH:MM:SS` in UTC, plain amounts without signs, commas or currency symbols.
// The template marks five columns "(Optional)"; files written by hand or by other tools
// often drop that suffix ("Fee Amount" for "Fee Amount (Optional)"), so each column is
// accepted with or without it, and errors name the column as the file spells it.
// Type may be blank only for a trade (both Sent and Received filled); CoinLedger requires
// it for anything one-sided, so a blank there is reported rather than guessed.
//
// Types (case-insensitive):
//   Trade → trade   Deposit → deposit   Withdrawal → withdrawal (transfers of one's own coins)
//   Income → income   Interest → interest   Staking → staking   Mining → mining
//   Airdrop → airdrop   Hard Fork → fork   Gift Received → gift-received
//   Gift Sent → gift-sent   Donation → donation
//   Merchant Payment, Interest Payment → expense (a disposal that pays for something)
//   Lost, Stolen, Theft Loss, Casualty Loss, Investment Loss → lost (coins gone without
//   proceeds; whether the loss is deductible is for the lost-coins report, not a gain)
// Sources: CoinLedger's "Universal Manual Import Template Guide" (header, date format,
// income types Income/Interest/Mining/Staking/Airdrop/Gift Received/Deposit, outgoing
// types Gift Sent/Merchant Payment/Interest Payment/Withdrawal, Trade, hard forks and
// theft/scam losses) and the template as written by open-source exporters (staketaxcsv).
import type { TransactionType } from '../../../../shared/transaction.ts';
import type { CsvFormat } from '../csv-format.ts';
import { parseUsDateTime } from '../dates.ts';
import { buildDraft } from '../draft.ts';
import { pickColumn } from '../header.ts';
import { RowFields } from '../row-fields.ts';
import { COINLEDGER_HEADER } from '../../../../shared/formats/tool-headers.ts';

export const COINLEDGER_COLUMNS = COINLEDGER_HEADER;

/** CoinLedger's types as its template writes them; matched case-insensitively. */
export const COINLEDGER_TYPES: Readonly<Record<string, TransactionType>> = {
  Trade: 'trade',
  Deposit: 'deposit',
  Withdrawal: 'withdrawal',
  Income: 'income',
  Interest: 'interest',
  Staking: 'staking',
  Mining: 'mining',
  Airdrop: 'airdrop',
  'Hard Fork': 'fork',
  'Gift Received': 'gift-received',
  'Gift Sent': 'gift-sent',
  Donation: 'donation',
  'Merchant Payment': 'expense',
  'Interest Payment': 'expense',
  Lost: 'lost',
  Stolen: 'lost',
  'Theft Loss': 'lost',
  'Casualty Loss': 'lost',
  'Investment Loss': 'lost',
};

const TYPES_BY_LOWER_CASE: ReadonlyMap<string, TransactionType> = new Map(
  Object.entries(COINLEDGER_TYPES).map(([name, type]) => [name.toLowerCase(), type]),
);

export const coinledger: CsvFormat = {
  id: 'coinledger',
  title: 'CoinLedger universal template',
  origin: "CoinLedger's Universal Manual Import Template, or a file written for it",
  describeHeader: COINLEDGER_COLUMNS.join(', '),
  // CoinLedger matches its header exactly, in order: a header with these columns in another
  // order is told the order (detect-format.ts). Each "(Optional)" column under both names.
  columnOrder: COINLEDGER_COLUMNS.map((name) => {
    const bare = name.replace(/ \(Optional\)$/, '');
    return bare === name ? name : [name, bare];
  }),

  matchesHeader(header) {
    // Spreadsheet apps sometimes write empty cells after the last column.
    let length = header.length;
    while (length > 0 && header[length - 1]!.trim() === '') length -= 1;
    return (
      length === COINLEDGER_COLUMNS.length &&
      COINLEDGER_COLUMNS.every((name, i) => spellings(name).includes(header[i]!.trim().toLowerCase()))
    );
  },

  createReader(header, sink) {
    // The template's name → the file's spelling of it.
    const column = (name: (typeof COINLEDGER_COLUMNS)[number]): string => pickColumn(header, spellings(name)) ?? name;
    const amounts = { sent: column('Amount Sent'), received: column('Amount Received') };
    return {
      row(row) {
        const fields = new RowFields(row, sink);
        const timestamp = fields.date(column('Date (UTC)'), parseUsDateTime, 'MM/DD/YYYY HH:MM:SS in UTC');
        const sent = fields.leg(amounts.sent, column('Asset Sent'));
        const received = fields.leg(amounts.received, column('Asset Received'));
        const fee = fields.leg(column('Fee Amount (Optional)'), column('Fee Currency (Optional)'));
        const typeText = fields.optionalText('Type');
        let type: TransactionType | null = null;
        if (typeText !== null) {
          type = TYPES_BY_LOWER_CASE.get(typeText.toLowerCase()) ?? null;
          if (type === null) fields.fail('Type', `not a CoinLedger type; use one of: ${Object.keys(COINLEDGER_TYPES).join(', ')}`);
        } else if (!(sent && received) && !fields.failed) {
          fields.fail('Type', 'Type is required unless the row has both a sent and a received amount (a trade)');
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
            label: typeText,
            description: fields.optionalText(column('Description (Optional)')),
            txHash: fields.optionalText(column('TxHash (Optional)')),
            raw: row.record(),
          },
          'Type',
          amounts,
        );
        if (draft) sink.transaction(draft);
      },
      finish() {},
    };
  },
};

/** A template column's accepted spellings, lower-cased: as written, and without "(Optional)". */
function spellings(name: string): string[] {
  const lower = name.toLowerCase();
  const bare = lower.replace(/ \(optional\)$/, '');
  return bare === lower ? [lower] : [lower, bare];
}
