// Ordinary income of the tax year (staking, mining, airdrops, forks, rewards, interest,
// other income): one row per receipt with its fair market value when received, which is
// what goes on Schedule 1 (or Schedule C for a business) and what became the new lot's basis.
//
// A last row, Total, adds the rows' values as written (each rounded half up to cents), so it
// equals the income `lotwise summary` prints. A receipt whose value is missing is still a
// row, valued 0, with a note saying so.
import { toDecimalText } from '../money.ts';
import type { TransactionType } from '../transaction.ts';
import { csvText, userText, usDate } from './csv-text.ts';
import type { ExportFormat } from './export-format.ts';
import { centsOf, centsText } from './line-cents.ts';

export const INCOME_HEADER = ['Date', 'Asset', 'Quantity', 'Fair market value', 'Type', 'Account', 'Transaction', 'Note'] as const;

const INCOME_TYPE_WORDS: Partial<Record<TransactionType, string>> = {
  staking: 'Staking',
  mining: 'Mining',
  airdrop: 'Airdrop',
  fork: 'Fork',
  reward: 'Reward',
  interest: 'Interest',
  income: 'Other income',
};

export const MISSING_INCOME_PRICE_NOTE = 'A price is missing: value counted as 0';

export const incomeReport: ExportFormat = {
  id: 'income',
  title: 'Income report (CSV)',
  software: 'Ordinary income at fair market value: for Schedule 1 or Schedule C, or a preparer',
  write(input) {
    const rows: string[][] = [];
    let total = 0n;
    for (const event of input.result.income) {
      const value = centsOf(event.fairMarketValue);
      total += value;
      rows.push([
        usDate(event.date),
        userText(event.asset),
        toDecimalText(event.quantity),
        centsText(value),
        INCOME_TYPE_WORDS[event.type] ?? event.type,
        userText(input.accounts.get(event.accountId)?.name ?? `Account ${event.accountId}`),
        String(event.transactionId),
        event.missingPrice ? MISSING_INCOME_PRICE_NOTE : '',
      ]);
    }
    rows.push(['Total', '', '', centsText(total), '', '', '', '']);
    return [{ name: `income-${input.taxYear}.csv`, text: csvText(INCOME_HEADER, rows) }];
  },
};
