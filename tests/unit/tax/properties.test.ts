// Invariants of the tax engine on random ledgers: every unit and every dollar of basis is
// accounted for exactly, the order of the input does not matter, and the lot method
// changes bases but never proceeds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, ZERO, toDecimalText } from '../../../shared/money.ts';
import type { LotMethod, PoolMode, TaxYearResult } from '../../../shared/tax/types.ts';
import type { Transaction } from '../../../shared/transaction.ts';
import { compute, ledger } from './tax-fixtures.ts';
import type { TxSpec } from './tax-fixtures.ts';

const ASSETS = ['BTC', 'ETH', 'SOL'];
const account = fc.integer({ min: 1, max: 3 });
const asset = fc.constantFrom(...ASSETS);
/** 0.0001 to 5 units. */
const quantity = fc.integer({ min: 1, max: 50_000 }).map((n) => toDecimalText(new Decimal(n).div(10_000)));
/** 0.01 to 100,000 dollars. */
const dollars = fc.integer({ min: 1, max: 10_000_000 }).map((n) => toDecimalText(new Decimal(n).div(100)));
const maybeValue = fc.option(dollars, { nil: undefined });

type Step = (at: string, hash: string) => TxSpec[];

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ account, asset, quantity, dollars, fee: fc.constantFrom('none', 'usd', 'received') }).map((s) => (at: string): TxSpec[] => [
    {
      at,
      account: s.account,
      sent: `${s.dollars} USD`,
      received: `${s.quantity} ${s.asset}`,
      fee: s.fee === 'usd' ? '1.5 USD' : s.fee === 'received' ? `0.0001 ${s.asset}` : undefined,
    },
  ]),
  fc.record({ account, asset, quantity, dollars, fee: fc.constantFrom('none', 'usd', 'sent') }).map((s) => (at: string): TxSpec[] => [
    {
      at,
      account: s.account,
      sent: `${s.quantity} ${s.asset}`,
      received: `${s.dollars} USD`,
      fee: s.fee === 'usd' ? '2.25 USD' : s.fee === 'sent' ? `0.0002 ${s.asset}` : undefined,
    },
  ]),
  fc
    .record({ account, from: asset, to: asset, sent: quantity, received: quantity, value: maybeValue, fee: fc.constantFrom('none', 'sent', 'received', 'third') })
    .filter((s) => s.from !== s.to)
    .map((s) => (at: string): TxSpec[] => {
      const third = ASSETS.find((a) => a !== s.from && a !== s.to)!;
      const feeAsset = s.fee === 'sent' ? s.from : s.fee === 'received' ? s.to : third;
      return [
        {
          at,
          account: s.account,
          type: 'trade',
          sent: `${s.sent} ${s.from}`,
          received: `${s.received} ${s.to}`,
          value: s.value,
          fee: s.fee === 'none' ? undefined : `0.0003 ${feeAsset}`,
        },
      ];
    }),
  fc
    .record({ account, from: asset, to: asset, sent: quantity, received: quantity })
    .filter((s) => s.from !== s.to)
    .map((s) => (at: string): TxSpec[] => [{ at, account: s.account, type: 'swap', sent: `${s.sent} ${s.from}`, received: `${s.received} ${s.to}` }]),
  fc
    .record({ account, asset, quantity, value: maybeValue, type: fc.constantFrom('staking', 'airdrop', 'interest', 'gift-received', 'deposit') })
    .map((s) => (at: string): TxSpec[] => [{ at, account: s.account, type: s.type, received: `${s.quantity} ${s.asset}`, value: s.value }]),
  fc
    .record({ account, asset, quantity, value: maybeValue, type: fc.constantFrom('gift-sent', 'donation', 'lost', 'expense', 'withdrawal', 'fee') })
    .map((s) => (at: string): TxSpec[] => [{ at, account: s.account, type: s.type, sent: `${s.quantity} ${s.asset}`, value: s.value }]),
  fc
    .record({ account, asset, quantity, value: maybeValue, profit: fc.boolean() })
    .map((s) => (at: string): TxSpec[] => [
      s.profit
        ? { at, account: s.account, type: 'realized-gain', received: `${s.quantity} ${s.asset}`, value: s.value }
        : { at, account: s.account, type: 'realized-gain', sent: `${s.quantity} ${s.asset}`, value: s.value },
    ]),
  fc
    .record({ from: account, to: account, asset, quantity, feeUnits: fc.integer({ min: 0, max: 5 }), value: maybeValue })
    .filter((s) => s.from !== s.to)
    .map((s) => (at: string, hash: string): TxSpec[] => {
      const sent = new Decimal(s.quantity).plus(new Decimal(s.feeUnits).div(10_000));
      const later = new Date(Date.parse(at) + 5 * 60_000).toISOString();
      return [
        { at, account: s.from, sent: `${toDecimalText(sent)} ${s.asset}`, value: s.value, hash },
        { at: later, account: s.to, received: `${s.quantity} ${s.asset}`, hash: hash.toUpperCase() },
      ];
    }),
);

const ledgerArbitrary: fc.Arbitrary<Transaction[]> = fc
  .array(fc.tuple(step, fc.integer({ min: 0, max: 364 * 86_400 })), { minLength: 1, maxLength: 40 })
  .map((steps) =>
    ledger(
      steps.flatMap(([make, second], i) => make(new Date(Date.UTC(2024, 0, 1) + second * 1000).toISOString(), `0xhash${i}`)),
    ),
  );

const METHODS: readonly LotMethod[] = ['fifo', 'lifo', 'hifo', 'lofo'];

function run(transactions: readonly Transaction[], method: LotMethod, pool: PoolMode): TaxYearResult {
  return compute(transactions, { taxYear: 2024, methodForYear: () => method, pool });
}

/** Sums by key, exactly. */
class Tally {
  private readonly sums = new Map<string, Decimal>();
  add(key: string, value: Decimal): void {
    this.sums.set(key, (this.sums.get(key) ?? ZERO).plus(value));
  }
  get(key: string): string {
    return toDecimalText(this.sums.get(key) ?? ZERO);
  }
  keys(): string[] {
    return [...this.sums.keys()];
  }
}

/**
 * For each pool (asset, or asset and account): what came in (lots acquired, moved in) and
 * what went out (disposed of, removed, moved out, still held), in quantity and basis.
 */
function flows(result: TaxYearResult, perWallet: boolean) {
  const key = (asset: string, accountId: number | null) => (perWallet ? `${asset}@${accountId}` : asset);
  const inQuantity = new Tally();
  const outQuantity = new Tally();
  const inBasis = new Tally();
  const outBasis = new Tally();
  for (const a of result.acquisitions) {
    inQuantity.add(key(a.asset, a.accountId), a.quantity);
    inBasis.add(key(a.asset, a.accountId), a.costBasis);
  }
  for (const d of result.disposals) {
    if (d.lotId === null) continue; // a realised gain row consumes no lot
    outQuantity.add(key(d.asset, d.accountId), d.quantity);
    outBasis.add(key(d.asset, d.accountId), d.costBasis);
  }
  for (const r of result.removals) {
    outQuantity.add(key(r.asset, r.accountId), r.quantity);
    outBasis.add(key(r.asset, r.accountId), r.costBasis);
  }
  if (perWallet) {
    for (const m of result.moves) {
      inQuantity.add(key(m.asset, m.toAccountId), m.quantity);
      inBasis.add(key(m.asset, m.toAccountId), m.costBasis);
      outQuantity.add(key(m.asset, m.fromAccountId), m.quantity);
      outBasis.add(key(m.asset, m.fromAccountId), m.costBasis);
    }
  }
  for (const h of result.holdings) {
    outQuantity.add(key(h.asset, h.accountId), h.quantity);
    outBasis.add(key(h.asset, h.accountId), h.costBasis);
  }
  return { inQuantity, outQuantity, inBasis, outBasis };
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const copy = [...items];
  let state = seed;
  for (let i = copy.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = state % (i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

describe('tax engine invariants', () => {
  it('conserves quantity and basis exactly in every pool: acquired = disposed + removed + held', () => {
    fc.assert(
      fc.property(ledgerArbitrary, fc.constantFrom(...METHODS), fc.constantFrom<PoolMode>('universal', 'per-wallet'), (transactions, method, pool) => {
        const result = run(transactions, method, pool);
        const { inQuantity, outQuantity, inBasis, outBasis } = flows(result, pool === 'per-wallet');
        for (const key of new Set([...inQuantity.keys(), ...outQuantity.keys()])) {
          expect(outQuantity.get(key), `quantity of ${key}`).toBe(inQuantity.get(key));
          expect(outBasis.get(key), `basis of ${key}`).toBe(inBasis.get(key));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same result, bit for bit, for the ledger in any order', () => {
    fc.assert(
      fc.property(ledgerArbitrary, fc.integer({ min: 1, max: 1_000_000 }), fc.constantFrom(...METHODS), (transactions, seed, method) => {
        const expected = JSON.stringify(run(transactions, method, 'per-wallet'));
        expect(JSON.stringify(run(shuffled(transactions, seed), method, 'per-wallet'))).toBe(expected);
        expect(JSON.stringify(run(transactions.toReversed(), method, 'per-wallet'))).toBe(expected);
      }),
      { numRuns: 150 },
    );
  });

  it('changes bases with the method but never the total proceeds', () => {
    fc.assert(
      fc.property(ledgerArbitrary, fc.constantFrom<PoolMode>('universal', 'per-wallet'), (transactions, pool) => {
        const proceeds = METHODS.map((method) => {
          const { shortTerm, longTerm } = run(transactions, method, pool).totals;
          return toDecimalText(shortTerm.proceeds.plus(longTerm.proceeds));
        });
        expect(new Set(proceeds).size).toBe(1);
      }),
      { numRuns: 200 },
    );
  });
});
