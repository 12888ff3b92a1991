// FIFO, LIFO, HIFO, LOFO and specific identification on one small history, worked by hand.
import { describe, expect, it } from 'vitest';
import type { LotMethod } from '../../../shared/tax/types.ts';
import { compute, disposalLines, ledger, t, warningCodes } from './tax-fixtures.ts';

// Four lots of 1 BTC each, then a sale of 1.5 BTC for 60,000 (40,000 per BTC) on 2024-02-01.
//   lot 1: 2023-01-10, basis 20,000 (long-term on 2024-02-01: after the 2024-01-10 anniversary)
//   lot 2: 2023-03-10, basis 40,000 (short)
//   lot 3: 2023-06-10, basis 10,000 (short)
//   lot 4: 2023-09-10, basis 30,000 (short)
const history = ledger([
  { at: '2023-01-10', sent: '20000 USD', received: '1 BTC' },
  { at: '2023-03-10', sent: '40000 USD', received: '1 BTC' },
  { at: '2023-06-10', sent: '10000 USD', received: '1 BTC' },
  { at: '2023-09-10', sent: '30000 USD', received: '1 BTC' },
  { at: '2024-02-01', sent: '1.5 BTC', received: '60000 USD' },
]);

function withMethod(method: LotMethod) {
  return compute(history, { taxYear: 2024, methodForYear: () => method });
}

describe('lot selection', () => {
  it('FIFO takes the oldest lots', () => {
    // lot 1 whole: proceeds 40,000, basis 20,000, long; lot 2 half: proceeds 20,000, basis 20,000.
    expect(disposalLines(withMethod('fifo'))).toEqual([
      'sale 1 BTC lot 1 2023-01-10→2024-02-01 proceeds 40000 basis 20000 gain 20000 long',
      'sale 0.5 BTC lot 2 2023-03-10→2024-02-01 proceeds 20000 basis 20000 gain 0 short',
    ]);
  });

  it('LIFO takes the newest lots', () => {
    // lot 4 whole: basis 30,000; lot 3 half: basis 5,000. Total basis 35,000.
    expect(disposalLines(withMethod('lifo'))).toEqual([
      'sale 1 BTC lot 4 2023-09-10→2024-02-01 proceeds 40000 basis 30000 gain 10000 short',
      'sale 0.5 BTC lot 3 2023-06-10→2024-02-01 proceeds 20000 basis 5000 gain 15000 short',
    ]);
  });

  it('HIFO takes the highest per-unit basis', () => {
    // lot 2 (40,000) whole, lot 4 (30,000) half: basis 40,000 + 15,000 = 55,000.
    expect(disposalLines(withMethod('hifo'))).toEqual([
      'sale 1 BTC lot 2 2023-03-10→2024-02-01 proceeds 40000 basis 40000 gain 0 short',
      'sale 0.5 BTC lot 4 2023-09-10→2024-02-01 proceeds 20000 basis 15000 gain 5000 short',
    ]);
  });

  it('LOFO takes the lowest per-unit basis', () => {
    // lot 3 (10,000) whole, lot 1 (20,000) half: basis 10,000 + 10,000 = 20,000.
    expect(disposalLines(withMethod('lofo'))).toEqual([
      'sale 1 BTC lot 3 2023-06-10→2024-02-01 proceeds 40000 basis 10000 gain 30000 short',
      'sale 0.5 BTC lot 1 2023-01-10→2024-02-01 proceeds 20000 basis 10000 gain 10000 long',
    ]);
  });

  it('gives every method the same total proceeds and different bases', () => {
    const bases: Record<string, string | null> = {};
    for (const method of ['fifo', 'lifo', 'hifo', 'lofo'] as const) {
      const { totals } = withMethod(method);
      expect(t(totals.shortTerm.proceeds.plus(totals.longTerm.proceeds))).toBe('60000');
      bases[method] = t(totals.shortTerm.costBasis.plus(totals.longTerm.costBasis));
    }
    expect(bases).toEqual({ fifo: '40000', lifo: '35000', hifo: '55000', lofo: '20000' });
  });

  it('breaks HIFO and LOFO ties by earlier acquisition, then by lower lot id', () => {
    // Three lots at 100 per unit: lot 1 later in the day than lots 2 and 3 (same instant).
    // HIFO and LOFO both take lot 2, then lot 3, then lot 1.
    const ledgerWithTies = ledger([
      { at: '2024-01-01T15:00:00Z', sent: '100 USD', received: '1 SOL' },
      { at: '2024-01-01T09:00:00Z', sent: '100 USD', received: '1 SOL' },
      { at: '2024-01-01T09:00:00Z', sent: '100 USD', received: '1 SOL' },
      { at: '2024-02-01', sent: '2.5 SOL', received: '300 USD' },
    ]);
    for (const method of ['hifo', 'lofo'] as const) {
      const result = compute(ledgerWithTies, { taxYear: 2024, methodForYear: () => method });
      expect(result.disposals.map((d) => `${d.lotId}:${t(d.quantity)}`)).toEqual(['2:1', '3:1', '1:0.5']);
    }
  });

  it('uses specific-ID picks first, then the method for the rest', () => {
    // Picks: lot 3 × 1 (basis 10,000) and lot 2 × 0.2 (basis 8,000); the last 0.3 by FIFO
    // from lot 1 (basis 6,000). Proceeds 40,000 per BTC: 40,000, 8,000, 12,000.
    const result = compute(history, {
      taxYear: 2024,
      specificIds: [{ disposalTransactionId: 5, lots: [{ lotId: '3', quantity: '1' }, { lotId: '2', quantity: '0.2' }] }],
    });
    expect(disposalLines(result)).toEqual([
      'sale 1 BTC lot 3 2023-06-10→2024-02-01 proceeds 40000 basis 10000 gain 30000 short',
      'sale 0.2 BTC lot 2 2023-03-10→2024-02-01 proceeds 8000 basis 8000 gain 0 short',
      'sale 0.3 BTC lot 1 2023-01-10→2024-02-01 proceeds 12000 basis 6000 gain 6000 long',
    ]);
    expect(result.warnings).toEqual([]);
  });

  it('warns about picks it cannot use and falls back to the method', () => {
    // Lot 99 does not exist; lot 3 holds 1 BTC, not the 2 picked (and 2 > the 1.5 sold).
    // Used: lot 3 × 1; the remaining 0.5 by FIFO from lot 1 (basis 10,000).
    const result = compute(history, {
      taxYear: 2024,
      specificIds: [{ disposalTransactionId: 5, lots: [{ lotId: '99', quantity: '1' }, { lotId: '3', quantity: '2' }] }],
    });
    expect(result.disposals.map((d) => `${d.lotId}:${t(d.quantity)}:${t(d.costBasis)}`)).toEqual(['3:1:10000', '1:0.5:10000']);
    expect(warningCodes(result)).toEqual(['specific-id-invalid']);
    const message = result.warnings[0]!.message;
    expect(message).toContain('lot 99 is not held in this pool');
    expect(message).toContain('lot 3 held only 1 of the 2 picked');
    expect(message).toContain('FIFO');
    expect(result.warnings[0]).toMatchObject({ transactionId: 5, asset: 'BTC', date: '2024-02-01' });
  });

  it('warns when a picked lot was already used up', () => {
    // The first sale (FIFO) uses lot 1; the second picks lot 1 again → invalid, FIFO gives lot 2.
    const result = compute(
      ledger([
        { at: '2024-01-01', sent: '100 USD', received: '1 ETH' },
        { at: '2024-01-02', sent: '200 USD', received: '1 ETH' },
        { at: '2024-02-01', sent: '1 ETH', received: '300 USD' },
        { at: '2024-02-02', sent: '1 ETH', received: '300 USD' },
      ]),
      { taxYear: 2024, specificIds: [{ disposalTransactionId: 4, lots: [{ lotId: '1', quantity: '1' }] }] },
    );
    expect(result.disposals.map((d) => d.lotId)).toEqual(['1', '2']);
    expect(warningCodes(result)).toEqual(['specific-id-invalid']);
  });

  it('warns about picks for a transaction that uses no lots, or that is not in the ledger', () => {
    const result = compute(ledger([{ at: '2024-01-01', sent: '100 USD', received: '1 ETH' }]), {
      taxYear: 2024,
      specificIds: [
        { disposalTransactionId: 1, lots: [{ lotId: '1', quantity: '1' }] },
        { disposalTransactionId: 77, lots: [{ lotId: '1', quantity: '1' }] },
        { disposalTransactionId: 1, lots: [{ lotId: '1', quantity: 'lots' }] },
      ],
    });
    expect(warningCodes(result)).toEqual(['specific-id-invalid', 'specific-id-invalid', 'specific-id-invalid']);
    expect(result.warnings.map((w) => w.transactionId)).toEqual([1, 1, 77]);
  });

  it('uses each tax year its own method', () => {
    // Lots: 2022-01-01 1 BTC at 10,000; 2022-06-01 1 BTC at 30,000.
    // 2023 (HIFO): sell 0.5 BTC for 20,000 → lot 2, basis 15,000, held nine months: short.
    // 2024 (FIFO): sell 1 BTC for 50,000 → lot 1, basis 10,000, long.
    const yearly = ledger([
      { at: '2022-01-01', sent: '10000 USD', received: '1 BTC' },
      { at: '2022-06-01', sent: '30000 USD', received: '1 BTC' },
      { at: '2023-03-01', sent: '0.5 BTC', received: '20000 USD' },
      { at: '2024-03-01', sent: '1 BTC', received: '50000 USD' },
    ]);
    const methodForYear = (year: number): LotMethod => (year === 2023 ? 'hifo' : 'fifo');
    const in2023 = compute(yearly, { taxYear: 2023, methodForYear });
    expect(in2023.method).toBe('hifo');
    expect(disposalLines(in2023)).toEqual(['sale 0.5 BTC lot 2 2022-06-01→2023-03-01 proceeds 20000 basis 15000 gain 5000 short']);
    const in2024 = compute(yearly, { taxYear: 2024, methodForYear });
    expect(in2024.method).toBe('fifo');
    expect(disposalLines(in2024)).toEqual(['sale 1 BTC lot 1 2022-01-01→2024-03-01 proceeds 50000 basis 10000 gain 40000 long']);
    // Left at the end of 2024: lot 2's other half, 0.5 BTC at 15,000.
    expect(in2024.holdings[0]!.lots.map((lot) => `${lot.lotId}:${t(lot.quantity)}:${t(lot.costBasis)}`)).toEqual(['2:0.5:15000']);
  });
});
