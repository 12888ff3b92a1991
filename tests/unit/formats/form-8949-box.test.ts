// The Form 8949 box of a digital-asset sale, year by year: C/F through 2024; from 2025
// G-L by whether the account's broker issues Form 1099-DA and (from 2026) whether the units
// were acquired in that account on or after 1 January 2026.
import { describe, expect, it } from 'vitest';
import { createBoxOfDisposal, form8949Box, isShortTermBox } from '../../../shared/formats/form-8949-box.ts';
import { COINBASE, LEDGER, disposal, exportInput, taxYearResult, transaction } from './export-fixtures.ts';

describe('form8949Box', () => {
  it('uses C and F through 2024, whoever reported the sale', () => {
    for (const issues1099DA of [true, false]) {
      expect(form8949Box({ taxYear: 2023, term: 'short', issues1099DA, acquiredInSameAccountOn: '2023-01-01' })).toBe('C');
      expect(form8949Box({ taxYear: 2024, term: 'short', issues1099DA, acquiredInSameAccountOn: null })).toBe('C');
      expect(form8949Box({ taxYear: 2024, term: 'long', issues1099DA, acquiredInSameAccountOn: '2022-01-01' })).toBe('F');
    }
  });

  it('uses H and K in 2025 for a 1099-DA broker (gross proceeds only), I and L otherwise', () => {
    expect(form8949Box({ taxYear: 2025, term: 'short', issues1099DA: true, acquiredInSameAccountOn: '2025-02-01' })).toBe('H');
    expect(form8949Box({ taxYear: 2025, term: 'long', issues1099DA: true, acquiredInSameAccountOn: '2023-02-01' })).toBe('K');
    expect(form8949Box({ taxYear: 2025, term: 'short', issues1099DA: false, acquiredInSameAccountOn: '2025-02-01' })).toBe('I');
    expect(form8949Box({ taxYear: 2025, term: 'long', issues1099DA: false, acquiredInSameAccountOn: null })).toBe('L');
  });

  it('uses G and J from 2026 for units acquired in the same 1099-DA account on or after 1 January 2026', () => {
    expect(form8949Box({ taxYear: 2026, term: 'short', issues1099DA: true, acquiredInSameAccountOn: '2026-01-01' })).toBe('G');
    expect(form8949Box({ taxYear: 2027, term: 'long', issues1099DA: true, acquiredInSameAccountOn: '2026-01-01' })).toBe('J');
    // Bought the day before: not covered, basis not reported.
    expect(form8949Box({ taxYear: 2026, term: 'short', issues1099DA: true, acquiredInSameAccountOn: '2025-12-31' })).toBe('H');
    expect(form8949Box({ taxYear: 2027, term: 'long', issues1099DA: true, acquiredInSameAccountOn: '2025-06-30' })).toBe('K');
    // Transferred in (or no known acquisition): H/K.
    expect(form8949Box({ taxYear: 2026, term: 'short', issues1099DA: true, acquiredInSameAccountOn: null })).toBe('H');
    // No 1099-DA: I/L whatever the dates.
    expect(form8949Box({ taxYear: 2026, term: 'short', issues1099DA: false, acquiredInSameAccountOn: '2026-03-01' })).toBe('I');
    expect(form8949Box({ taxYear: 2027, term: 'long', issues1099DA: false, acquiredInSameAccountOn: '2026-01-01' })).toBe('L');
  });

  it('knows which boxes are short-term', () => {
    expect(['C', 'F', 'G', 'H', 'I', 'J', 'K', 'L'].filter((box) => isShortTermBox(box as 'C'))).toEqual(['C', 'G', 'H', 'I']);
  });
});

describe('createBoxOfDisposal', () => {
  // Transaction 10 bought in Coinbase on 2026-02-01; 11 bought in the Ledger wallet on
  // 2026-01-15 and moved to Coinbase; 12 bought in Coinbase on 2025-12-31.
  const transactions = [
    transaction({ id: 10, at: '2026-02-01', type: 'trade', account: COINBASE, sent: '100 USD', received: '1 ETH' }),
    transaction({ id: 11, at: '2026-01-15', type: 'trade', account: LEDGER, sent: '100 USD', received: '1 ETH' }),
    transaction({ id: 12, at: '2025-12-31', type: 'trade', account: COINBASE, sent: '100 USD', received: '1 ETH' }),
  ];
  const sale = (acquisitionTransactionId: number | null, acquired: string, account: number) =>
    disposal({ asset: 'ETH', quantity: '1', acquisitionTransactionId, acquired, disposed: '2026-06-01', account, proceeds: '200', costBasis: '100', term: 'short' });

  it('finds the account each lot was acquired in from the ledger', () => {
    const sales = [
      sale(10, '2026-02-01', COINBASE), // acquired here, after 2026-01-01: G
      sale(11, '2026-01-15', COINBASE), // acquired in the Ledger wallet, moved here: H
      sale(12, '2025-12-31', COINBASE), // acquired here, before 2026: H
      sale(null, '2026-06-01', COINBASE), // no known acquisition: H
      sale(11, '2026-01-15', LEDGER), // no 1099-DA: I
    ];
    const boxOf = createBoxOfDisposal(exportInput(taxYearResult(2026, { disposals: sales }), transactions));
    expect(sales.map(boxOf)).toEqual(['G', 'H', 'H', 'H', 'I']);
  });

  it('gives the same sales H and I in 2025, and C in 2024', () => {
    const sales = [sale(10, '2025-02-01', COINBASE), sale(11, '2025-01-15', LEDGER)];
    expect(sales.map(createBoxOfDisposal(exportInput(taxYearResult(2025, { disposals: sales }), transactions)))).toEqual(['H', 'I']);
    expect(sales.map(createBoxOfDisposal(exportInput(taxYearResult(2024, { disposals: sales }), transactions)))).toEqual(['C', 'C']);
  });

  it('treats an account the input does not list as one without Form 1099-DA', () => {
    const sales = [sale(10, '2026-02-01', 99)];
    expect(sales.map(createBoxOfDisposal(exportInput(taxYearResult(2026, { disposals: sales }), transactions)))).toEqual(['I']);
  });
});
