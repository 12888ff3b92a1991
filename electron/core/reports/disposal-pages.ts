// A tax year's disposals as the app pages through them: one row per disposal transaction
// and asset, with the lots it used, read from the stored run (tax_disposals). The first
// page computes the year and stores the run; later pages read that same run, so the pages
// of one listing are one consistent snapshot. Amounts are as filed: each lot line rounded
// to cents, and a row's amounts are the sums of its lines, so every row adds up to the
// summary's totals.
import type { DisposalLotView, DisposalPage, DisposalView, LotMethodId, PoolModeId } from '../../../shared/api.ts';
import { lineAmount } from '../../../shared/formats/rounded-totals.ts';
import { Decimal, ZERO, toCents, toDecimalText } from '../../../shared/money.ts';
import type { Database } from '../db/open-ledger.ts';
import { listAccounts } from '../ledger/accounts.ts';
import { computeTaxReport, resolveTaxOptions, type TaxReportOptions } from './tax-report.ts';

export interface DisposalPageRequest {
  year: number;
  method?: LotMethodId;
  pool?: PoolModeId;
  offset: number;
  limit: number;
}

interface DisposalRow {
  seq: number;
  asset: string;
  quantity: string;
  lot_id: string | null;
  acquisition_transaction_id: number | null;
  acquired_date: string;
  disposal_transaction_id: number;
  account_id: number;
  disposed_date: string;
  proceeds: string;
  cost_basis: string;
  term: 'short' | 'long';
  missing_basis: number;
}

interface GroupRow {
  disposal_transaction_id: number;
  asset: string;
  first_seq: number;
  last_seq: number;
}

function storedRun(db: Database, options: TaxReportOptions): number | null {
  const id = db
    .prepare('SELECT id FROM tax_runs WHERE tax_year = ? AND method = ? AND pool = ? AND time_zone = ? AND report_currency = ?')
    .pluck()
    .get(options.year, options.method, options.pool, options.timeZone, options.reportCurrency) as number | undefined;
  return id ?? null;
}

/** Groups a run's disposal rows by transaction and asset, once per run. */
function ensureGroups(db: Database, runId: number): void {
  if (db.prepare('SELECT 1 FROM tax_disposal_groups WHERE run_id = ? LIMIT 1').get(runId)) return;
  const groups = new Map<string, GroupRow>();
  const rows = db
    .prepare('SELECT seq, disposal_transaction_id, asset FROM tax_disposals WHERE run_id = ? ORDER BY seq')
    .iterate(runId) as IterableIterator<{ seq: number; disposal_transaction_id: number; asset: string }>;
  for (const row of rows) {
    const key = `${row.disposal_transaction_id}\u0000${row.asset}`;
    const group = groups.get(key);
    if (group) group.last_seq = row.seq;
    else groups.set(key, { disposal_transaction_id: row.disposal_transaction_id, asset: row.asset, first_seq: row.seq, last_seq: row.seq });
  }
  const insert = db.prepare(
    'INSERT INTO tax_disposal_groups (run_id, position, disposal_transaction_id, asset, first_seq, last_seq) VALUES (?, ?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    let position = 0;
    for (const g of groups.values()) insert.run(runId, position++, g.disposal_transaction_id, g.asset, g.first_seq, g.last_seq);
  })();
}

const cents = (text: string): Decimal => lineAmount(new Decimal(text));

export function disposalPage(db: Database, request: DisposalPageRequest): DisposalPage {
  const taxRequest = { year: request.year, method: request.method, pool: request.pool };
  let runId = storedRun(db, resolveTaxOptions(db, taxRequest));
  if (request.offset === 0 || runId === null) {
    const { options } = computeTaxReport(db, taxRequest);
    runId = storedRun(db, options);
    if (runId === null) throw new Error(`The ${request.year} tax run was not stored.`);
  }
  ensureGroups(db, runId);
  const total = db.prepare('SELECT COUNT(*) FROM tax_disposal_groups WHERE run_id = ?').pluck().get(runId) as number;
  const groups = db
    .prepare('SELECT disposal_transaction_id, asset, first_seq, last_seq FROM tax_disposal_groups WHERE run_id = ? AND position >= ? ORDER BY position LIMIT ?')
    .all(runId, request.offset, request.limit) as GroupRow[];
  if (groups.length === 0) return { total, offset: request.offset, rows: [] };

  const first = Math.min(...groups.map((g) => g.first_seq));
  const last = Math.max(...groups.map((g) => g.last_seq));
  const rows = db
    .prepare('SELECT * FROM tax_disposals WHERE run_id = ? AND seq BETWEEN ? AND ? ORDER BY seq')
    .all(runId, first, last) as DisposalRow[];
  const ids = JSON.stringify(groups.map((g) => g.disposal_transaction_id));
  const picked = new Set(
    db.prepare('SELECT DISTINCT disposal_transaction_id FROM lot_selections WHERE disposal_transaction_id IN (SELECT value FROM json_each(?))').pluck().all(ids) as number[],
  );
  const names = new Map(listAccounts(db).map((a) => [a.id, a.name] as const));

  const rowsOf = new Map<string, DisposalRow[]>();
  for (const row of rows) {
    const key = `${row.disposal_transaction_id}\u0000${row.asset}`;
    const list = rowsOf.get(key);
    if (list) list.push(row);
    else rowsOf.set(key, [row]);
  }

  const views = groups.map((group): DisposalView => {
    const own = rowsOf.get(`${group.disposal_transaction_id}\u0000${group.asset}`)!;
    let quantity: Decimal = ZERO;
    let proceeds: Decimal = ZERO;
    let costBasis: Decimal = ZERO;
    const lots = own.map((row): DisposalLotView => {
      const lineProceeds = cents(row.proceeds);
      const lineBasis = cents(row.cost_basis);
      quantity = quantity.plus(row.quantity);
      proceeds = proceeds.plus(lineProceeds);
      costBasis = costBasis.plus(lineBasis);
      return {
        lotId: row.lot_id,
        acquiredDate: row.acquired_date,
        acquisitionTransactionId: row.acquisition_transaction_id,
        quantity: row.quantity,
        costBasis: toCents(lineBasis),
        proceeds: toCents(lineProceeds),
        gain: toCents(lineProceeds.minus(lineBasis)),
        term: row.term,
        missingBasis: row.missing_basis === 1,
      };
    });
    const head = own[0]!;
    return {
      transactionId: group.disposal_transaction_id,
      disposedDate: head.disposed_date,
      account: names.get(head.account_id) ?? String(head.account_id),
      asset: group.asset,
      quantity: toDecimalText(quantity),
      proceeds: toCents(proceeds),
      costBasis: toCents(costBasis),
      gain: toCents(proceeds.minus(costBasis)),
      lots,
      picked: picked.has(group.disposal_transaction_id),
    };
  });
  return { total, offset: request.offset, rows: views };
}
