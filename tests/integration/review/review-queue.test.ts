// The review queue over the demo ledger through the contract: the demo's one deliberate
// problem, and each of the four kinds going away as the user fixes it (a link, a price, a
// purchase entered by hand, a dismissal), and coming back when the fix is undone.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReviewKind } from '../../../shared/api.ts';
import { LISTED_PER_KIND } from '../../../electron/core/review/review-problems.ts';
import { tempDir, type TempDir } from '../../support/temp-ledger.ts';
import { at, demoLedger, type DemoLedger } from '../core/demo-dispatch.ts';

let dir: TempDir;
let demo: DemoLedger;

beforeEach(async () => {
  dir = tempDir();
  demo = await demoLedger(dir);
});
afterEach(() => {
  demo.db.close();
  dir.remove();
});

const none: Record<ReviewKind, number> = { 'missing-cost-basis': 0, 'unmatched-transfer': 0, 'missing-price': 0, 'negative-balance': 0 };
const counts = async (year?: number) => (await demo.call('review.list', year === undefined ? {} : { year })).counts;

describe('the demo ledger', () => {
  it('has one problem: the 0.4 ETH sent from Coinbase on 3 June 2025 to an exchange never imported', async () => {
    const withdrawal = demo.id('cb-2025-009');
    const review = await demo.call('review.list', { year: 2025 });
    expect(review).toMatchObject({ year: 2025, counts: { ...none, 'unmatched-transfer': 1 }, dismissed: 0 });
    expect(review.items).toEqual([
      {
        key: `unmatched-transfer:${withdrawal}:ETH`,
        kind: 'unmatched-transfer',
        transactionId: withdrawal,
        account: 'Coinbase',
        asset: 'ETH',
        amount: '0.4',
        timestamp: at('2025-06-03T18:20:00Z'),
        message: expect.stringContaining('Sent 0.4 ETH from Coinbase on 2025-06-03'),
        candidates: [],
      },
    ]);
    expect(await counts(2024)).toEqual(none);
    expect((await demo.call('review.list', {})).counts).toEqual({ ...none, 'unmatched-transfer': 1 });
  });

  it('shows an import’s problems in the transaction list at once', async () => {
    const file = dir.file(
      'wallet.csv',
      'Date,Sent Amount,Sent Currency,Received Amount,Received Currency,Fee Amount,Fee Currency,Net Worth Amount,Net Worth Currency,Label,Description,TxHash\n' +
        '2025-10-01 12:00 UTC,,,0.25,ETH,,,,,,From somewhere,\n',
    );
    await demo.call('imports.file', { path: file, account: 'Phone wallet', format: 'koinly' });
    const flagged = await demo.call('transactions.page', { offset: 0, limit: 10, filter: { hasProblem: true } });
    expect(flagged.rows.map((r) => [r.account, r.receivedAmount ?? r.sentAmount, r.problems])).toEqual([
      ['Coinbase', '0.4', ['unmatched-transfer']],
      ['Phone wallet', '0.25', ['unmatched-transfer']],
    ]);
  });

  it('gives each problem the same key however often it is recomputed', async () => {
    const first = (await demo.call('review.list', {})).items.map((i) => i.key);
    await demo.call('transactions.edit', { id: demo.id('cb-2021-001'), description: 'ACH deposit (checked)' });
    await demo.call('tax.setChoice', { year: 2025, method: 'hifo', basis: 'auto' });
    expect((await demo.call('review.list', {})).items.map((i) => i.key)).toEqual(first);
  });
});

describe('fixing problems', () => {
  it('an unmatched transfer: linking it to the deposit that arrived elsewhere', async () => {
    const withdrawal = demo.id('cb-2025-009');
    // The other exchange's deposit, entered by hand: 0.4 ETH less a 0.0004 ETH network fee.
    const deposit = (await demo.call('transactions.add', {
      account: 'Kraken',
      timestamp: at('2025-06-03T19:05:00Z'),
      type: 'deposit',
      received: { amount: '0.3996', asset: 'ETH' },
      description: 'From Coinbase',
    })).transaction;
    // Until linked, the deposit is a second unmatched transfer, and each is the other's candidate.
    const before = await demo.call('review.list', { year: 2025 });
    expect(before.counts).toEqual({ ...none, 'unmatched-transfer': 2 });
    const byTransaction = new Map(before.items.map((item) => [item.transactionId, item]));
    expect(byTransaction.get(withdrawal)!.candidates.map((c) => c.id)).toEqual([deposit.id]);
    expect(byTransaction.get(deposit.id)!.candidates.map((c) => [c.id, c.sentAmount, c.sentAsset, c.account])).toEqual([[withdrawal, '0.4', 'ETH', 'Coinbase']]);

    const { changeId } = await demo.call('transactions.link', { withdrawalId: withdrawal, depositId: deposit.id });
    expect(await counts(2025)).toEqual(none);
    const [row] = (await demo.call('transactions.page', { offset: 0, limit: 1, filter: { search: '0x8c1e' } })).rows;
    expect(row).toMatchObject({ id: withdrawal, linkedTo: deposit.id, problems: [] });

    await demo.call('changes.undo', { changeId });
    expect(await counts(2025)).toEqual({ ...none, 'unmatched-transfer': 2 });
  });

  it('a missing price: the price entered for the asset that needs one', async () => {
    const reward = (await demo.call('transactions.add', {
      account: 'Coinbase',
      timestamp: at('2025-03-10T12:00:00Z'),
      type: 'staking',
      received: { amount: '10', asset: 'XYZ' },
    })).transaction;
    const review = await demo.call('review.list', { year: 2025 });
    expect(review.counts).toEqual({ ...none, 'unmatched-transfer': 1, 'missing-price': 1 });
    expect(review.items.find((i) => i.kind === 'missing-price')).toMatchObject({
      key: `missing-price:${reward.id}:XYZ`,
      transactionId: reward.id,
      asset: 'XYZ',
      amount: '10',
      account: 'Coinbase',
    });
    const flagged = await demo.call('transactions.page', { offset: 0, limit: 10, filter: { hasProblem: true } });
    expect(flagged.rows.map((r) => [r.id, r.problems])).toEqual([
      [reward.id, ['missing-price']],
      [demo.id('cb-2025-009'), ['unmatched-transfer']],
    ]);
    expect(flagged.total).toBe(2);
    expect((await demo.call('reports.summary', { year: 2025 })).income).toBe('115.86');

    // Entered three hours from the reward: within a day, so it values it (10 × 2.50).
    const { changeId } = await demo.call('prices.set', { asset: 'xyz', timestamp: at('2025-03-10T15:00:00Z'), price: '2.50' });
    expect(await counts(2025)).toEqual({ ...none, 'unmatched-transfer': 1 });
    expect((await demo.call('transactions.page', { offset: 0, limit: 1, filter: { asset: 'XYZ' } })).rows[0]).toMatchObject({ value: '25', problems: [] });
    expect((await demo.call('reports.summary', { year: 2025 })).income).toBe('140.86');

    await demo.call('changes.undo', { changeId });
    expect(await counts(2025)).toEqual({ ...none, 'unmatched-transfer': 1, 'missing-price': 1 });
    expect((await demo.call('reports.summary', { year: 2025 })).income).toBe('115.86');
  });

  it('missing cost basis and a negative balance: the purchase entered by hand', async () => {
    await demo.call('transactions.add', {
      account: 'Kraken',
      timestamp: at('2025-07-01T15:00:00Z'),
      type: 'trade',
      sent: { amount: '100', asset: 'DOGE' },
      received: { amount: '20', asset: 'USD' },
      value: '20',
    });
    const review = await demo.call('review.list', { year: 2025 });
    expect(review.counts).toEqual({ 'missing-cost-basis': 1, 'unmatched-transfer': 1, 'missing-price': 0, 'negative-balance': 1 });
    expect(review.items.filter((i) => i.asset === 'DOGE').map((i) => [i.kind, i.amount])).toEqual([
      ['missing-cost-basis', '100'],
      ['negative-balance', '100'],
    ]);
    const short = (await demo.call('reports.summary', { year: 2025 })).shortTerm;
    // The 100 DOGE have no basis: their 20 USD is all gain until the purchase is found.
    expect(short).toEqual({ proceeds: '26.53', costBasis: '2.32', gain: '24.21' });

    await demo.call('transactions.add', {
      account: 'Kraken',
      timestamp: at('2025-06-01T15:00:00Z'),
      type: 'trade',
      sent: { amount: '10', asset: 'USD' },
      received: { amount: '100', asset: 'DOGE' },
      value: '10',
    });
    expect(await counts(2025)).toEqual({ ...none, 'unmatched-transfer': 1 });
    expect((await demo.call('reports.summary', { year: 2025 })).shortTerm).toEqual({ proceeds: '26.53', costBasis: '12.32', gain: '14.21' });
  });

  it('a dismissal, kept with its reason, counted apart, and undone', async () => {
    const [item] = (await demo.call('review.list', { year: 2025 })).items;
    const { changeId } = await demo.call('review.dismiss', { key: item!.key, reason: 'Paid a friend back; not mine any more' });
    expect(await demo.call('review.list', { year: 2025 })).toMatchObject({ counts: none, items: [], dismissed: 1 });
    expect((await demo.call('transactions.page', { offset: 0, limit: 10, filter: { hasProblem: true } })).total).toBe(0);
    expect(demo.db.prepare('SELECT reason FROM review_dismissals WHERE key = ?').pluck().get(item!.key)).toBe('Paid a friend back; not mine any more');
    expect((await demo.call('changes.list', {}))[0]).toMatchObject({ id: changeId, kind: 'dismiss', undoneAt: null });

    expect((await demo.refuse('review.dismiss', { key: item!.key, reason: 'again' })).message).toMatch(/already dismissed/);
    expect((await demo.refuse('review.dismiss', { key: 'missing-price:1:BTC', reason: 'no' })).message).toMatch(/There is no review problem/);

    await demo.call('changes.undo', { changeId });
    expect(await demo.call('review.list', { year: 2025 })).toMatchObject({ counts: { ...none, 'unmatched-transfer': 1 }, dismissed: 0 });
  });

  it('an unmatched transfer: calling it what it was (a gift), which the original import keeps', async () => {
    const withdrawal = demo.id('cb-2025-009');
    const edited = (await demo.call('transactions.edit', { id: withdrawal, type: 'gift-sent', label: 'gift' })).transaction;
    expect(edited).toMatchObject({ id: withdrawal, type: 'gift-sent', label: 'gift', problems: [] });
    expect(await counts(2025)).toEqual(none);
    expect(demo.db.prepare('SELECT type, label FROM transaction_originals WHERE transaction_id = ?').get(withdrawal)).toEqual({ type: 'withdrawal', label: 'withdrawal' });
  });
});

describe('a long queue', () => {
  it('lists the first problems of every kind, however many another kind has, and counts them all', async () => {
    // More staking rewards of a coin no exchange prices than one kind lists, all in 2024,
    // older than the demo's 2025 transfer; then 100 DOGE sold in Kraken that were never bought.
    const rewards = Array.from({ length: LISTED_PER_KIND + 3 }, (_, i) => `2024-01-01 00:${String(i % 60).padStart(2, '0')} UTC,,,0.${i + 1},XYZ,,,,,reward,Reward ${i},`);
    const file = dir.file(
      'rewards.csv',
      'Date,Sent Amount,Sent Currency,Received Amount,Received Currency,Fee Amount,Fee Currency,Net Worth Amount,Net Worth Currency,Label,Description,TxHash\n' + `${rewards.join('\n')}\n`,
    );
    await demo.call('imports.file', { path: file, account: 'Staking wallet', format: 'koinly' });
    await demo.call('transactions.add', {
      account: 'Kraken',
      timestamp: at('2025-07-01T15:00:00Z'),
      type: 'trade',
      sent: { amount: '100', asset: 'DOGE' },
      received: { amount: '20', asset: 'USD' },
      value: '20',
    });

    const review = await demo.call('review.list', {});
    expect(review.counts).toEqual({ 'missing-cost-basis': 1, 'unmatched-transfer': 1, 'missing-price': LISTED_PER_KIND + 3, 'negative-balance': 1 });
    const listed = (kind: ReviewKind) => review.items.filter((item) => item.kind === kind);
    // Every kind is listed: one kind's thousand older problems do not push the others out.
    expect(listed('missing-price')).toHaveLength(LISTED_PER_KIND);
    expect(listed('unmatched-transfer').map((item) => item.transactionId)).toEqual([demo.id('cb-2025-009')]);
    expect(listed('missing-cost-basis').map((item) => item.asset)).toEqual(['DOGE']);
    expect(listed('negative-balance').map((item) => item.asset)).toEqual(['DOGE']);
    // Each kind's oldest first; the three newest rewards are counted, not listed.
    const rewardsListed = listed('missing-price').map((item) => item.timestamp!);
    expect(rewardsListed).toEqual([...rewardsListed].sort((a, b) => a - b));
    expect(review.items.map((item) => item.timestamp!)).toEqual(review.items.map((item) => item.timestamp!).sort((a, b) => a - b));
  });
});
