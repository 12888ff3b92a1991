// The per-disposal files for tax software (TurboTax's gains and losses CSV, TaxAct's 1099-B
// import) and the Schedule D summary, on the six hand-worked disposals of export-fixtures.ts.
import { describe, expect, it } from 'vitest';
import { scheduleD } from '../../../shared/formats/schedule-d.ts';
import { taxact } from '../../../shared/formats/taxact.ts';
import { turbotaxGains } from '../../../shared/formats/turbotax-gains.ts';
import { roundedTotals } from '../../../shared/formats/rounded-totals.ts';
import { toCents } from '../../../shared/money.ts';
import { COINBASE, disposal, exportInput, sixDisposals, taxYearResult, transaction } from './export-fixtures.ts';

const year2024 = () => exportInput(taxYearResult(2024, { disposals: sixDisposals(2024) }));
const year2025 = () => exportInput(taxYearResult(2025, { disposals: sixDisposals(2025) }));

describe('turbotax (gains and losses)', () => {
  it('writes one row per disposal in the order they happened, the formula-like asset neutralised', () => {
    const files = turbotaxGains.write(year2024());
    expect(files.map((f) => f.name)).toEqual(['turbotax-gains-2024.csv']);
    expect(files[0]!.text).toBe(
      [
        'Currency Name,Purchase Date,Cost Basis,Date Sold,Proceeds',
        'BTC,01/10/2024,20000.00,03/05/2024,30000.01',
        'ETH,05/01/2022,7500.56,04/01/2024,6000.00',
        'BTC,01/10/2024,4.00,03/05/2024,6.00',
        'USD,06/30/2024,0.00,06/30/2024,250.00',
        "'=cmd|' /C calc'!A0,07/01/2024,0.00,07/01/2024,100.00",
        'SOL,01/01/2021,50.00,12/31/2024,0.00',
        '',
      ].join('\n'),
    );
  });

  it('quotes an asset that holds a comma or a quote', () => {
    const sale = disposal({ asset: 'A,"B"', quantity: '1', acquired: '2024-01-01', disposed: '2024-02-01', account: COINBASE, proceeds: '1', costBasis: '2', term: 'short' });
    const text = turbotaxGains.write(exportInput(taxYearResult(2024, { disposals: [sale] })))[0]!.text;
    expect(text.split('\n')[1]).toBe('"A,""B""",01/01/2024,2.00,02/01/2024,1.00');
  });
});

describe('taxact', () => {
  it('writes the 1099-B import columns with the box letter and Short/Long', () => {
    const files = taxact.write(year2024());
    expect(files.map((f) => f.name)).toEqual(['taxact-1099b-2024.csv']);
    expect(files[0]!.text).toBe(
      [
        'Description,Date Acquired,Date Sold,Sales Proceeds,Cost or Other Basis,Reporting Category,Long/Short',
        '0.5 BTC,01/10/2024,03/05/2024,30000.01,20000.00,C,Short',
        '2 ETH,05/01/2022,04/01/2024,6000.00,7500.56,F,Long',
        '0.0001 BTC,01/10/2024,03/05/2024,6.00,4.00,C,Short',
        'Realized profit of 250 USD,06/30/2024,06/30/2024,250.00,0.00,C,Short',
        "1.25 =cmd|' /C calc'!A0,07/01/2024,07/01/2024,100.00,0.00,C,Short",
        '1 SOL,01/01/2021,12/31/2024,0.00,50.00,F,Long',
        '',
      ].join('\n'),
    );
  });

  it('uses the digital-asset boxes from 2025', () => {
    const categories = taxact
      .write(year2025())[0]!
      .text.trimEnd()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',').slice(-2).join(' '));
    expect(categories).toEqual(['H Short', 'L Long', 'H Short', 'I Short', 'I Short', 'K Long']);
  });
});

describe('schedule-d', () => {
  const HEADER = 'Part,Schedule D line,Form 8949 box,(d) Proceeds,(e) Cost or other basis,(g) Adjustments,(h) Gain or (loss),Form 8949 rows,Description';

  it('puts box C on line 3 and box F on line 10 for 2024', () => {
    const files = scheduleD.write(year2024());
    expect(files.map((f) => f.name)).toEqual(['schedule-d-2024.csv']);
    expect(files[0]!.text).toBe(
      [
        HEADER,
        'I,3,C,30356.01,20004.00,0.00,10352.01,4,Short-term transactions not reported to you on Form 1099-B',
        'II,10,F,6000.00,7550.56,0.00,-1550.56,2,Long-term transactions not reported to you on Form 1099-B',
        'I,,,30356.01,20004.00,0.00,10352.01,4,Short-term total from Form 8949',
        'II,,,6000.00,7550.56,0.00,-1550.56,2,Long-term total from Form 8949',
        '',
      ].join('\n'),
    );
  });

  it('puts 2025 boxes H, I, K, L on lines 2, 3, 9, 10 with the same totals', () => {
    expect(scheduleD.write(year2025())[0]!.text).toBe(
      [
        HEADER,
        'I,2,H,30006.01,20004.00,0.00,10002.01,2,"Short-term digital asset transactions reported on Form 1099-DA, basis not reported to the IRS"',
        'I,3,I,350.00,0.00,0.00,350.00,2,Short-term digital asset transactions not reported to you on Form 1099-DA',
        'II,9,K,0.00,50.00,0.00,-50.00,1,"Long-term digital asset transactions reported on Form 1099-DA, basis not reported to the IRS"',
        'II,10,L,6000.00,7500.56,0.00,-1500.56,1,Long-term digital asset transactions not reported to you on Form 1099-DA',
        'I,,,30356.01,20004.00,0.00,10352.01,4,Short-term total from Form 8949',
        'II,,,6000.00,7550.56,0.00,-1550.56,2,Long-term total from Form 8949',
        '',
      ].join('\n'),
    );
  });

  it('totals equal the rounded totals lotwise summary prints', () => {
    const input = year2025();
    const totals = roundedTotals(input.result);
    const lines = scheduleD.write(input)[0]!.text.trimEnd().split('\n');
    expect(lines.at(-2)!.split(',').slice(3, 7)).toEqual([toCents(totals.shortTerm.proceeds), toCents(totals.shortTerm.costBasis), '0.00', toCents(totals.shortTerm.gain)]);
    expect(lines.at(-1)!.split(',').slice(3, 7)).toEqual([toCents(totals.longTerm.proceeds), toCents(totals.longTerm.costBasis), '0.00', toCents(totals.longTerm.gain)]);
  });

  it('puts G on line 1b and J on line 8b', () => {
    // Bought in Coinbase on 2 January 2026 (transaction 1), sold there in 2026 and 2027.
    const sales = [
      disposal({ asset: 'BTC', quantity: '1', acquisitionTransactionId: 1, acquired: '2026-01-02', disposed: '2026-05-01', account: COINBASE, proceeds: '10', costBasis: '4', term: 'short' }),
      disposal({ asset: 'BTC', quantity: '1', acquisitionTransactionId: 1, acquired: '2026-01-02', disposed: '2027-05-01', account: COINBASE, proceeds: '10', costBasis: '4', term: 'long' }),
    ];
    const acquisition = transaction({ id: 1, at: '2026-01-02', type: 'trade', account: COINBASE, sent: '8 USD', received: '2 BTC' });
    const short = scheduleD.write(exportInput(taxYearResult(2026, { disposals: [sales[0]!] }), [acquisition]))[0]!.text.split('\n')[1];
    const long = scheduleD.write(exportInput(taxYearResult(2027, { disposals: [sales[1]!] }), [acquisition]))[0]!.text.split('\n')[1];
    expect(short).toBe('I,1b,G,10.00,4.00,0.00,6.00,1,Short-term digital asset transactions reported on Form 1099-DA with basis reported to the IRS');
    expect(long).toBe('II,8b,J,10.00,4.00,0.00,6.00,1,Long-term digital asset transactions reported on Form 1099-DA with basis reported to the IRS');
  });

  it('writes zero totals for a year without disposals', () => {
    expect(scheduleD.write(exportInput(taxYearResult(2024, {})))[0]!.text).toBe(
      [HEADER, 'I,,,0.00,0.00,0.00,0.00,0,Short-term total from Form 8949', 'II,,,0.00,0.00,0.00,0.00,0,Long-term total from Form 8949', ''].join('\n'),
    );
  });
});
