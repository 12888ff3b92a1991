// Stored tax results: a run's totals and year-end holdings, and its disposals, income,
// removals and warnings as rows, so screens and exports can page through them. Storing
// the same result twice writes the same rows: results are reproducible bit for bit.
import type { Database } from '../db/open-ledger.ts';
import { toDecimalText } from '../../../shared/money.ts';
import type { LotMethod, PoolMode, TaxYearResult } from '../../../shared/tax/types.ts';

export interface TaxRunKey {
  year: number;
  method: LotMethod;
  pool: PoolMode;
  timeZone: string;
  reportCurrency: string;
}

const text = toDecimalText;
const flag = (value: boolean) => (value ? 1 : 0);

export function storeTaxRun(db: Database, key: TaxRunKey, result: TaxYearResult): number {
  return db.transaction(() => {
    db.prepare(
      'DELETE FROM tax_runs WHERE tax_year = ? AND method = ? AND pool = ? AND time_zone = ? AND report_currency = ?',
    ).run(key.year, key.method, key.pool, key.timeZone, key.reportCurrency);
    const totals = {
      shortTerm: mapTotals(result.totals.shortTerm),
      longTerm: mapTotals(result.totals.longTerm),
      income: text(result.totals.income),
    };
    const runId = Number(
      db
        .prepare(
          `INSERT INTO tax_runs (tax_year, method, pool, time_zone, report_currency, computed_at, totals, holdings)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(key.year, key.method, key.pool, key.timeZone, key.reportCurrency, Date.now(), JSON.stringify(totals), JSON.stringify(result.holdings))
        .lastInsertRowid,
    );

    const disposal = db.prepare(
      `INSERT INTO tax_disposals (run_id, seq, kind, asset, quantity, lot_id, acquisition_transaction_id, acquired_date,
         disposal_transaction_id, account_id, disposed_date, proceeds, cost_basis, gain, term, missing_price, missing_basis)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    result.disposals.forEach((d, seq) =>
      disposal.run(runId, seq, d.kind, d.asset, text(d.quantity), d.lotId, d.acquisitionTransactionId, d.acquiredDate,
        d.disposalTransactionId, d.accountId, d.disposedDate, text(d.proceeds), text(d.costBasis), text(d.gain), d.term,
        flag(d.missingPrice), flag(d.missingBasis)),
    );
    const income = db.prepare(
      `INSERT INTO tax_income (run_id, seq, type, asset, quantity, fair_market_value, date, account_id, transaction_id, missing_price)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    result.income.forEach((i, seq) =>
      income.run(runId, seq, i.type, i.asset, text(i.quantity), text(i.fairMarketValue), i.date, i.accountId, i.transactionId, flag(i.missingPrice)),
    );
    const removal = db.prepare(
      `INSERT INTO tax_removals (run_id, seq, kind, asset, quantity, lot_id, acquired_date, date, account_id, transaction_id, cost_basis, fair_market_value)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    result.removals.forEach((r, seq) =>
      removal.run(runId, seq, r.kind, r.asset, text(r.quantity), r.lotId, r.acquiredDate, r.date, r.accountId, r.transactionId,
        text(r.costBasis), r.fairMarketValue === null ? null : text(r.fairMarketValue)),
    );
    const warning = db.prepare(
      `INSERT INTO tax_warnings (run_id, seq, code, message, transaction_id, account_id, asset, date, quantity)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    result.warnings.forEach((w, seq) =>
      warning.run(runId, seq, w.code, w.message, w.transactionId ?? null, w.accountId ?? null, w.asset ?? null, w.date ?? null, w.quantity ?? null),
    );
    return runId;
  })();
}

function mapTotals(t: TaxYearResult['totals']['shortTerm']) {
  return { proceeds: text(t.proceeds), costBasis: text(t.costBasis), gain: text(t.gain) };
}
