// The year at a glance, as `lotwise summary --json` prints it and the app shows it:
// short- and long-term proceeds, cost basis and gain, income, and every warning. Amounts
// are exact sums rounded to cents once, at the end.
import { toCents } from '../../../shared/money.ts';
import type { LotMethod, PoolMode, TaxYearResult, TermTotals } from '../../../shared/tax/types.ts';

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

function term(totals: TermTotals): TermSummary {
  return { proceeds: toCents(totals.proceeds), costBasis: toCents(totals.costBasis), gain: toCents(totals.gain) };
}

export function summarize(result: TaxYearResult, basis: PoolMode): TaxSummary {
  return {
    year: result.taxYear,
    method: result.method,
    basis,
    timeZone: result.timeZone,
    shortTerm: term(result.totals.shortTerm),
    longTerm: term(result.totals.longTerm),
    income: toCents(result.totals.income),
    warnings: result.warnings.map((w) => ({ code: w.code, message: w.message })),
  };
}
