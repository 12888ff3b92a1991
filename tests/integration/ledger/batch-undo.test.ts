// Undoing imports over real ledgers and real files: Coinbase's exports of one history as
// three header versions wrote it (2021, 2023 and 2024, each holding the one before and a
// little more). Whatever the order of imports, undos and imports again, the ledger holds
// exactly what the files of the batches still in effect hold, and a transaction that stays
// keeps what the user did with it.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fileURLToPath } from 'node:url';
import type { Database } from '../../../electron/core/db/open-ledger.ts';
import { importFile } from '../../../electron/core/importers/import-file.ts';
import { getBatch, listBatches, undoBatch, UndoError } from '../../../electron/core/ledger/batches.ts';
import { addManualTransaction, editTransaction } from '../../../electron/core/ledger/transaction-edits.ts';
import { undoChange } from '../../../electron/core/ledger/undo-change.ts';
import { computeTaxReport } from '../../../electron/core/reports/tax-report.ts';
import { tempDir, tempLedger, type TempDir } from '../../support/temp-ledger.ts';

const REPORTS = ['coinbase-overlap-2021-usd-columns.csv', 'coinbase-overlap-2023-no-id.csv', 'coinbase-overlap-2024-with-id.csv'] as const;
type Report = (typeof REPORTS)[number];
const [REPORT_2021, REPORT_2023, REPORT_2024] = REPORTS;
const fixture = (name: Report) => fileURLToPath(new URL(`../../fixtures/importers/coinbase/${name}`, import.meta.url));

let dir: TempDir;
/** The external ids each report makes on its own, in a ledger of its own. */
const holds = new Map<Report, string[]>();

beforeAll(async () => {
  const own = tempDir();
  for (const report of REPORTS) {
    const { db } = await tempLedger(own, `${report}.db`);
    await importReport(db, report);
    holds.set(report, externalIds(db));
    db.close();
  }
  own.remove();
  // The overlap this file is about: each report holds the one before it.
  expect(REPORTS.map((r) => holds.get(r)!.length)).toEqual([7, 8, 9]);
});

beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

async function importReport(db: Database, report: Report): Promise<number> {
  const result = await importFile(db, { path: fixture(report), accountName: 'Coinbase', format: 'auto' });
  if (!result.ok || result.batchId === null) throw new Error(`${report} should import`);
  return result.batchId;
}

function externalIds(db: Database): string[] {
  return (db.prepare("SELECT external_id FROM transactions WHERE source = 'csv' ORDER BY external_id").pluck().all() as string[]);
}

const union = (reports: Iterable<Report>) => [...new Set([...reports].flatMap((r) => holds.get(r)!))].sort();
const batchOf = (db: Database, externalId: string) => db.prepare('SELECT batch_id FROM transactions WHERE external_id = ?').pluck().get(externalId);
function taxYear(db: Database, year: number) {
  const { disposals, warnings } = computeTaxReport(db, { year, timeZone: 'UTC' }).result;
  return { disposals, warnings };
}

describe('undoing an import', () => {
  it('of an older export keeps what a newer export of the same history holds, which then holds it', async () => {
    const { db } = await tempLedger(dir);
    const older = await importReport(db, REPORT_2023);
    const newer = await importReport(db, REPORT_2024);
    expect(getBatch(db, newer)).toMatchObject({ added: 1, skipped: 8, keptOnUndo: 0 });
    // The Import history can say so before the user confirms.
    expect(getBatch(db, older)).toMatchObject({ added: 8, keptOnUndo: 8 });
    const before = taxYear(db, 2021);

    expect(undoBatch(db, older)).toEqual({ removed: 0, kept: 8 });
    expect(externalIds(db)).toEqual(holds.get(REPORT_2024));
    expect(getBatch(db, newer)).toMatchObject({ added: 9, skipped: 0, keptOnUndo: 0, undoneAt: null });
    expect(getBatch(db, older)).toMatchObject({ undoneAt: expect.any(Number) });
    // The 2021 BTC sale still finds the 2021 purchase it sold from: the year is unchanged.
    expect(taxYear(db, 2021)).toEqual(before);
    expect(before.warnings.filter((w) => w.code === 'missing-cost-basis' && w.asset === 'BTC')).toEqual([]);

    // Undoing the newer one now removes all of it.
    expect(undoBatch(db, newer)).toEqual({ removed: 9, kept: 0 });
    expect(externalIds(db)).toEqual([]);
    db.close();
  });

  it('of the newer export first removes only what it added, leaving the older one whole', async () => {
    const { db } = await tempLedger(dir);
    const older = await importReport(db, REPORT_2023);
    const newer = await importReport(db, REPORT_2024);
    expect(undoBatch(db, newer)).toEqual({ removed: 1, kept: 0 });
    expect(externalIds(db)).toEqual(holds.get(REPORT_2023));
    expect(getBatch(db, older)).toMatchObject({ added: 8, skipped: 0, keptOnUndo: 0 });
    expect(undoBatch(db, older)).toEqual({ removed: 8, kept: 0 });
    expect(externalIds(db)).toEqual([]);
    db.close();
  });

  it('hands each transaction to the newest batch still in effect that met it, down a chain of three', async () => {
    const { db } = await tempLedger(dir);
    const [first, second, third] = [await importReport(db, REPORT_2021), await importReport(db, REPORT_2023), await importReport(db, REPORT_2024)];
    const purchase = holds.get(REPORT_2021)![0]!;
    expect(batchOf(db, purchase)).toBe(first);

    expect(undoBatch(db, first)).toEqual({ removed: 0, kept: 7 });
    expect(batchOf(db, purchase)).toBe(third);
    expect(externalIds(db)).toEqual(union([REPORT_2023, REPORT_2024]));
    expect(listBatches(db).map((b) => [b.id, b.added, b.skipped, b.keptOnUndo])).toEqual([
      [third, 1 + 7, 8 - 7, 7], // holds the 2021 rows now, which the second met too
      [second, 1, 7, 1], // its own 2022 trade, which the third met too
      [first, 7, 0, 0],
    ]);

    expect(undoBatch(db, third)).toEqual({ removed: 1, kept: 7 });
    expect(batchOf(db, purchase)).toBe(second);
    expect(externalIds(db)).toEqual(holds.get(REPORT_2023));
    expect(undoBatch(db, second)).toEqual({ removed: 8, kept: 0 });
    expect(externalIds(db)).toEqual([]);
    db.close();
  });

  it('imported again after an undo holds what it holds, and keeps it when the older import goes', async () => {
    const { db } = await tempLedger(dir);
    const older = await importReport(db, REPORT_2023);
    const newer = await importReport(db, REPORT_2024);
    undoBatch(db, newer);
    const again = await importReport(db, REPORT_2024);
    expect(getBatch(db, again)).toMatchObject({ added: 1, skipped: 8 });
    expect(undoBatch(db, older)).toEqual({ removed: 0, kept: 8 });
    expect(externalIds(db)).toEqual(holds.get(REPORT_2024));
    // And the older export imported again meets it all, adding nothing.
    const olderAgain = await importReport(db, REPORT_2023);
    expect(getBatch(db, olderAgain)).toMatchObject({ added: 0, skipped: 8 });
    expect(undoBatch(db, again)).toEqual({ removed: 1, kept: 8 });
    expect(externalIds(db)).toEqual(holds.get(REPORT_2023));
    db.close();
  });

  it('keeps a user edit on a transaction that stays, and a removed one takes it along as before', async () => {
    const { db } = await tempLedger(dir);
    const older = await importReport(db, REPORT_2023);
    const newer = await importReport(db, REPORT_2024);
    const reward = db.prepare("SELECT id FROM transactions WHERE label = 'Rewards Income' ORDER BY id LIMIT 1").pluck().get() as number;
    const { changeId } = editTransaction(db, { id: reward, description: 'Coinbase staking, checked' });
    const manual = addManualTransaction(db, { account: 'Coinbase', timestamp: Date.UTC(2021, 1, 1), type: 'deposit', received: { asset: 'BTC', amount: '0.1' } });
    const manualBatch = db.prepare('SELECT batch_id FROM transactions WHERE id = ?').pluck().get(manual.transactionId) as number;

    expect(undoBatch(db, older)).toMatchObject({ removed: 0 });
    expect(db.prepare('SELECT description FROM transactions WHERE id = ?').pluck().get(reward)).toBe('Coinbase staking, checked');
    // The edit stays undoable and redoes nothing else.
    undoChange(db, changeId);
    expect(db.prepare('SELECT description FROM transactions WHERE id = ?').pluck().get(reward)).not.toBe('Coinbase staking, checked');
    const { changeId: again } = editTransaction(db, { id: reward, description: 'edited once more' });

    // Entries made by hand are no import: refused as a batch, untouched by the imports' undo.
    expect(() => undoBatch(db, manualBatch)).toThrow(UndoError);
    expect(undoBatch(db, newer)).toEqual({ removed: 9, kept: 0 });
    expect(db.prepare('SELECT COUNT(*) FROM transactions').pluck().get()).toBe(1);
    expect(() => undoChange(db, again)).toThrow(`There is no transaction ${reward}; it may have been removed by undoing its import.`);
    db.close();
  });
});

describe('any order of imports, undos and imports again', () => {
  type Step = { kind: 'import'; report: Report } | { kind: 'undo'; pick: number };
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.constantFrom(...REPORTS).map((report) => ({ kind: 'import' as const, report })),
    fc.nat().map((pick) => ({ kind: 'undo' as const, pick })),
  );

  it('leaves exactly what the files of the batches still in effect hold, each row held by one of them', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        run += 1;
        const { db } = await tempLedger(dir, `run-${run}.db`);
        try {
          const inEffect = new Map<number, Report>();
          for (const s of steps) {
            if (s.kind === 'import') {
              inEffect.set(await importReport(db, s.report), s.report);
            } else if (inEffect.size > 0) {
              const batch = [...inEffect.keys()][s.pick % inEffect.size]!;
              undoBatch(db, batch);
              inEffect.delete(batch);
            }
            expect(externalIds(db)).toEqual(union(inEffect.values()));
            const holders = db.prepare('SELECT DISTINCT batch_id FROM transactions').pluck().all() as number[];
            expect(holders.every((b) => inEffect.has(b))).toBe(true);
            // What each batch says it holds is what it holds.
            for (const batch of listBatches(db).filter((b) => b.undoneAt === null)) {
              expect(db.prepare('SELECT COUNT(*) FROM transactions WHERE batch_id = ?').pluck().get(batch.id)).toBe(batch.added);
            }
          }
        } finally {
          db.close();
        }
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});
