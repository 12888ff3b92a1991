// The review queue: what is wrong or missing in the ledger, as the user can act on it.
// The tax engine's warnings are grouped into four kinds (a disposal without cost basis, a
// transfer without its other side, a value without a price, a balance below zero), each
// with a key that stays the same across recomputes (kind, transaction, asset), so a
// dismissal keeps applying. Every refresh also stores the problems per transaction and the
// transfer pairs, for the transaction list to show without running the engine. When and
// on which thread a refresh runs is review-refresh.ts's business.
import { REVIEW_KINDS, type ReviewItemView, type ReviewKind, type ReviewView } from '../../../shared/api.ts';
import { isFiat } from '../../../shared/assets.ts';
import { computeTaxYear } from '../../../shared/tax/compute-tax-year.ts';
import { createTaxCalendar } from '../../../shared/tax/tax-calendar.ts';
import { matchTransfers } from '../../../shared/tax/transfer-matching.ts';
import type { TaxWarning } from '../../../shared/tax/types.ts';
import type { Transaction } from '../../../shared/transaction.ts';
import type { Database } from '../db/open-ledger.ts';
import { listAccounts } from '../ledger/accounts.ts';
import { yearsWithData } from '../ledger/tax-choice-changes.ts';
import { REPORT_CURRENCY, transactionRows } from '../ledger/transaction-page.ts';
import { valuationNeeds, valuedTransactions } from '../prices/valuations.ts';
import { specificIdChoices, transferLinks } from '../reports/tax-choices.ts';
import { resolveTaxOptions } from '../reports/tax-report.ts';
import { transferCandidates } from './transfer-candidates.ts';

export interface ReviewProblem {
  key: string;
  kind: ReviewKind;
  transactionId: number | null;
  accountId: number | null;
  asset: string | null;
  amount: string | null;
  timestamp: number | null;
  /** The tax year of the problem's date, in the user's zone. */
  year: number;
  message: string;
}

/**
 * At most this many items of each kind are listed (with candidates), so one kind's flood
 * never crowds another kind off the list; the counts are always complete.
 */
export const LISTED_PER_KIND = 1000;

const isFiatAsset = (asset: string): boolean => asset === REPORT_CURRENCY || isFiat(asset);

export function problemKey(kind: ReviewKind, transactionId: number | null, asset: string | null): string {
  return `${kind}:${transactionId ?? '-'}:${asset ?? '-'}`;
}

/**
 * The review kind of an engine warning, or null for warnings outside the queue (an invalid
 * transaction, link or pick is shown with the tax summary). A deposit of unknown origin is
 * warned about as missing cost basis, but what fixes it is finding its other side: it is an
 * unmatched transfer here.
 */
function kindOf(warning: TaxWarning, transaction: Transaction | undefined): ReviewKind | null {
  switch (warning.code) {
    case 'missing-price':
    case 'negative-balance':
    case 'unmatched-transfer':
      return warning.code;
    case 'missing-cost-basis':
      return transaction?.type === 'deposit' ? 'unmatched-transfer' : 'missing-cost-basis';
    default:
      return null;
  }
}

/** What one run of the engine found: the problems, and both halves of every transfer pair it made. */
export interface ReviewComputation {
  problems: ReviewProblem[];
  /** Transaction id and partner id, one pair after another (a flat list posts cheaply between threads). */
  pairs: number[];
}

/**
 * Runs the tax engine over the whole ledger (up to the last year with data, which reports
 * the problems of every earlier year too) with the saved choices. Only reads: the review
 * worker runs it on its own connection, inside one read transaction for a consistent view.
 */
export function computeReview(db: Database): ReviewComputation {
  const years = yearsWithData(db);
  if (years === null) return { problems: [], pairs: [] };
  const options = resolveTaxOptions(db, { year: years.last });
  const transactions = [...valuedTransactions(db, options.reportCurrency)];
  const links = transferLinks(db);
  const result = computeTaxYear({
    transactions,
    accounts: new Map(listAccounts(db).map((a) => [a.id, { name: a.name }] as const)),
    taxYear: years.last,
    methodForYear: options.methodForYear,
    pool: options.pool,
    timeZone: options.timeZone,
    reportCurrency: options.reportCurrency,
    specificIds: specificIdChoices(db),
    transferLinks: links,
  });

  const concerned = new Set(result.warnings.flatMap((w) => (w.transactionId === undefined ? [] : [w.transactionId])));
  const byId = new Map<number, Transaction>();
  for (const transaction of transactions) if (concerned.has(transaction.id)) byId.set(transaction.id, transaction);
  const calendar = createTaxCalendar(options.timeZone);

  const problems = new Map<string, ReviewProblem>();
  for (const warning of result.warnings) {
    const transaction = warning.transactionId === undefined ? undefined : byId.get(warning.transactionId);
    const kind = kindOf(warning, transaction);
    if (kind === null) continue;
    const key = problemKey(kind, warning.transactionId ?? null, warning.asset ?? null);
    if (problems.has(key)) continue;
    const timestamp = transaction?.timestamp ?? null;
    const year = warning.date ? Number(warning.date.slice(0, 4)) : timestamp !== null ? Math.floor(calendar.dayOf(timestamp) / 10_000) : years.last;
    let asset = warning.asset ?? null;
    let amount = warning.quantity ?? null;
    if (kind === 'missing-price' && transaction) {
      // Ask for the price of the leg Lotwise values the transaction by.
      const need = valuationNeeds(db, REPORT_CURRENCY, { from: transaction.timestamp, to: transaction.timestamp + 1 }).find(
        (n) => n.transactionId === transaction.id,
      );
      if (need) {
        asset = need.asset;
        amount = need.amount;
      }
    }
    problems.set(key, {
      key,
      kind,
      transactionId: warning.transactionId ?? null,
      accountId: warning.accountId ?? transaction?.accountId ?? null,
      asset,
      amount,
      timestamp,
      year,
      message: warning.message,
    });
  }

  const matches = matchTransfers(transactions, links, isFiatAsset);
  const pairs: number[] = [];
  matches.partner.forEach((partner, index) => {
    if (partner !== -1) pairs.push(transactions[index]!.id, transactions[partner]!.id);
  });
  return { problems: [...problems.values()], pairs };
}

/** Replaces the stored problems and transfer pairs, for the transaction list, in one transaction. */
export function storeReview(db: Database, computation: ReviewComputation): void {
  db.transaction(() => {
    db.prepare('DELETE FROM review_problems').run();
    const insert = db.prepare('INSERT INTO review_problems (key, kind, transaction_id, year) VALUES (?, ?, ?, ?)');
    for (const problem of computation.problems) insert.run(problem.key, problem.kind, problem.transactionId, problem.year);
    db.prepare('DELETE FROM transfer_pairs').run();
    const pair = db.prepare('INSERT INTO transfer_pairs (transaction_id, partner_id) VALUES (?, ?)');
    for (let i = 0; i < computation.pairs.length; i += 2) pair.run(computation.pairs[i], computation.pairs[i + 1]);
  })();
}

/** Computes and stores the problems on this thread (a ledger in memory, which no worker can open). */
export function refreshReview(db: Database): ReviewProblem[] {
  const computation = db.transaction(() => computeReview(db))();
  storeReview(db, computation);
  return computation.problems;
}

function dismissedKeys(db: Database): Set<string> {
  return new Set(db.prepare('SELECT key FROM review_dismissals').pluck().all() as string[]);
}

/**
 * The queue for a tax year (or every year) from a recompute's problems: open problems by
 * kind, oldest first, the first LISTED_PER_KIND of each kind listed with candidates for
 * unmatched transfers.
 */
export function reviewView(db: Database, computed: readonly ReviewProblem[], year?: number): ReviewView {
  const problems = computed.filter((p) => year === undefined || p.year === year);
  const dismissed = dismissedKeys(db);
  const open = problems.filter((p) => !dismissed.has(p.key));
  const counts = Object.fromEntries(REVIEW_KINDS.map((kind) => [kind, 0])) as Record<ReviewKind, number>;
  for (const problem of open) counts[problem.kind] += 1;
  open.sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const names = new Map(listAccounts(db).map((a) => [a.id, a.name] as const));
  const listed = Object.fromEntries(REVIEW_KINDS.map((kind) => [kind, 0])) as Record<ReviewKind, number>;
  const firstOfEachKind = open.filter((problem) => ++listed[problem.kind] <= LISTED_PER_KIND);
  const items = firstOfEachKind.map(
    (problem): ReviewItemView => ({
      key: problem.key,
      kind: problem.kind,
      transactionId: problem.transactionId,
      account: problem.accountId === null ? null : (names.get(problem.accountId) ?? null),
      asset: problem.asset,
      amount: problem.amount,
      timestamp: problem.timestamp,
      message: problem.message,
      candidates:
        problem.kind === 'unmatched-transfer' && problem.transactionId !== null
          ? transactionRows(db, transferCandidates(db, problem.transactionId))
          : [],
    }),
  );
  return { year: year ?? null, counts, items, dismissed: problems.length - open.length };
}
