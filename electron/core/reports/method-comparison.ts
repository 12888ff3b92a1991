// The tax year under every lot method side by side, as reports.compare shows it. Only the
// year's own method varies: every other year keeps the method saved for it (FIFO when
// none is), and the pool, time zone and currency are the saved ones, exactly as
// reports.summary and the exports use them. So the row of the year's saved method is the
// summary itself, and each other row is what the summary would be if that method were
// saved for the year. The rows are not stored: a stored run is keyed by the year's method
// alone, and reports.summary with an explicit method means something else (it also
// applies to earlier years with none saved).
import { LOT_METHODS, type PoolMode } from '../../../shared/tax/types.ts';
import type { Database } from '../db/open-ledger.ts';
import { computeTaxResult, resolveTaxOptions } from './tax-report.ts';
import { summarize, type TaxSummary } from './tax-summary.ts';

export interface MethodComparisonRequest {
  year: number;
  pool?: PoolMode;
}

export function compareMethods(db: Database, request: MethodComparisonRequest): TaxSummary[] {
  const saved = resolveTaxOptions(db, { year: request.year, pool: request.pool });
  return LOT_METHODS.map((method) => {
    const options = { ...saved, method, methodForYear: (year: number) => (year === request.year ? method : saved.methodForYear(year)) };
    return summarize(computeTaxResult(db, options), options.pool);
  });
}
