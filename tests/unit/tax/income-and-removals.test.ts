// Income, gifts, donations, losses, expenses, standalone fees, realised gains and swaps.
import { describe, expect, it } from 'vitest';
import { INCOME_TYPES } from '../../../shared/transaction.ts';
import { COINBASE, compute, disposalLines, ledger, t, warningCodes } from './tax-fixtures.ts';

describe('income', () => {
  it('records every income type at fair market value and makes a lot with that basis', () => {
    // Seven incomes of 1 ETH worth 2,000 each: income 14,000; seven lots with basis 2,000.
    const types = [...INCOME_TYPES];
    const result = compute(
      ledger(types.map((type, i) => ({ at: `2024-03-0${i + 1}`, type, received: '1 ETH', value: '2000' }))),
      { taxYear: 2024 },
    );
    expect(result.income.map((event) => `${event.type} ${t(event.quantity)} ${event.asset} ${t(event.fairMarketValue)} lot ${event.lotId}`)).toEqual(
      types.map((type, i) => `${type} 1 ETH 2000 lot ${i + 1}`),
    );
    expect(t(result.totals.income)).toBe('14000');
    expect(result.acquisitions.every((a) => a.kind === 'income' && t(a.costBasis) === '2000')).toBe(true);
    expect(t(result.holdings[0]!.costBasis)).toBe('14000');
    expect(result.disposals).toEqual([]);
  });

  it('counts income without a price as 0, flagged, with a warning', () => {
    const result = compute(ledger([{ at: '2024-04-01', type: 'staking', received: '0.1 ETH', account: COINBASE }]), { taxYear: 2024 });
    expect(result.income[0]).toMatchObject({ missingPrice: true, transactionId: 1, accountId: COINBASE, date: '2024-04-01' });
    expect(t(result.income[0]!.fairMarketValue)).toBe('0');
    expect(result.acquisitions[0]).toMatchObject({ missingPrice: true });
    expect(warningCodes(result)).toEqual(['missing-price']);
    expect(result.warnings[0]!.message).toBe(
      'The staking reward of 0.1 ETH in Coinbase on 2024-04-01 (transaction 1) has no value in USD: it counts as 0 income ' +
        'and its lot gets a cost basis of 0 until a price is added. Add its value in USD.',
    );
  });

  it('records interest paid in dollars as income without a lot', () => {
    const result = compute(ledger([{ at: '2024-04-01', type: 'interest', received: '12.5 USD' }]), { taxYear: 2024 });
    expect(result.income[0]).toMatchObject({ lotId: null, missingPrice: false });
    expect(t(result.totals.income)).toBe('12.5');
    expect(result.acquisitions).toEqual([]);
  });

  it('disposes of a crypto fee on income at the price the income implies', () => {
    // 1 ETH staking reward worth 2,000 with a 0.01 ETH fee (worth 20): lot 1 basis 2,000;
    // fee disposal of 0.01 ETH from lot 1: proceeds 20, basis 20, gain 0.
    const result = compute(ledger([{ at: '2024-04-01', type: 'staking', received: '1 ETH', fee: '0.01 ETH', value: '2000' }]), {
      taxYear: 2024,
    });
    expect(disposalLines(result)).toEqual(['fee 0.01 ETH lot 1 2024-04-01→2024-04-01 proceeds 20 basis 20 gain 0 short']);
  });
});

describe('gifts, donations and losses', () => {
  it('takes them out of the lots without a gain, listing basis and value', () => {
    // Lot 1: 3 ETH for 6,000 on 2023-01-01 (2,000 each); long-term from 2024-01-02.
    // Gift 1 ETH (worth 2,500), donation 1 ETH (worth 3,000), lost 0.5 ETH (no value).
    // Removals: basis 2,000, 2,000, 1,000. No disposals. Left: 0.5 ETH at 1,000.
    const result = compute(
      ledger([
        { at: '2023-01-01', sent: '6000 USD', received: '3 ETH' },
        { at: '2024-02-01', type: 'gift-sent', sent: '1 ETH', value: '2500' },
        { at: '2024-03-01', type: 'donation', sent: '1 ETH', value: '3000' },
        { at: '2024-04-01', type: 'lost', sent: '0.5 ETH' },
      ]),
      { taxYear: 2024 },
    );
    expect(
      result.removals.map((r) => `${r.kind} ${t(r.quantity)} ${r.asset} lot ${r.lotId} basis ${t(r.costBasis)} value ${t(r.fairMarketValue)} ${r.term} ${r.date}`),
    ).toEqual([
      'gift-sent 1 ETH lot 1 basis 2000 value 2500 long 2024-02-01',
      'donation 1 ETH lot 1 basis 2000 value 3000 long 2024-03-01',
      'lost 0.5 ETH lot 1 basis 1000 value null long 2024-04-01',
    ]);
    expect(result.disposals).toEqual([]);
    expect(t(result.totals.shortTerm.gain.plus(result.totals.longTerm.gain))).toBe('0');
    expect(t(result.holdings[0]!.costBasis)).toBe('1000');
    expect(result.warnings).toEqual([]);
  });

  it("gives a gift received the giver's basis when its value is known, else 0 with a warning", () => {
    const result = compute(
      ledger([
        { at: '2024-01-01', type: 'gift-received', received: '1 ETH', value: '1500' },
        { at: '2024-01-02', type: 'gift-received', received: '2 ETH' },
      ]),
      { taxYear: 2024 },
    );
    expect(result.acquisitions.map((a) => `${a.kind} ${t(a.costBasis)} ${a.missingBasis}`)).toEqual(['gift-received 1500 false', 'gift-received 0 true']);
    expect(warningCodes(result)).toEqual(['missing-cost-basis']);
    expect(result.warnings[0]).toMatchObject({ transactionId: 2, quantity: '2', asset: 'ETH' });
  });
});

describe('expenses, fees and realised gains', () => {
  it('disposes of crypto spent at its fair market value', () => {
    // Lot 1: 1 ETH for 2,000. Expense 0.2 ETH worth 700: proceeds 700, basis 400, gain 300.
    // Standalone fee 0.01 ETH (as a fee leg only) worth 35: proceeds 35, basis 20, gain 15.
    const result = compute(
      ledger([
        { at: '2024-01-01', sent: '2000 USD', received: '1 ETH' },
        { at: '2024-02-01', type: 'expense', sent: '0.2 ETH', value: '700' },
        { at: '2024-02-02', type: 'fee', fee: '0.01 ETH', value: '35' },
      ]),
      { taxYear: 2024 },
    );
    expect(disposalLines(result)).toEqual([
      'expense 0.2 ETH lot 1 2024-01-01→2024-02-01 proceeds 700 basis 400 gain 300 short',
      'fee 0.01 ETH lot 1 2024-01-01→2024-02-02 proceeds 35 basis 20 gain 15 short',
    ]);
  });

  it('reports a realised profit or loss directly, short-term, and makes a lot of a profit in crypto', () => {
    // +500 USD: proceeds 500, basis 0, gain 500. +0.01 BTC worth 600: gain 600 and a lot
    // of 0.01 BTC at 600. −200 USD: proceeds 0, basis 200, gain −200. Net 900.
    const result = compute(
      ledger([
        { at: '2024-01-01', type: 'realized-gain', received: '500 USD' },
        { at: '2024-01-02', type: 'realized-gain', received: '0.01 BTC', value: '600' },
        { at: '2024-01-03', type: 'realized-gain', sent: '200 USD' },
      ]),
      { taxYear: 2024 },
    );
    expect(disposalLines(result)).toEqual([
      'realized-gain 500 USD lot null 2024-01-01→2024-01-01 proceeds 500 basis 0 gain 500 short',
      'realized-gain 0.01 BTC lot null 2024-01-02→2024-01-02 proceeds 600 basis 0 gain 600 short',
      'realized-gain 200 USD lot null 2024-01-03→2024-01-03 proceeds 0 basis 200 gain -200 short',
    ]);
    expect(t(result.totals.shortTerm.gain)).toBe('900');
    expect(result.acquisitions.map((a) => `${a.kind} ${t(a.quantity)} ${a.asset} ${t(a.costBasis)}`)).toEqual(['realized-gain 0.01 BTC 600']);
  });

  it('also disposes of crypto paid to settle a realised loss', () => {
    // Lot 1: 1 ETH for 2,000. Loss settled with 0.1 ETH worth 300: a loss row of −300, and
    // the 0.1 ETH paid is an expense: proceeds 300, basis 200, gain 100. Net −200.
    const result = compute(
      ledger([
        { at: '2024-01-01', sent: '2000 USD', received: '1 ETH' },
        { at: '2024-03-01', type: 'realized-gain', sent: '0.1 ETH', value: '300' },
      ]),
      { taxYear: 2024 },
    );
    expect(disposalLines(result)).toEqual([
      'realized-gain 0.1 ETH lot null 2024-03-01→2024-03-01 proceeds 0 basis 300 gain -300 short',
      'expense 0.1 ETH lot 1 2024-01-01→2024-03-01 proceeds 300 basis 200 gain 100 short',
    ]);
  });
});

describe('swaps', () => {
  it('carries the basis and acquisition dates of the sent lots to the received asset', () => {
    // Lot 1: 2 ETH on 2022-01-01 for 4,000; lot 2: 1 ETH on 2023-06-01 for 3,000.
    // Swap 2.5 ETH for 2.4 wstETH (0.96 per ETH), FIFO: lot 1 (2 ETH, basis 4,000) and half
    // of lot 2 (0.5 ETH, basis 1,500) leave without a gain. New lots: "3:1" 2 × 0.96 = 1.92
    // wstETH with basis 4,000 dated 2022-01-01; "3:2" the rest, 0.48 wstETH, basis 1,500,
    // dated 2023-06-01. Selling 2.4 wstETH for 12,000 on 2024-07-01 (5,000 each):
    // 1.92 → proceeds 9,600, gain 5,600, long; 0.48 → proceeds 2,400, gain 900, long
    // (2024-07-01 is after the 2024-06-01 anniversary).
    const result = compute(
      ledger([
        { at: '2022-01-01', sent: '4000 USD', received: '2 ETH' },
        { at: '2023-06-01', sent: '3000 USD', received: '1 ETH' },
        { at: '2024-02-01', type: 'swap', sent: '2.5 ETH', received: '2.4 wstETH' },
        { at: '2024-07-01', sent: '2.4 wstETH', received: '12000 USD' },
      ]),
      { taxYear: 2024 },
    );
    expect(result.removals.map((r) => `${r.kind} ${t(r.quantity)} ${r.asset} lot ${r.lotId} basis ${t(r.costBasis)}`)).toEqual([
      'swap 2 ETH lot 1 basis 4000',
      'swap 0.5 ETH lot 2 basis 1500',
    ]);
    expect(result.acquisitions.map((a) => `${a.kind} ${a.lotId} ${t(a.quantity)} ${a.asset} ${t(a.costBasis)} ${a.acquiredDate}`)).toEqual([
      'swap 3:1 1.92 wstETH 4000 2022-01-01',
      'swap 3:2 0.48 wstETH 1500 2023-06-01',
    ]);
    expect(disposalLines(result)).toEqual([
      'sale 1.92 wstETH lot 3:1 2022-01-01→2024-07-01 proceeds 9600 basis 4000 gain 5600 long',
      'sale 0.48 wstETH lot 3:2 2023-06-01→2024-07-01 proceeds 2400 basis 1500 gain 900 long',
    ]);
  });

  it('treats a swap with fiat money on one side as a trade', () => {
    const result = compute(ledger([{ at: '2024-01-01', type: 'swap', sent: '100 USD', received: '100 USDC' }]), { taxYear: 2024 });
    expect(result.acquisitions.map((a) => `${a.kind} ${t(a.costBasis)}`)).toEqual(['purchase 100']);
  });
});

describe('transactions the engine cannot use', () => {
  it('skips ignored transactions entirely and warns about ones whose legs do not fit', () => {
    const result = compute(
      ledger([
        { at: '2024-01-01', type: 'ignored', sent: '5 BTC' },
        { at: '2024-01-02', type: 'staking', sent: '1 ETH' },
        { at: '2024-01-03', sent: 'abc BTC', received: '10 USD' },
      ]),
      { taxYear: 2024 },
    );
    expect(warningCodes(result)).toEqual(['invalid-transaction', 'invalid-transaction']);
    expect(result.warnings.map((w) => w.transactionId)).toEqual([2, 3]);
    expect(result.warnings[0]!.message).toContain('a staking needs a received amount and no sent amount');
    expect(result.disposals).toEqual([]);
  });

  it('leaves out a transaction of a type it does not know, balances included', () => {
    const [unknown] = ledger([{ at: '2024-01-01', received: '1 BTC' }]);
    const result = compute([{ ...unknown!, type: 'bonus' as never }], { taxYear: 2024 });
    expect(warningCodes(result)).toEqual(['invalid-transaction']);
    expect(result.warnings[0]!.message).toContain('its type "bonus" is not one Lotwise knows');
    expect(result.holdings).toEqual([]);
  });
});
