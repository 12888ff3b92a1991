// The review recompute on its worker thread, over a generated ledger of 200,000
// transactions (the tax benchmark's, less some deposits and some income values, so that
// it has problems of several kinds to find): core answers other calls while it runs, what it
// stores is what the engine finds when run on core's own thread, and a change made while
// it runs is not overwritten by a result read from the ledger before the change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../../electron/core/ledger/accounts.ts';
import { encodeDraft, transactionWriter, type DraftValue } from '../../../electron/core/ledger/transactions.ts';
import { generateLedger } from '../../../electron/core/reports/tax.bench.ts';
import { computeReview } from '../../../electron/core/review/review-problems.ts';
import { recomputeReview } from '../../../electron/core/review/review-refresh.ts';
import { tempDir, type TempDir } from '../../support/temp-ledger.ts';
import { openDispatch, type DemoLedger } from '../core/demo-dispatch.ts';

const SIZE = 200_000;

let dir: TempDir;
let ledger: Omit<DemoLedger, 'id'>;

beforeAll(async () => {
  dir = tempDir();
  ledger = await openDispatch(dir);
  const { db } = ledger;
  db.transaction(() => {
    const writers = new Map<number, { write(values: DraftValue[]): void; values: DraftValue[] }>();
    for (let bench = 1; bench <= 5; bench++) {
      const account = createAccount(db, { name: `Account ${bench}`, kind: 'exchange', exchange: 'binance' });
      writers.set(bench, { ...transactionWriter(db, { accountId: account.id, source: 'api', batchId: null }), values: [] });
    }
    generateLedger(SIZE).forEach((transaction, index) => {
      if (transaction.type === 'deposit' && index % 200 < 3) return;
      const unvalued = transaction.type === 'staking' && index % 300 < 3;
      encodeDraft(unvalued ? { ...transaction, fiatValue: null, fiatCurrency: null } : transaction, writers.get(transaction.accountId)!.values);
    });
    for (const writer of writers.values()) writer.write(writer.values);
  })();
}, 120_000);
afterAll(() => {
  ledger.db.close();
  dir.remove();
});

/** The stored problems and transfer pairs, in a fixed order. */
function stored() {
  return {
    problems: ledger.db.prepare('SELECT key, kind, transaction_id AS transactionId, year FROM review_problems ORDER BY key').all(),
    pairs: ledger.db.prepare('SELECT transaction_id, partner_id FROM transfer_pairs ORDER BY transaction_id').raw().all(),
  };
}

/** What the engine finds on core's own thread, in the stored form and order. */
function computedHere() {
  const { problems, pairs } = ledger.db.transaction(() => computeReview(ledger.db))();
  const rows: [number, number][] = [];
  for (let i = 0; i < pairs.length; i += 2) rows.push([pairs[i]!, pairs[i + 1]!]);
  return {
    problems: problems
      .map(({ key, kind, transactionId, year }) => ({ key, kind, transactionId, year }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
    pairs: rows.sort((a, b) => a[0] - b[0]),
  };
}

describe('the review recompute on a 200,000-transaction ledger', () => {
  it('leaves core free: the transaction list pages while review.list is still recomputing', async () => {
    const events: string[] = [];
    const review = ledger.call('review.list', {}).then((view) => {
      events.push('review.list answered');
      return view;
    });
    // Let the worker start, so the page is asked for mid-recompute rather than before it.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const page = await ledger.call('transactions.page', { offset: 100_000, limit: 100 });
    events.push('transactions.page answered');
    const view = await review;

    expect(page.total).toBe(ledger.db.prepare('SELECT COUNT(*) FROM transactions').pluck().get());
    expect(page.rows).toHaveLength(100);
    expect(events).toEqual(['transactions.page answered', 'review.list answered']);

    const here = computedHere();
    expect(stored()).toEqual(here);
    expect(new Set(here.problems.map((p) => p.kind))).toEqual(new Set(['unmatched-transfer', 'missing-price', 'missing-cost-basis', 'negative-balance']));
    expect(here.pairs.length).toBeGreaterThan(0);
    const open = Object.values(view.counts).reduce((sum, count) => sum + count, 0);
    expect(open).toBe(here.problems.length);
  }, 120_000);

  it('does not store a result read before a change made while it ran', async () => {
    // A deposit from nowhere, the ledger's latest transaction: an unmatched transfer the
    // recompute under way cannot have seen.
    const recomputing = recomputeReview(ledger.db);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const deposit = (await ledger.call('transactions.add', {
      account: 'Account 1',
      timestamp: Date.UTC(2026, 0, 15, 12),
      type: 'deposit',
      received: { amount: '1', asset: 'TK00' },
      description: 'From somewhere',
    })).transaction;
    // The change answers at once on a ledger this large; the first request is answered
    // by the recompute after the change, the only one whose result is stored.
    const problems = await recomputing;
    const key = `unmatched-transfer:${deposit.id}:TK00`;
    expect(problems.map((p) => p.key)).toContain(key);
    expect(stored().problems.map((p) => (p as { key: string }).key)).toContain(key);
    expect(stored()).toEqual(computedHere());
    const flagged = await ledger.call('transactions.page', { offset: 0, limit: 10, filter: { hasProblem: true }, sort: { key: 'timestamp', direction: 'desc' } });
    expect(flagged.rows[0]).toMatchObject({ id: deposit.id, problems: ['unmatched-transfer'] });
  }, 120_000);
});
