// The ledger as Koinly universal CSV files, one per account (see account-files.ts), for a
// user moving to Koinly or sharing their history with someone who uses it. Lotwise's own
// Koinly importer reads the files back to the same transactions, so the format doubles as
// a lossless backup of everything the tax engine uses.
//
// Dates are UTC as `YYYY-MM-DD HH:mm:ss UTC`. Koinly documents `YYYY-MM-DD HH:mm UTC`
// and also reads ISO forms; the seconds are kept so that transactions within one minute
// keep their order through a round trip (milliseconds are dropped: no template carries
// them). Net Worth is the transaction's fiat value and currency when the ledger has both.
//
// Types and the Koinly label written (Koinly's tag list, "What are tags"):
//   trade, deposit, withdrawal        no label: the legs say which
//   staking, mining, airdrop, fork,   staking, mining, airdrop, fork, reward, income
//   reward, income
//   interest                          lending interest
//   gift-sent, donation, lost         gift, donation, lost
//   expense                           cost
//   fee                               cost, with the amount in the Fee columns: Koinly's
//                                     way to record a fee paid on its own. Lotwise's
//                                     importer reads an expense label on a fee-only row as
//                                     a fee, so the type survives; a fee written as a sent
//                                     amount comes back as a fee leg, which the tax engine
//                                     reads the same way. A fee with both a sent and a fee
//                                     leg keeps both and comes back as an expense.
//   realized-gain                     realized gain
//   swap, liquidity-in/-out, ignored  swap, liquidity in, liquidity out, ignored
//   gift-received                     no label. Koinly has no tag for a gift received
//                                     (its gift tag is for withdrawals only); an untagged
//                                     deposit is an acquisition at its Net Worth there,
//                                     which is what the giver's basis in Fiat Value means.
//                                     Read back into Lotwise it is a deposit.
// What Koinly itself does not keep: a fee on anything received without a send (Koinly's
// deposits carry no fee) and the account name (the wallet is named on import). Descriptions and hashes that would
// start a spreadsheet formula get a leading apostrophe (csv-text.ts) and keep it.
import type { TransactionType } from '../transaction.ts';
import { accountFiles, isoUtcDateTime } from './account-files.ts';
import { userText } from './csv-text.ts';
import type { ExportFormat } from './export-format.ts';

export const KOINLY_EXPORT_HEADER = [
  'Date',
  'Sent Amount',
  'Sent Currency',
  'Received Amount',
  'Received Currency',
  'Fee Amount',
  'Fee Currency',
  'Net Worth Amount',
  'Net Worth Currency',
  'Label',
  'Description',
  'TxHash',
] as const;

/** The Koinly label for each type; '' = none (the legs decide). */
export const KOINLY_EXPORT_LABELS: Readonly<Record<TransactionType, string>> = {
  trade: '',
  deposit: '',
  withdrawal: '',
  staking: 'staking',
  mining: 'mining',
  airdrop: 'airdrop',
  fork: 'fork',
  reward: 'reward',
  interest: 'lending interest',
  income: 'income',
  'gift-sent': 'gift',
  donation: 'donation',
  lost: 'lost',
  'gift-received': '',
  expense: 'cost',
  fee: 'cost',
  'realized-gain': 'realized gain',
  swap: 'swap',
  'liquidity-in': 'liquidity in',
  'liquidity-out': 'liquidity out',
  ignored: 'ignored',
};

export const koinlyUniversalExport: ExportFormat = {
  id: 'koinly',
  title: 'Koinly universal CSV, one file per account',
  software: 'Koinly: import each file into its own wallet',

  write(input) {
    return accountFiles(input, {
      prefix: 'koinly',
      header: KOINLY_EXPORT_HEADER,
      row(t) {
        let { sentAsset, sentAmount, feeAsset, feeAmount } = t;
        if (t.type === 'fee' && feeAmount === null && sentAmount !== null) {
          [feeAsset, feeAmount, sentAsset, sentAmount] = [sentAsset, sentAmount, null, null];
        }
        const worth = t.fiatValue !== null && t.fiatCurrency !== null;
        return [
          `${isoUtcDateTime(t.timestamp)} UTC`,
          sentAmount,
          userText(sentAsset),
          t.receivedAmount,
          userText(t.receivedAsset),
          feeAmount,
          userText(feeAsset),
          worth ? t.fiatValue : null,
          worth ? userText(t.fiatCurrency) : null,
          KOINLY_EXPORT_LABELS[t.type],
          userText(t.description),
          userText(t.txHash),
        ];
      },
    });
  },
};
