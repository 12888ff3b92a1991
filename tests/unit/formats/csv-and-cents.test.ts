// The two shortcuts the per-disposal writers take for speed must not change a byte:
// csvLines/csvCell write what csvText (papaparse) writes, and whole-cent BigInt arithmetic
// rounds exactly as cents() does.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, csvLines } from '../../../shared/formats/csv-lines.ts';
import { cents, csvText } from '../../../shared/formats/csv-text.ts';
import { centsOf, centsText } from '../../../shared/formats/line-cents.ts';
import { Decimal } from '../../../shared/money.ts';

describe('csvLines', () => {
  const tricky = ['plain', 'a,b', 'say "hi"', 'line\nbreak', 'cr\rhere', ' leading', 'trailing ', '\ufeffbom', "'=1+2", '', 'tab\there', 'x y'];

  it('writes exactly what csvText writes', () => {
    const header = ['One', 'Two, with comma', 'Three'];
    const rows = [tricky.slice(0, 3), tricky.slice(3, 6), tricky.slice(6, 9), tricky.slice(9, 12)];
    expect(csvLines(header, rows.map((row) => row.map(csvCell).join(',')))).toBe(csvText(header, rows));
  });

  it('writes the header alone for no rows (csvText adds a blank line there: papaparse writes [] as one empty row)', () => {
    expect(csvLines(['One', 'Two'], [])).toBe('One,Two\n');
  });

  it('agrees with csvText on any text', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string(), { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 5 }), (rows) => {
        expect(csvLines(['a', 'b'], rows.map((row) => row.map(csvCell).join(',')))).toBe(csvText(['a', 'b'], rows));
      }),
    );
  });
});

describe('whole cents', () => {
  it('round half up, away from zero, as cents() does', () => {
    const edges = ['0', '-0', '0.005', '0.004999', '-0.005', '-0.004', '1.995', '12345678901234567890.125', '7', '0.1', '-3.10', '1e-7', '0.0049999999', '0.00000005'];
    const wordEdges = ['9999999.995', '9999999.994', '10000000.005', '-9999999.999', '0.0000001', '0.0000005', '0.00000049', '1234567.1234567', '99.99999995'];
    for (const text of [...edges, ...wordEdges]) {
      expect(centsText(centsOf(new Decimal(text)))).toBe(cents(new Decimal(text)));
    }
  });

  // Parsed amounts and amounts computed the way the engine splits lots (a value times a
  // share), from dust to billions, both signs: both ways of reading a Decimal are exercised.
  // The arbitraries are text, so a counterexample prints as text.
  const amountText = fc
    .tuple(fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n }), fc.integer({ min: 0, max: 30 }))
    .map(([digits, scale]) => `${digits}e-${scale}`);
  const share = fc.bigInt({ min: 1n, max: 10n ** 12n }).map(String);
  const roundsLikeCents = (value: Decimal): boolean => centsText(centsOf(value)) === cents(value);

  it('agree with cents() on any amount', () => {
    fc.assert(fc.property(amountText, (text) => roundsLikeCents(new Decimal(text))), { numRuns: 2000 });
    fc.assert(
      fc.property(amountText, share, share, (text, part, whole) => roundsLikeCents(new Decimal(text).times(part).div(whole))),
      { numRuns: 2000 },
    );
  });
});
