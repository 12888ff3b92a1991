// CoinLedger universal template import: every type into a real ledger, broken files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../electron/core/db/open-ledger.ts';
import { importFile, type ImportResult } from '../../../electron/core/importers/import-file.ts';
import type { TransactionRow } from '../../../electron/core/ledger/transactions.ts';
import { tempDir, tempLedger, type TempDir } from '../../support/temp-ledger.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures/importers/coinledger');
const fixture = (name: string): string => join(FIXTURES, name);

interface Stored {
  at: string;
  type: string;
  sent: string | null;
  received: string | null;
  fee: string | null;
  label: string | null;
}

function rowsOf(db: Database): TransactionRow[] {
  return db.prepare('SELECT * FROM transactions ORDER BY timestamp, external_id').all() as TransactionRow[];
}

function stored(db: Database): Stored[] {
  const leg = (amount: string | null, asset: string | null): string | null => (amount === null ? null : `${amount} ${asset}`);
  return rowsOf(db).map((row) => ({
    at: new Date(row.timestamp).toISOString(),
    type: row.type,
    sent: leg(row.sent_amount, row.sent_asset),
    received: leg(row.received_amount, row.received_asset),
    fee: leg(row.fee_amount, row.fee_asset),
    label: row.label,
  }));
}

const tx = (at: string, type: string, legs: { sent?: string; received?: string; fee?: string }, label: string | null): Stored => ({
  at,
  type,
  sent: legs.sent ?? null,
  received: legs.received ?? null,
  fee: legs.fee ?? null,
  label,
});

function problemsOf(result: ImportResult): { line: number; column: string | null; value: string | null; message: string }[] {
  if (result.ok) throw new Error('expected the import to fail');
  return result.problems.map(({ line, column, value, message }) => ({ line, column, value, message }));
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

describe('CoinLedger universal template', () => {
  it('imports every type as its Lotwise type', async () => {
    const result = await importFile(db, { path: fixture('coinledger-universal.csv'), accountName: 'CoinLedger', format: 'auto' });
    expect(result).toMatchObject({ ok: true, format: 'coinledger', rows: 22, added: 22, skipped: 0 });
    expect(stored(db)).toEqual([
      tx('2019-01-20T14:02:33.000Z', 'trade', { sent: '1000 USD', received: '0.27464 BTC', fee: '14.99 USD' }, 'Trade'),
      tx('2019-05-11T09:30:00.000Z', 'trade', { sent: '0.1 BTC', received: '3.1021 ETH', fee: '0.00025 BTC' }, null),
      tx('2019-09-02T18:00:00.000Z', 'deposit', { received: '0.15 BTC' }, 'Deposit'),
      tx('2020-02-17T11:11:11.000Z', 'withdrawal', { sent: '0.05 BTC', fee: '0.0001 BTC' }, 'Withdrawal'),
      tx('2020-07-01T00:00:00.000Z', 'interest', { received: '4.1523 USDC' }, 'Interest'),
      tx('2020-10-15T03:45:12.000Z', 'staking', { received: '0.2471 DOT' }, 'Staking'),
      tx('2020-12-01T12:00:00.000Z', 'mining', { received: '0.0231 ETH' }, 'Mining'),
      tx('2021-01-04T15:47:31.000Z', 'airdrop', { received: '45.3017 XLM' }, 'Airdrop'),
      tx('2021-03-10T20:00:00.000Z', 'gift-received', { received: '0.002 BTC' }, 'Gift Received'),
      tx('2021-12-24T19:45:12.000Z', 'gift-sent', { sent: '0.05 ETH', fee: '0.00042 ETH' }, 'Gift Sent'),
      tx('2022-05-05T10:10:10.000Z', 'donation', { sent: '0.01 BTC' }, 'Donation'),
      tx('2022-06-13T16:20:00.000Z', 'expense', { sent: '0.0042 BTC' }, 'Merchant Payment'),
      tx('2022-07-01T00:00:00.000Z', 'expense', { sent: '12.4 USDC' }, 'Interest Payment'),
      tx('2022-09-15T06:42:59.000Z', 'fork', { received: '1.5 ETHW' }, 'Hard Fork'),
      tx('2022-11-11T14:03:27.000Z', 'lost', { sent: '2.5 SOL' }, 'Lost'),
      tx('2023-01-30T02:15:00.000Z', 'lost', { sent: '0.8 ETH' }, 'Theft Loss'),
      tx('2023-04-02T12:00:00.000Z', 'lost', { sent: '5000 USDC' }, 'Investment Loss'),
      tx('2023-08-19T09:00:00.000Z', 'lost', { sent: '0.03 BTC' }, 'Casualty Loss'),
      tx('2024-02-02T22:22:22.000Z', 'income', { received: '50 USDT' }, 'Income'),
      tx('2024-06-06T06:06:06.000Z', 'lost', { sent: '0.2 ETH' }, 'Stolen'),
      tx('2025-03-15T17:45:00.000Z', 'trade', { sent: '1.2 ETH', received: '3800.4 USD', fee: '22.8 USD' }, 'Trade'),
      tx('2025-07-04T12:00:00.000Z', 'staking', { received: '0.0063 SOL', fee: '0.000945 SOL' }, 'Staking'),
    ]);
    const rows = rowsOf(db);
    expect(rows[1]!.description).toBe('Swap BTC to ETH, market order');
    expect(rows[2]!.tx_hash).toBe('4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b');
    expect(new Set(rows.map((row) => row.external_id)).size).toBe(22);
  });

  it('adds nothing when the file is imported again', async () => {
    await importFile(db, { path: fixture('coinledger-universal.csv'), accountName: 'CoinLedger', format: 'coinledger' });
    const again = await importFile(db, { path: fixture('coinledger-universal.csv'), accountName: 'CoinLedger', format: 'auto' });
    expect(again).toMatchObject({ ok: true, added: 0, skipped: 22 });
    expect(rowsOf(db)).toHaveLength(22);
  });
});

describe('CoinLedger universal template without the "(Optional)" suffixes', () => {
  const file = fixture('coinledger-without-optional-suffixes.csv');

  it('reads the columns under their bare names', async () => {
    const result = await importFile(db, { path: file, accountName: 'CoinLedger', format: 'auto' });
    expect(result).toMatchObject({ ok: true, format: 'coinledger', rows: 3, added: 3 });
    expect(stored(db)).toEqual([
      tx('2024-04-20T14:30:00.000Z', 'trade', { sent: '0.0005 BTC', received: '1000 RUNEALPHA', fee: '0.00002 BTC' }, 'Trade'),
      tx('2024-05-01T09:00:00.000Z', 'deposit', { received: '0.25 ETH' }, 'Deposit'),
      tx('2024-05-02T00:00:00.000Z', 'staking', { received: '0.0011 ETH' }, 'Staking'),
    ]);
    const rows = rowsOf(db);
    expect(rows[0]!.description).toBe('Runes mint');
    expect(rows[0]!.tx_hash).toBe('8f2a5c1e9d0b7a3f6e4c2b1a0d9e8f7c6b5a4d3e2f1a0b9c8d7e6f5a4b3c2d1e');
  });

  it('adds nothing when the file is imported again', async () => {
    await importFile(db, { path: file, accountName: 'CoinLedger', format: 'auto' });
    expect(await importFile(db, { path: file, accountName: 'CoinLedger', format: 'coinledger' })).toMatchObject({ ok: true, added: 0, skipped: 3 });
  });

  it('names a bad cell by the column as the file spells it', async () => {
    const text = readFileSync(file, 'utf8').replace('BTC,0.00002,Trade', 'BTC,0.0000.2,Trade');
    const result = await importFile(db, { path: dir.file('bad-fee.csv', text), accountName: 'CoinLedger', format: 'auto' });
    expect(problemsOf(result)).toEqual([{ line: 2, column: 'Fee Amount', value: '0.0000.2', message: 'not a number' }]);
  });
});

describe('CoinLedger universal template: broken files', () => {
  it('reports every bad cell with its line, column and value, and writes nothing', async () => {
    const result = await importFile(db, { path: fixture('broken-cells.csv'), accountName: 'CoinLedger', format: 'auto' });
    expect(problemsOf(result)).toEqual([
      { line: 3, column: 'Amount Sent', value: '$1,250.00', message: 'not a number' },
      { line: 4, column: 'Date (UTC)', value: '2023-04-20 14:30:00', message: 'not a date and time; expected MM/DD/YYYY HH:MM:SS in UTC' },
      {
        line: 5,
        column: 'Type',
        value: 'Transfer',
        message:
          'not a CoinLedger type; use one of: Trade, Deposit, Withdrawal, Income, Interest, Staking, Mining, Airdrop, Hard Fork, Gift Received, Gift Sent, Donation, Merchant Payment, Interest Payment, Lost, Stolen, Theft Loss, Casualty Loss, Investment Loss',
      },
      { line: 6, column: 'Type', value: '', message: 'Type is required unless the row has both a sent and a received amount (a trade)' },
      { line: 7, column: 'Type', value: 'Staking', message: 'income (staking) needs a received amount and no sent amount' },
      { line: 8, column: 'Amount Received', value: '0', message: 'a trade needs both a sent and a received amount above 0' },
    ]);
    expect(rowsOf(db)).toHaveLength(0);
  });

  it('does not take a header that is not the template exactly', async () => {
    const result = await importFile(db, { path: fixture('missing-column.csv'), accountName: 'CoinLedger', format: 'coinledger' });
    expect(problemsOf(result)).toEqual([
      {
        line: 1,
        column: null,
        value: null,
        message:
          'no CoinLedger universal template header found (the first line reads "Date (UTC),Platform (Optional),Asset Sent,Amount Sent,Asset Received,Amount Received,Fee Currency (Optional),Fee Amount (Optional)"); expected the columns Date (UTC), Platform (Optional), Asset Sent, Amount Sent, Asset Received, Amount Received, Fee Currency (Optional), Fee Amount (Optional), Type, Description (Optional), TxHash (Optional)',
      },
    ]);
    expect(rowsOf(db)).toHaveLength(0);
  });

  it('tells a header with the template’s columns in another order the order they must come in', async () => {
    const good = readFileSync(fixture('coinledger-universal.csv'), 'utf8').split('\n');
    // Received before Sent: every column is there, and each in the wrong place for CoinLedger.
    const swap = (line: string) => {
      const cells = line.split(',');
      return [...cells.slice(0, 2), ...cells.slice(4, 6), ...cells.slice(2, 4), ...cells.slice(6)].join(',');
    };
    const path = dir.file('reordered.csv', good.map((line) => (line === '' ? line : swap(line))).join('\n'));
    const order =
      'Date (UTC), Platform (Optional), Asset Sent, Amount Sent, Asset Received, Amount Received, Fee Currency (Optional), ' +
      'Fee Amount (Optional), Type, Description (Optional), TxHash (Optional)';
    for (const format of ['auto', 'coinledger'] as const) {
      const result = await importFile(db, { path, accountName: 'CoinLedger', format });
      expect(problemsOf(result), format).toEqual([
        {
          line: 1,
          column: null,
          value: null,
          message: `this line has the columns of the CoinLedger universal template, but in another order, and the template needs them in this order: ${order}. Put the columns in this order, or export the file again.`,
        },
      ]);
    }
    expect(rowsOf(db)).toHaveLength(0);
  });

  it('reports a file cut off inside its last row, and writes nothing', async () => {
    const result = await importFile(db, { path: fixture('cut-off.csv'), accountName: 'CoinLedger', format: 'auto' });
    expect(problemsOf(result)).toEqual([
      { line: 4, column: 'Asset Received', value: 'USD', message: 'the row has 5 cells but the header has 11 columns (is the line cut off?)' },
    ]);
    expect(rowsOf(db)).toHaveLength(0);
  });
});
