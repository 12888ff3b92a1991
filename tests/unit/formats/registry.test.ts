// Every registered export on a tax year the engine computed: names carry the year, output is
// the same bytes run to run, and the Form 8949 family adds up to the rounded totals for any
// disposals.
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { ExportAccount, ExportInput } from '../../../shared/formats/export-format.ts';
import { EXPORT_FORMATS, exportFormatById, isExportFormatId } from '../../../shared/formats/registry.ts';
import { roundedTotals } from '../../../shared/formats/rounded-totals.ts';
import { toCents } from '../../../shared/money.ts';
import { compute, COINBASE, KRAKEN, LEDGER, ledger } from '../tax/tax-fixtures.ts';
import { ACCOUNTS, disposal, exportInput, taxYearResult } from './export-fixtures.ts';

const accounts: ReadonlyMap<number, ExportAccount> = new Map([
  [KRAKEN, { id: KRAKEN, name: 'Kraken', issues1099DA: true }],
  [COINBASE, { id: COINBASE, name: 'Coinbase', issues1099DA: true }],
  [LEDGER, { id: LEDGER, name: 'Ledger', issues1099DA: false }],
]);

function engineInput(taxYear: number): ExportInput {
  const transactions = ledger([
    { at: '2023-03-01', sent: '30000 USD', received: '1 BTC', fee: '15 USD' },
    { at: '2024-02-01', sent: '6000 USD', received: '3 ETH', account: COINBASE },
    { at: '2024-04-01', sent: '0.4 BTC', received: '26000.33 USD', fee: '13.01 USD' },
    { at: '2024-05-01', sent: '1 ETH', received: '0.03 BTC', value: '3100', account: COINBASE },
    { at: '2024-06-01', type: 'staking', received: '0.01 ETH', value: '35.555', account: COINBASE },
    { at: '2024-07-01', sent: '0.2 BTC', account: KRAKEN, hash: 'h1' },
    { at: '2024-07-01T12:10:00', received: '0.1999 BTC', account: LEDGER, hash: 'h1' },
    { at: '2025-03-01', sent: '0.1 BTC', received: '8000 USD', account: LEDGER },
    { at: '2025-03-02', sent: '1 ETH', received: '2500 USD', account: COINBASE },
  ]);
  const result = compute(transactions, { taxYear, pool: 'auto' });
  return { taxYear, timeZone: 'UTC', reportCurrency: 'USD', result, accounts, transactions };
}

// The tax-year formats (the migration formats write the whole history, one file per account).
const TAX_YEAR_FORMATS = ['form8949', 'schedule-d', 'turbotax', 'turbotax-universal', 'taxact', 'income', 'holdings', 'audit'] as const;

describe('the export registry', () => {
  it('has one format per id, each found by its id', () => {
    const ids = EXPORT_FORMATS.map((format) => format.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(isExportFormatId(id)).toBe(true);
      expect(exportFormatById(id).id).toBe(id);
    }
    expect(isExportFormatId('form-8949')).toBe(false);
    for (const id of TAX_YEAR_FORMATS) expect(ids).toContain(id);
  });

  for (const taxYear of [2024, 2025]) {
    it(`writes every format for ${taxYear} with the year in each file name, the same bytes twice`, () => {
      for (const format of TAX_YEAR_FORMATS.map(exportFormatById)) {
        const first = format.write(engineInput(taxYear));
        const second = format.write(engineInput(taxYear));
        expect(first.length).toBeGreaterThan(0);
        for (const file of first) expect(file.name).toContain(String(taxYear));
        expect(second).toEqual(first);
      }
    });
  }

  it('adds up to the rounded totals on an engine-computed year', () => {
    const input = engineInput(2024);
    expect(input.result.disposals.length).toBeGreaterThan(2);
    const totals = roundedTotals(input.result);
    const scheduleD = exportFormatById('schedule-d').write(input)[0]!.text.trimEnd().split('\n');
    expect(scheduleD.at(-2)!.split(',').slice(3, 7)).toEqual([toCents(totals.shortTerm.proceeds), toCents(totals.shortTerm.costBasis), '0.00', toCents(totals.shortTerm.gain)]);
    const income = exportFormatById('income').write(input)[0]!.text.trimEnd().split('\n');
    expect(income.at(-1)).toBe(`Total,,,${toCents(totals.income)},,,,`);
  });
});

describe('Form 8949 totals for any disposals', () => {
  const amount = fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 0, max: 6 })).map(([digits, scale]) => `${digits}e-${scale}`);
  const disposals = fc.array(
    fc.record({ proceeds: amount, costBasis: amount, term: fc.constantFrom<'short' | 'long'>('short', 'long'), account: fc.constantFrom(...ACCOUNTS.keys()) }),
    { maxLength: 30 },
  );

  it('add up, box by box and term by term, to roundedTotals', () => {
    fc.assert(
      fc.property(disposals, fc.constantFrom(2024, 2025), (specs, taxYear) => {
        const result = taxYearResult(taxYear, {
          disposals: specs.map((spec) =>
            disposal({ asset: 'BTC', quantity: '1', acquired: `${taxYear}-01-01`, disposed: `${taxYear}-06-01`, proceeds: spec.proceeds, costBasis: spec.costBasis, term: spec.term, account: spec.account }),
          ),
        });
        const rows = Papa.parse<string[]>(exportFormatById('form8949').write(exportInput(result))[0]!.text.trimEnd()).data.slice(1);
        const sum = { I: [0n, 0n, 0n], II: [0n, 0n, 0n] };
        const box = [0n, 0n, 0n];
        const cents = (text: string) => BigInt(text.replace('.', ''));
        for (const row of rows) {
          const [part, , description, , , proceeds, costBasis, , , gain] = row;
          const values = [cents(proceeds!), cents(costBasis!), cents(gain!)];
          if (description!.startsWith('Totals for box')) {
            expect(values).toEqual(box);
            box.fill(0n);
            continue;
          }
          expect(values[2]).toBe(values[0]! - values[1]!);
          for (let i = 0; i < 3; i++) {
            box[i]! += values[i]!;
            sum[part as 'I' | 'II'][i]! += values[i]!;
          }
        }
        const totals = roundedTotals(result);
        const expected = (term: typeof totals.shortTerm) => [term.proceeds, term.costBasis, term.gain].map((value) => cents(toCents(value)));
        expect(sum.I).toEqual(expected(totals.shortTerm));
        expect(sum.II).toEqual(expected(totals.longTerm));
      }),
    );
  });
});
