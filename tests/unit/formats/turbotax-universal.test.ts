// TurboTax's universal template: the tax year's transactions in the taxpayer's zone (New York
// here, across both daylight-saving changes of 2024 and the New Year boundary), TurboTax's
// types, no negative numbers, at most 8 decimals, and descriptions neutralised.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { templateAmount, turbotaxUniversal } from '../../../shared/formats/turbotax-universal.ts';
import { BINANCE, exportInput, taxYearResult, transaction } from './export-fixtures.ts';

const HEADER =
  'Date,Type,Sent Asset,Sent Amount,Received Asset,Received Amount,Fee Asset,Fee Amount,Market Value Currency,Market Value,Description,Transaction Hash,Transaction ID';

// In (timestamp, id) order, as the ledger hands them over.
const transactions = [
  // 2023 in New York either way.
  transaction({ id: 1, at: '2023-12-31T12:00:00Z', type: 'trade', sent: '100 USD', received: '0.01 BTC' }),
  // 22:00 on 31 December 2023 in New York: not 2024.
  transaction({ id: 2, at: '2024-01-01T03:00:00Z', type: 'trade', sent: '100 USD', received: '0.01 BTC' }),
  // 01:59 EST, one minute before clocks go forward; then 03:00 EDT.
  transaction({ id: 3, at: '2024-03-10T06:59:00Z', type: 'trade', sent: '5000 USD', received: '0.25 BTC', fee: '2.99 USD', value: '5002.99 USD', description: 'buy BTC' }),
  transaction({ id: 4, at: '2024-03-10T07:00:00Z', type: 'trade', sent: '0.2 BTC', received: '4500 USD', description: '=HYPERLINK("http://x")' }),
  // 11:21:30 EDT; 1.123456789 rounds to 1.12345679; a 1-gwei fee would round to 0.
  transaction({ id: 5, at: '2024-06-01T15:21:30Z', type: 'trade', sent: '0.05 BTC', received: '1.123456789 ETH', fee: '0.000000001 ETH' }),
  transaction({ id: 6, at: '2024-07-04T04:05:00Z', type: 'staking', received: '0.005 ETH', value: '10.5 USD' }),
  transaction({ id: 7, at: '2024-08-01', type: 'gift-sent', sent: '0.1 BTC', description: '+1 gift to mom' }),
  // A dollar deposit and an ignored transaction are left out.
  transaction({ id: 8, at: '2024-08-15', type: 'deposit', received: '1000 USD' }),
  transaction({ id: 9, at: '2024-08-20', type: 'ignored', sent: '1 ETH' }),
  transaction({ id: 10, at: '2024-09-01', type: 'reward', account: BINANCE, received: '5 USDC', description: '-5 promo' }),
  transaction({ id: 11, at: '2024-10-01', type: 'swap', sent: '1 ETH', received: '1 STETH' }),
  // After clocks go back: 07:00 EST.
  transaction({ id: 12, at: '2024-11-05', type: 'expense', sent: '0.001 BTC', label: '@home' }),
  // A stray sign (the ledger stores magnitudes) must not reach the file.
  transaction({ id: 14, at: '2024-12-01', type: 'trade', sent: '-0.5 BTC', received: '100 USD' }),
  // 22:00 on 31 December 2024 in New York: still 2024.
  transaction({ id: 13, at: '2025-01-01T03:00:00Z', type: 'withdrawal', sent: '0.5 BTC', hash: '0xabc' }),
];

const write = () =>
  turbotaxUniversal.write(exportInput(taxYearResult(2024, { timeZone: 'America/New_York' }), transactions));

describe('turbotax-universal', () => {
  it("writes the tax year's transactions as the template wants them", () => {
    const files = write();
    expect(files.map((f) => f.name)).toEqual(['turbotax-universal-2024.csv']);
    expect(files[0]!.text).toBe(
      [
        HEADER,
        '3/10/2024 1:59,Buy,USD,5000,BTC,0.25,USD,2.99,USD,5002.99,buy BTC,,3',
        '3/10/2024 3:00,Sale,BTC,0.2,USD,4500,,,,,"\'=HYPERLINK(""http://x"")",,4',
        '6/1/2024 11:21,Convert,BTC,0.05,ETH,1.12345679,ETH,0.00000001,,,exact fee amount 0.000000001 ETH,,5',
        '7/4/2024 0:05,Staking,,,ETH,0.005,,,USD,10.5,,,6',
        '8/1/2024 8:00,Withdrawal,BTC,0.1,,,,,,,Gift sent; +1 gift to mom,,7',
        '9/1/2024 8:00,Income,,,USDC,5,,,,,Reward; -5 promo,,10',
        '10/1/2024 8:00,Other,ETH,1,STETH,1,,,,,Tax-free swap,,11',
        "11/5/2024 7:00,Expense,BTC,0.001,,,,,,,'@home,,12",
        '12/1/2024 7:00,Sale,BTC,0.5,USD,100,,,,,,,14',
        '12/31/2024 22:00,Withdrawal,BTC,0.5,,,,,,,,0xabc,13',
        '',
      ].join('\n'),
    );
  });

  it('has no negative number and no more than 8 decimals in any number column', () => {
    const rows = Papa.parse<string[]>(write()[0]!.text.trimEnd()).data.slice(1);
    const numberColumns = [3, 5, 7, 9];
    for (const row of rows) {
      for (const column of numberColumns) {
        const cell = row[column]!;
        if (cell !== '') expect(cell).toMatch(/^\d+(\.\d{1,8})?$/);
      }
    }
  });

  it('writes the same bytes every time', () => {
    expect(write()[0]!.text).toBe(write()[0]!.text);
  });
});

describe('templateAmount', () => {
  it('keeps up to 8 decimals exactly and rounds longer amounts half up', () => {
    expect(templateAmount('0.12345678')).toEqual({ cell: '0.12345678', exact: null });
    expect(templateAmount('0.123456785')).toEqual({ cell: '0.12345679', exact: null });
    expect(templateAmount('0.123456784999')).toEqual({ cell: '0.12345678', exact: null });
    expect(templateAmount('12')).toEqual({ cell: '12', exact: null });
  });

  it('never rounds a non-zero amount to 0: it writes the smallest amount and gives the exact one', () => {
    expect(templateAmount('0.000000004')).toEqual({ cell: '0.00000001', exact: '0.000000004' });
    expect(templateAmount('0.000000005')).toEqual({ cell: '0.00000001', exact: null });
    expect(templateAmount('0')).toEqual({ cell: '0', exact: null });
  });

  it('writes magnitudes', () => {
    expect(templateAmount('-2.5')).toEqual({ cell: '2.5', exact: null });
  });
});
