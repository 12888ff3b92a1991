// The ledger as CoinLedger Universal Manual Import Template files, one per account (see
// account-files.ts), for a user moving to CoinLedger or sharing their history with someone
// who uses it. The header is the template's, optional columns kept; dates are UTC as
// `MM/DD/YYYY HH:MM:SS` (milliseconds dropped); Platform is the account's name.
//
// Types and the CoinLedger type written (CoinLedger's "Universal Manual Import Template
// Guide" and the types Lotwise's CoinLedger importer reads):
//   trade, deposit, withdrawal     Trade, Deposit, Withdrawal
//   staking, mining, airdrop       Staking, Mining, Airdrop
//   fork, interest, income         Hard Fork, Interest, Income
//   reward                         Income (the template has no reward type)
//   gift-received, gift-sent       Gift Received, Gift Sent
//   donation                       Donation
//   lost                           Theft Loss (the template's loss types are theft,
//                                  casualty and investment losses; Lotwise does not know
//                                  which one it was: review them in CoinLedger)
//   expense                        Merchant Payment
//   fee                            Merchant Payment; a fee paid as a fee leg alone is
//                                  written as the amount sent
//   swap, liquidity-in/-out        Trade (the template has no tax-free swap, and no
//                                  liquidity types)
//   realized-gain                  Income when received, Merchant Payment when sent: the
//                                  template has no margin or derivatives type (CoinLedger
//                                  takes those through its in-app Add Transaction), so
//                                  enter the profit or loss there instead
//   ignored                        left out: the template has no type for it
//
// What is lost, also when Lotwise reads the file back: the fiat value (CoinLedger prices
// everything itself, so income and trades need prices again), ignored transactions, and
// the types that share a CoinLedger type: reward comes back as income, a fee and a realised
// loss as expense, a realised profit as income, swap and liquidity moves as
// trades. Descriptions and hashes are kept (text that would start a spreadsheet formula
// gets a leading apostrophe, csv-text.ts).
import type { Transaction, TransactionType } from '../transaction.ts';
import { accountFiles, usUtcDateTime } from './account-files.ts';
import { userText } from './csv-text.ts';
import type { ExportFormat } from './export-format.ts';
import { COINLEDGER_HEADER } from './tool-headers.ts';

export const COINLEDGER_EXPORT_HEADER = COINLEDGER_HEADER;

/** The CoinLedger type for each Lotwise type; null = left out of the file. */
export const COINLEDGER_EXPORT_TYPES: Readonly<Record<TransactionType, string | null>> = {
  trade: 'Trade',
  deposit: 'Deposit',
  withdrawal: 'Withdrawal',
  staking: 'Staking',
  mining: 'Mining',
  airdrop: 'Airdrop',
  fork: 'Hard Fork',
  reward: 'Income',
  interest: 'Interest',
  income: 'Income',
  'gift-sent': 'Gift Sent',
  donation: 'Donation',
  lost: 'Theft Loss',
  'gift-received': 'Gift Received',
  expense: 'Merchant Payment',
  fee: 'Merchant Payment',
  'realized-gain': 'Income',
  swap: 'Trade',
  'liquidity-in': 'Trade',
  'liquidity-out': 'Trade',
  ignored: null,
};

function coinledgerType(t: Transaction): string | null {
  if (t.type === 'realized-gain' && t.receivedAmount === null) return 'Merchant Payment';
  return COINLEDGER_EXPORT_TYPES[t.type];
}

export const coinledgerExport: ExportFormat = {
  id: 'coinledger',
  title: 'CoinLedger universal template, one file per account',
  software: 'CoinLedger: import each file as its own manual import',

  write(input) {
    return accountFiles(input, {
      prefix: 'coinledger',
      header: COINLEDGER_EXPORT_HEADER,
      row(t, account) {
        const type = coinledgerType(t);
        if (type === null) return null;
        let { sentAsset, sentAmount, feeAsset, feeAmount } = t;
        if (t.type === 'fee' && sentAmount === null) {
          [sentAsset, sentAmount, feeAsset, feeAmount] = [feeAsset, feeAmount, null, null];
        }
        return [
          usUtcDateTime(t.timestamp),
          userText(account.name),
          userText(sentAsset),
          sentAmount,
          userText(t.receivedAsset),
          t.receivedAmount,
          userText(feeAsset),
          feeAmount,
          type,
          userText(t.description),
          userText(t.txHash),
        ];
      },
    });
  },
};
