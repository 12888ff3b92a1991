// The ledger → tax engine → stored results path, and the CLI over it, on a history whose
// figures are worked out by hand below.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { importFile } from '../../../electron/core/importers/import-file.ts';
import { computeTaxReport } from '../../../electron/core/reports/tax-report.ts';
import { saveMethod, saveSpecificId } from '../../../electron/core/reports/tax-choices.ts';
import { summarize } from '../../../electron/core/reports/tax-summary.ts';
import type { Database } from '../../../electron/core/db/open-ledger.ts';
import { tempDir, tempLedger, type TempDir } from '../../support/temp-ledger.ts';

const root = join(import.meta.dirname, '../../..');

// Three BTC lots, then one sale of 1.5 BTC with a $30 fee, and a staking reward:
//   A 2023-01-10  1 BTC for 20,000 + 10 fee → basis 20,010
//   B 2023-06-10  1 BTC for 30,000          → basis 30,000
//   C 2023-09-10  1 BTC for 25,000          → basis 25,000
//   S 2024-03-01  sell 1.5 BTC for 60,000, fee 30 → proceeds 59,970: 39,980 for 1 BTC, 19,990 for 0.5
//   R 2024-04-01  0.01 ETH staking reward worth 25.50
const HISTORY = [
  'Date,Sent Amount,Sent Currency,Received Amount,Received Currency,Fee Amount,Fee Currency,Net Worth Amount,Net Worth Currency,Label,Description,TxHash',
  '2023-01-10 15:00 UTC,20000,USD,1,BTC,10,USD,,,,A,',
  '2023-06-10 15:00 UTC,30000,USD,1,BTC,,,,,,B,',
  '2023-09-10 15:00 UTC,25000,USD,1,BTC,,,,,,C,',
  '2024-03-01 15:00 UTC,1.5,BTC,60000,USD,30,USD,,,,S,',
  '2024-04-01 15:00 UTC,,,0.01,ETH,,,25.50,USD,staking,R,',
].join('\n');

let dir: TempDir;
let db: Database;
let path: string;
const idOf = (description: string) =>
  (db.prepare('SELECT id FROM transactions WHERE description = ?').get(description) as { id: number }).id;

beforeEach(async () => {
  dir = tempDir();
  ({ db, path } = await tempLedger(dir));
  const result = await importFile(db, { path: dir.file('history.csv', HISTORY), accountName: 'Exchange', format: 'koinly' });
  expect(result.ok).toBe(true);
});
afterEach(() => {
  db.close();
  dir.remove();
});

describe('tax report', () => {
  it.each([
    // FIFO: A (long: 2024-03-01 is after 2024-01-10) + half of B (short)
    ['fifo', { proceeds: '19990.00', costBasis: '15000.00', gain: '4990.00' }, { proceeds: '39980.00', costBasis: '20010.00', gain: '19970.00' }],
    // LIFO: C + half of B, both short
    ['lifo', { proceeds: '59970.00', costBasis: '40000.00', gain: '19970.00' }, { proceeds: '0.00', costBasis: '0.00', gain: '0.00' }],
    // HIFO: B (30,000) + half of C (12,500), both short
    ['hifo', { proceeds: '59970.00', costBasis: '42500.00', gain: '17470.00' }, { proceeds: '0.00', costBasis: '0.00', gain: '0.00' }],
    // LOFO: A (20,010, long) + half of C (12,500, short)
    ['lofo', { proceeds: '19990.00', costBasis: '12500.00', gain: '7490.00' }, { proceeds: '39980.00', costBasis: '20010.00', gain: '19970.00' }],
  ] as const)('computes %s totals as worked out by hand', (method, shortTerm, longTerm) => {
    const { options, result } = computeTaxReport(db, { year: 2024, method, timeZone: 'UTC' });
    expect(summarize(result, options.pool)).toEqual({
      year: 2024,
      method,
      basis: 'auto',
      timeZone: 'UTC',
      shortTerm,
      longTerm,
      income: '25.50',
      warnings: [],
    });
  });

  it('stores the same rows bit for bit when computed again', () => {
    const stored = () => ({
      runs: db.prepare('SELECT tax_year, method, pool, time_zone, report_currency, totals, holdings FROM tax_runs').all(),
      disposals: db.prepare('SELECT * FROM tax_disposals ORDER BY seq').all().map((r) => ({ ...(r as object), run_id: 0 })),
      income: db.prepare('SELECT * FROM tax_income ORDER BY seq').all().map((r) => ({ ...(r as object), run_id: 0 })),
    });
    computeTaxReport(db, { year: 2024, method: 'hifo', timeZone: 'UTC' });
    const first = stored();
    computeTaxReport(db, { year: 2024, method: 'hifo', timeZone: 'UTC' });
    expect(stored()).toEqual(first);
    expect(first.runs).toHaveLength(1);
    expect(first.disposals).toHaveLength(2);
    // Another key is another run; the first is kept.
    computeTaxReport(db, { year: 2024, method: 'fifo', timeZone: 'UTC' });
    expect(db.prepare('SELECT COUNT(*) AS n FROM tax_runs').get()).toEqual({ n: 2 });
  });

  it('lets a specific-ID pick win over the method', () => {
    // Pick all of C, then half of A: C short (39,980 − 25,000), A long (19,990 − 10,005).
    saveSpecificId(db, {
      disposalTransactionId: idOf('S'),
      lots: [
        { lotId: String(idOf('C')), quantity: '1' },
        { lotId: String(idOf('A')), quantity: '0.5' },
      ],
    });
    const { result } = computeTaxReport(db, { year: 2024, method: 'fifo', timeZone: 'UTC' });
    const summary = summarize(result, 'auto');
    expect(summary.shortTerm).toEqual({ proceeds: '39980.00', costBasis: '25000.00', gain: '14980.00' });
    expect(summary.longTerm).toEqual({ proceeds: '19990.00', costBasis: '10005.00', gain: '9985.00' });
  });

  it('uses a saved method for a year the request does not name', () => {
    saveMethod(db, 2024, 'lifo');
    const { result } = computeTaxReport(db, { year: 2024, timeZone: 'UTC' });
    expect(result.method).toBe('lifo');
  });

  it('prints the summary JSON the CLI documents', () => {
    // The CLI opens the same ledger file alongside this test's connection.
    const run = spawnSync(process.execPath, [join(root, 'bin/lotwise.js'), 'summary', '--db', path, '--year', '2024', '--method', 'lofo', '--tz', 'UTC', '--json'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      year: 2024,
      method: 'lofo',
      basis: 'auto',
      shortTerm: { proceeds: '19990.00', costBasis: '12500.00', gain: '7490.00' },
      longTerm: { proceeds: '39980.00', costBasis: '20010.00', gain: '19970.00' },
      income: '25.50',
      warnings: [],
    });
    const rows = JSON.parse(
      spawnSync(process.execPath, [join(root, 'bin/lotwise.js'), 'disposals', '--db', path, '--year', '2024', '--method', 'lofo', '--tz', 'UTC', '--json'], { encoding: 'utf8' }).stdout,
    ) as { quantity: string; proceeds: string; costBasis: string; term: string; account: string }[];
    expect(rows.map((r) => [r.quantity, r.proceeds, r.costBasis, r.term, r.account])).toEqual([
      ['1', '39980', '20010', 'long', 'Exchange'],
      ['0.5', '19990', '12500', 'short', 'Exchange'],
    ]);
  });
});
