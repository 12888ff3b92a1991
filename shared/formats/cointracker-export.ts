// The ledger as CoinTracker CSV files, one per account (see account-files.ts), for a user
// moving to CoinTracker or sharing their history with someone who uses it. Dates are UTC
// as `MM/DD/YYYY HH:MM:SS` (milliseconds dropped).
//
// Types and the CoinTracker tag written (CoinTracker's "Transaction category definitions"
// and the CSV tags Lotwise's CoinTracker importer reads):
//   trade, deposit, withdrawal   no tag: a send, a receive or a trade by the legs
//   liquidity-in, liquidity-out  no tag: a trade (the tax engine treats them as trades)
//   staking, mining              staking, mined (the CSV tag CoinTracker documents for mining)
//   airdrop, fork, interest      airdrop, fork, interest
//   income, reward               other income (CoinTracker: "any other type of reward
//                                received", its example Coinbase Learn rewards)
//   gift-sent, gift-received     gift, sent or received by the legs (CoinTracker's list
//                                documents gift on sends; Lotwise reads it on receives)
//   donation, lost               donation, lost
//   expense, fee                 no tag: an untagged send is what CoinTracker takes as a
//                                payment, a disposal at market value. A fee paid as a fee
//                                leg alone is written as the sent amount.
//   realized-gain                margin gain (received) or margin loss (sent)
//   swap                         wrap (CoinTracker's non-taxable exchange)
//   ignored                      left out: CoinTracker has no tag for it
//
// A send's Sent Quantity includes its fee when the fee is in the asset sent, as
// CoinTracker's CSV rules ask ("Sent Quantity should include fees") and Lotwise's
// CoinTracker importer reads it: a withdrawal of 0.03 BTC with a 0.0001 BTC fee is
// written 0.0301 BTC, fee 0.0001 BTC.
//
// What is lost, also when Lotwise reads the file back: the fiat value (CoinTracker prices
// everything itself, so income and trades need prices again), descriptions, transaction
// hashes (so transfers between accounts are no longer matched by hash; CoinTracker pairs
// them by amount and time), ignored transactions, and the types that share a tag: reward
// comes back as income, liquidity moves as trades, expenses and fees as withdrawals.
import { parseDecimal, toDecimalText } from '../money.ts';
import type { TransactionType } from '../transaction.ts';
import { accountFiles, usUtcDateTime } from './account-files.ts';
import { userText } from './csv-text.ts';
import type { ExportFormat } from './export-format.ts';
import { COINTRACKER_HEADER } from './tool-headers.ts';

export const COINTRACKER_EXPORT_HEADER = COINTRACKER_HEADER;

/** The tag for each type; '' = none; null = left out of the file. */
export const COINTRACKER_EXPORT_TAGS: Readonly<Record<TransactionType, string | null>> = {
  trade: '',
  deposit: '',
  withdrawal: '',
  staking: 'staking',
  mining: 'mined',
  airdrop: 'airdrop',
  fork: 'fork',
  reward: 'other income',
  interest: 'interest',
  income: 'other income',
  'gift-sent': 'gift',
  donation: 'donation',
  lost: 'lost',
  'gift-received': 'gift',
  expense: '',
  fee: '',
  'realized-gain': 'margin gain',
  swap: 'wrap',
  'liquidity-in': '',
  'liquidity-out': '',
  ignored: null,
};

export const cointrackerExport: ExportFormat = {
  id: 'cointracker',
  title: 'CoinTracker CSV, one file per account',
  software: 'CoinTracker: import each file into its own wallet',

  write(input) {
    return accountFiles(input, {
      prefix: 'cointracker',
      header: COINTRACKER_EXPORT_HEADER,
      row(t) {
        let tag = COINTRACKER_EXPORT_TAGS[t.type];
        if (tag === null) return null;
        if (t.type === 'realized-gain' && t.receivedAmount === null) tag = 'margin loss';
        let { sentAsset, sentAmount, feeAsset, feeAmount } = t;
        if (t.type === 'fee' && sentAmount === null) {
          [sentAsset, sentAmount, feeAsset, feeAmount] = [feeAsset, feeAmount, null, null];
        } else if (sentAmount !== null && t.receivedAmount === null && feeAmount !== null && feeAsset === sentAsset) {
          sentAmount = toDecimalText(parseDecimal(sentAmount)!.plus(feeAmount));
        }
        return [
          usUtcDateTime(t.timestamp),
          t.receivedAmount,
          userText(t.receivedAsset),
          sentAmount,
          userText(sentAsset),
          feeAmount,
          userText(feeAsset),
          tag,
        ];
      },
    });
  },
};
