// The transaction list over the demo ledger (103 transactions: Coinbase 78, Ledger wallet
// 10, Kraken 15): pages, filters, orders and facets through the contract, with counts
// taken from the demo files by hand (see resources/demo/README.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../../shared/money.ts';
import { tempDir, type TempDir } from '../../support/temp-ledger.ts';
import { at, demoLedger, type DemoLedger } from '../core/demo-dispatch.ts';

let dir: TempDir;
let demo: DemoLedger;

beforeAll(async () => {
  dir = tempDir();
  demo = await demoLedger(dir);
  await demo.call('review.list', {});
});
afterAll(() => {
  demo.db.close();
  dir.remove();
});

const page = (request: Parameters<DemoLedger['call']>[1] & object) => demo.call('transactions.page', { offset: 0, limit: 1000, ...request } as never);

describe('transactions.page', () => {
  it('pages the whole ledger in time order, oldest first unless asked otherwise', async () => {
    const first = await demo.call('transactions.page', { offset: 0, limit: 2 });
    expect(first.total).toBe(103);
    expect(first.rows).toEqual([
      {
        id: demo.id('cb-2021-001'),
        timestamp: at('2021-01-08T15:12:00Z'),
        account: 'Coinbase',
        type: 'deposit',
        label: 'deposit',
        sentAmount: null,
        sentAsset: null,
        receivedAmount: '10000',
        receivedAsset: 'USD',
        feeAmount: null,
        feeAsset: null,
        value: '10000',
        description: 'ACH deposit from checking',
        txHash: null,
        source: 'csv',
        problems: [],
        linkedTo: null,
      },
      expect.objectContaining({ id: demo.id('cb-2021-002'), sentAmount: '5000', receivedAmount: '0.14285714', feeAmount: '74.5', value: '5000' }),
    ]);
    const last = await demo.call('transactions.page', { offset: 100, limit: 50 });
    expect(last).toMatchObject({ total: 103, offset: 100 });
    expect(last.rows.map((r) => r.id)).toEqual([demo.id('cb-2025-016'), demo.id('cb-2025-017'), demo.id('cb-2025-018')]);
    const newest = await demo.call('transactions.page', { offset: 0, limit: 1, sort: { key: 'timestamp', direction: 'desc' } });
    expect(newest.rows[0]!.id).toBe(demo.id('cb-2025-018'));
  });

  it('filters by account, asset, type, dates and text', async () => {
    expect((await page({ filter: { account: 'Kraken' } })).total).toBe(15);
    expect((await page({ filter: { account: 'ledger WALLET' } })).total).toBe(10);
    expect(await page({ filter: { account: 'Gemini' } })).toEqual({ total: 0, offset: 0, rows: [] });
    expect((await page({ filter: { type: 'staking' } })).total).toBe(48);
    expect((await page({ filter: { asset: 'btc' } })).total).toBe(18);
    expect((await page({ filter: { account: 'Kraken', asset: 'SOL' } })).rows.map((r) => r.description)).toEqual([
      'Bought 33.33333333 SOL at 90 USD',
      'Traded 15 SOL for ETH (SOL/ETH, fee in ETH)',
      'Sold 10 SOL at 11.80 USD (tax-loss harvest)',
      'Bought 21.73913043 SOL at 23 USD',
      'Sold 20 SOL at 195 USD',
    ]);
    expect((await page({ filter: { from: at('2023-01-01T00:00:00Z'), to: at('2024-01-01T00:00:00Z') } })).total).toBe(20);
    expect((await page({ filter: { search: 'shanghai' } })).rows.map((r) => r.id)).toEqual([demo.id('cb-2023-005')]);
    expect((await page({ filter: { search: 'a61980200c8d' } })).rows.map((r) => r.id)).toEqual([demo.id('kr-2023-001'), demo.id('lw-2023-001')]);
    // The user's text is text: LIKE's wildcards match only themselves.
    expect((await page({ filter: { search: '%' } })).total).toBe(0);
    expect((await page({ filter: { search: '_' } })).total).toBe(0);
  });

  it('filters on the problems the last review found, and shows which transfers are paired', async () => {
    const flagged = await page({ filter: { hasProblem: true } });
    expect(flagged.rows.map((r) => [r.id, r.problems])).toEqual([[demo.id('cb-2025-009'), ['unmatched-transfer']]]);
    expect((await page({ filter: { hasProblem: false } })).total).toBe(102);
    // Paired by their blockchain hash: 0.1 BTC from Coinbase to the wallet in March 2021.
    const [sent] = (await page({ filter: { search: 'a119706f' } })).rows;
    expect(sent).toMatchObject({ id: demo.id('cb-2021-007'), linkedTo: demo.id('lw-2021-002') });
  });

  it('orders amounts by asset, then as numbers however many digits', async () => {
    // Assets A to Z in either direction (15,000 USD is not more than 2 ETH); the amounts
    // of each asset in the direction asked.
    const bySent = await page({ filter: { type: 'trade' }, sort: { key: 'sentAmount', direction: 'desc' } });
    const sent = bySent.rows.map((r) => `${r.sentAmount} ${r.sentAsset}`);
    expect(sent.slice(0, 7)).toEqual(['0.09 BTC', '0.06 BTC', '0.05 BTC', '0.03 BTC', '0.03 BTC', '96.52 ENS', '1 ETH']);
    expect([...new Set(bySent.rows.map((r) => r.sentAsset))]).toEqual(['BTC', 'ENS', 'ETH', 'SOL', 'USD', 'USDC']);
    for (let i = 1; i < bySent.rows.length; i++) {
      const [before, after] = [bySent.rows[i - 1]!, bySent.rows[i]!];
      if (before.sentAsset === after.sentAsset) expect(new Decimal(before.sentAmount!).gte(after.sentAmount!), `${sent[i - 1]} before ${sent[i]}`).toBe(true);
    }
    expect(sent.filter((s) => s.endsWith(' USD')).slice(0, 3)).toEqual(['5000 USD', '3000 USD', '3000 USD']);
    const byReceived = await page({ filter: { account: 'Kraken' }, sort: { key: 'receivedAmount', direction: 'asc' } });
    // Rows with nothing received come last in either direction.
    expect(byReceived.rows.map((r) => r.receivedAmount && `${r.receivedAmount} ${r.receivedAsset}`)).toEqual([
      '0.02 BTC', '0.15789473 BTC', '0.30857063 ETH', '1.36363636 ETH', '1.94805194 ETH', '21.73913043 SOL', '33.33333333 SOL', '118 USD', '3000 USD', '3900 USD', '4780 USD', '8000 USD', null, null, null,
    ]);
  });

  it('orders by account name and by type', async () => {
    const byAccount = await page({ sort: { key: 'account', direction: 'asc' } });
    expect([...new Set(byAccount.rows.map((r) => r.account))]).toEqual(['Coinbase', 'Kraken', 'Ledger wallet']);
    const byType = await page({ filter: { account: 'Ledger wallet' }, sort: { key: 'type', direction: 'desc' } });
    expect(byType.rows.map((r) => r.type)).toEqual(['withdrawal', 'withdrawal', 'trade', 'gift-sent', 'donation', 'deposit', 'deposit', 'deposit', 'deposit', 'airdrop']);
  });
});

describe('transactions.facets', () => {
  it('lists the accounts, assets and types there are to filter by', async () => {
    expect(await demo.call('transactions.facets', {})).toEqual({
      accounts: ['Coinbase', 'Kraken', 'Ledger wallet'],
      assets: ['BTC', 'ENS', 'ETH', 'SOL', 'USD', 'USDC'],
      types: ['airdrop', 'deposit', 'donation', 'gift-sent', 'staking', 'trade', 'withdrawal'],
    });
  });
});
