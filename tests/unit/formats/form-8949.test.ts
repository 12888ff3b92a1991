// Form 8949 as CSV: rows grouped by Part and box, each box closed by its line-2 totals, every
// amount rounded per row, and the totals equal to what `lotwise summary` prints.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { form8949 } from '../../../shared/formats/form-8949.ts';
import { roundedTotals, type RoundedTermTotals } from '../../../shared/formats/rounded-totals.ts';
import { toCents } from '../../../shared/money.ts';
import { exportInput, sixDisposals, taxYearResult } from './export-fixtures.ts';

const HEADER =
  'Part,Box,(a) Description of property,(b) Date acquired,(c) Date sold or disposed of,(d) Proceeds,(e) Cost or other basis,(f) Code(s),(g) Amount of adjustment,(h) Gain or (loss),Note';

describe('form8949', () => {
  it('writes tax year 2024 in boxes C and F with a totals row after each', () => {
    const files = form8949.write(exportInput(taxYearResult(2024, { disposals: sixDisposals(2024) })));
    expect(files.map((f) => f.name)).toEqual(['form8949-2024.csv']);
    expect(files[0]!.text).toBe(
      [
        HEADER,
        'I,C,0.5 BTC,01/10/2024,03/05/2024,30000.01,20000.00,,,10000.01,',
        'I,C,0.0001 BTC,01/10/2024,03/05/2024,6.00,4.00,,,2.00,',
        'I,C,Realized profit of 250 USD,06/30/2024,06/30/2024,250.00,0.00,,,250.00,',
        "I,C,1.25 =cmd|' /C calc'!A0,07/01/2024,07/01/2024,100.00,0.00,,,100.00,No record of acquiring these units: cost basis counted as 0",
        'I,C,Totals for box C,,,30356.01,20004.00,,0.00,10352.01,',
        'II,F,2 ETH,05/01/2022,04/01/2024,6000.00,7500.56,,,-1500.56,',
        'II,F,1 SOL,01/01/2021,12/31/2024,0.00,50.00,,,-50.00,A price is missing: proceeds or cost basis counted as 0',
        'II,F,Totals for box F,,,6000.00,7550.56,,0.00,-1550.56,',
        '',
      ].join('\n'),
    );
  });

  it('writes tax year 2025 in the digital-asset boxes: H/K for the 1099-DA broker, I/L for the others', () => {
    const [file] = form8949.write(exportInput(taxYearResult(2025, { disposals: sixDisposals(2025) })));
    expect(file!.name).toBe('form8949-2025.csv');
    expect(file!.text).toBe(
      [
        HEADER,
        'I,H,0.5 BTC,01/10/2025,03/05/2025,30000.01,20000.00,,,10000.01,',
        'I,H,0.0001 BTC,01/10/2025,03/05/2025,6.00,4.00,,,2.00,',
        'I,H,Totals for box H,,,30006.01,20004.00,,0.00,10002.01,',
        'I,I,Realized profit of 250 USD,06/30/2025,06/30/2025,250.00,0.00,,,250.00,',
        "I,I,1.25 =cmd|' /C calc'!A0,07/01/2025,07/01/2025,100.00,0.00,,,100.00,No record of acquiring these units: cost basis counted as 0",
        'I,I,Totals for box I,,,350.00,0.00,,0.00,350.00,',
        'II,K,1 SOL,01/01/2022,12/31/2025,0.00,50.00,,,-50.00,A price is missing: proceeds or cost basis counted as 0',
        'II,K,Totals for box K,,,0.00,50.00,,0.00,-50.00,',
        'II,L,2 ETH,05/01/2023,04/01/2025,6000.00,7500.56,,,-1500.56,',
        'II,L,Totals for box L,,,6000.00,7500.56,,0.00,-1500.56,',
        '',
      ].join('\n'),
    );
  });

  it('adds up each box from its rows as written, and the boxes to the rounded totals', () => {
    const result = taxYearResult(2025, { disposals: sixDisposals(2025) });
    const rows = Papa.parse<string[]>(form8949.write(exportInput(result))[0]!.text.trimEnd()).data.slice(1);
    const cents = (text: string) => BigInt(text.replace('.', ''));
    const sums = { short: [0n, 0n, 0n], long: [0n, 0n, 0n] };
    const boxSums = new Map<string, bigint[]>();
    for (const row of rows) {
      const [part, box, description, , , proceeds, costBasis, , , gain] = row as string[];
      if (description!.startsWith('Totals for box')) {
        expect(boxSums.get(box!)).toEqual([cents(proceeds!), cents(costBasis!), cents(gain!)]);
        continue;
      }
      expect(cents(gain!)).toBe(cents(proceeds!) - cents(costBasis!));
      const sum = boxSums.get(box!) ?? [0n, 0n, 0n];
      boxSums.set(box!, [sum[0]! + cents(proceeds!), sum[1]! + cents(costBasis!), sum[2]! + cents(gain!)]);
      const term = part === 'I' ? sums.short : sums.long;
      term[0]! += cents(proceeds!);
      term[1]! += cents(costBasis!);
      term[2]! += cents(gain!);
    }
    const totals = roundedTotals(result);
    const asCents = (term: RoundedTermTotals) => [term.proceeds, term.costBasis, term.gain].map((value) => cents(toCents(value)));
    expect(sums.short).toEqual(asCents(totals.shortTerm));
    expect(sums.long).toEqual(asCents(totals.longTerm));
  });

  it('keeps a loss a plain negative number', () => {
    const text = form8949.write(exportInput(taxYearResult(2024, { disposals: sixDisposals(2024) })))[0]!.text;
    expect(text).toContain(',-1500.56,');
    expect(text).not.toContain("'-");
  });

  it('writes a header and nothing else for a year without disposals', () => {
    expect(form8949.write(exportInput(taxYearResult(2024, {})))[0]!.text).toBe(`${HEADER}\n`);
  });

  it('writes the same bytes every time', () => {
    const input = exportInput(taxYearResult(2025, { disposals: sixDisposals(2025) }));
    expect(form8949.write(input)[0]!.text).toBe(form8949.write(input)[0]!.text);
  });
});
