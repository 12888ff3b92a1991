// The reports.* calls: a tax year's summary, its charts, its disposals page by page, and
// the year under every lot method side by side. Each computes the year from the ledger;
// all but the comparison store the run.
import type { CoreCallName } from '../../../shared/api.ts';
import { disposalPage } from '../reports/disposal-pages.ts';
import { compareMethods } from '../reports/method-comparison.ts';
import { isTimeZone } from '../reports/tax-choices.ts';
import { taxCharts } from '../reports/tax-charts.ts';
import { computeTaxReport } from '../reports/tax-report.ts';
import { summarize } from '../reports/tax-summary.ts';
import type { DomainHandlers } from './context.ts';

type ReportsCall = Extract<CoreCallName, `reports.${string}`>;

export const reportsHandlers: DomainHandlers<ReportsCall> = {
  async 'reports.summary'({ year, method, basis, timeZone }, { db }) {
    if (timeZone !== undefined && !isTimeZone(timeZone)) throw new Error(`"${timeZone}" is not a time zone Lotwise knows.`);
    const { options, result } = computeTaxReport(db, { year, method, pool: basis, timeZone });
    return summarize(result, options.pool);
  },

  async 'reports.charts'({ year, method, basis }, { db }) {
    return taxCharts(db, { year, method, pool: basis });
  },

  async 'reports.disposals'({ year, method, basis, offset, limit }, { db }) {
    return disposalPage(db, { year, method, pool: basis, offset, limit });
  },

  async 'reports.compare'({ year, basis }, { db }) {
    return compareMethods(db, { year, pool: basis });
  },
};
