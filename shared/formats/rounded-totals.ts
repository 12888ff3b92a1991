// Totals as they are filed: every line rounded to cents first, then added up, as on
// Form 8949 and Schedule D. The summary, every export and the app show these, so a file's
// rows always add up to what Lotwise says (an exact sum rounded once can differ from the
// sum of rounded lines by a few cents).
import { toCents, Decimal, ZERO } from '../money.ts';
import type { TaxYearResult } from '../tax/types.ts';

export interface RoundedTermTotals {
  proceeds: Decimal;
  costBasis: Decimal;
  gain: Decimal;
}

export interface RoundedTotals {
  shortTerm: RoundedTermTotals;
  longTerm: RoundedTermTotals;
  income: Decimal;
}

/** An amount as it is written on a line: rounded half up to cents. */
export function lineAmount(value: Decimal): Decimal {
  return new Decimal(toCents(value));
}

export function roundedTotals(result: TaxYearResult): RoundedTotals {
  const terms = { short: { proceeds: ZERO, costBasis: ZERO }, long: { proceeds: ZERO, costBasis: ZERO } };
  for (const disposal of result.disposals) {
    const term = terms[disposal.term];
    term.proceeds = term.proceeds.plus(lineAmount(disposal.proceeds));
    term.costBasis = term.costBasis.plus(lineAmount(disposal.costBasis));
  }
  let income: Decimal = ZERO;
  for (const event of result.income) income = income.plus(lineAmount(event.fairMarketValue));
  const withGain = (t: { proceeds: Decimal; costBasis: Decimal }): RoundedTermTotals => ({ ...t, gain: t.proceeds.minus(t.costBasis) });
  return { shortTerm: withGain(terms.short), longTerm: withGain(terms.long), income };
}
