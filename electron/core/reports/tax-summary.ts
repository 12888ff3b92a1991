// The year at a glance, as `lotwise summary --json` prints it and the app shows it:
// short- and long-term proceeds, cost basis and gain, income, and every warning. Amounts
// are totals as filed: each disposal line rounded to cents, then added up, so every
// export's rows add up to exactly these figures.
import { toCents } from '../../../shared/money.ts';
import { roundedTotals, type RoundedTermTotals } from '../../../shared/formats/rounded-totals.ts';
import type { LotMethod, PoolMode, TaxYearResult } from '../../../shared/tax/types.ts';

export interface TermSummary {
  proceeds: string;
  costBasis: string;
  gain: string;
}

export interface TaxSummary {
  year: number;
  method: LotMethod;
  basis: PoolMode;
  timeZone: string;
  shortTerm: TermSummary;
  longTerm: TermSummary;
  income: string;
  warnings: { code: string; message: string }[];
}

function term(totals: RoundedTermTotals): TermSummary {
  return { proceeds: toCents(totals.proceeds), costBasis: toCents(totals.costBasis), gain: toCents(totals.gain) };
}

export function summarize(result: TaxYearResult, basis: PoolMode): TaxSummary {
  const totals = roundedTotals(result);
  return {
    year: result.taxYear,
    method: result.method,
    basis,
    timeZone: result.timeZone,
    shortTerm: term(totals.shortTerm),
    longTerm: term(totals.longTerm),
    income: toCents(totals.income),
    warnings: result.warnings.map((w) => ({ code: w.code, message: w.message })),
  };
}
