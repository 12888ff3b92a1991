// Feeds the tax engine (shared/tax) from the ledger and stores what it computes: one run
// per (tax year, method, pool, time zone, currency), replaced each time it is recomputed.
import type { Database } from '../db/open-ledger.ts';
import { listAccounts } from '../ledger/accounts.ts';
import { valuedTransactions } from '../prices/valuations.ts';
import { computeTaxYear } from '../../../shared/tax/compute-tax-year.ts';
import type { LotMethod, PoolMode, TaxYearInput, TaxYearResult } from '../../../shared/tax/types.ts';
import {
  DEFAULT_METHOD,
  DEFAULT_POOL,
  DEFAULT_REPORT_CURRENCY,
  savedMethods,
  savedPool,
  savedTimeZone,
  specificIdChoices,
  systemTimeZone,
  transferLinks,
} from './tax-choices.ts';
import { storeTaxRun } from './tax-runs.ts';

export interface TaxReportRequest {
  year: number;
  /** The method for this tax year, and for earlier years that have no saved method. */
  method?: LotMethod;
  pool?: PoolMode;
  timeZone?: string;
  reportCurrency?: string;
}

export interface TaxReportOptions {
  year: number;
  method: LotMethod;
  pool: PoolMode;
  timeZone: string;
  reportCurrency: string;
  /** The method used for each year up to the tax year. */
  methodForYear: (year: number) => LotMethod;
}

/**
 * What a request means once the saved choices fill its gaps: an explicit method wins for
 * its year; other years use their saved method, else the explicit one, else FIFO. The
 * time zone is the request's, else the saved one, else the system's.
 */
export function resolveTaxOptions(db: Database, request: TaxReportRequest): TaxReportOptions {
  const saved = savedMethods(db);
  const standing = request.method ?? DEFAULT_METHOD;
  const methodForYear = (year: number): LotMethod =>
    year === request.year && request.method ? request.method : (saved.get(year) ?? standing);
  return {
    year: request.year,
    method: methodForYear(request.year),
    pool: request.pool ?? savedPool(db) ?? DEFAULT_POOL,
    timeZone: request.timeZone ?? savedTimeZone(db) ?? systemTimeZone(),
    reportCurrency: request.reportCurrency ?? DEFAULT_REPORT_CURRENCY,
    methodForYear,
  };
}

/** Computes a tax year from the whole ledger and stores the result; returns both. */
export function computeTaxReport(db: Database, request: TaxReportRequest): { options: TaxReportOptions; result: TaxYearResult } {
  const options = resolveTaxOptions(db, request);
  const result = computeTaxResult(db, options);
  storeTaxRun(db, { ...options, method: result.method }, result);
  return { options, result };
}

/** Computes a tax year from the whole ledger under resolved options, without storing it. */
export function computeTaxResult(db: Database, options: TaxReportOptions): TaxYearResult {
  return computeTaxYear(taxYearInput(db, options));
}

/** The tax engine's input: the whole ledger with the saved picks and links, under resolved options. */
export function taxYearInput(db: Database, options: TaxReportOptions): TaxYearInput {
  const accounts = new Map(listAccounts(db).map((a) => [a.id, { name: a.name }] as const));
  return {
    // Transactions without a value of their own carry the one `lotwise prices fill` found.
    transactions: valuedTransactions(db, options.reportCurrency),
    accounts,
    taxYear: options.year,
    methodForYear: options.methodForYear,
    pool: options.pool,
    timeZone: options.timeZone,
    reportCurrency: options.reportCurrency,
    specificIds: specificIdChoices(db),
    transferLinks: transferLinks(db),
  };
}
