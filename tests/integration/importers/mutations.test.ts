// 10,000 random mutations of good files of every format: an import either succeeds, or
// is rejected with problems that point into the file, and never crashes or leaves a
// partial import behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { importFile } from '../../../electron/core/importers/import-file.ts';
import type { Database } from '../../../electron/core/db/open-ledger.ts';
import { tempDir, tempLedger, type TempDir } from '../../support/temp-ledger.ts';

const fixtures = join(import.meta.dirname, '../../fixtures/importers');
// Every good fixture (the broken ones are broken on purpose already).
const bases = readdirSync(fixtures).flatMap((format) =>
  readdirSync(join(fixtures, format))
    .filter((name) => !/broken|cut-off|missing/.test(name))
    .map((name) => readFileSync(join(fixtures, format, name), 'utf8')),
);

const PIECES = [',', '"', '\n', '\r\n', '\r', 'x', '-', '.', '0', '9', ' ', '\uFEFF', 'é', '\u0000', ';', 'UTC', '1e400', '=cmd|', '""'];

type Mutation = (text: string) => string;
const at = (text: string, fraction: number) => Math.floor(fraction * (text.length + 1));
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...PIECES)).map(
    ([where, piece]) => (t: string) => t.slice(0, at(t, where)) + piece + t.slice(at(t, where) + 1),
  ),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.string({ maxLength: 8 })).map(
    ([where, piece]) => (t: string) => t.slice(0, at(t, where)) + piece + t.slice(at(t, where)),
  ),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 40 })).map(
    ([where, length]) => (t: string) => t.slice(0, at(t, where)) + t.slice(at(t, where) + length),
  ),
  fc.double({ min: 0, max: 1, noNaN: true }).map((where) => (t: string) => t.slice(0, at(t, where))),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => (t: string) => {
    const lines = t.split('\n');
    const i = a % lines.length;
    const j = b % lines.length;
    [lines[i], lines[j]] = [lines[j]!, lines[i]!];
    return lines.join('\n');
  }),
  fc.nat().map((a) => (t: string) => {
    const lines = t.split('\n');
    lines.splice(a % lines.length, 0, lines[a % lines.length]!);
    return lines.join('\n');
  }),
  fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('', 'abc', '-1', '0', '99999999999999999999.99999', '2024-02-30 10:00 UTC', 'BTC', '"')).map(
    ([line, cell, value]) => (t: string) => {
      const lines = t.split('\n');
      const cells = lines[line % lines.length]!.split(',');
      cells[cell % cells.length] = value;
      lines[line % lines.length] = cells.join(',');
      return lines.join('\n');
    },
  ),
);

let dir: TempDir;
let db: Database;
beforeAll(async () => {
  dir = tempDir();
  ({ db } = await tempLedger(dir));
});
afterAll(() => {
  db.close();
  dir.remove();
});

/** Everything stored, summed up: any write at all changes it. */
function fingerprint(): string {
  return JSON.stringify([
    db.prepare('SELECT COUNT(*) AS n, COALESCE(MAX(id), 0) AS last, COALESCE(SUM(LENGTH(raw)), 0) AS bytes FROM transactions').get(),
    db.prepare('SELECT COUNT(*) AS n FROM import_batches').get(),
    db.prepare('SELECT COUNT(*) AS n FROM accounts').get(),
  ]);
}

describe('mutated files', () => {
  it('never crash an import and never leave a partial one', async () => {
    let run = 0;
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat(bases.length - 1), fc.array(mutation, { minLength: 1, maxLength: 3 }), async (base, mutations) => {
        run += 1;
        const text = mutations.reduce((t, m) => m(t), bases[base]!);
        const path = dir.file(`mutant-${run % 8}.csv`, text);
        const before = fingerprint();
        const countBefore = (db.prepare('SELECT COUNT(*) AS n FROM transactions').get() as { n: number }).n;
        const result = await importFile(db, { path, accountName: `Account ${run % 5}`, format: 'auto' });
        if (result.ok) {
          accepted += 1;
          const countAfter = (db.prepare('SELECT COUNT(*) AS n FROM transactions').get() as { n: number }).n;
          expect(countAfter - countBefore).toBe(result.added);
        } else {
          expect(fingerprint()).toBe(before);
          expect(result.problemCount).toBeGreaterThan(0);
          const lines = text.split(/\r\n|\r|\n/).length;
          for (const problem of result.problems) {
            expect(problem.message.length).toBeGreaterThan(0);
            expect(problem.line).toBeGreaterThanOrEqual(problem.message === 'the file is empty' ? 0 : 1);
            expect(problem.line).toBeLessThanOrEqual(lines);
          }
        }
      }),
      { numRuns: 10_000, seed: 20261124 },
    );
    // The mutations must exercise both outcomes, or the property proves little.
    expect(accepted).toBeGreaterThan(500);
    expect(run - accepted).toBeGreaterThan(2000);
  }, 600_000);
});
