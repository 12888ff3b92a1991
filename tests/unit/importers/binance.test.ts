// The Binance transaction history importer, run through the real import pipeline into a
// real ledger file: one fixture per header version, the broken file, and the property that
// joining rows into trades neither loses nor invents any quantity.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../electron/core/db/open-ledger.ts';
import { fileTimeZone, parseBinanceTime } from '../../../electron/core/importers/formats/binance.ts';
import { importFile, type ImportResult } from '../../../electron/core/importers/import-file.ts';
import { countTransactions, iterateTransactions } from '../../../electron/core/ledger/transactions.ts';
import { Decimal, toDecimalText } from '../../../shared/money.ts';
import type { Transaction } from '../../../shared/transaction.ts';
import { tempDir, tempLedger, type TempDir } from '../../support/temp-ledger.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/importers/binance/${name}`, import.meta.url));

interface Expected {
  at: string;
  type: string;
  sent?: string;
  received?: string;
  fee?: string;
  label: string;
  description?: string;
}

/** A stored transaction in the words of the fixture ("0.05 BTC"); absent legs are left out. */
function summarise(tx: Transaction): Expected {
  const summary: Expected = { at: new Date(tx.timestamp).toISOString().replace('.000Z', 'Z'), type: tx.type, label: tx.label ?? '' };
  if (tx.sentAmount !== null) summary.sent = `${tx.sentAmount} ${tx.sentAsset}`;
  if (tx.receivedAmount !== null) summary.received = `${tx.receivedAmount} ${tx.receivedAsset}`;
  if (tx.feeAmount !== null) summary.fee = `${tx.feeAmount} ${tx.feeAsset}`;
  if (tx.description !== null) summary.description = tx.description;
  return summary;
}

/** The description of trades whose rows Lotwise paired itself. */
const paired = (out: string, into: string): string =>
  `Lotwise paired these rows: Binance lists several trades in this second without saying which rows belong together (${out} out; ${into} in); check the pairing against your Binance trade history`;
const UNTIED_FEE = "a fee of this second's trades that the file does not tie to one of them";

/** Time order, and a fixed order for transactions of the same second. */
function inOrder(list: Expected[]): Expected[] {
  const key = (e: Expected) => `${e.at}|${e.type}|${e.sent ?? ''}|${e.received ?? ''}|${e.fee ?? ''}`;
  return [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Per coin, what the stored transactions add to the balance: received − sent − fee. */
function ledgerChanges(transactions: readonly Transaction[]): Record<string, string> {
  const totals = new Map<string, Decimal>();
  const add = (asset: string | null, amount: string | null, sign: 1 | -1) => {
    if (asset === null || amount === null) return;
    const change = new Decimal(amount).times(sign);
    totals.set(asset, (totals.get(asset) ?? new Decimal(0)).plus(change));
  };
  for (const tx of transactions) {
    add(tx.receivedAsset, tx.receivedAmount, 1);
    add(tx.sentAsset, tx.sentAmount, -1);
    add(tx.feeAsset, tx.feeAmount, -1);
  }
  return nonZero(totals);
}

/** Per coin, the sum of the Change column of a (quote-free) Binance file. */
function fileChanges(text: string): Record<string, string> {
  const [header, ...lines] = text.replace(/^\uFEFF/, '').trim().split('\n');
  const columns = header!.split(',');
  const coin = columns.indexOf('Coin');
  const change = columns.indexOf('Change');
  const totals = new Map<string, Decimal>();
  for (const line of lines) {
    const cells = line.split(',');
    totals.set(cells[coin]!, (totals.get(cells[coin]!) ?? new Decimal(0)).plus(cells[change]!));
  }
  return nonZero(totals);
}

function nonZero(totals: Map<string, Decimal>): Record<string, string> {
  return Object.fromEntries(
    [...totals]
      .filter(([, total]) => !total.isZero())
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([asset, total]) => [asset, toDecimalText(total)]),
  );
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

function importPath(path: string, format: 'auto' | 'binance' = 'auto'): Promise<ImportResult> {
  return importFile(db, { path, accountName: 'Binance', format });
}

function stored(): Transaction[] {
  return [...iterateTransactions(db)];
}

describe('Binance transaction history', () => {
  it.each([
    ['binance-2020-utc-time.csv', 18, 12],
    ['binance-2022-user-id-newest-first.csv', 37, 23],
    ['binance-2024-user-id-time.csv', 11, 8],
  ])('detects %s with --format auto: %i rows make %i transactions', async (name, rows, transactions) => {
    const result = await importPath(fixture(name));
    expect(result).toMatchObject({ ok: true, format: 'binance', added: transactions, skipped: 0, rows });
    expect(countTransactions(db)).toBe(transactions);
  });

  it('reads the 2020 export without User_ID: old Buy/Sell/Fee rows, dust and savings', async () => {
    await importPath(fixture('binance-2020-utc-time.csv'));
    expect(inOrder(stored().map(summarise))).toEqual(
      inOrder([
        { at: '2020-01-06T08:11:32Z', type: 'deposit', received: '1500 USDT', label: 'Deposit' },
        { at: '2020-01-06T09:30:05Z', type: 'trade', sent: '775.2 USDT', received: '0.1 BTC', fee: '0.0001 BTC', label: 'Buy + Fee' },
        { at: '2020-02-20T13:45:00Z', type: 'deposit', received: '2 BNB', label: 'Deposit' },
        { at: '2020-03-12T14:02:51Z', type: 'trade', sent: '0.05 BTC', received: '248.315 USDT', fee: '0.01823104 BNB', label: 'Fee + Sell' },
        { at: '2020-04-01T00:00:00Z', type: 'interest', received: '0.04123 USDT', label: 'Savings Interest' },
        { at: '2020-05-04T02:15:40Z', type: 'ignored', sent: '500 USDT', label: 'Savings purchase' },
        { at: '2020-06-04T02:15:40Z', type: 'ignored', received: '500 USDT', label: 'Savings Principal redemption' },
        { at: '2020-07-15T10:20:30Z', type: 'airdrop', received: '0.86 BAND', label: 'Distribution' },
        // Two dust coins in one second for BNB: the file does not say which BNB row is
        // whose, so they are paired in a fixed order (coin, then amount) and say so.
        { at: '2020-08-20T16:45:12Z', type: 'trade', sent: '3.2 ADA', received: '0.00183 BNB', label: 'Small assets exchange BNB', description: paired('ADA, XRP', 'BNB') },
        { at: '2020-08-20T16:45:12Z', type: 'trade', sent: '1.5 XRP', received: '0.004113 BNB', label: 'Small assets exchange BNB', description: paired('ADA, XRP', 'BNB') },
        { at: '2020-10-02T11:11:11Z', type: 'reward', received: '0.12345678 USDT', label: 'Commission History' },
        {
          at: '2020-12-31T23:59:59Z',
          type: 'withdrawal',
          sent: '0.0495 BTC',
          label: 'Withdraw',
          description: 'Withdraw fee is included',
        },
      ]),
    );
  });

  it('reads the 2022 export with User_ID, newest first', async () => {
    await importPath(fixture('binance-2022-user-id-newest-first.csv'));
    const spotTrade = 'Transaction Buy + Transaction Fee + Transaction Spend';
    const spotSale = 'Transaction Fee + Transaction Revenue + Transaction Sold';
    const toFutures = 'Transfer Between Spot Account and UM Futures Account';
    const toFunding = 'Transfer Between Main and Funding Wallet';
    expect(inOrder(stored().map(summarise))).toEqual(
      inOrder([
        { at: '2021-11-03T07:12:40Z', type: 'deposit', received: '2000 USDT', label: 'Deposit' },
        // Two fills of one order add up to one trade.
        { at: '2021-11-03T08:00:17Z', type: 'trade', sent: '2287.5 USDT', received: '0.5 ETH', fee: '0.0005 ETH', label: spotTrade },
        { at: '2022-01-10T12:00:00Z', type: 'trade', sent: '100 USDT', received: '73.52941176 ADA', label: 'Binance Convert' },
        { at: '2022-02-14T09:15:00Z', type: 'ignored', sent: '200 USDT', label: 'Simple Earn Flexible Subscription' },
        { at: '2022-02-14T09:15:00Z', type: 'ignored', received: '200 USDT', label: 'Simple Earn Flexible Subscription' },
        { at: '2022-03-01T01:00:00Z', type: 'interest', received: '0.0321 USDT', label: 'Simple Earn Flexible Interest' },
        // A buy and a sale in one second: the operation names tell their rows apart. The
        // two BNB fee rows could be either trade's, so they are one fee of their own.
        { at: '2022-04-05T16:30:22Z', type: 'trade', sent: '45.4 USDT', received: '0.001 BTC', label: 'Transaction Buy + Transaction Spend' },
        { at: '2022-04-05T16:30:22Z', type: 'trade', sent: '0.1 ETH', received: '345.2 USDT', label: 'Transaction Revenue + Transaction Sold' },
        { at: '2022-04-05T16:30:22Z', type: 'fee', fee: '0.00026 BNB', label: 'Transaction Fee', description: UNTIED_FEE },
        {
          at: '2022-05-31T06:00:00Z',
          type: 'swap',
          sent: '1.25 LUNA',
          received: '1.25 LUNC',
          label: 'Token Swap - Redenomination/Rebranding',
        },
        { at: '2022-06-18T20:00:00Z', type: 'staking', received: '0.01823 DOT', label: 'Staking Rewards' },
        // The convert's two rows are a second apart: joined, at the earlier time.
        { at: '2022-08-08T10:00:00Z', type: 'trade', sent: '0.002 BTC', received: '0.02537 ETH', label: 'Binance Convert' },
        { at: '2022-09-29T03:03:03Z', type: 'trade', sent: '50 USDC', received: '50 BUSD', label: 'Stablecoins Auto-Conversion' },
        { at: '2022-10-25T14:20:00Z', type: 'reward', received: '0.5 USDT', label: 'Referral Kickback' },
        { at: '2022-12-01T00:00:00Z', type: 'staking', received: '1.2 HOOK', label: 'Launchpool Interest' },
        { at: '2022-12-10T09:00:00Z', type: 'ignored', sent: '100 USDT', label: toFutures },
        { at: '2022-12-10T09:00:00Z', type: 'ignored', received: '100 USDT', label: toFutures },
        { at: '2022-12-12T15:30:00Z', type: 'realized-gain', received: '12.5 USDT', label: 'Realized Profit and Loss' },
        { at: '2022-12-12T15:30:00Z', type: 'realized-gain', sent: '0.8 USDT', label: 'Fee' },
        { at: '2023-01-15T10:10:10Z', type: 'withdrawal', sent: '0.4 ETH', label: 'Withdraw', description: 'Withdraw fee is included' },
        { at: '2023-02-01T18:00:00Z', type: 'ignored', sent: '10 USDT', label: toFunding },
        { at: '2023-02-01T18:00:00Z', type: 'ignored', received: '10 USDT', label: toFunding },
        { at: '2023-03-20T11:45:30Z', type: 'trade', sent: '0.01 BTC', received: '259.3 EUR', fee: '0.2593 EUR', label: spotSale },
      ]),
    );
  });

  it('reads the 2024 export: byte-order mark, "User ID" and "Time", two-digit years', async () => {
    await importPath(fixture('binance-2024-user-id-time.csv'));
    expect(inOrder(stored().map(summarise))).toEqual(
      inOrder([
        { at: '2024-01-08T10:12:13Z', type: 'deposit', received: '1000 USDT', label: 'Deposit' },
        {
          at: '2024-01-08T11:00:00Z',
          type: 'trade',
          sent: '985.5 USDT',
          received: '10 SOL',
          fee: '0.01 SOL',
          label: 'Transaction Buy + Transaction Fee + Transaction Spend',
        },
        { at: '2024-02-01T00:01:02Z', type: 'staking', received: '0.0123 SOL', label: 'Simple Earn Locked Rewards' },
        { at: '2024-05-10T12:00:00Z', type: 'airdrop', received: '1234.56 NOT', label: 'HODLer Airdrops Distribution' },
        { at: '2024-06-15T08:30:00Z', type: 'trade', sent: '2 SOL', received: '290.1 USDC', label: 'Binance Convert' },
        { at: '2024-07-01T09:45:00Z', type: 'reward', received: '0.5 USDT', label: 'Cashback Voucher' },
        { at: '2024-12-31T23:59:59Z', type: 'withdrawal', sent: '7.5 SOL', label: 'Withdraw', description: 'Withdraw fee is included' },
        { at: '2025-01-02T07:00:00Z', type: 'reward', received: '0.0123 USDT', label: 'Crypto Box' },
      ]),
    );
  });

  it('keeps every row of a joined trade, with its line, as the raw record', async () => {
    await importPath(fixture('binance-2022-user-id-newest-first.csv'));
    const convert = stored().find((tx) => tx.timestamp === Date.UTC(2022, 7, 8, 10, 0, 0))!;
    expect(convert.externalId).toMatch(/^binance:1659952800000:[\w-]{22}$/);
    expect(convert.raw).toEqual([
      { line: 16, cells: ['38012345', '2022-08-08 10:00:01', 'Spot', 'Binance Convert', 'ETH', '0.02537000', ''] },
      { line: 17, cells: ['38012345', '2022-08-08 10:00:00', 'Spot', 'Binance Convert', 'BTC', '-0.00200000', ''] },
    ]);
  });

  it.each(['binance-2020-utc-time.csv', 'binance-2022-user-id-newest-first.csv', 'binance-2024-user-id-time.csv'])(
    'stores, per coin, exactly the balance change %s states',
    async (name) => {
      await importPath(fixture(name));
      expect(ledgerChanges(stored())).toEqual(fileChanges(readFileSync(fixture(name), 'utf8')));
    },
  );

  it('adds nothing when a file is imported again, in the same or the reverse order', async () => {
    const path = fixture('binance-2022-user-id-newest-first.csv');
    const first = await importPath(path);
    const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
    const oldestFirst = dir.file('oldest-first.csv', [header, ...lines.reverse(), ''].join('\n'));
    const again = await importPath(path);
    const reversed = await importPath(oldestFirst);
    expect(first).toMatchObject({ ok: true, added: 23 });
    expect(again).toMatchObject({ ok: true, added: 0, skipped: 23 });
    expect(reversed).toMatchObject({ ok: true, added: 0, skipped: 23 });
    expect(countTransactions(db)).toBe(23);
  });

  it('reports every broken row with its line, column and cell, and writes nothing', async () => {
    const result = await importPath(fixture('binance-broken.csv'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.format).toBe('binance');
    expect(result.problemCount).toBe(6);
    const problems = [...result.problems].sort((a, b) => a.line - b.line);
    expect(problems.map(({ line, column, value }) => ({ line, column, value }))).toEqual([
      { line: 3, column: 'Change', value: '0.5.1' },
      { line: 4, column: 'UTC_Time', value: '2022-13-01 10:00:00' },
      { line: 5, column: 'Operation', value: 'Leveraged Coin Consolidation' },
      { line: 6, column: 'Operation', value: 'Transaction Buy' },
      { line: 7, column: 'Operation', value: 'Transaction Fee' },
      { line: 8, column: 'Operation', value: 'Depos' },
    ]);
    const messages = problems.map((p) => p.message);
    expect(messages[0]).toBe('not a number');
    expect(messages[1]).toMatch(/^not a date and time/);
    expect(messages[2]).toMatch(/^"Leveraged Coin Consolidation" is not a Binance operation/);
    expect(messages[3]).toMatch(/only the incoming side of this trade is in the file/);
    expect(messages[4]).toBe(messages[3]);
    expect(messages[5]).toMatch(/4 cells but the header has 7 columns/);
    expect((db.prepare('SELECT COUNT(*) AS n FROM transactions').get() as { n: number }).n).toBe(0);
  });

  it('reports every row of a second whose rows cannot be told apart into trades', async () => {
    const path = dir.file(
      'ambiguous.csv',
      [
        'User_ID,UTC_Time,Account,Operation,Coin,Change,Remark',
        '38012345,2022-07-07 07:07:07,Spot,Transaction Spend,USDT,-100.00000000,',
        '38012345,2022-07-07 07:07:07,Spot,Transaction Spend,BUSD,-50.00000000,',
        '38012345,2022-07-07 07:07:07,Spot,Transaction Buy,BTC,0.00750000,',
        '',
      ].join('\n'),
    );
    const result = await importPath(path, 'binance');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map(({ line, column, value }) => ({ line, column, value }))).toEqual([
      { line: 2, column: 'Operation', value: 'Transaction Spend' },
      { line: 3, column: 'Operation', value: 'Transaction Spend' },
      { line: 4, column: 'Operation', value: 'Transaction Buy' },
    ]);
    expect(result.problems[0]!.message).toMatch(/2 changes going out \(BUSD, USDT\) and 1 coming in \(BTC\)/);
    expect(countTransactions(db)).toBe(0);
  });

  it('gives a trade one fee asset and records a fee in a second asset on its own', async () => {
    const path = dir.file(
      'two-fee-assets.csv',
      [
        'User_ID,UTC_Time,Account,Operation,Coin,Change,Remark',
        '38012345,2022-07-07 07:07:07,Spot,Transaction Buy,BTC,0.10000000,',
        '38012345,2022-07-07 07:07:07,Spot,Transaction Spend,USDT,-2010.00000000,',
        '38012345,2022-07-07 07:07:07,Spot,Transaction Fee,USDT,-0.30000000,',
        '38012345,2022-07-07 07:07:07,Spot,Transaction Fee,BNB,-0.00100000,',
        '',
      ].join('\n'),
    );
    expect(await importPath(path, 'binance')).toMatchObject({ ok: true, added: 2 });
    const label = 'Transaction Buy + Transaction Fee + Transaction Spend';
    expect(inOrder(stored().map(summarise))).toEqual(
      inOrder([
        { at: '2022-07-07T07:07:07Z', type: 'trade', sent: '2010 USDT', received: '0.1 BTC', fee: '0.001 BNB', label },
        { at: '2022-07-07T07:07:07Z', type: 'fee', fee: '0.3 USDT', label: 'Transaction Fee' },
      ]),
    );
  });

  it('reads both the four-digit and the two-digit year', () => {
    expect(parseBinanceTime('2021-03-04 10:11:12')).toBe(Date.UTC(2021, 2, 4, 10, 11, 12));
    expect(parseBinanceTime('24-01-08 10:12:13')).toBe(Date.UTC(2024, 0, 8, 10, 12, 13));
    expect(parseBinanceTime('24-13-08 10:12:13')).toBeNull();
    expect(parseBinanceTime('24-1-8 10:12:13')).toBeNull();
    expect(parseBinanceTime('08.01.2024 10:12')).toBeNull();
  });
});

describe('Binance rows of one second, in any order', () => {
  // Dust of three coins for BNB, an old-style Buy of two coins (ETH for BUSD, SOL for
  // USDT) with Transaction Related rows, and a newer buy and sale, each in one second,
  // and the same rows again with every second's rows in another order.
  const IN_FILE_ORDER = 'binance-same-second-rows.csv';
  const REORDERED = 'binance-same-second-rows-reordered.csv';
  const oldBuy = 'Buy + Transaction Related';
  const expected: Expected[] = [
    { at: '2022-02-01T00:00:00Z', type: 'trade', sent: '100 DOGE', received: '0.007 BNB', label: 'Small assets exchange BNB', description: paired('DOGE, SHIB, TRX', 'BNB') },
    { at: '2022-02-01T00:00:00Z', type: 'trade', sent: '500000 SHIB', received: '0.01 BNB', label: 'Small assets exchange BNB', description: paired('DOGE, SHIB, TRX', 'BNB') },
    { at: '2022-02-01T00:00:00Z', type: 'trade', sent: '50 TRX', received: '0.04 BNB', label: 'Small assets exchange BNB', description: paired('DOGE, SHIB, TRX', 'BNB') },
    // The ETH fee goes with the trade that received ETH; the BNB fee with neither.
    { at: '2022-05-01T10:00:01Z', type: 'trade', sent: '2800 BUSD', received: '1 ETH', fee: '0.001 ETH', label: 'Buy + Fee + Transaction Related', description: paired('BUSD, USDT', 'ETH, SOL') },
    { at: '2022-05-01T10:00:01Z', type: 'trade', sent: '900 USDT', received: '10 SOL', label: oldBuy, description: paired('BUSD, USDT', 'ETH, SOL') },
    { at: '2022-05-01T10:00:01Z', type: 'fee', fee: '0.002 BNB', label: 'Fee', description: UNTIED_FEE },
    // Transaction Buy / Spend and Transaction Sold / Revenue name their trade: no inference.
    { at: '2023-03-15T14:00:00Z', type: 'trade', sent: '25 USDT', received: '0.001 BTC', fee: '0.000001 BTC', label: 'Transaction Buy + Transaction Fee + Transaction Spend' },
    { at: '2023-03-15T14:00:00Z', type: 'trade', sent: '0.1 ETH', received: '180 USDT', label: 'Transaction Revenue + Transaction Sold' },
    { at: '2023-03-15T14:00:00Z', type: 'fee', fee: '0.0005 BNB', label: 'Transaction Fee', description: UNTIED_FEE },
  ];

  it.each([IN_FILE_ORDER, REORDERED])('pairs the rows of %s the same way, whatever their order', async (name) => {
    expect(await importPath(fixture(name))).toMatchObject({ ok: true, added: 9, rows: 18 });
    expect(inOrder(stored().map(summarise))).toEqual(inOrder(expected));
    expect(ledgerChanges(stored())).toEqual(fileChanges(readFileSync(fixture(name), 'utf8')));
  });

  it.each([
    [IN_FILE_ORDER, REORDERED],
    [REORDERED, IN_FILE_ORDER],
  ])('adds nothing when %s is followed by %s', async (first, second) => {
    expect(await importPath(fixture(first))).toMatchObject({ ok: true, added: 9 });
    expect(await importPath(fixture(second))).toMatchObject({ ok: true, added: 0, skipped: 9 });
    expect(countTransactions(db)).toBe(9);
  });
});

describe('Binance: card, futures, auto-invest, rewards and recovered assets', () => {
  it('records each operation as its treatment says', async () => {
    const name = 'binance-2024-card-futures-auto-invest.csv';
    expect(await importPath(fixture(name))).toMatchObject({ ok: true, added: 17, rows: 18 });
    const toFutures = 'Transfer Between Spot Account and USDⓈ-M Futures Account';
    const toFunding = 'Main and Funding Account Transfer';
    expect(inOrder(stored().map(summarise))).toEqual(
      inOrder([
        { at: '2024-01-05T08:00:00Z', type: 'deposit', received: '500 USDT', label: 'Deposit' },
        { at: '2024-01-08T00:00:12Z', type: 'trade', sent: '50 USDT', received: '0.00106 BTC', label: 'Auto-Invest Transaction' },
        { at: '2024-01-09T12:00:00Z', type: 'ignored', sent: '200 USDT', label: toFutures },
        { at: '2024-01-09T12:00:00Z', type: 'ignored', received: '200 USDT', label: toFutures },
        { at: '2024-01-10T08:00:00Z', type: 'realized-gain', sent: '0.1234 USDT', label: 'Funding Fee' },
        { at: '2024-01-10T16:00:00Z', type: 'realized-gain', received: '0.0421 USDT', label: 'Funding Fee' },
        { at: '2024-01-11T09:30:00Z', type: 'realized-gain', sent: '0.08 USDT', label: 'Fee' },
        { at: '2024-01-11T09:30:00Z', type: 'realized-gain', received: '15.5 USDT', label: 'Realized Profit and Loss' },
        { at: '2024-01-12T03:00:00Z', type: 'realized-gain', received: '1.2 USDT', label: 'Insurance Fund Compensation' },
        { at: '2024-02-14T19:45:10Z', type: 'expense', sent: '23.4 USDT', label: 'Binance Card Spending' },
        { at: '2024-02-14T19:45:11Z', type: 'reward', received: '0.00095 BNB', label: 'Binance Card Cashback' },
        { at: '2024-03-01T10:00:00Z', type: 'reward', received: '5 USDT', label: 'Mission Reward Distribution' },
        { at: '2024-03-02T10:00:00Z', type: 'reward', received: '1 USDT', label: 'Task Center Rewards' },
        { at: '2024-04-20T08:00:00Z', type: 'airdrop', received: '3.5 SAGA', label: 'Launchpool Airdrop - System Distribution' },
        { at: '2024-05-01T00:00:00Z', type: 'ignored', sent: '10 USDT', label: toFunding },
        { at: '2024-05-01T00:00:00Z', type: 'ignored', received: '10 USDT', label: toFunding },
        {
          at: '2024-06-30T06:00:00Z',
          type: 'withdrawal',
          sent: '3.5 LUNA',
          label: 'Asset Recovery',
          description: 'Binance took back or returned this balance outside trading ("Asset Recovery"); recorded as a transfer: check what it was',
        },
      ]),
    );
    expect(ledgerChanges(stored())).toEqual(fileChanges(readFileSync(fixture(name), 'utf8')));
  });

  it('reports a wrong sign as a wrong sign, on the row to fix', async () => {
    const result = await importPath(fixture('binance-wrong-signs-broken.csv'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect([...result.problems].sort((a, b) => a.line - b.line).map(({ line, column, value, message }) => ({ line, column, value, message }))).toEqual([
      {
        line: 2,
        column: 'Change',
        value: '-0.10000000',
        message:
          'the amount has the wrong sign: every change of this trade is negative, so nothing would be received; a Buy adds BTC to the balance, so its Change must be positive',
      },
      {
        line: 5,
        column: 'Change',
        value: '0.05000000',
        message: 'the amount has the wrong sign: Transaction Sold takes BTC from the balance, so its Change must be negative',
      },
      {
        line: 8,
        column: 'Change',
        value: '0.01000000',
        message: 'the amount has the wrong sign: Withdraw takes from the balance, but this change is positive',
      },
      {
        line: 9,
        column: 'Change',
        value: '12.50000000',
        message: 'the amount has the wrong sign: Binance Card Spending takes from the balance, but this change is positive',
      },
    ]);
    expect(countTransactions(db)).toBe(0);
  });
});

describe('Binance exports in the time zone the user chose', () => {
  // One history exported twice: in UTC+8, as Binance names it in the file name, and in
  // UTC+0. The Time cells of the first are eight hours ahead of the second's.
  const IN_UTC_PLUS_8 = 'binance-2024-exported-in-utc+8(UTC+8).csv';
  const IN_UTC = 'binance-2024-same-history-exported-in-utc(UTC+0).csv';
  const ZONE_NOTE = 'time converted to UTC from UTC+8, the time zone in the file name';
  const buy = 'Transaction Buy + Transaction Fee + Transaction Spend';
  const sale = 'Transaction Fee + Transaction Revenue + Transaction Sold';

  it('reads the times of a UTC+8 export as UTC+8 times, and says so on each transaction', async () => {
    expect(await importPath(fixture(IN_UTC_PLUS_8))).toMatchObject({ ok: true, added: 5 });
    expect(inOrder(stored().map(summarise))).toEqual(
      inOrder([
        // "24-01-10 08:00:00" in UTC+8 is midnight UTC.
        { at: '2024-01-10T00:00:00Z', type: 'deposit', received: '10000 USDT', label: 'Deposit', description: ZONE_NOTE },
        { at: '2024-01-15T02:30:00Z', type: 'trade', sent: '4000 USDT', received: '0.1 BTC', fee: '0.0001 BTC', label: buy, description: ZONE_NOTE },
        // "24-02-01 00:00:00" in UTC+8: interest of January 31 in UTC.
        { at: '2024-01-31T16:00:00Z', type: 'interest', received: '1.5 USDT', label: 'Simple Earn Flexible Interest', description: ZONE_NOTE },
        { at: '2024-03-20T06:00:00Z', type: 'trade', sent: '3500 USDT', received: '1 ETH', label: 'Binance Convert', description: ZONE_NOTE },
        { at: '2024-06-01T04:00:00Z', type: 'trade', sent: '0.05 BTC', received: '3400 USDT', fee: '3.4 USDT', label: sale, description: ZONE_NOTE },
      ]),
    );
  });

  it.each([
    [IN_UTC_PLUS_8, IN_UTC],
    [IN_UTC, IN_UTC_PLUS_8],
  ])('adds nothing from %s after %s: the same transactions at the same instants', async (second, first) => {
    expect(await importPath(fixture(first))).toMatchObject({ ok: true, added: 5 });
    expect(await importPath(fixture(second))).toMatchObject({ ok: true, added: 0, skipped: 5 });
    expect(countTransactions(db)).toBe(5);
  });

  it('reads a UTC_Time export as UTC whatever its file name says', async () => {
    const text = readFileSync(fixture('binance-2020-utc-time.csv'), 'utf8');
    expect(await importPath(dir.file('Binance-history(UTC+8).csv', text))).toMatchObject({ ok: true, added: 12 });
    const first = stored().reduce((a, b) => (b.timestamp < a.timestamp ? b : a));
    expect(summarise(first)).toEqual({ at: '2020-01-06T08:11:32Z', type: 'deposit', received: '1500 USDT', label: 'Deposit' });
  });

  it.each([
    ['Binance-Transaction-History-202408120614(UTC+8)-part1-of1.csv', 480, 'UTC+8'],
    ['Binance-Transaction-History-202408120700(UTC+0)-part1-of1.csv', 0, 'UTC+0'],
    ['Binance-Transaction-History-202408120614(UTC-5).csv', -300, 'UTC-5'],
    ['Binance-Transaction-History-202603230400(UTC--6)_abcd.csv', -360, 'UTC-6'],
    ['Binance-Historial-de-transacciones-202607121635(UTC+5:30).csv', 330, 'UTC+5:30'],
  ])('takes the time zone from the file name %s', (name, minutes, label) => {
    expect(fileTimeZone(name)).toEqual({ minutes, label });
  });

  it('finds no time zone in a file name without one', () => {
    expect(fileTimeZone('binance-2024.csv')).toBeNull();
    expect(fileTimeZone('history (copy).csv')).toBeNull();
  });
});

describe('Binance: ETH 2.0 staking, purchases with fiat, moves to the Funding wallet', () => {
  it('records ETH staked for BETH as a swap, a card purchase as a deposit and a move between wallets as ignored', async () => {
    const name = 'binance-2024-eth-staking-fiat-purchases-spot-to-funding.csv';
    expect(await importPath(fixture(name))).toMatchObject({ ok: true, added: 5, rows: 7 });
    const move = 'Transfer Between Spot and Funding';
    expect(inOrder(stored().map(summarise))).toEqual(
      inOrder([
        {
          at: '2021-09-22T21:18:36Z',
          type: 'swap',
          sent: '0.05 ETH',
          received: '0.05 BETH',
          label: 'ETH 2.0 Staking',
          description: 'ETH staked with Binance for BETH, its receipt for staked ETH: not a sale, the BETH keeps the ETH’s cost basis and dates',
        },
        // Paid by card: the fiat is not in the file, so the price paid must be added.
        {
          at: '2023-12-22T18:26:26Z',
          type: 'deposit',
          received: '325.94914962 USDT',
          label: 'Buy Crypto With Fiat',
          description: expect.stringMatching(/^RefWallet; bought with fiat paid by card or bank, which this file does not show: the price paid is in Binance’s Buy Crypto history/),
        },
        // Paid from the spot balance: both sides are in the file, one trade.
        { at: '2024-02-03T09:00:00Z', type: 'trade', sent: '300 EUR', received: '323.1 USDT', label: 'Buy Crypto With Fiat' },
        { at: '2025-01-06T10:00:00Z', type: 'ignored', sent: '100 USDT', label: move },
        { at: '2025-01-06T10:00:00Z', type: 'ignored', received: '100 USDT', label: move },
      ]),
    );
    expect(ledgerChanges(stored())).toEqual(fileChanges(readFileSync(fixture(name), 'utf8')));
  });
});

describe('Binance trades, as a property', () => {
  const COINS = ['BNB', 'BTC', 'ETH', 'SOL', 'USDT'] as const;
  // Amounts with Binance's eight decimals, from one satoshi to a million.
  const amount = fc.bigInt({ min: 1n, max: 10n ** 14n }).map((n) => {
    const digits = n.toString().padStart(9, '0');
    return `${digits.slice(0, -8)}.${digits.slice(-8)}`;
  });
  const fill = fc.record({
    spent: amount,
    bought: amount,
    fee: fc.option(fc.oneof(amount, fc.constant('0.00000000')), { nil: null }),
    feeCoin: fc.constantFrom(...COINS),
  });
  const trade = fc.record({
    market: fc.tuple(fc.constantFrom(...COINS), fc.constantFrom(...COINS)).filter(([from, into]) => from !== into),
    fills: fc.array(fill, { minLength: 1, maxLength: 3 }),
  });
  const event = fc.oneof(
    // One or more trades in the same second (different markets split, fills add up).
    fc.record({ kind: fc.constant('trades' as const), convert: fc.boolean(), trades: fc.array(trade, { minLength: 1, maxLength: 3 }) }),
    fc.record({
      kind: fc.constant('single' as const),
      operation: fc.constantFrom(
        ['Deposit', 1],
        ['Withdraw', -1],
        ['Savings Interest', 1],
        ['Simple Earn Flexible Subscription', -1],
        ['Simple Earn Flexible Redemption', 1],
      ),
      coin: fc.constantFrom(...COINS),
      amount,
    }),
  );

  type HistoryEvent = typeof event extends fc.Arbitrary<infer E> ? E : never;

  /** The Binance rows of the events, an hour apart, each trade's fills as spend, buy, fee. */
  function rowsOf(events: readonly HistoryEvent[]): string[] {
    const rows: string[] = [];
    events.forEach((e, i) => {
      const time = new Date(Date.UTC(2022, 0, 1) + i * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
      const row = (operation: string, coin: string, change: string) => rows.push(`38012345,${time},Spot,${operation},${coin},${change},`);
      if (e.kind === 'single') {
        const [operation, sign] = e.operation as [string, number];
        row(operation, e.coin, sign < 0 ? `-${e.amount}` : e.amount);
        return;
      }
      for (const t of e.trades) {
        const [from, into] = t.market;
        for (const f of t.fills) {
          row(e.convert ? 'Binance Convert' : 'Transaction Spend', from, `-${f.spent}`);
          row(e.convert ? 'Binance Convert' : 'Transaction Buy', into, f.bought);
          if (!e.convert && f.fee !== null) row('Transaction Fee', f.feeCoin, `-${f.fee}`);
        }
      }
    });
    return rows;
  }

  it('stores per coin exactly the sum of Change, whichever way the file is sorted', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(event, { minLength: 1, maxLength: 10 }), fc.boolean(), async (events, newestFirst) => {
        run += 1;
        const rows = rowsOf(events);
        if (newestFirst) rows.reverse();
        const text = ['User_ID,UTC_Time,Account,Operation,Coin,Change,Remark', ...rows, ''].join('\n');
        const path = dir.file(`history-${run}.csv`, text);
        const ledger = (await tempLedger(dir, `ledger-${run}.db`)).db;
        try {
          const result = await importFile(ledger, { path, accountName: 'Binance', format: 'auto' });
          expect(result).toMatchObject({ ok: true, format: 'binance' });
          expect(ledgerChanges([...iterateTransactions(ledger)])).toEqual(fileChanges(text));
        } finally {
          ledger.close();
        }
      }),
      { numRuns: 40 },
    );
  }, 120_000); // every run is a full import (a parse worker and a ledger file)

  it('pairs the same trades from a re-export in any row order, and adds nothing from it', async () => {
    const HEADER = 'User_ID,UTC_Time,Account,Operation,Coin,Change,Remark';
    const reordered = fc
      .array(event, { minLength: 1, maxLength: 8 })
      .chain((events) => {
        const rows = rowsOf(events);
        return fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length }));
      });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(reordered, async ([rows, shuffled]) => {
        run += 1;
        const original = dir.file(`original-${run}.csv`, [HEADER, ...rows, ''].join('\n'));
        const reexport = dir.file(`reexport-${run}.csv`, [HEADER, ...shuffled, ''].join('\n'));
        const both = (await tempLedger(dir, `both-${run}.db`)).db;
        const alone = (await tempLedger(dir, `alone-${run}.db`)).db;
        try {
          const first = await importFile(both, { path: original, accountName: 'Binance', format: 'binance' });
          expect(first).toMatchObject({ ok: true });
          const again = await importFile(both, { path: reexport, accountName: 'Binance', format: 'binance' });
          expect(again).toMatchObject({ ok: true, added: 0 });
          expect(await importFile(alone, { path: reexport, accountName: 'Binance', format: 'binance' })).toMatchObject({ ok: true });
          const trades = (ledger: Database) => inOrder([...iterateTransactions(ledger)].map(summarise));
          expect(trades(alone)).toEqual(trades(both));
        } finally {
          both.close();
          alone.close();
        }
      }),
      { numRuns: 30 },
    );
  }, 120_000); // every run is three full imports
});
