import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { importFile } from '../../../electron/core/importers/import-file.ts';
import { storedRows, rowCount } from '../../support/ledger-queries.ts';
import { tempDir, tempLedger, type TempDir } from '../../support/temp-ledger.ts';
import type { Database } from '../../../electron/core/db/open-ledger.ts';

const fixtures = join(import.meta.dirname, '../../fixtures/importers/koinly');
const utc = (text: string) => Date.parse(text);

let dir: TempDir;
let db: Database;
beforeEach(async () => {
  dir = tempDir();
  ({ db } = await tempLedger(dir));
});
afterEach(() => {
  db.close();
  dir.remove();
});

describe('Koinly universal', () => {
  it('maps every Koinly label and reads legs, fees, values and hashes exactly', async () => {
    const result = await importFile(db, { path: join(fixtures, 'universal-every-label.csv'), accountName: 'Koinly', format: 'auto' });
    expect(result).toMatchObject({ ok: true, format: 'koinly', added: 24, skipped: 0, rows: 24 });

    const rows = storedRows(db);
    expect(rows.map((r) => r.type)).toEqual([
      'trade', // buy: sent USD, received BTC
      'trade', // BTC -> ETH
      'staking',
      'airdrop',
      'fork',
      'mining',
      'reward',
      'income',
      'income', // Other Income
      'interest', // LOAN INTEREST (labels are case-insensitive)
      'interest', // lending interest
      'gift-sent',
      'donation',
      'lost',
      'expense', // cost
      'expense', // margin fee
      'expense', // interest payment
      'realized-gain',
      'swap',
      'liquidity-in',
      'liquidity-out',
      'ignored',
      'withdrawal', // no label, sent only
      'deposit', // no label, received only
    ]);

    expect(rows[0]).toMatchObject({
      account: 'Koinly',
      source: 'csv',
      timestamp: utc('2023-01-03T14:00:00Z'),
      sent_asset: 'USD',
      sent_amount: '1000',
      received_asset: 'BTC',
      received_amount: '0.05912',
      fee_asset: 'USD',
      fee_amount: '4.99',
      fiat_value: '1000',
      fiat_currency: 'USD',
      label: null,
      description: 'Buy BTC',
    });
    expect(rows[1]).toMatchObject({
      sent_asset: 'BTC',
      sent_amount: '0.01',
      received_asset: 'ETH',
      received_amount: '0.1351',
      fee_asset: 'BTC',
      fee_amount: '0.0001',
      fiat_value: '169.2', // canonical: trailing zero dropped
      description: 'Trade BTC for ETH, limit order',
    });
    expect(rows[9]).toMatchObject({ label: 'LOAN INTEREST', received_asset: 'USDC', received_amount: '0.75' });
    expect(rows[18]).toMatchObject({ sent_asset: 'ETH', received_asset: 'STETH', fiat_value: null });
    expect(rows[22]).toMatchObject({
      sent_amount: '0.02',
      fee_amount: '0.0001',
      tx_hash: '3b1f6b8a0a4c7e2d9f5e8c1b2a3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d',
    });
    // The raw record keeps the line and the cells exactly as written.
    expect(JSON.parse(rows[1]!.raw)).toEqual({
      line: 3,
      cells: ['2023-01-04 09:30 UTC', '0.01', 'BTC', '0.1351', 'ETH', '0.0001', 'BTC', '169.20', 'USD', '', 'Trade BTC for ETH, limit order', ''],
    });
  });

  it('reads the older template ("Koinly Date", "Tag", ISO dates, CRLF)', async () => {
    const result = await importFile(db, {
      path: join(fixtures, 'older-koinly-date-and-tag.csv'),
      accountName: 'Old',
      format: 'koinly',
    });
    expect(result).toMatchObject({ ok: true, added: 2 });
    const rows = storedRows(db);
    expect(rows[0]).toMatchObject({ type: 'trade', timestamp: utc('2021-06-01T12:00:00Z'), received_amount: '0.0555' });
    expect(rows[1]).toMatchObject({ type: 'reward', label: 'Reward', fiat_value: '25.1' });
  });

  it('reads an expense label on a row with only a fee as a standalone fee', async () => {
    const path = dir.file(
      'fees.csv',
      [
        'Date,Sent Amount,Sent Currency,Received Amount,Received Currency,Fee Amount,Fee Currency,Net Worth Amount,Net Worth Currency,Label,Description,TxHash',
        '2023-03-06 12:00:00 UTC,,,,,0.001,ETH,1.65,USD,cost,Contract call that failed,',
        '2023-03-07 12:00:00 UTC,,,,,0.5,USDC,0.5,USD,Margin Fee,,',
        '2023-03-08 12:00:00 UTC,25,USDC,,,0.0001,ETH,25,USD,cost,Paid a bill,',
      ].join('\n'),
    );
    const result = await importFile(db, { path, accountName: 'K', format: 'auto' });
    expect(result).toMatchObject({ ok: true, added: 3 });
    expect(storedRows(db).map((r) => [r.type, r.sent_amount, r.fee_amount, r.fee_asset, r.label])).toEqual([
      ['fee', null, '0.001', 'ETH', 'cost'],
      ['fee', null, '0.5', 'USDC', 'Margin Fee'],
      ['expense', '25', '0.0001', 'ETH', 'cost'], // a sent amount: still a payment
    ]);
  });

  it('rejects an unknown label and income with a sent amount, naming line and column', async () => {
    const path = dir.file(
      'labels.csv',
      [
        'Date,Sent Amount,Sent Currency,Received Amount,Received Currency,Fee Amount,Fee Currency,Net Worth Amount,Net Worth Currency,Label,Description,TxHash',
        '2023-01-05 10:00 UTC,,,0.002,ETH,,,2.51,USD,staking,,',
        '2023-01-06 10:00 UTC,,,1,ETH,,,,,bonus,,',
        '2023-01-07 10:00 UTC,1,ETH,,,,,,,staking,,',
      ].join('\n'),
    );
    const result = await importFile(db, { path, accountName: 'K', format: 'auto' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.line, p.column, p.columnNumber, p.value])).toEqual([
      [3, 'Label', 10, 'bonus'],
      [4, 'Label', 10, 'staking'],
    ]);
    expect(result.problems[0]!.message).toContain('not a Koinly label');
    expect(rowCount(db)).toBe(0);
    expect(rowCount(db, 'accounts')).toBe(0);
  });

  it('refuses a Net Worth without its currency, saying where to write it (Koinly sets no default)', async () => {
    const header = 'Date,Sent Amount,Sent Currency,Received Amount,Received Currency,Fee Amount,Fee Currency,Net Worth Amount,Net Worth Currency,Label,Description,TxHash';
    const empty = dir.file('empty.csv', [header, '2022-01-01 10:00 UTC,,,0.1,BTC,,,100,,income,,'].join('\n'));
    const absent = dir.file('absent.csv', ['Date,Sent Amount,Sent Currency,Received Amount,Received Currency,Net Worth Amount', '2022-01-01 10:00 UTC,,,0.1,BTC,100'].join('\n'));
    const problems = async (path: string) => {
      const result = await importFile(db, { path, accountName: 'K', format: 'auto' });
      return result.ok ? [] : result.problems.map((p) => [p.line, p.column, p.columnNumber, p.value, p.message]);
    };
    expect(await problems(empty)).toEqual([
      [2, 'Net Worth Currency', 9, '', "Net Worth Amount is given but Net Worth Currency is empty: write the value's currency there (USD, for example)"],
    ]);
    expect(await problems(absent)).toEqual([
      [2, 'Net Worth Amount', 6, '100', "Net Worth Amount is given but the file has no Net Worth Currency column: add one, with the value's currency (USD, for example)"],
    ]);
    expect(rowCount(db)).toBe(0);
  });
});
