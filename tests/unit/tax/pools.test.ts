// Universal and per-wallet pools, the 2025 allocation to wallets, units with no known
// basis (shortfalls) and negative balances.
import { describe, expect, it } from 'vitest';
import { COINBASE, KRAKEN, LEDGER, compute, disposalLines, ledger, t } from './tax-fixtures.ts';

// Lot 1: Kraken buys 1 BTC for 10,000 on 2024-01-01. Lot 2: Coinbase buys 1 BTC for
// 30,000 on 2024-02-01. Coinbase sells 1 BTC for 35,000 on 2024-03-01.
const twoWallets = ledger([
  { at: '2024-01-01', sent: '10000 USD', received: '1 BTC', account: KRAKEN },
  { at: '2024-02-01', sent: '30000 USD', received: '1 BTC', account: COINBASE },
  { at: '2024-03-01', sent: '1 BTC', received: '35000 USD', account: COINBASE },
]);

describe('pools', () => {
  it('universal FIFO takes the oldest lot of any wallet; per-wallet only the seller’s', () => {
    // Universal: lot 1 (Kraken), basis 10,000, gain 25,000. Per-wallet: lot 2, gain 5,000.
    const universal = compute(twoWallets, { taxYear: 2024, pool: 'universal' });
    expect(disposalLines(universal)).toEqual(['sale 1 BTC lot 1 2024-01-01→2024-03-01 proceeds 35000 basis 10000 gain 25000 short']);
    expect(universal.pool).toBe('universal');
    expect(universal.holdings.map((h) => `${h.accountId} ${t(h.quantity)} ${t(h.costBasis)} at ${h.lots[0]!.accountId}`)).toEqual([
      'null 1 30000 at 2',
    ]);

    const perWallet = compute(twoWallets, { taxYear: 2024, pool: 'per-wallet' });
    expect(disposalLines(perWallet)).toEqual(['sale 1 BTC lot 2 2024-02-01→2024-03-01 proceeds 35000 basis 30000 gain 5000 short']);
    expect(perWallet.pool).toBe('per-wallet');
    expect(perWallet.holdings.map((h) => `${h.accountId} ${t(h.quantity)} ${t(h.costBasis)}`)).toEqual(['1 1 10000']);
  });

  it('auto is universal through 2024 and per wallet from 2025, allocating lots on 1 January 2025', () => {
    // 2024 (universal): Coinbase's sale used lot 1, which lay in Kraken. On 2025-01-01 Kraken
    // holds 1 BTC but no lot; Coinbase holds 0 BTC but lot 2. Lot 2 goes to Kraken.
    // 2025-03-01 Kraken sells 1 BTC for 50,000: lot 2, basis 30,000, long-term
    // (acquired 2024-02-01; anniversary 2025-02-01).
    const transactions = [...twoWallets, ...ledger([{ id: 4, at: '2025-03-01', sent: '1 BTC', received: '50000 USD', account: KRAKEN }])];
    const in2024 = compute(transactions, { taxYear: 2024, pool: 'auto' });
    expect(in2024.pool).toBe('universal');
    expect(disposalLines(in2024)).toEqual(['sale 1 BTC lot 1 2024-01-01→2024-03-01 proceeds 35000 basis 10000 gain 25000 short']);

    const in2025 = compute(transactions, { taxYear: 2025, pool: 'auto' });
    expect(in2025.pool).toBe('per-wallet');
    expect(in2025.moves.map((m) => `${m.reason} ${t(m.quantity)} lot ${m.lotId} basis ${t(m.costBasis)} ${m.fromAccountId}→${m.toAccountId} ${m.date}`)).toEqual([
      'allocation-2025 1 lot 2 basis 30000 2→1 2025-01-01',
    ]);
    expect(disposalLines(in2025)).toEqual(['sale 1 BTC lot 2 2024-02-01→2025-03-01 proceeds 50000 basis 30000 gain 20000 long']);
    expect(in2025.warnings).toEqual([]);

    // Per wallet all along, the same 2025 sale would have used Kraken's own lot 1.
    const perWallet = compute(transactions, { taxYear: 2025, pool: 'per-wallet' });
    expect(disposalLines(perWallet)).toEqual(['sale 1 BTC lot 1 2024-01-01→2025-03-01 proceeds 50000 basis 10000 gain 40000 long']);
  });

  it('allocates oldest lots first, keeping each wallet’s own up to its balance and splitting lots', () => {
    // Lot 1: Kraken 2 BTC (10,000 each) 2024-01-01. Lot 2: Coinbase 1 BTC for 30,000
    // 2024-02-01. Lot 3: Ledger 1 BTC for 40,000 2024-03-01.
    // Kraken sells 1.5 BTC (universal FIFO: 1.5 of lot 1); Coinbase sells 0.5 BTC (the
    // last 0.5 of lot 1, which lay in Kraken). On 2025-01-01: balances Kraken 0.5,
    // Coinbase 0.5, Ledger 1. Kraken has no lot (short 0.5); Coinbase keeps 0.5 of lot 2
    // (basis 15,000) and has 0.5 over; Ledger keeps lot 3. The 0.5 of lot 2 goes to Kraken.
    const result = compute(
      ledger([
        { at: '2024-01-01', sent: '20000 USD', received: '2 BTC', account: KRAKEN },
        { at: '2024-02-01', sent: '30000 USD', received: '1 BTC', account: COINBASE },
        { at: '2024-03-01', sent: '40000 USD', received: '1 BTC', account: LEDGER },
        { at: '2024-04-01', sent: '1.5 BTC', received: '45000 USD', account: KRAKEN },
        { at: '2024-05-01', sent: '0.5 BTC', received: '15000 USD', account: COINBASE },
      ]),
      { taxYear: 2025, pool: 'auto' },
    );
    expect(result.moves.map((m) => `${t(m.quantity)} lot ${m.lotId} basis ${t(m.costBasis)} ${m.fromAccountId}→${m.toAccountId}`)).toEqual([
      '0.5 lot 2 basis 15000 2→1',
    ]);
    expect(result.holdings.map((h) => `${h.accountId}: ${h.lots.map((lot) => `${lot.lotId} ${t(lot.quantity)} ${t(lot.costBasis)}`).join(', ')}`)).toEqual([
      '1: 2 0.5 15000',
      '2: 2 0.5 15000',
      '3: 3 1 40000',
    ]);
  });

  it('reports a trade at 2025-01-01 03:00 UTC in tax year 2024 for New York', () => {
    const transactions = ledger([
      { at: '2024-06-01', sent: '100 USD', received: '1 ETH' },
      { at: '2025-01-01T03:00:00Z', sent: '1 ETH', received: '150 USD' },
    ]);
    const in2024 = compute(transactions, { taxYear: 2024, timeZone: 'America/New_York' });
    expect(disposalLines(in2024)).toEqual(['sale 1 ETH lot 1 2024-06-01→2024-12-31 proceeds 150 basis 100 gain 50 short']);
    expect(compute(transactions, { taxYear: 2025, timeZone: 'America/New_York' }).disposals).toEqual([]);
    expect(compute(transactions, { taxYear: 2025, timeZone: 'UTC' }).disposals).toHaveLength(1);
  });
});

describe('units with no known basis', () => {
  it('gives a shortfall a zero basis, dated at the disposal, flagged, with a warning', () => {
    // Lot 1: 0.2 BTC for 8,000. Selling 0.5 BTC for 25,000 (50,000 per BTC): lot 1 0.2 BTC
    // → proceeds 10,000, basis 8,000; the missing 0.3 BTC → proceeds 15,000, basis 0.
    const transactions = ledger([
      { at: '2024-01-01', sent: '8000 USD', received: '0.2 BTC' },
      { at: '2024-03-01', sent: '0.5 BTC', received: '25000 USD' },
    ]);
    const result = compute(transactions, { taxYear: 2024, pool: 'per-wallet' });
    expect(disposalLines(result)).toEqual([
      'sale 0.2 BTC lot 1 2024-01-01→2024-03-01 proceeds 10000 basis 8000 gain 2000 short',
      'sale 0.3 BTC lot shortfall:2 2024-03-01→2024-03-01 proceeds 15000 basis 0 gain 15000 short missing-basis',
    ]);
    const shortfall = result.warnings.find((w) => w.code === 'missing-cost-basis')!;
    expect(shortfall).toMatchObject({ transactionId: 2, accountId: KRAKEN, asset: 'BTC', date: '2024-03-01', quantity: '0.3' });
    expect(shortfall.message).toBe(
      'Sold 0.5 BTC from Kraken on 2024-03-01 but only 0.2 BTC was held there: 0.3 BTC have no known cost basis. ' +
        'Import the missing purchases or deposits.',
    );
    expect(result.acquisitions.map((a) => `${a.kind} ${a.lotId} ${t(a.quantity)} ${a.missingBasis}`)).toEqual([
      'purchase 1 0.2 false',
      'shortfall shortfall:2 0.3 true',
    ]);
    const universal = compute(transactions, { taxYear: 2024 });
    expect(universal.warnings.find((w) => w.code === 'missing-cost-basis')!.message).toContain('was held in all accounts together');
  });

  it('warns once per episode when an account’s own balance goes below zero, whatever the pools', () => {
    // Kraken buys 1 BTC (lot 1). Coinbase sells 0.5 (its balance −0.5: warning), sells 0.1
    // more (−0.6, same episode), buys 1 (lot 4; balance 0.4, episode over), sells 1
    // (−0.6: a new episode, a new warning).
    // Universal FIFO: the sales take 0.5 and 0.1 of lot 1 (in Kraken), then 0.4 of lot 1
    // and 0.6 of lot 4: the pool never runs short, so only the two balance warnings.
    // Per wallet: Coinbase's pool is empty for the first two sales (shortfalls of 0.5 and
    // 0.1), then holds lot 4 (1 BTC), which covers the last sale.
    const transactions = ledger([
      { at: '2024-01-01', sent: '10000 USD', received: '1 BTC', account: KRAKEN },
      { at: '2024-02-01', sent: '0.5 BTC', received: '20000 USD', account: COINBASE },
      { at: '2024-02-02', sent: '0.1 BTC', received: '4000 USD', account: COINBASE },
      { at: '2024-02-03', sent: '40000 USD', received: '1 BTC', account: COINBASE },
      { at: '2024-02-04', sent: '1 BTC', received: '40000 USD', account: COINBASE },
    ]);
    const universal = compute(transactions, { taxYear: 2024 });
    expect(universal.warnings.map((w) => `${w.code} ${w.transactionId} ${w.quantity}`)).toEqual([
      'negative-balance 2 0.5',
      'negative-balance 5 0.6',
    ]);
    expect(universal.warnings[0]!.message).toBe(
      "Coinbase's BTC balance went below zero on 2024-02-01 (-0.5 BTC after transaction 2): earlier purchases or deposits " +
        "of BTC into Coinbase are missing from the ledger. Import them, or check this transaction's amounts.",
    );
    const perWallet = compute(transactions, { taxYear: 2024, pool: 'per-wallet' });
    expect(perWallet.warnings.map((w) => `${w.code} ${w.transactionId} ${w.quantity}`)).toEqual([
      'missing-cost-basis 2 0.5',
      'negative-balance 2 0.5',
      'missing-cost-basis 3 0.1',
      'negative-balance 5 0.6',
    ]);
  });

  it('moves a transfer’s shortfall to the receiving wallet as a zero-basis lot', () => {
    // Kraken sends 1 ETH it does not hold to Ledger: a shortfall lot of 1 ETH, basis 0,
    // moves to Ledger; selling it there gives a flagged zero-basis disposal.
    const result = compute(
      ledger([
        { at: '2024-03-01T10:00:00Z', sent: '1 ETH', account: KRAKEN, hash: 'x' },
        { at: '2024-03-01T10:10:00Z', received: '1 ETH', account: LEDGER, hash: 'x' },
        { at: '2024-04-01', sent: '1 ETH', received: '3000 USD', account: LEDGER },
      ]),
      { taxYear: 2024, pool: 'per-wallet' },
    );
    expect(result.moves.map((m) => `${m.lotId} ${m.fromAccountId}→${m.toAccountId}`)).toEqual(['shortfall:1 1→3']);
    expect(disposalLines(result)).toEqual(['sale 1 ETH lot shortfall:1 2024-03-01→2024-04-01 proceeds 3000 basis 0 gain 3000 short missing-basis']);
    expect(result.warnings[0]!.message).toContain('Transferred 1 ETH from Kraken on 2024-03-01 but no ETH was held there: 1 ETH have');
  });
});
