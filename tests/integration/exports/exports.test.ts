// Every export of a shared fixture ledger: golden files, byte-identical reruns, totals
// that equal `lotwise summary --json` when parsed back, the Koinly round trip, and no
// cell a spreadsheet would run as a formula.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from '../../../shared/money.ts';
import { EXPORT_FORMATS } from '../../../shared/formats/registry.ts';
import type { ExportFormatId } from '../../../shared/formats/export-format.ts';
import { exportFiles } from '../../../electron/core/exports/export-files.ts';
import { importFile } from '../../../electron/core/importers/import-file.ts';
import { createAccount } from '../../../electron/core/ledger/accounts.ts';
import { openLedger, type Database } from '../../../electron/core/db/open-ledger.ts';
import { tempDir, type TempDir } from '../../support/temp-ledger.ts';

const root = join(import.meta.dirname, '../../..');
const fixtures = join(root, 'tests/fixtures/exports');
const ZONE = 'America/New_York';
const METHODS = ['fifo', 'lifo', 'hifo', 'lofo'] as const;
const POOLS = ['universal', 'per-wallet', 'auto'] as const;
const ACCOUNTS = [
  { file: 'coinbase.csv', name: 'Coinbase', kind: 'exchange' as const, exchange: 'coinbase' },
  { file: 'ledger-wallet.csv', name: 'Ledger wallet', kind: 'wallet' as const, exchange: null },
  { file: 'binance.csv', name: 'Binance', kind: 'exchange' as const, exchange: 'binance' },
];

let dir: TempDir;
let db: Database;
let ledgerPath: string;

beforeAll(async () => {
  dir = tempDir();
  ledgerPath = join(dir.path, 'ledger.db');
  db = await openLedger(ledgerPath);
  for (const account of ACCOUNTS) {
    createAccount(db, { name: account.name, kind: account.kind, exchange: account.exchange });
    const result = await importFile(db, { path: join(fixtures, 'ledger', account.file), accountName: account.name, format: 'lotwise' });
    expect(result.ok).toBe(true);
  }
});
afterAll(() => {
  db.close();
  dir.remove();
});

function exportTo(format: ExportFormatId, year: number, method: (typeof METHODS)[number] = 'fifo', label = 'run'): Map<string, string> {
  const out = join(dir.path, `${label}-${format}-${year}-${method}`);
  mkdirSync(out, { recursive: true });
  const { files } = exportFiles(db, { format, year, method, timeZone: ZONE, out: `${out}/` });
  return new Map(files.map((f) => [f.path.slice(out.length + 1), readFileSync(f.path, 'utf8')]));
}

function cliSummary(path: string, year: number, method: string, pool = 'auto') {
  const run = spawnSync(
    process.execPath,
    [join(root, 'bin/lotwise.js'), 'summary', '--db', path, '--year', String(year), '--method', method, '--basis', pool, '--tz', ZONE, '--json'],
    { encoding: 'utf8' },
  );
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as {
    shortTerm: { proceeds: string; costBasis: string; gain: string };
    longTerm: { proceeds: string; costBasis: string; gain: string };
    income: string;
    warnings: { code: string; message: string }[];
  };
}

function rows(text: string): Record<string, string>[] {
  return Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
}

const total = (values: string[]) => values.reduce((sum, v) => sum.plus(v), new Decimal(0)).toFixed(2);

describe('exports of the fixture ledger', () => {
  it.each([2024, 2025])('match the golden files for tax year %i', (year) => {
    for (const format of EXPORT_FORMATS) {
      for (const [name, text] of exportTo(format.id, year)) {
        const golden = join(fixtures, 'golden', String(year), name);
        if (process.env.UPDATE_GOLDEN === '1' || !existsSync(golden)) {
          mkdirSync(join(fixtures, 'golden', String(year)), { recursive: true });
          writeFileSync(golden, text);
        }
        expect(text, `${format.id}: ${name}`).toBe(readFileSync(golden, 'utf8'));
      }
    }
  });

  it('are byte-identical run to run', () => {
    for (const format of EXPORT_FORMATS) {
      expect(exportTo(format.id, 2025, 'fifo', 'again'), format.id).toEqual(exportTo(format.id, 2025, 'fifo', 'first'));
    }
  });

  it.each(METHODS)('add up to `lotwise summary --json` when parsed back (%s)', (method) => {
    for (const year of [2024, 2025]) {
      const summary = cliSummary(ledgerPath, year, method);
      const [form] = exportTo('form8949', year, method).values();
      const lines = rows(form!).filter((r) => !r['(a) Description of property']!.startsWith('Totals for box'));
      for (const [part, term] of [['I', summary.shortTerm], ['II', summary.longTerm]] as const) {
        const inPart = lines.filter((r) => r['Part'] === part);
        expect(total(inPart.map((r) => r['(d) Proceeds']!)), `${year} ${method} 8949 part ${part}`).toBe(term.proceeds);
        expect(total(inPart.map((r) => r['(e) Cost or other basis']!))).toBe(term.costBasis);
        expect(total(inPart.map((r) => r['(h) Gain or (loss)']!))).toBe(term.gain);
      }

      const [turbotax] = exportTo('turbotax', year, method).values();
      const both = (a: string, b: string) => new Decimal(a).plus(b).toFixed(2);
      expect(total(rows(turbotax!).map((r) => r['Proceeds']!))).toBe(both(summary.shortTerm.proceeds, summary.longTerm.proceeds));
      expect(total(rows(turbotax!).map((r) => r['Cost Basis']!))).toBe(both(summary.shortTerm.costBasis, summary.longTerm.costBasis));

      const [taxact] = exportTo('taxact', year, method).values();
      const taxactRows = rows(taxact!);
      const termColumn = Object.keys(taxactRows[0] ?? {}).find((k) => /long|short/i.test(k))!;
      for (const [short, term] of [[true, summary.shortTerm], [false, summary.longTerm]] as const) {
        const inTerm = taxactRows.filter((r) => /^s/i.test(r[termColumn]!) === short);
        expect(total(inTerm.map((r) => r['Sales Proceeds']!)), `${year} ${method} taxact`).toBe(term.proceeds);
        expect(total(inTerm.map((r) => r['Cost or Other Basis']!))).toBe(term.costBasis);
      }

      const [income] = exportTo('income', year, method).values();
      const incomeRows = rows(income!).filter((r) => Object.values(r).every((v) => !/^total/i.test(v)));
      const valueColumn = Object.keys(incomeRows[0] ?? { FMV: '' }).find((k) => /fair market value|fmv|value/i.test(k))!;
      expect(total(incomeRows.map((r) => r[valueColumn]!)), `${year} income`).toBe(summary.income);
    }
  });

  it('reproduces the same summary for every method and pool when the Koinly export is imported into an empty ledger', async () => {
    const files = exportTo('koinly', 2025);
    const copy = await openLedger(join(dir.path, 'koinly-round-trip.db'));
    // Files come one per account, in account order; import each into its own account.
    for (const account of ACCOUNTS) {
      const slug = account.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
      const name = [...files.keys()].find((n) => n === `koinly-${slug}.csv`)!;
      const path = join(dir.path, name);
      writeFileSync(path, files.get(name)!);
      const result = await importFile(copy, { path, accountName: account.name, format: 'koinly' });
      expect(result.ok, name).toBe(true);
    }
    copy.close();
    for (const year of [2023, 2024, 2025]) {
      for (const method of METHODS) {
        for (const pool of POOLS) {
          expect(cliSummary(join(dir.path, 'koinly-round-trip.db'), year, method, pool), `${year} ${method} ${pool}`).toEqual(
            cliSummary(ledgerPath, year, method, pool),
          );
        }
      }
    }
  }, 300_000);

  it('never writes a cell a spreadsheet would run as a formula', () => {
    let cells = 0;
    for (const format of EXPORT_FORMATS) {
      for (const text of exportTo(format.id, 2025).values()) {
        for (const row of Papa.parse<string[]>(text, { skipEmptyLines: true }).data) {
          for (const cell of row) {
            cells += 1;
            if (/^-\d+(\.\d+)?$/.test(cell)) continue; // a negative amount is a number, not a formula
            expect(cell, format.id).not.toMatch(/^[=+\-@\t\r]/);
          }
        }
      }
    }
    expect(cells).toBeGreaterThan(500);
    // The fixture's descriptions that start with = + - @ did reach the files, neutralised.
    const universal = [...exportTo('turbotax-universal', 2024).values()].join('');
    expect(universal).toContain(`'=HYPERLINK`);
  });
});

describe('the export command', () => {
  it('lists every format with the software it is for, and writes files with the CLI', () => {
    const list = spawnSync(process.execPath, [join(root, 'bin/lotwise.js'), 'export', '--list'], { encoding: 'utf8' });
    expect(list.status).toBe(0);
    for (const format of EXPORT_FORMATS) expect(list.stdout).toContain(`${format.id} `);
    const out = join(dir.path, 'cli-8949.csv');
    const run = spawnSync(
      process.execPath,
      [join(root, 'bin/lotwise.js'), 'export', '--db', ledgerPath, '--year', '2025', '--format', 'form8949', '--out', out, '--tz', ZONE],
      { encoding: 'utf8' },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe([...exportTo('form8949', 2025).values()][0]);
    expect(readdirSync(dir.path).some((name) => name.endsWith('.tmp'))).toBe(false);
  });
});
