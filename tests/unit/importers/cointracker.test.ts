// CoinTracker CSV import: every tag into a real ledger, columns in any order, broken files.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../electron/core/db/open-ledger.ts';
import { importFile, type ImportResult } from '../../../electron/core/importers/import-file.ts';
import type { TransactionRow } from '../../../electron/core/ledger/transactions.ts';
import { computeTaxResult, resolveTaxOptions } from '../../../electron/core/reports/tax-report.ts';
import { tempDir, tempLedger, type TempDir } from '../../support/temp-ledger.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures/importers/cointracker');
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

describe('CoinTracker CSV', () => {
  it('imports every tag as its Lotwise type', async () => {
    const result = await importFile(db, { path: fixture('cointracker-transactions.csv'), accountName: 'CoinTracker', format: 'auto' });
    expect(result).toMatchObject({ ok: true, format: 'cointracker', rows: 31, added: 31, skipped: 0 });
    expect(stored(db)).toEqual([
      tx('2019-01-15T16:20:00.000Z', 'trade', { sent: '900 USD', received: '0.25 BTC', fee: '4.5 USD' }, null),
      tx('2019-03-02T09:15:00.000Z', 'deposit', { received: '0.1 BTC' }, null),
      tx('2019-07-19T22:41:07.000Z', 'staking', { received: '3.2145 XTZ' }, 'staked'),
      tx('2019-11-08T05:02:51.000Z', 'mining', { received: '0.00412 ETH' }, 'mined'),
      tx('2019-12-11T15:47:31.000Z', 'airdrop', { received: '45.3017 XLM' }, 'airdrop'),
      tx('2020-04-03T18:30:00.000Z', 'income', { received: '0.015 BTC' }, 'payment'),
      tx('2021-06-30T12:00:00.000Z', 'income', { received: '25 USDC' }, 'income'),
      tx('2021-10-01T00:00:00.000Z', 'interest', { received: '0.8234 USDC' }, 'interest'),
      // A send's Sent Quantity includes its fee: 0.05 ETH left, 0.00042 of it the fee.
      tx('2021-12-24T19:45:12.000Z', 'gift-sent', { sent: '0.04958 ETH', fee: '0.00042 ETH' }, 'gift'),
      tx('2022-02-14T08:00:00.000Z', 'gift-received', { received: '0.001 BTC' }, 'gift'),
      tx('2022-09-15T06:42:59.000Z', 'fork', { received: '1.5 ETHW' }, 'fork'),
      tx('2022-11-11T14:03:27.000Z', 'lost', { sent: '2.5 SOL' }, 'lost'),
      tx('2022-12-28T17:20:00.000Z', 'donation', { sent: '0.01 BTC' }, 'donation'),
      tx('2023-03-05T03:11:09.000Z', 'staking', { received: '0.0021 ETH' }, 'staking'),
      tx('2023-04-12T15:30:44.000Z', 'trade', { sent: '1 ETH', received: '0.9987 STETH', fee: '0.0031 ETH' }, 'stake'),
      tx('2023-06-01T10:00:00.000Z', 'trade', { sent: '500 USDT', received: '0.0185 BTC', fee: '0.5 USDT' }, 'margin'),
      tx('2023-06-01T18:00:00.000Z', 'expense', { sent: '1.2 USDT' }, 'margin fee'),
      tx('2023-06-03T09:12:00.000Z', 'realized-gain', { received: '35.5 USDT' }, 'margin gain'),
      tx('2023-07-19T11:45:30.000Z', 'realized-gain', { sent: '12.75 USDT' }, 'margin loss'),
      tx('2023-07-20T00:00:00.000Z', 'realized-gain', { received: '0.4 USDT' }, 'margin rebate'),
      tx('2023-08-14T21:09:15.000Z', 'reward', { received: '0.00001512 BTC' }, 'rebate'),
      tx('2024-01-22T13:37:00.000Z', 'swap', { sent: '0.5 ETH', received: '0.5 WETH', fee: '0.0012 ETH' }, 'wrap'),
      tx('2024-03-08T09:00:00.000Z', 'deposit', { received: '1000 USDC' }, 'borrow'),
      tx('2024-05-20T16:25:10.000Z', 'deposit', { received: '10 DOT' }, 'unstake'),
      tx('2024-09-08T09:00:00.000Z', 'withdrawal', { sent: '1000 USDC' }, 'loan repayment'),
      tx('2024-09-08T09:00:01.000Z', 'expense', { sent: '4.17 USDC' }, 'interest expense'),
      tx('2024-11-02T07:15:42.000Z', 'mining', { received: '0.00025 BTC' }, 'mining'),
      tx('2025-02-03T12:00:00.000Z', 'income', { received: '12.5 USDC' }, 'other income'),
      tx('2025-06-18T20:41:09.000Z', 'withdrawal', { sent: '0.0998 BTC', fee: '0.0002 BTC' }, null),
      tx('2025-07-04T00:00:00.000Z', 'trade', { sent: '0.1 BTC', received: '6500 USD', fee: '10 USD' }, null),
      tx('2025-08-01T11:11:11.000Z', 'staking', { received: '100 USDC' }, 'Staked'),
    ]);
    const ids = rowsOf(db).map((row) => row.external_id);
    expect(new Set(ids).size).toBe(31);
    expect(ids.every((id) => id.startsWith('row:'))).toBe(true);
  });

  it('reads the columns in any order', async () => {
    const result = await importFile(db, { path: fixture('cointracker-reordered.csv'), accountName: 'CoinTracker', format: 'auto' });
    expect(result).toMatchObject({ ok: true, format: 'cointracker', rows: 4, added: 4 });
    expect(stored(db)).toEqual([
      tx('2020-03-14T13:05:00.000Z', 'trade', { sent: '1 ETH', received: '0.0234 BTC', fee: '0.00005 BTC' }, null),
      tx('2021-08-09T00:00:00.000Z', 'staking', { received: '1.2843 ADA' }, 'staked'),
      tx('2023-12-25T10:00:00.000Z', 'gift-sent', { sent: '0.002 BTC' }, 'gift'),
      tx('2025-04-15T08:30:00.000Z', 'trade', { sent: '250 USD', received: '0.003912 BTC', fee: '1.99 USD' }, null),
    ]);
  });

  it('adds nothing when the file is imported again', async () => {
    await importFile(db, { path: fixture('cointracker-transactions.csv'), accountName: 'CoinTracker', format: 'cointracker' });
    const again = await importFile(db, { path: fixture('cointracker-transactions.csv'), accountName: 'CoinTracker', format: 'auto' });
    expect(again).toMatchObject({ ok: true, added: 0, skipped: 31 });
    expect(rowsOf(db)).toHaveLength(31);
  });
});

describe('CoinTracker CSV: a send\'s quantity includes its fee', () => {
  it('records a gift of 3 ETH with a 0.0001 ETH fee as 2.9999 ETH given and the fee paid', async () => {
    const result = await importFile(db, { path: fixture('cointracker-send-quantity-includes-fee.csv'), accountName: 'CoinTracker', format: 'auto' });
    expect(result).toMatchObject({ ok: true, added: 3 });
    expect(stored(db)).toEqual([
      tx('2023-01-01T10:00:00.000Z', 'trade', { sent: '10000 USD', received: '10 ETH' }, null),
      tx('2023-02-01T10:00:00.000Z', 'gift-sent', { sent: '2.9999 ETH', fee: '0.0001 ETH' }, 'gift'),
      tx('2023-03-01T10:00:00.000Z', 'trade', { sent: '7 ETH', received: '14000 USD' }, null),
    ]);
    // 10 ETH bought, 3 gone with the gift, 7 sold: none missing.
    const { disposals, warnings } = computeTaxResult(db, resolveTaxOptions(db, { year: 2023, timeZone: 'UTC' }));
    expect(warnings.map((w) => w.code)).not.toContain('missing-cost-basis');
    expect(warnings.map((w) => w.code)).not.toContain('negative-balance');
    expect(disposals.map((d) => [d.kind, d.quantity.toFixed(), d.proceeds.toFixed(), d.costBasis.toFixed()])).toEqual([
      // CoinTracker files carry no values: the fee's value is missing, its basis 0.0001 × 1,000.
      ['fee', '0.0001', '0', '0.1'],
      ['sale', '7', '14000', '7000'],
    ]);
  });

  it('reads a send of nothing but its fee as the fee, and refuses a fee above the quantity', async () => {
    const header = 'Date,Received Quantity,Received Currency,Sent Quantity,Sent Currency,Fee Amount,Fee Currency,Tag';
    const feeOnly = dir.file('fee-only.csv', [header, '02/01/2023 10:00:00,,,0.0001,ETH,0.0001,ETH,', ''].join('\n'));
    expect(await importFile(db, { path: feeOnly, accountName: 'CoinTracker', format: 'cointracker' })).toMatchObject({ ok: true, added: 1 });
    expect(stored(db)).toEqual([tx('2023-02-01T10:00:00.000Z', 'fee', { fee: '0.0001 ETH' }, null)]);
    const tooMuch = dir.file('too-much.csv', [header, '02/01/2023 10:00:00,,,0.0001,ETH,0.0002,ETH,', ''].join('\n'));
    expect(problemsOf(await importFile(db, { path: tooMuch, accountName: 'CoinTracker', format: 'cointracker' }))).toEqual([
      {
        line: 2,
        column: 'Fee Amount',
        value: '0.0002',
        message: 'the fee is more than the Sent Quantity, which on a send includes the fee (CoinTracker’s rule)',
      },
    ]);
  });
});

describe('CoinTracker CSV: broken files', () => {
  it('reports every bad cell with its line, column and value, and writes nothing', async () => {
    const result = await importFile(db, { path: fixture('broken-cells.csv'), accountName: 'CoinTracker', format: 'auto' });
    expect(problemsOf(result)).toEqual([
      { line: 3, column: 'Received Quantity', value: '1,000.00', message: 'not a number' },
      { line: 4, column: 'Date', value: '31/12/2021 23:59:59', message: 'not a date and time; expected MM/DD/YYYY HH:MM:SS in UTC' },
      {
        line: 5,
        column: 'Tag',
        value: 'reward',
        message:
          'not a CoinTracker tag; use one of: staked, staking, mined, mining, airdrop, fork, payment, income, other income, interest, rebate, gift, donation, lost, margin fee, interest expense, margin gain, margin loss, margin rebate, wrap, stake, unstake, margin, borrow, loan repayment, or none',
      },
      { line: 6, column: 'Sent Quantity', value: '-0.5', message: 'amounts must not be negative here' },
      { line: 7, column: 'Tag', value: 'donation', message: 'a donation needs a sent amount and no received amount' },
    ]);
    expect(rowsOf(db)).toHaveLength(0);
  });

  it('does not take a file without the Fee Currency column, and names the column', async () => {
    const result = await importFile(db, { path: fixture('missing-column.csv'), accountName: 'CoinTracker', format: 'cointracker' });
    expect(problemsOf(result)).toEqual([
      {
        line: 1,
        column: null,
        value: null,
        message: 'this line is not a complete CoinTracker CSV header: it has no "Fee Currency" column. Add it to the header, or choose the file\'s own format.',
      },
    ]);
    const auto = await importFile(db, { path: fixture('missing-column.csv'), accountName: 'CoinTracker', format: 'auto' });
    expect(problemsOf(auto)).toEqual([
      {
        line: 1,
        column: null,
        value: null,
        message: 'this line looks like the CoinTracker CSV header, but it has no "Fee Currency" column. Add it to the header, or export the file again.',
      },
    ]);
    expect(rowsOf(db)).toHaveLength(0);
  });

  it('reports a file cut off inside its last row, and writes nothing', async () => {
    const result = await importFile(db, { path: fixture('cut-off.csv'), accountName: 'CoinTracker', format: 'auto' });
    expect(problemsOf(result)).toEqual([
      { line: 5, column: 'Received Quantity', value: '25', message: 'the row has 2 cells but the header has 8 columns (is the line cut off?)' },
    ]);
    expect(rowsOf(db)).toHaveLength(0);
  });
});
