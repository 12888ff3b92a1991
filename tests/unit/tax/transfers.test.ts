// Transfers between the user's own accounts: matching by hash or by link, lots keeping
// their dates and basis, network fees, and transfers with no other half.
import { describe, expect, it } from 'vitest';
import { COINBASE, KRAKEN, LEDGER, compute, disposalLines, ledger, t, warningCodes } from './tax-fixtures.ts';
import type { TxSpec } from './tax-fixtures.ts';

// Lot 1: 2 BTC bought on Kraken on 2023-01-01 for 40,000 (20,000 each).
// 2024-03-01 10:00 Kraken sends 1 BTC (worth 60,000); 10:20 Ledger receives 0.999 BTC with
// the same hash (other letter case). Moves: 0.999 BTC of lot 1 (basis 19,980) to Ledger.
// Network fee: 0.001 BTC, proceeds 60,000 × 0.001 = 60, basis 20, gain 40, long-term
// (2024-03-01 is after the 2024-01-01 anniversary).
const transfer: TxSpec[] = [
  { at: '2023-01-01', sent: '40000 USD', received: '2 BTC', account: KRAKEN },
  { at: '2024-03-01T10:00:00Z', sent: '1 BTC', account: KRAKEN, value: '60000', hash: '0xABC' },
  { at: '2024-03-01T10:20:00Z', received: '0.999 BTC', account: LEDGER, hash: '0xabc' },
];

describe('transfers between own accounts', () => {
  it('moves lots with their dates and basis and disposes of the network fee', () => {
    for (const pool of ['universal', 'per-wallet'] as const) {
      const result = compute(ledger(transfer), { taxYear: 2024, pool });
      expect(result.warnings).toEqual([]);
      expect(result.moves.map((m) => `${m.reason} ${t(m.quantity)} ${m.asset} lot ${m.lotId} ${m.acquiredDate} basis ${t(m.costBasis)} ${m.fromAccountId}→${m.toAccountId}`)).toEqual([
        'transfer 0.999 BTC lot 1 2023-01-01 basis 19980 1→3',
      ]);
      expect(disposalLines(result)).toEqual(['fee 0.001 BTC lot 1 2023-01-01→2024-03-01 proceeds 60 basis 20 gain 40 long']);
      expect(result.removals).toEqual([]);
    }
  });

  it('keeps the moved lots in the receiving wallet for per-wallet pools', () => {
    // Per wallet at the end of 2024: Kraken 1 BTC (basis 20,000), Ledger 0.999 BTC (19,980).
    // Selling 0.5 BTC from Ledger on 2024-06-01 for 35,000 uses lot 1 at 20,000 per BTC:
    // basis 10,000, long-term (acquired 2023-01-01).
    const result = compute(ledger([...transfer, { at: '2024-06-01', sent: '0.5 BTC', received: '35000 USD', account: LEDGER }]), {
      taxYear: 2024,
      pool: 'per-wallet',
    });
    expect(result.holdings.map((h) => `${h.accountId} ${t(h.quantity)} ${t(h.costBasis)}`)).toEqual(['1 1 20000', '3 0.499 9980']);
    expect(disposalLines(result)[1]).toBe('sale 0.5 BTC lot 1 2023-01-01→2024-06-01 proceeds 35000 basis 10000 gain 25000 long');
  });

  it('shows a universal pool with each lot where it lies', () => {
    const result = compute(ledger(transfer), { taxYear: 2024 });
    expect(result.holdings).toHaveLength(1);
    expect(result.holdings[0]).toMatchObject({ accountId: null });
    expect(t(result.holdings[0]!.quantity)).toBe('1.999');
    expect(t(result.holdings[0]!.costBasis)).toBe('39980');
    expect(result.holdings[0]!.lots.map((lot) => `${lot.lotId} ${lot.accountId} ${t(lot.quantity)}`)).toEqual(['1 1 1', '1 3 0.999']);
  });

  it('matches a deposit recorded up to an hour before its withdrawal, but not earlier', () => {
    const withSkew = (depositAt: string) =>
      compute(
        ledger([
          { at: '2024-01-01', sent: '100 USD', received: '1 ETH', account: KRAKEN },
          { at: '2024-03-01T10:00:00Z', sent: '1 ETH', account: KRAKEN, hash: 'h1' },
          { at: depositAt, received: '1 ETH', account: COINBASE, hash: 'h1' },
        ]),
        { taxYear: 2024 },
      );
    expect(warningCodes(withSkew('2024-03-01T09:30:00Z'))).toEqual([]);
    expect(withSkew('2024-03-01T09:30:00Z').moves).toHaveLength(1);
    expect(warningCodes(withSkew('2024-03-01T08:30:00Z'))).toEqual(['missing-cost-basis', 'unmatched-transfer']);
  });

  it('does not match a deposit larger than the withdrawal, nor one in the same account', () => {
    const result = compute(
      ledger([
        { at: '2024-01-01', sent: '300 USD', received: '3 ETH', account: KRAKEN },
        { at: '2024-03-01T10:00:00Z', sent: '1 ETH', account: KRAKEN, hash: 'h2' },
        { at: '2024-03-01T10:05:00Z', received: '1.5 ETH', account: COINBASE, hash: 'h2' },
        { at: '2024-03-02T10:00:00Z', sent: '1 ETH', account: KRAKEN, hash: 'h3' },
        { at: '2024-03-02T10:05:00Z', received: '1 ETH', account: KRAKEN, hash: 'h3' },
      ]),
      { taxYear: 2024 },
    );
    expect(warningCodes(result)).toEqual(['unmatched-transfer', 'missing-cost-basis', 'unmatched-transfer', 'missing-cost-basis']);
  });

  it('uses a transfer link the user made, and warns about a link that does not fit', () => {
    const transactions = ledger([
      { at: '2024-01-01', sent: '100 USD', received: '1 ETH', account: KRAKEN },
      { at: '2024-03-01', sent: '1 ETH', account: KRAKEN },
      { at: '2024-03-05', received: '1 ETH', account: COINBASE },
      { at: '2024-04-01', sent: '1 SOL', account: COINBASE },
    ]);
    const linked = compute(transactions, { taxYear: 2024, transferLinks: [{ withdrawalId: 2, depositId: 3 }] });
    // Transaction 4 (SOL sent with none held) has warnings of its own; 2 and 3 have none.
    expect(linked.warnings.filter((w) => w.transactionId !== 4)).toEqual([]);
    expect(linked.moves.map((m) => `${m.lotId} ${m.fromAccountId}→${m.toAccountId}`)).toEqual(['1 1→2']);

    const mislinked = compute(transactions, { taxYear: 2024, transferLinks: [{ withdrawalId: 4, depositId: 3 }] });
    expect(warningCodes(mislinked).slice(0, 1)).toEqual(['transfer-link-invalid']);
    expect(mislinked.warnings[0]!.message).toContain('the withdrawal sends SOL but the deposit receives ETH');
  });
});

describe('transfers with no other half', () => {
  it('takes an unmatched withdrawal out of the lots, without a gain, and warns', () => {
    // Lot 1: 1 ETH for 2,000. Sent 0.4 ETH to an unknown address: removal, basis 800.
    const result = compute(
      ledger([
        { at: '2024-01-01', sent: '2000 USD', received: '1 ETH' },
        { at: '2024-02-01', sent: '0.4 ETH', value: '1000' },
      ]),
      { taxYear: 2024 },
    );
    expect(result.removals.map((r) => `${r.kind} ${t(r.quantity)} basis ${t(r.costBasis)} value ${t(r.fairMarketValue)}`)).toEqual([
      'unmatched-withdrawal 0.4 basis 800 value 1000',
    ]);
    expect(result.disposals).toEqual([]);
    expect(warningCodes(result)).toEqual(['unmatched-transfer']);
    expect(result.warnings[0]).toMatchObject({ transactionId: 2, accountId: KRAKEN, asset: 'ETH', date: '2024-02-01', quantity: '0.4' });
    expect(t(result.holdings[0]!.quantity)).toBe('0.6');
  });

  it('makes a zero-basis lot of an unmatched deposit, flagged, and warns', () => {
    // Received 2 SOL from outside: lot with basis 0. Sold for 300: gain 300, flagged.
    const result = compute(
      ledger([
        { at: '2024-01-01', received: '2 SOL', account: LEDGER },
        { at: '2024-02-01', sent: '2 SOL', received: '300 USD', account: LEDGER },
      ]),
      { taxYear: 2024 },
    );
    expect(result.acquisitions[0]).toMatchObject({ kind: 'deposit', missingBasis: true, lotId: '1' });
    expect(disposalLines(result)).toEqual(['sale 2 SOL lot 1 2024-01-01→2024-02-01 proceeds 300 basis 0 gain 300 short missing-basis']);
    expect(warningCodes(result)).toEqual(['missing-cost-basis']);
    expect(result.warnings[0]!.message).toBe(
      'Received 2 SOL in Ledger on 2024-01-01 (transaction 1) from outside the accounts in the ledger: its cost basis is ' +
        'unknown, so it counts as 0. Import the account it came from or link the transfer; if it was a purchase, income or ' +
        'a gift, change its type.',
    );
  });

  it('ignores deposits and withdrawals of fiat money', () => {
    const result = compute(
      ledger([
        { at: '2024-01-01', received: '1000 USD' },
        { at: '2024-01-02', sent: '500 EUR' },
      ]),
      { taxYear: 2024 },
    );
    expect(result.warnings).toEqual([]);
    expect(result.acquisitions).toEqual([]);
  });
});
