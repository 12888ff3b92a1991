// The Coinbase transaction history importer, run through the real import pipeline into a
// real ledger file, one fixture per header version Coinbase has written.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../electron/core/db/open-ledger.ts';
import { importFile, type ImportResult } from '../../../electron/core/importers/import-file.ts';
import { countTransactions, iterateTransactions } from '../../../electron/core/ledger/transactions.ts';
import { computeTaxResult, resolveTaxOptions } from '../../../electron/core/reports/tax-report.ts';
import type { Transaction } from '../../../shared/transaction.ts';
import { storedBalances } from '../../support/ledger-balances.ts';
import { tempDir, tempLedger, type TempDir } from '../../support/temp-ledger.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/importers/coinbase/${name}`, import.meta.url));

interface Expected {
  at: string;
  type: string;
  sent: string | null;
  received: string | null;
  fee: string | null;
  value: string | null;
  label: string;
}

/** A stored transaction in the words of the fixture: "0.05 BTC", "189.51 USD". */
function summarise(tx: Transaction): Expected {
  const leg = (amount: string | null, asset: string | null) => (amount === null ? null : `${amount} ${asset}`);
  return {
    at: new Date(tx.timestamp).toISOString().replace('.000Z', 'Z'),
    type: tx.type,
    sent: leg(tx.sentAmount, tx.sentAsset),
    received: leg(tx.receivedAmount, tx.receivedAsset),
    fee: leg(tx.feeAmount, tx.feeAsset),
    value: leg(tx.fiatValue, tx.fiatCurrency),
    label: tx.label ?? '',
  };
}

let dir: TempDir;
let db: Database;

beforeEach(async () => {
  dir = tempDir();
  db = (await tempLedger(dir)).db;
});

afterEach(() => {
  db.close();
  dir.remove();
});

async function importFixture(name: string): Promise<ImportResult> {
  return importFile(db, { path: fixture(name), accountName: 'Coinbase', format: 'auto' });
}

function stored(): Transaction[] {
  return [...iterateTransactions(db)];
}

/** The tax engine's figures for a year of the ledger, in UTC. */
function taxYear(year: number) {
  return computeTaxResult(db, resolveTaxOptions(db, { year, timeZone: 'UTC' }));
}

describe('Coinbase transaction history', () => {
  it.each([
    ['coinbase-2020-usd-columns.csv', 9],
    ['coinbase-2021-spot-price-currency.csv', 4],
    ['coinbase-2022-fees-and-spread.csv', 10],
    ['coinbase-2023-price-currency.csv', 3],
    ['coinbase-2024-id-column.csv', 15],
    ['coinbase-2025-addresses.csv', 6],
  ])('detects %s with --format auto and imports its %i rows', async (name, rows) => {
    const result = await importFixture(name);
    expect(result).toMatchObject({ ok: true, format: 'coinbase', added: rows, skipped: 0, rows });
    expect(countTransactions(db)).toBe(rows);
  });

  it('reads the 2020 report: currency in the column names, preamble above the header', async () => {
    await importFixture('coinbase-2020-usd-columns.csv');
    expect(stored().map(summarise)).toEqual([
      { at: '2019-03-04T15:22:31Z', type: 'trade', sent: '189.51 USD', received: '0.05 BTC', fee: '2.99 USD', value: '189.51 USD', label: 'Buy' },
      { at: '2019-06-12T09:10:44Z', type: 'reward', sent: null, received: '10.0873492 XLM', fee: null, value: '1.06 USD', label: 'Coinbase Earn' },
      // No Subtotal or Total on transfers: the value is quantity × spot price.
      { at: '2019-11-20T18:01:07Z', type: 'withdrawal', sent: '0.02 BTC', received: null, fee: null, value: '162.411 USD', label: 'Send' },
      { at: '2020-02-14T12:00:00Z', type: 'deposit', sent: null, received: '1.5 ETH', fee: null, value: '397.98 USD', label: 'Receive' },
      { at: '2020-05-01T03:14:15Z', type: 'staking', sent: null, received: '0.412345 XTZ', fee: null, value: '1.12 USD', label: 'Rewards Income' },
      { at: '2020-08-17T20:45:00Z', type: 'trade', sent: '0.5 ETH', received: '0.01785412 BTC', fee: null, value: '210.82 USD', label: 'Convert' },
      // A sale's value is what it brought in, net of the fee: 803.53 − 11.96.
      { at: '2020-12-28T14:30:09Z', type: 'trade', sent: '0.03 BTC', received: '803.53 USD', fee: '11.96 USD', value: '791.57 USD', label: 'Sell' },
      { at: '2021-01-05T16:20:00Z', type: 'deposit', sent: null, received: '500 USD', fee: null, value: '500 USD', label: 'Deposit' },
      { at: '2021-03-10T11:11:11Z', type: 'withdrawal', sent: '150 USD', received: null, fee: null, value: '150 USD', label: 'Withdrawal' },
    ]);
  });

  it('reads the late-2021 report with Spot Price Currency and plain Fees', async () => {
    await importFixture('coinbase-2021-spot-price-currency.csv');
    expect(stored().map(summarise)).toEqual([
      { at: '2021-09-14T13:02:45Z', type: 'trade', sent: '852.56 USD', received: '0.25 ETH', fee: '14.95 USD', value: '852.56 USD', label: 'Buy' },
      { at: '2021-10-03T08:15:00Z', type: 'staking', sent: null, received: '0.00412 CGLD', fee: null, value: '0.02 USD', label: 'Inflation Reward' },
      { at: '2021-11-22T19:40:31Z', type: 'donation', sent: '0.05 ETH', received: null, fee: null, value: '210.64 USD', label: 'Donation' },
      { at: '2021-12-30T23:59:59Z', type: 'trade', sent: '0.1 ETH', received: '370.11 USD', fee: '5.52 USD', value: '364.59 USD', label: 'Sell' },
    ]);
  });

  it('reads the 2022 report: advanced trades, a crypto-quoted sale, convert and rewards', async () => {
    await importFixture('coinbase-2022-fees-and-spread.csv');
    expect(stored().map(summarise)).toEqual([
      { at: '2022-01-18T14:05:12Z', type: 'trade', sent: '282.7 USD', received: '2 SOL', fee: '4.99 USD', value: '282.7 USD', label: 'Buy' },
      {
        at: '2022-02-07T10:00:00Z',
        type: 'trade',
        sent: '308 USD',
        received: '0.1 ETH',
        fee: '1.23 USD',
        value: '308 USD',
        label: 'Advanced Trade Buy',
      },
      // Sold on ETH-BTC: the BTC received (net of the fee) comes from the note, and the
      // value of the sale is the value received net of the fee: 130 − 0.52.
      {
        at: '2022-03-15T16:45:20Z',
        type: 'trade',
        sent: '0.05 ETH',
        received: '0.0032868 BTC',
        fee: null,
        value: '129.48 USD',
        label: 'Advanced Trade Sell',
      },
      { at: '2022-05-09T12:30:00Z', type: 'trade', sent: '1000 USDC', received: '0.03067321 BTC', fee: null, value: '990.12 USD', label: 'Convert' },
      { at: '2022-07-01T00:00:05Z', type: 'staking', sent: null, received: '1.234567 ADA', fee: null, value: '0.56 USD', label: 'Rewards Income' },
      { at: '2022-09-12T09:09:09Z', type: 'reward', sent: null, received: '6.48 GRT', fee: null, value: '1 USD', label: 'Learning Reward' },
      { at: '2022-11-30T17:25:00Z', type: 'deposit', sent: null, received: '250 USDC', fee: null, value: '250 USD', label: 'Receive' },
      // A Receive whose note says it came from Coinbase Referral is a reward.
      { at: '2023-01-03T08:00:00Z', type: 'reward', sent: null, received: '0.00012 BTC', fee: null, value: '2 USD', label: 'Receive' },
      { at: '2023-03-11T05:00:00Z', type: 'withdrawal', sent: '100 USDC', received: null, fee: null, value: '97 USD', label: 'Send' },
      { at: '2023-04-20T15:55:55Z', type: 'trade', sent: '1 SOL', received: '22.13 USD', fee: '0.32 USD', value: '21.81 USD', label: 'Sell' },
    ]);
  });

  it('reads the 2023 report with Price Currency, dollar signs and signed amounts', async () => {
    await importFixture('coinbase-2023-price-currency.csv');
    expect(stored().map(summarise)).toEqual([
      { at: '2023-10-02T14:00:00Z', type: 'trade', sent: '276.3 USD', received: '0.01 BTC', fee: '4.15 USD', value: '276.3 USD', label: 'Buy' },
      { at: '2023-11-15T09:30:00Z', type: 'staking', sent: null, received: '0.00081234 ETH', fee: null, value: '1.67 USD', label: 'Staking Income' },
      {
        at: '2023-12-20T18:45:10Z',
        type: 'trade',
        sent: '0.005 BTC',
        received: '216.05 USD',
        fee: '0.87 USD',
        value: '215.18 USD',
        label: 'Advanced Trade Sell',
      },
    ]);
  });

  it('reads the 2024 report with an ID column, "$1,234.56" amounts and UTC timestamps', async () => {
    await importFixture('coinbase-2024-id-column.csv');
    expect(stored().map(summarise)).toEqual([
      { at: '2024-01-11T15:42:07Z', type: 'trade', sent: '99.44 USD', received: '0.00215 BTC', fee: '1.99 USD', value: '99.44 USD', label: 'Buy' },
      {
        at: '2024-02-05T08:03:11Z',
        type: 'trade',
        sent: '1150.6 USD',
        received: '0.5 ETH',
        fee: '4.6 USD',
        value: '1150.6 USD',
        label: 'Advanced Trade Buy',
      },
      // Bought on SOL-USDC: USDC left the account, not dollars.
      {
        at: '2024-03-06T20:15:44Z',
        type: 'trade',
        sent: '397.43 USDC',
        received: '3 SOL',
        fee: null,
        value: '395.85 USD',
        label: 'Advanced Trade Buy',
      },
      { at: '2024-03-25T11:00:00Z', type: 'trade', sent: '0.25 ETH', received: '893.97 USDC', fee: null, value: '894.07 USD', label: 'Convert' },
      { at: '2024-04-20T00:09:27Z', type: 'trade', sent: '0.001 BTC', received: '63.86 USD', fee: '0.99 USD', value: '62.87 USD', label: 'Sell' },
      {
        at: '2024-05-23T13:37:00Z',
        type: 'trade',
        sent: '0.2 ETH',
        received: '758.1 USD',
        fee: '3.03 USD',
        value: '755.07 USD',
        label: 'Advanced Trade Sell',
      },
      { at: '2024-06-18T06:00:00Z', type: 'staking', sent: null, received: '0.00042816 ETH', fee: null, value: '1.5 USD', label: 'Staking Income' },
      { at: '2024-07-19T10:20:30Z', type: 'staking', sent: null, received: '0.052311 ATOM', fee: null, value: '0.44 USD', label: 'Rewards Income' },
      { at: '2024-08-20T17:45:12Z', type: 'withdrawal', sent: '0.00115 BTC', received: null, fee: null, value: '67.86 USD', label: 'Send' },
      { at: '2024-09-23T09:00:00Z', type: 'deposit', sent: null, received: '0.75 ETH', fee: null, value: '1987.5 USD', label: 'Receive' },
      { at: '2024-10-18T12:00:00Z', type: 'deposit', sent: null, received: '1000 USD', fee: null, value: '1000 USD', label: 'Deposit' },
      // Subtotal − Fees ≠ Total here (an unreported spread): what arrived, 9,685.03, is
      // the received amount less the fee, and the spread is not added back.
      { at: '2024-11-21T14:02:33Z', type: 'trade', sent: '0.1 BTC', received: '9784.03 USD', fee: '99 USD', value: '9685.03 USD', label: 'Sell' },
      { at: '2024-12-16T19:30:00Z', type: 'withdrawal', sent: '500 USD', received: null, fee: null, value: '500 USD', label: 'Withdrawal' },
      {
        at: '2025-01-04T08:08:08Z',
        type: 'ignored',
        sent: '0.5 ETH',
        received: null,
        fee: null,
        value: '1820 USD',
        label: 'Retail Staking Transfer',
      },
      {
        at: '2025-02-03T10:00:00Z',
        type: 'ignored',
        sent: null,
        received: '0.5 ETH',
        fee: null,
        value: '1435 USD',
        label: 'Retail Unstaking Transfer',
      },
    ]);
  });

  it('reads the 2025 report with sender and recipient addresses', async () => {
    await importFixture('coinbase-2025-addresses.csv');
    expect(stored().map(summarise)).toEqual([
      { at: '2025-02-17T16:20:00Z', type: 'trade', sent: '270.15 USD', received: '0.1 ETH', fee: '3.99 USD', value: '270.15 USD', label: 'Buy' },
      { at: '2025-03-12T22:10:05Z', type: 'withdrawal', sent: '0.05 ETH', received: null, fee: null, value: '93.12 USD', label: 'Send' },
      { at: '2025-04-15T11:11:11Z', type: 'deposit', sent: null, received: '0.002 BTC', fee: null, value: '169.02 USD', label: 'Receive' },
      { at: '2025-05-13T09:45:00Z', type: 'trade', sent: '0.001 BTC', received: '0.04089 ETH', fee: null, value: '102.22 USD', label: 'Convert' },
      { at: '2025-06-01T00:00:00Z', type: 'staking', sent: null, received: '0.01234 SOL', fee: null, value: '1.92 USD', label: 'Staking Income' },
      {
        at: '2025-07-21T14:30:00Z',
        type: 'trade',
        sent: '2 SOL',
        received: '374.8 USD',
        fee: '0.94 USD',
        value: '373.86 USD',
        label: 'Advanced Trade Sell',
      },
    ]);
  });

  it('derives the external id from the transaction, not the ID column; keeps the Notes and the original row', async () => {
    await importFixture('coinbase-2025-addresses.csv');
    const send = stored()[1]!;
    expect(send.externalId).toMatch(/^coinbase:1741817405000:[\w-]{22}$/);
    expect(send.description).toBe('Sent 0.05 ETH to 0x71C7656EC7ab88b098defB751B7401B5f6d8976F');
    expect(send.raw).toEqual({
      line: 6,
      cells: [
        '67d1e2f3a4b5c60022e9f0a1',
        '2025-03-12 22:10:05 UTC',
        'Send',
        'ETH',
        '-0.05',
        'USD',
        '$1,862.40',
        '-$93.12',
        '-$93.12',
        '$0.00',
        'Sent 0.05 ETH to 0x71C7656EC7ab88b098defB751B7401B5f6d8976F',
        '',
        '0x71C7656EC7ab88b098defB751B7401B5f6d8976F',
      ],
    });
  });

  it.each(['coinbase-2020-usd-columns.csv', 'coinbase-2022-fees-and-spread.csv', 'coinbase-2024-id-column.csv'])(
    'adds nothing when %s is imported again',
    async (name) => {
      const first = await importFixture(name);
      const again = await importFixture(name);
      expect(first.ok && again.ok).toBe(true);
      if (!first.ok || !again.ok) return;
      expect(again).toMatchObject({ added: 0, skipped: first.added });
      expect(countTransactions(db)).toBe(first.added);
    },
  );

  it('reports every broken row with its line, column and cell, and writes nothing', async () => {
    const result = await importFixture('coinbase-2024-broken.csv');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.format).toBe('coinbase');
    expect(result.problemCount).toBe(6);
    expect(result.problems.map(({ line, column, value }) => ({ line, column, value }))).toEqual([
      { line: 6, column: 'Subtotal', value: '$115.O6' },
      { line: 7, column: 'Timestamp', value: '2024-02-30 20:15:44 UTC' },
      { line: 8, column: 'Transaction Type', value: 'Card Spend' },
      { line: 9, column: 'Notes', value: 'Converted ETH' },
      { line: 10, column: 'ID', value: '659f1c2e8b7a4d0012a3b4c5' },
      { line: 11, column: 'Price Currency', value: 'US' },
    ]);
    const messages = result.problems.map((p) => p.message);
    expect(messages[0]).toBe('not a number');
    expect(messages[1]).toMatch(/^not a date and time/);
    expect(messages[2]).toMatch(/^"Card Spend" is not a Coinbase transaction type/);
    expect(messages[3]).toMatch(/Converted 0\.01 BTC to 0\.3 ETH/);
    expect(messages[4]).toMatch(/already on line 5/);
    expect(messages[5]).toMatch(/6 cells but the header has 11 columns/);
    expect((db.prepare('SELECT COUNT(*) AS n FROM transactions').get() as { n: number }).n).toBe(0);
  });

  it('refuses an advanced trade whose note states the amount in a currency other than the market quote', async () => {
    const path = dir.file(
      'legacy-note.csv',
      [
        'Timestamp,Transaction Type,Asset,Quantity Transacted,Spot Price Currency,Spot Price at Transaction,Subtotal,Total (inclusive of fees and/or spread),Fees and/or Spread,Notes',
        '2023-02-01T10:00:00Z,Advanced Trade Sell,ETH,1.32752151,GBP,1290.00,1712.50,1710.79,1.71,Sold 1.32752151 ETH for 1710.79 GBP on ETH-BTC',
        '',
      ].join('\n'),
    );
    const result = await importFile(db, { path, accountName: 'Coinbase', format: 'coinbase' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toMatchObject([{ line: 2, column: 'Notes', message: expect.stringMatching(/market ETH-BTC/) }]);
    expect(countTransactions(db)).toBe(0);
  });
});

describe('Coinbase exports of the same transactions from different years', () => {
  // The same 2021 transactions as three header versions write them: the USD-column report
  // of 2021, the 2023 report without an ID column (which adds a 2022 trade), and the 2024
  // report with IDs (which adds a 2024 reward). Between them the timestamps, the signs of
  // quantities, "$1,234.56" amounts, the Notes (reworded or dropped), "Coinbase Earn"
  // renamed "Learning Reward", and a sale's Subtotal and Fees rounded differently. Two
  // equal rewards in one second appear in all three.
  const REPORT_2021 = 'coinbase-overlap-2021-usd-columns.csv';
  const REPORT_2023 = 'coinbase-overlap-2023-no-id.csv';
  const REPORT_2024 = 'coinbase-overlap-2024-with-id.csv';
  const ROWS: Record<string, number> = { [REPORT_2021]: 7, [REPORT_2023]: 8, [REPORT_2024]: 9 };

  it.each([
    [REPORT_2023, REPORT_2024, 1],
    [REPORT_2024, REPORT_2023, 0],
    [REPORT_2021, REPORT_2024, 2],
    [REPORT_2024, REPORT_2021, 0],
    [REPORT_2021, REPORT_2023, 1],
    [REPORT_2023, REPORT_2021, 0],
  ])('%s, then %s, adds only the %i transaction(s) the first did not have', async (first, second, added) => {
    expect(await importFixture(first)).toMatchObject({ ok: true, added: ROWS[first], skipped: 0 });
    expect(await importFixture(second)).toMatchObject({ ok: true, added, skipped: ROWS[second]! - added });
    expect(countTransactions(db)).toBe(ROWS[first]! + added);
  });

  it('holds each transaction once after all three reports', async () => {
    for (const name of [REPORT_2021, REPORT_2024, REPORT_2023]) expect(await importFixture(name)).toMatchObject({ ok: true });
    expect(countTransactions(db)).toBe(9);
    // BTC: 0.01 bought + 0.015 from the convert − 0.005 sent − 0.002 sold. ETH: the two
    // rewards of one second, each once, less the 0.5 converted.
    expect(storedBalances(db)).toMatchObject({ BTC: '0.018', ETH: '-0.49754', SOL: '2.0123', XLM: '10.5' });
  });
});

describe('Coinbase: Retail Eth2 Deprecation', () => {
  it('joins the ETH2 and ETH rows, seconds apart, into one swap that carries the basis over', async () => {
    const result = await importFixture('coinbase-2025-eth2-deprecation.csv');
    expect(result).toMatchObject({ ok: true, added: 4, rows: 5 });
    const swap = stored().find((tx) => tx.label === 'Retail Eth2 Deprecation')!;
    expect(summarise(swap)).toEqual({
      at: '2025-01-10T10:00:00Z',
      type: 'swap',
      sent: '0.500812345678 ETH2',
      received: '0.500812345678 ETH',
      fee: null,
      value: '1627.64 USD',
      label: 'Retail Eth2 Deprecation',
    });
    expect(swap.description).toMatch(/not a sale, the ETH keeps the ETH2's cost basis and dates/);
    expect((swap.raw as { line: number }[]).map((r) => r.line)).toEqual([4, 5]);
    expect(storedBalances(db)).toEqual({ ETH: '0.500812345678', USD: '-914.45' });
  });

  it('adds nothing when the file is imported again', async () => {
    await importFixture('coinbase-2025-eth2-deprecation.csv');
    expect(await importFixture('coinbase-2025-eth2-deprecation.csv')).toMatchObject({ ok: true, added: 0, skipped: 4 });
  });

  it('reports a half whose other half is not within ten minutes, and writes nothing', async () => {
    const result = await importFixture('coinbase-2025-eth2-half-broken.csv');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map(({ line, column, value }) => ({ line, column, value }))).toEqual([
      { line: 4, column: 'Transaction Type', value: 'Retail Eth2 Deprecation' },
      { line: 5, column: 'Transaction Type', value: 'Retail Eth2 Deprecation' },
    ]);
    expect(result.problems[0]!.message).toMatch(/the ETH2 this ETH replaced\) is not in the file within ten minutes/);
    expect(result.problems[1]!.message).toMatch(/the ETH that replaced this ETH2\) is not in the file within ten minutes/);
    expect(countTransactions(db)).toBe(0);
  });
});

describe('Coinbase: the value of a disposal is the value received, net of fees', () => {
  it('values a sale into USDC as the same sale into dollars: 300 less 1.20 of fees', async () => {
    expect(await importFixture('coinbase-2025-sales-into-usdc-and-into-usd.csv')).toMatchObject({ ok: true, added: 3 });
    expect(stored().map(summarise).slice(1)).toEqual([
      {
        at: '2025-03-10T12:00:00Z',
        type: 'trade',
        sent: '0.1 ETH',
        received: '298.8 USDC',
        fee: null,
        value: '298.8 USD',
        label: 'Advanced Trade Sell',
      },
      {
        at: '2025-03-10T13:00:00Z',
        type: 'trade',
        sent: '0.1 ETH',
        received: '300 USD',
        fee: '1.2 USD',
        value: '298.8 USD',
        label: 'Advanced Trade Sell',
      },
    ]);
    // Each 0.1 ETH cost 300 (1 ETH for 3,000) and brought 298.80.
    const { disposals, totals } = taxYear(2025);
    expect(disposals.map((d) => [d.kind, d.proceeds.toFixed(), d.costBasis.toFixed()])).toEqual([
      ['trade', '298.8', '300'],
      ['sale', '298.8', '300'],
    ]);
    expect(totals.shortTerm.gain.toFixed()).toBe('-2.4');
  });

  it('values a late-2025 Convert, whose Total is below its Subtotal, at the USDC received', async () => {
    expect(await importFixture('coinbase-2025-convert-total-below-subtotal.csv')).toMatchObject({ ok: true, added: 2 });
    expect(summarise(stored()[1]!)).toEqual({
      at: '2025-12-17T16:58:53Z',
      type: 'trade',
      sent: '0.1 BNB',
      received: '83.77578 USDC',
      fee: null,
      value: '83.77578 USD',
      label: 'Convert',
    });
    // Subtotal 84.622 (the BNB given) less the 0.84622 fee: 83.77578, against a cost of 80.
    const { totals } = taxYear(2025);
    expect([totals.shortTerm.proceeds.toFixed(), totals.shortTerm.costBasis.toFixed(), totals.shortTerm.gain.toFixed()]).toEqual([
      '83.77578',
      '80',
      '3.77578',
    ]);
  });
});

describe('Coinbase: a Convert written as two rows with one ID', () => {
  const TWO_ROWS = 'coinbase-2025-convert-in-two-rows.csv';

  it('joins the row giving USDC and the row receiving ETH into one trade', async () => {
    expect(await importFixture(TWO_ROWS)).toMatchObject({ ok: true, added: 2, rows: 3 });
    const convert = stored().find((tx) => tx.label === 'Convert')!;
    // The value received: 0.2 ETH at 2,500.
    expect(summarise(convert)).toEqual({
      at: '2025-05-01T12:00:00Z',
      type: 'trade',
      sent: '500 USDC',
      received: '0.2 ETH',
      fee: null,
      value: '500 USD',
      label: 'Convert',
    });
    expect((convert.raw as { line: number }[]).map((r) => r.line)).toEqual([4, 5]);
  });

  it('gives it the id a one-row Convert of the same coins would have, so another export of it adds nothing', async () => {
    await importFixture(TWO_ROWS);
    const oneRow = dir.file(
      'one-row.csv',
      [
        'ID,Timestamp,Transaction Type,Asset,Quantity Transacted,Price Currency,Price at Transaction,Subtotal,Total (inclusive of fees and/or spread),Fees and/or Spread,Notes',
        '67b0c0ffee00000000000004,2025-05-01 12:00:00 UTC,Convert,USDC,-500,USD,$1.00,$500.00,$507.38,$7.38,Converted 500 USDC to 0.2 ETH',
        '',
      ].join('\n'),
    );
    expect(await importFile(db, { path: oneRow, accountName: 'Coinbase', format: 'coinbase' })).toMatchObject({ ok: true, added: 0, skipped: 1 });
  });

  it('reports a third row under the ID of such a Convert, and a row without its partner', async () => {
    const [preamble, user, header, given, got] = readFileSync(fixture(TWO_ROWS), 'utf8').split('\n');
    const alone = '67b0c0ffee00000000000009,2025-06-01 12:00:00 UTC,Convert,BTC,-0.01,USD,"$100,000.00","$1,000.00","$1,000.00",$0.00,,,';
    const path = dir.file('broken-pairs.csv', [preamble, user, header, given, got, got, alone, ''].join('\n'));
    const result = await importFile(db, { path, accountName: 'Coinbase', format: 'coinbase' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map(({ line, column, message }) => ({ line, column, message }))).toEqual([
      { line: 6, column: 'ID', message: 'this ID is already on line 4; each Coinbase transaction has its own ID' },
      {
        line: 7,
        column: 'Notes',
        message:
          'a Convert needs a note like "Converted 0.01 BTC to 0.3 ETH" naming what was received, or a second row with the same ID that receives it; export a period that holds both rows',
      },
    ]);
    expect(countTransactions(db)).toBe(0);
  });
});

describe('Coinbase: ETH2, its staked ETH', () => {
  it('records a Convert between ETH and ETH2, and a migration written as a Send and a Receive, as swaps', async () => {
    expect(await importFixture('coinbase-2025-eth2-migrated-as-send-and-receive.csv')).toMatchObject({ ok: true, added: 4, rows: 5 });
    const swaps = stored().filter((tx) => tx.type === 'swap');
    expect(swaps.map(summarise)).toEqual([
      {
        at: '2023-05-28T06:23:38Z',
        type: 'swap',
        sent: '0.17305191 ETH',
        received: '0.17305191 ETH2',
        fee: null,
        value: '298.21913 USD',
        label: 'Convert',
      },
      {
        at: '2025-01-07T19:26:56Z',
        type: 'swap',
        sent: '0.180914809326 ETH2',
        received: '0.180914809326 ETH',
        fee: null,
        value: '597.49846 USD',
        label: 'Send + Receive',
      },
    ]);
    expect(swaps[0]!.description).toMatch(/not a sale, the coins keep their cost basis and dates/);
    expect(swaps[1]!.description).toMatch(/written as a Send and a Receive: not a sale, the ETH keeps the ETH2's cost basis and dates/);
    // Nothing was sold, in either year.
    expect(taxYear(2023).disposals).toEqual([]);
    expect(taxYear(2025).disposals).toEqual([]);
    // The 365 paid for 0.2 ETH stays with the ETH, through ETH2 and back; the staking
    // income of 0.12649 adds its own lot. (The file lacks the ETH2 staking rewards, so
    // 0.007862899326 of the ETH has no known basis, and says so.)
    const eth = taxYear(2025).holdings.find((h) => h.asset === 'ETH')!;
    expect(eth.costBasis.toFixed()).toBe('365.12649');
  });

  it('keeps a Send of ETH2 that no Receive of ETH matches a withdrawal', async () => {
    const text = readFileSync(fixture('coinbase-2025-eth2-migrated-as-send-and-receive.csv'), 'utf8');
    const path = dir.file('send-alone.csv', text.replace('Receive,ETH,0.180914809326', 'Receive,ETH,0.18'));
    expect(await importFile(db, { path, accountName: 'Coinbase', format: 'coinbase' })).toMatchObject({ ok: true, added: 5 });
    expect(stored().filter((tx) => tx.label === 'Send' || tx.label === 'Receive').map((tx) => tx.type)).toEqual(['withdrawal', 'deposit']);
  });
});
