// Buys, sells and crypto-to-crypto trades, with fiat and crypto fees. Every expected figure
// is worked out by hand in the comments before the code ran.
import { describe, expect, it } from 'vitest';
import { compute, disposalLines, ledger, t, warningCodes } from './tax-fixtures.ts';

describe('trades and fees', () => {
  it("DOMAIN.md's example: selling 7.99 ETH for 19,975 USD with a 0.01 ETH fee", () => {
    // Lot 1: 8 ETH for 16,000 → 2,000 per ETH.
    // Sale value 19,975 for 7.99 ETH → 2,500 per ETH; the fee's value 0.01 × 2,500 = 25.
    // Sale: proceeds 19,975 − 25 = 19,950, basis 7.99 × 2,000 = 15,980, gain 3,970.
    // Fee:  proceeds 25, basis 0.01 × 2,000 = 20, gain 5.
    // 8 ETH leave the lots; total proceeds 19,950 + 25 = 19,975.
    const result = compute(
      ledger([
        { at: '2024-01-10', sent: '16000 USD', received: '8 ETH' },
        { at: '2024-06-01', sent: '7.99 ETH', received: '19975 USD', fee: '0.01 ETH' },
      ]),
      { taxYear: 2024 },
    );
    expect(disposalLines(result)).toEqual([
      'sale 7.99 ETH lot 1 2024-01-10→2024-06-01 proceeds 19950 basis 15980 gain 3970 short',
      'fee 0.01 ETH lot 1 2024-01-10→2024-06-01 proceeds 25 basis 20 gain 5 short',
    ]);
    expect(t(result.totals.shortTerm.proceeds)).toBe('19975');
    expect(t(result.totals.shortTerm.costBasis)).toBe('16000');
    expect(t(result.totals.shortTerm.gain)).toBe('3975');
    expect(result.holdings).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('adds a fiat fee to the basis of a buy and takes it off the proceeds of a sale', () => {
    // Buy 2 BTC for 60,000 + 30 fee → lot basis 60,030.
    // Sell 0.5 BTC for 20,000 − 10 fee → proceeds 19,990; basis 60,030 × 0.5 / 2 = 15,007.5;
    // gain 4,982.5. Left: 1.5 BTC with basis 45,022.5.
    const result = compute(
      ledger([
        { at: '2024-02-01', sent: '60000 USD', received: '2 BTC', fee: '30 USD' },
        { at: '2024-05-01', sent: '0.5 BTC', received: '20000 USD', fee: '10 USD' },
      ]),
      { taxYear: 2024 },
    );
    expect(result.acquisitions.map((a) => `${a.kind} ${t(a.quantity)} ${a.asset} ${t(a.costBasis)}`)).toEqual(['purchase 2 BTC 60030']);
    expect(disposalLines(result)).toEqual(['sale 0.5 BTC lot 1 2024-02-01→2024-05-01 proceeds 19990 basis 15007.5 gain 4982.5 short']);
    expect(result.holdings).toHaveLength(1);
    expect(t(result.holdings[0]!.quantity)).toBe('1.5');
    expect(t(result.holdings[0]!.costBasis)).toBe('45022.5');
  });

  it('acquires the received units first, then disposes of a fee paid in them, its value added to the basis', () => {
    // Buy 1 BTC for 50,000 with a 0.001 BTC fee: price 50,000 per BTC, fee value 50.
    // Lot 1: 1 BTC, basis 50,000 + 50 = 50,050. Fee disposal: 0.001 BTC of lot 1,
    // proceeds 50, basis 50,050 × 0.001 = 50.05, gain −0.05. Left: 0.999 BTC, basis 49,999.95.
    const result = compute(ledger([{ at: '2024-03-01', sent: '50000 USD', received: '1 BTC', fee: '0.001 BTC' }]), { taxYear: 2024 });
    expect(t(result.acquisitions[0]!.costBasis)).toBe('50050');
    expect(disposalLines(result)).toEqual(['fee 0.001 BTC lot 1 2024-03-01→2024-03-01 proceeds 50 basis 50.05 gain -0.05 short']);
    expect(t(result.holdings[0]!.quantity)).toBe('0.999');
    expect(t(result.holdings[0]!.costBasis)).toBe('49999.95');
  });

  it('treats a fee in the sent asset of a crypto-to-crypto trade as a disposal cost', () => {
    // Lot 1: 10 ETH for 20,000 → 2,000 per ETH.
    // Trade 4 ETH for 0.2 BTC worth 12,000 (3,000 per ETH), fee 0.1 ETH worth 300.
    // Trade: 4 ETH, proceeds 12,000 − 300 = 11,700, basis 8,000, gain 3,700.
    // Fee: 0.1 ETH, proceeds 300, basis 200, gain 100. BTC lot 2: 0.2 BTC, basis 12,000.
    const result = compute(
      ledger([
        { at: '2024-01-05', sent: '20000 USD', received: '10 ETH' },
        { at: '2024-04-01', sent: '4 ETH', received: '0.2 BTC', fee: '0.1 ETH', value: '12000' },
      ]),
      { taxYear: 2024 },
    );
    expect(disposalLines(result)).toEqual([
      'trade 4 ETH lot 1 2024-01-05→2024-04-01 proceeds 11700 basis 8000 gain 3700 short',
      'fee 0.1 ETH lot 1 2024-01-05→2024-04-01 proceeds 300 basis 200 gain 100 short',
    ]);
    expect(result.acquisitions.map((a) => `${a.kind} ${a.lotId} ${t(a.quantity)} ${a.asset} ${t(a.costBasis)}`)).toEqual([
      'purchase 1 10 ETH 20000',
      'trade 2 0.2 BTC 12000',
    ]);
    expect(result.holdings.map((h) => `${t(h.quantity)} ${h.asset} ${t(h.costBasis)}`)).toEqual(['0.2 BTC 12000', '5.9 ETH 11800']);
  });

  it('adds a fee in the received asset of a crypto-to-crypto trade to the new lot', () => {
    // Lot 1: 1 BTC for 30,000. Trade 0.5 BTC for 10 ETH worth 20,000, fee 0.05 ETH
    // (2,000 per ETH → 100). Disposal: 0.5 BTC, proceeds 20,000, basis 15,000, gain 5,000.
    // ETH lot 2: 10 ETH, basis 20,100. Fee: 0.05 ETH of lot 2, proceeds 100,
    // basis 20,100 × 0.05 / 10 = 100.5, gain −0.5. Left: 9.95 ETH at 19,999.5; 0.5 BTC at 15,000.
    const result = compute(
      ledger([
        { at: '2024-01-01', sent: '30000 USD', received: '1 BTC' },
        { at: '2024-02-01', sent: '0.5 BTC', received: '10 ETH', fee: '0.05 ETH', value: '20000' },
      ]),
      { taxYear: 2024 },
    );
    expect(disposalLines(result)).toEqual([
      'trade 0.5 BTC lot 1 2024-01-01→2024-02-01 proceeds 20000 basis 15000 gain 5000 short',
      'fee 0.05 ETH lot 2 2024-02-01→2024-02-01 proceeds 100 basis 100.5 gain -0.5 short',
    ]);
    expect(result.holdings.map((h) => `${t(h.quantity)} ${h.asset} ${t(h.costBasis)}`)).toEqual(['0.5 BTC 15000', '9.95 ETH 19999.5']);
  });

  it('disposes of a fee in a third asset at a missing price', () => {
    // Lot 1: 5 BNB for 1,500 (300 each); lot 2: 1 BTC for 60,000.
    // Trade 0.1 BTC for 3 ETH worth 7,000, fee 1 BNB: its value cannot be derived from the
    // trade → missing price. Trade: proceeds 7,000, basis 6,000, gain 1,000.
    // Fee: 1 BNB, proceeds 0 (flagged), basis 300, gain −300. ETH lot 3: basis 7,000.
    const result = compute(
      ledger([
        { at: '2024-01-02', sent: '1500 USD', received: '5 BNB' },
        { at: '2024-01-03', sent: '60000 USD', received: '1 BTC' },
        { at: '2024-05-01', sent: '0.1 BTC', received: '3 ETH', fee: '1 BNB', value: '7000' },
      ]),
      { taxYear: 2024 },
    );
    expect(disposalLines(result)).toEqual([
      'trade 0.1 BTC lot 2 2024-01-03→2024-05-01 proceeds 7000 basis 6000 gain 1000 short',
      'fee 1 BNB lot 1 2024-01-02→2024-05-01 proceeds 0 basis 300 gain -300 short missing-price',
    ]);
    expect(warningCodes(result)).toEqual(['missing-price']);
    expect(result.warnings[0]).toMatchObject({ transactionId: 3, asset: 'BNB', date: '2024-05-01', accountId: 1 });
    expect(result.warnings[0]!.message).toContain('fee of 1 BNB');
    expect(t(result.acquisitions[2]!.costBasis)).toBe('7000');
  });

  it('uses the fiatValue of a crypto-to-crypto trade as proceeds and as the new basis', () => {
    // Lot 1: 1 BTC for 30,000. Trade 1 BTC for 20 ETH worth 45,000: proceeds 45,000,
    // basis 30,000, gain 15,000; ETH lot 2 basis 45,000. Sell 20 ETH for 50,000: gain 5,000.
    const result = compute(
      ledger([
        { at: '2024-01-01', sent: '30000 USD', received: '1 BTC' },
        { at: '2024-02-01', sent: '1 BTC', received: '20 ETH', value: '45000' },
        { at: '2024-03-01', sent: '20 ETH', received: '50000 USD' },
      ]),
      { taxYear: 2024 },
    );
    expect(disposalLines(result)).toEqual([
      'trade 1 BTC lot 1 2024-01-01→2024-02-01 proceeds 45000 basis 30000 gain 15000 short',
      'sale 20 ETH lot 2 2024-02-01→2024-03-01 proceeds 50000 basis 45000 gain 5000 short',
    ]);
  });

  it('flags a crypto-to-crypto trade without a price and carries the flag to the lot it made', () => {
    // Trade 0.5 BTC for 10 ETH with no value: proceeds 0, basis 15,000, gain −15,000 (flagged);
    // ETH lot 2 basis 0 (flagged). Selling those 10 ETH for 25,000: basis 0, gain 25,000, flagged.
    const result = compute(
      ledger([
        { at: '2024-01-01', sent: '30000 USD', received: '1 BTC' },
        { at: '2024-02-01', sent: '0.5 BTC', received: '10 ETH' },
        { at: '2024-03-01', sent: '10 ETH', received: '25000 USD' },
      ]),
      { taxYear: 2024 },
    );
    expect(disposalLines(result)).toEqual([
      'trade 0.5 BTC lot 1 2024-01-01→2024-02-01 proceeds 0 basis 15000 gain -15000 short missing-price',
      'sale 10 ETH lot 2 2024-02-01→2024-03-01 proceeds 25000 basis 0 gain 25000 short missing-price',
    ]);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatchObject({ code: 'missing-price', transactionId: 2, accountId: 1, date: '2024-02-01', asset: 'BTC' });
    expect(result.warnings[0]!.message).toBe(
      'The trade of 0.5 BTC for 10 ETH in Kraken on 2024-02-01 (transaction 2) has no value in USD: the BTC given counts as 0 ' +
        'proceeds and the ETH received gets a cost basis of 0 until a price is added. Add its value in USD.',
    );
    expect(result.acquisitions[1]).toMatchObject({ lotId: '2', missingPrice: true });
  });

  it('counts a value in another currency as missing, and says which currency', () => {
    // A crypto-to-crypto trade valued in EUR, and a buy paid in EUR without a USD value:
    // both are missing a USD price. A buy in EUR with a USD value uses the USD value.
    const result = compute(
      ledger([
        { at: '2024-01-01', sent: '900 EUR', received: '0.03 BTC' },
        { at: '2024-01-02', sent: '0.01 BTC', received: '0.2 ETH', value: '550 EUR' },
        { at: '2024-01-03', sent: '1800 EUR', received: '0.06 BTC', value: '1950' },
      ]),
      { taxYear: 2024 },
    );
    expect(warningCodes(result)).toEqual(['missing-price', 'missing-price']);
    expect(result.warnings[0]!.message).toContain('has a value only in EUR (900 EUR), not in USD');
    expect(result.warnings[1]!.message).toContain('has a value in EUR, not in USD');
    expect(result.acquisitions.map((a) => `${a.lotId} ${t(a.costBasis)}${a.missingPrice ? ' missing-price' : ''}`)).toEqual([
      '1 0 missing-price',
      '2 0 missing-price',
      '3 1950',
    ]);
  });

  it('never makes a lot of fiat money, and a fiat-to-fiat trade is no event', () => {
    const result = compute(
      ledger([
        { at: '2024-01-01', sent: '1000 USD', received: '920 EUR' },
        { at: '2024-01-02', sent: '920 EUR', received: '0.02 BTC', value: '1000' },
      ]),
      { taxYear: 2024 },
    );
    expect(result.acquisitions.map((a) => a.asset)).toEqual(['BTC']);
    expect(result.disposals).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('shares the proceeds of a sale over several lots by quantity, adding up exactly', () => {
    // Lots: 1 BTC at 10,000 and 2 BTC at 40,000. Sell 2 BTC for 100,000 → 50,000 per BTC.
    // Lot 1: 1 BTC, proceeds 50,000, basis 10,000. Lot 2: 1 BTC, proceeds 50,000, basis 20,000.
    // Then sell 1 BTC for 0.03 (an awkward number): one lot, proceeds 0.03, basis 20,000.
    const result = compute(
      ledger([
        { at: '2024-01-01', sent: '10000 USD', received: '1 BTC' },
        { at: '2024-01-02', sent: '40000 USD', received: '2 BTC' },
        { at: '2024-02-01', sent: '2 BTC', received: '100000 USD' },
        { at: '2024-02-02', sent: '1 BTC', received: '0.03 USD' },
      ]),
      { taxYear: 2024 },
    );
    expect(disposalLines(result)).toEqual([
      'sale 1 BTC lot 1 2024-01-01→2024-02-01 proceeds 50000 basis 10000 gain 40000 short',
      'sale 1 BTC lot 2 2024-01-02→2024-02-01 proceeds 50000 basis 20000 gain 30000 short',
      'sale 1 BTC lot 2 2024-01-02→2024-02-02 proceeds 0.03 basis 20000 gain -19999.97 short',
    ]);
  });

  it('splits thirds so that the parts add up to the whole exactly', () => {
    // Lot 1: 3 ETH for 100. Sell 1 ETH three times. A piece's basis is the lot's basis
    // prorated (to 18 places) to its end minus that prorated to its start:
    // at 1 ETH 33.333333333333333333, at 2 ETH 66.666666666666666667, at 3 ETH 100.
    // Pieces: 33.333333333333333333, 66.666666666666666667 − 33.333333333333333333 =
    // 33.333333333333333334, and 100 − 66.666666666666666667 = 33.333333333333333333.
    // Sum of bases: exactly 100.
    const result = compute(
      ledger([
        { at: '2024-01-01', sent: '100 USD', received: '3 ETH' },
        { at: '2024-02-01', sent: '1 ETH', received: '10 USD' },
        { at: '2024-02-02', sent: '1 ETH', received: '10 USD' },
        { at: '2024-02-03', sent: '1 ETH', received: '10 USD' },
      ]),
      { taxYear: 2024 },
    );
    expect(result.disposals.map((d) => t(d.costBasis))).toEqual(['33.333333333333333333', '33.333333333333333334', '33.333333333333333333']);
    expect(t(result.totals.shortTerm.costBasis)).toBe('100');
  });
});
