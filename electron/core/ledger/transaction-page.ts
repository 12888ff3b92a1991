// The transaction list as the app pages through it: a page of rows at an offset, in an
// order, through filters, fast at a million rows. Rows are found in two steps: the ids of
// the page first (which for the default order walks only the index transactions_by_time),
// then those rows with their account, value, review problems and transfer partner. Problems
// come from review_problems, stored by the last review computation: the tax engine never
// runs per page.
import { REVIEW_KINDS, type ReviewKind, type TransactionFilter, type TransactionPage, type TransactionRowView, type TransactionSortKey } from '../../../shared/api.ts';
import { normalizeAsset } from '../../../shared/assets.ts';
import type { Database } from '../db/open-ledger.ts';
import { findAccount, listAccounts } from './accounts.ts';
import type { TransactionRow } from './transactions.ts';

export const REPORT_CURRENCY = 'USD';

export interface PageRequest {
  offset: number;
  limit: number;
  filter?: TransactionFilter;
  sort?: { key: TransactionSortKey; direction: 'asc' | 'desc' };
}

/** A stored transaction as the list reads it: without its raw record, with Lotwise's own value. */
type ViewRow = Omit<TransactionRow, 'batch_id' | 'external_id' | 'raw'> & {
  valuation_value: string | null;
  valuation_currency: string | null;
};

/** Transactions whose review problems are still open (not dismissed). */
const OPEN_PROBLEMS = `SELECT p.transaction_id FROM review_problems p
  WHERE p.transaction_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM review_dismissals d WHERE d.key = p.key)`;

/** The value in the report currency: the record's own, else a leg in it, else the one Lotwise found. */
function valueOf(row: ViewRow): string | null {
  if (row.fiat_value !== null && row.fiat_currency?.toUpperCase() === REPORT_CURRENCY) return row.fiat_value;
  if (row.received_asset === REPORT_CURRENCY) return row.received_amount;
  if (row.sent_asset === REPORT_CURRENCY) return row.sent_amount;
  if (row.valuation_value !== null && row.valuation_currency === REPORT_CURRENCY) return row.valuation_value;
  return null;
}

/** The rows of these transactions as the list shows them, in the order of `ids` (missing ids are left out). */
export function transactionRows(db: Database, ids: readonly number[]): TransactionRowView[] {
  if (ids.length === 0) return [];
  const list = JSON.stringify(ids);
  const rows = db
    .prepare(
      `SELECT t.id, t.account_id, t.timestamp, t.type, t.label, t.sent_asset, t.sent_amount, t.received_asset, t.received_amount,
              t.fee_asset, t.fee_amount, t.fiat_value, t.fiat_currency, t.description, t.tx_hash, t.source,
              v.value AS valuation_value, v.currency AS valuation_currency
         FROM transactions t LEFT JOIN valuations v ON v.transaction_id = t.id
        WHERE t.id IN (SELECT value FROM json_each(?))`,
    )
    .all(list) as ViewRow[];
  const names = new Map(listAccounts(db).map((a) => [a.id, a.name] as const));

  const problems = new Map<number, Set<ReviewKind>>();
  const problemRows = db
    .prepare(
      `SELECT p.transaction_id AS id, p.kind FROM review_problems p
        WHERE p.transaction_id IN (SELECT value FROM json_each(?))
          AND NOT EXISTS (SELECT 1 FROM review_dismissals d WHERE d.key = p.key)`,
    )
    .all(list) as { id: number; kind: ReviewKind }[];
  for (const { id, kind } of problemRows) {
    const kinds = problems.get(id) ?? new Set<ReviewKind>();
    kinds.add(kind);
    problems.set(id, kinds);
  }

  const partners = new Map<number, number>();
  const pairs = db
    .prepare('SELECT transaction_id AS id, partner_id AS partner FROM transfer_pairs WHERE transaction_id IN (SELECT value FROM json_each(?))')
    .all(list) as { id: number; partner: number }[];
  for (const { id, partner } of pairs) partners.set(id, partner);
  // The user's own links are read live: they win over what the last computation paired.
  const links = db
    .prepare(
      `SELECT withdrawal_id AS w, deposit_id AS d FROM transfer_links
        WHERE withdrawal_id IN (SELECT value FROM json_each(@ids)) OR deposit_id IN (SELECT value FROM json_each(@ids))`,
    )
    .all({ ids: list }) as { w: number; d: number }[];
  for (const { w, d } of links) {
    partners.set(w, d);
    partners.set(d, w);
  }

  const byId = new Map<number, TransactionRowView>();
  for (const row of rows) {
    const kinds = problems.get(row.id);
    byId.set(row.id, {
      id: row.id,
      timestamp: row.timestamp,
      account: names.get(row.account_id) ?? String(row.account_id),
      type: row.type,
      label: row.label,
      sentAmount: row.sent_amount,
      sentAsset: row.sent_asset,
      receivedAmount: row.received_amount,
      receivedAsset: row.received_asset,
      feeAmount: row.fee_amount,
      feeAsset: row.fee_asset,
      value: valueOf(row),
      description: row.description,
      txHash: row.tx_hash,
      source: row.source,
      problems: kinds ? REVIEW_KINDS.filter((kind) => kinds.has(kind)) : [],
      linkedTo: partners.get(row.id) ?? null,
    });
  }
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export function transactionRow(db: Database, id: number): TransactionRowView | null {
  return transactionRows(db, [id])[0] ?? null;
}

const ACCOUNT_CONDITION = 't.account_id = ?';
/** The same condition, kept from using the account index (a unary + makes it an expression). */
const ACCOUNT_CONDITION_BY_TIME = '+t.account_id = ?';
/** Rows a page may walk in time order, looking for an account's rows, before its index is better. */
const TIME_WALK_LIMIT = 200_000;

/** LIKE's wildcards taken literally: the user searches for text, not patterns. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Amounts grouped by asset (A to Z, whichever the direction: 15,000 USD is not more than
 * 2 ETH), then as decimal text (canonical, positive) in numeric order: by the length of
 * the whole part, then as text. Exact for any size, unlike a cast to a float. Rows
 * without the amount come last.
 */
function amountOrder(column: string, assetColumn: string, direction: string): string {
  return `(${column} IS NULL), ${assetColumn}, instr(${column} || '.', '.') ${direction}, ${column} ${direction}`;
}

export function transactionPage(db: Database, request: PageRequest): TransactionPage {
  const { offset, limit } = request;
  const filter = request.filter ?? {};
  const where: string[] = [];
  const params: (string | number)[] = [];

  if (filter.account !== undefined) {
    const account = findAccount(db, filter.account);
    if (!account) return { total: 0, offset, rows: [] };
    where.push(ACCOUNT_CONDITION);
    params.push(account.id);
  }
  if (filter.asset !== undefined) {
    const asset = normalizeAsset(filter.asset);
    where.push('(t.sent_asset = ? OR t.received_asset = ? OR t.fee_asset = ?)');
    params.push(asset, asset, asset);
  }
  if (filter.type !== undefined) {
    where.push('t.type = ?');
    params.push(filter.type);
  }
  if (filter.from !== undefined) {
    where.push('t.timestamp >= ?');
    params.push(filter.from);
  }
  if (filter.to !== undefined) {
    where.push('t.timestamp < ?');
    params.push(filter.to);
  }
  if (filter.hasProblem !== undefined) where.push(`t.id ${filter.hasProblem ? 'IN' : 'NOT IN'} (${OPEN_PROBLEMS})`);
  const search = filter.search?.trim() ?? '';
  if (search !== '') {
    const columns = ['t.description', 't.label', 't.tx_hash', 't.sent_asset', 't.received_asset', 't.fee_asset'];
    where.push(`(${columns.map((c) => `${c} LIKE ? ESCAPE '\\'`).join(' OR ')})`);
    params.push(...columns.map(() => likePattern(search)));
  }

  const direction = request.sort?.direction === 'desc' ? 'DESC' : 'ASC';
  const byTime = `t.timestamp ${direction}, t.id ${direction}`;
  let order: string;
  switch (request.sort?.key ?? 'timestamp') {
    case 'timestamp':
      order = byTime;
      break;
    case 'account': {
      // Accounts are few: their order by name is written into the query as a CASE.
      const ranks = listAccounts(db)
        .map((a) => [a.id, a.name] as const)
        .sort(([, a], [, b]) => a.localeCompare(b, 'en', { sensitivity: 'base' }))
        .map(([id], rank) => `WHEN ${id} THEN ${rank}`);
      order = ranks.length === 0 ? byTime : `CASE t.account_id ${ranks.join(' ')} END ${direction}, ${byTime}`;
      break;
    }
    case 'type':
      order = `t.type ${direction}, ${byTime}`;
      break;
    case 'sentAmount':
      order = `${amountOrder('t.sent_amount', 't.sent_asset', direction)}, ${byTime}`;
      break;
    case 'receivedAmount':
      order = `${amountOrder('t.received_amount', 't.received_asset', direction)}, ${byTime}`;
      break;
  }

  const whereSql = (conditions: string[]) => (conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`);
  const total = db.prepare(`SELECT COUNT(*) FROM transactions t ${whereSql(where)}`).pluck().get(...params) as number;
  // An account's rows are found through its index (then sorted), or by walking the time
  // index and skipping other accounts' rows. Without statistics SQLite always takes the
  // index, which sorts all of a large account's rows for one page; walking is far cheaper
  // while the rows it must pass (the page's end over the account's share) stay few.
  let pageWhere = where;
  if (filter.account !== undefined && order === byTime && total > 0) {
    const all = db.prepare('SELECT COUNT(*) FROM transactions').pluck().get() as number;
    if (((offset + limit) * all) / total <= TIME_WALK_LIMIT) pageWhere = where.map((c) => (c === ACCOUNT_CONDITION ? ACCOUNT_CONDITION_BY_TIME : c));
  }
  const ids = db.prepare(`SELECT t.id FROM transactions t ${whereSql(pageWhere)} ORDER BY ${order} LIMIT ? OFFSET ?`).pluck().all(...params, limit, offset) as number[];
  return { total, offset, rows: transactionRows(db, ids) };
}

export interface TransactionFacets {
  accounts: string[];
  assets: string[];
  types: string[];
}

/**
 * Facets take a full scan (a second or more at a million rows), so they are kept per
 * ledger and read again only when something that could change them has: rows added or
 * removed (count, last id), or a user change made or undone.
 */
const facetCache = new WeakMap<Database, { key: string; facets: TransactionFacets }>();

function facetKey(db: Database): string {
  // Two statements: a bare COUNT(*) is answered from the b-tree without reading the rows.
  const count = db.prepare('SELECT COUNT(*) FROM transactions').pluck().get() as number;
  const last = db.prepare('SELECT MAX(id) FROM transactions').pluck().get() as number | null;
  const changes = db.prepare('SELECT MAX(id) AS last, COUNT(undone_at) AS undone FROM changes').get() as { last: number | null; undone: number };
  return `${count}:${last}:${changes.last}:${changes.undone}`;
}

/** The distinct values the filters offer. */
export function transactionFacets(db: Database): TransactionFacets {
  const key = facetKey(db);
  const cached = facetCache.get(db);
  if (cached?.key === key) return { accounts: listAccounts(db).map((a) => a.name), assets: [...cached.facets.assets], types: [...cached.facets.types] };
  // One scan: the distinct combinations are few (assets × types), the rows many.
  const combinations = db.prepare('SELECT DISTINCT sent_asset, received_asset, fee_asset, type FROM transactions').raw().iterate() as IterableIterator<
    [string | null, string | null, string | null, string]
  >;
  const assets = new Set<string>();
  const types = new Set<string>();
  for (const [sent, received, fee, type] of combinations) {
    if (sent !== null) assets.add(sent);
    if (received !== null) assets.add(received);
    if (fee !== null) assets.add(fee);
    types.add(type);
  }
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const facets = { accounts: listAccounts(db).map((a) => a.name), assets: [...assets].sort(byText), types: [...types].sort(byText) };
  facetCache.set(db, { key, facets });
  return { ...facets, assets: [...facets.assets], types: [...facets.types] };
}
