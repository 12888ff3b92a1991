// The Lotwise template as its documentation (docs/lotwise-template.md) describes it: a
// value without a currency is in US dollars, an ID names one row only, and a type its
// legs do not fit is refused in plain words.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFile, type ImportResult } from '../../../electron/core/importers/import-file.ts';
import { rowCount, storedRows } from '../../support/ledger-queries.ts';
import { tempDir, tempLedger, type TempDir } from '../../support/temp-ledger.ts';
import type { Database } from '../../../electron/core/db/open-ledger.ts';

const HEADER = 'Date,Type,Sent Asset,Sent Amount,Received Asset,Received Amount,Fee Asset,Fee Amount,Fiat Value,Fiat Currency,Description,Tx Hash,ID';

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

function importLines(name: string, lines: string[]): Promise<ImportResult> {
  return importFile(db, { path: dir.file(name, lines.join('\n')), accountName: 'Wallet', format: 'auto' });
}

function problemsOf(result: ImportResult) {
  if (result.ok) throw new Error(`expected the import to be rejected, got ${JSON.stringify(result)}`);
  return result.problems.map(({ line, column, columnNumber, value, message }) => ({ line, column, columnNumber, value, message }));
}

describe('Lotwise template', () => {
  it('takes a Fiat Value without a currency as US dollars, whether the column is empty or absent', async () => {
    const empty = await importLines('empty-currency.csv', [HEADER, '2022-01-01T10:00:00Z,income,,,BTC,0.1,,,100,,,,', '2022-01-02T10:00:00Z,income,,,BTC,0.1,,,90,EUR,,,']);
    expect(empty).toMatchObject({ ok: true, added: 2 });
    const absent = await importLines('no-currency-column.csv', [
      'Date,Type,Sent Asset,Sent Amount,Received Asset,Received Amount,Fiat Value',
      '2022-01-03T10:00:00Z,income,,,BTC,0.1,110',
    ]);
    expect(absent).toMatchObject({ ok: true, added: 1 });
    expect(storedRows(db).map((r) => [r.fiat_value, r.fiat_currency])).toEqual([
      ['100', 'USD'],
      ['90', 'EUR'],
      ['110', 'USD'],
    ]);
  });

  it('refuses an ID given to two rows, naming both lines, and writes nothing', async () => {
    const result = await importLines('dup-id.csv', [HEADER, '2022-01-01T10:00:00Z,deposit,,,BTC,0.1,,,,,first,,dupid', '2022-01-02T10:00:00Z,deposit,,,BTC,0.2,,,,,second,,dupid']);
    expect(problemsOf(result)).toEqual([
      { line: 3, column: 'ID', columnNumber: 13, value: 'dupid', message: 'line 2 has this ID too; give each row its own ID, or leave it empty' },
    ]);
    expect(rowCount(db)).toBe(0);
  });

  it('counts as already imported only rows the ledger holds', async () => {
    const first = [HEADER, '2022-01-01T10:00:00Z,deposit,,,BTC,0.1,,,,,first,,a'];
    expect(await importLines('first.csv', first)).toMatchObject({ ok: true, added: 1, skipped: 0 });
    expect(await importLines('both.csv', [...first, '2022-01-02T10:00:00Z,deposit,,,BTC,0.2,,,,,second,,b'])).toMatchObject({ ok: true, added: 1, skipped: 1 });
  });

  it('says which legs a type needs, with its article', async () => {
    const result = await importLines('types.csv', [HEADER, '2022-01-01T10:00:00Z,expense,,,BTC,0.1,,,5,,,,', '2022-01-01T11:00:00Z,withdrawal,,,BTC,0.1,,,,,,,']);
    expect(problemsOf(result).map((p) => [p.line, p.column, p.message])).toEqual([
      [2, 'Type', 'an expense needs a sent amount and no received amount'],
      [3, 'Type', 'a withdrawal needs a sent amount and no received amount'],
    ]);
  });
});
