// The reports.* calls: a tax year's summary, computed from the ledger and stored.
import type { CallName } from '../../../shared/api.ts';
import { isTimeZone } from '../reports/tax-choices.ts';
import { computeTaxReport } from '../reports/tax-report.ts';
import { summarize } from '../reports/tax-summary.ts';
import type { DomainHandlers } from './context.ts';

type ReportsCall = Extract<CallName, `reports.${string}`>;

export const reportsHandlers: DomainHandlers<ReportsCall> = {
  async 'reports.summary'({ year, method, basis, timeZone }, { db }) {
    if (timeZone !== undefined && !isTimeZone(timeZone)) throw new Error(`"${timeZone}" is not a time zone Lotwise knows.`);
    const { options, result } = computeTaxReport(db, { year, method, pool: basis, timeZone });
    return summarize(result, options.pool);
  },
};
