// The tax-year and export screens' calls over the demo ledger (FIFO, auto basis, New
// York): disposals page by page, charts, the four methods side by side, Specific ID, and
// export files whose totals are the summary's. Figures are worked out by hand from
// resources/demo (see its README) in the comments beside them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DisposalView } from '../../../shared/api.ts';
import { Decimal } from '../../../shared/money.ts';
import { setManualPrice } from '../../../electron/core/prices/price-report.ts';
import { computeTaxReport } from '../../../electron/core/reports/tax-report.ts';
import { tempDir, type TempDir } from '../../support/temp-ledger.ts';
import { demoLedger, type DemoLedger } from './demo-dispatch.ts';

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

const sum = (values: string[]) => values.reduce((total, v) => total.plus(v), new Decimal(0)).toFixed(2);

describe('reports.disposals', () => {
  it('lists each disposal with its lots, as filed, adding up to the summary', async () => {
    const page = await demo.call('reports.disposals', { year: 2025, offset: 0, limit: 100 });
    expect(page.total).toBe(5);
    expect(page.rows.map((r) => [r.transactionId, r.disposedDate, r.account, r.asset, r.quantity, r.lots.length])).toEqual([
      [demo.id('lw-2025-001'), '2025-01-21', 'Ledger wallet', 'BTC', '0.00002', 1], // the network fee of the BTC sent to Coinbase
      [demo.id('cb-2025-003'), '2025-01-22', 'Coinbase', 'BTC', '0.09', 1],
      [demo.id('cb-2025-013'), '2025-08-13', 'Coinbase', 'ETH', '0.4', 2],
      [demo.id('kr-2025-003'), '2025-08-22', 'Kraken', 'ETH', '1', 1],
      [demo.id('kr-2025-004'), '2025-09-02', 'Kraken', 'ETH', '0.0015', 1], // the fee of the 1.5 ETH sent to the wallet
    ]);
    // 0.09 BTC sold at 104,000 less a 56.16 fee; the lot is Kraken's June 2022 BTC
    // (0.15789473 for 3,007.80), moved to the wallet in 2023 and to Coinbase in 2025.
    expect(page.rows[1]).toEqual({
      transactionId: demo.id('cb-2025-003'),
      disposedDate: '2025-01-22',
      account: 'Coinbase',
      asset: 'BTC',
      quantity: '0.09',
      proceeds: '9303.84',
      costBasis: '1714.45',
      gain: '7589.39',
      lots: [
        {
          lotId: String(demo.id('kr-2022-003')),
          acquiredDate: '2022-06-18',
          acquisitionTransactionId: demo.id('kr-2022-003'),
          quantity: '0.09',
          costBasis: '1714.45',
          proceeds: '9303.84',
          gain: '7589.39',
          term: 'long',
          missingBasis: false,
        },
      ],
      picked: false,
    } satisfies DisposalView);
    const summary = await demo.call('reports.summary', { year: 2025 });
    expect(summary.shortTerm).toEqual({ proceeds: '6.53', costBasis: '2.32', gain: '4.21' });
    expect(summary.longTerm).toEqual({ proceeds: '15922.81', costBasis: '3514.48', gain: '12408.33' });
    expect(sum(page.rows.map((r) => r.proceeds))).toBe('15929.34');
    expect(sum(page.rows.map((r) => r.costBasis))).toBe('3516.80');
    expect(sum(page.rows.map((r) => r.gain))).toBe('12412.54');
  });

  it('pages through the same snapshot', async () => {
    const whole = await demo.call('reports.disposals', { year: 2025, offset: 0, limit: 100 });
    const pages = [];
    for (let offset = 0; offset < whole.total; offset += 2) pages.push(...(await demo.call('reports.disposals', { year: 2025, offset, limit: 2 })).rows);
    expect(pages).toEqual(whole.rows);
    expect(await demo.call('reports.disposals', { year: 2025, offset: 10, limit: 2 })).toEqual({ total: 5, offset: 10, rows: [] });
  });
});

describe('reports.charts', () => {
  it('gives gain by month and asset as filed, and month-end holdings valued only where a month-end price is known', async () => {
    const charts = await demo.call('reports.charts', { year: 2025 });
    expect(charts.gainByMonth).toHaveLength(12);
    // January: 1.70 on the fee and 7,589.39 on the sale; August: 1,152.05 + 3,665.19; September: the fee, short-term.
    expect(charts.gainByMonth.filter((m) => m.shortTerm !== '0.00' || m.longTerm !== '0.00')).toEqual([
      { month: '2025-01', shortTerm: '0.00', longTerm: '7591.09' },
      { month: '2025-08', shortTerm: '0.00', longTerm: '4817.24' },
      { month: '2025-09', shortTerm: '4.21', longTerm: '0.00' },
    ]);
    expect(charts.gainByAsset).toEqual([
      { asset: 'BTC', gain: '7591.09', proceeds: '9305.92' },
      { asset: 'ETH', gain: '4821.45', proceeds: '6623.42' },
    ]);
    const at = (date: string) => charts.holdings.filter((h) => h.date === date);
    // The README's year-end holdings, all accounts together. The demo has no market prices:
    // only USDC has a value, its peg. ETH's December staking reward (7.03 USD for
    // 0.00230439 ETH) is a price from the middle of the month, not its end.
    expect(at('2025-12-31')).toEqual([
      { date: '2025-12-31', asset: 'BTC', quantity: '0.22228613', value: null },
      { date: '2025-12-31', asset: 'ETH', quantity: '4.68594749', value: null },
      { date: '2025-12-31', asset: 'SOL', quantity: '18.64389233', value: null },
      { date: '2025-12-31', asset: 'USDC', quantity: '491', value: '491.00' },
    ]);
    // Nor is January's 22 January BTC sale at 104,000 its month-end price.
    expect(at('2025-01-31').find((h) => h.asset === 'BTC')).toEqual({ date: '2025-01-31', asset: 'BTC', quantity: '0.16699202', value: null });
    expect(new Set(charts.holdings.map((h) => h.date)).size).toBe(12);
  });

  it('values a month end at the price Lotwise has for that moment: a cached candle, a price the user entered', async () => {
    // The last moment of 2025 in New York is 04:59:59.999 UTC on 1 January 2026, in the
    // daily candle opening at midnight UTC that day: BTC at the middle of 87,000 and
    // 89,000 in USDT, taken at its peg.
    demo.db
      .prepare("INSERT INTO price_candles (exchange, symbol, granularity, open_time, open, close) VALUES ('binance', 'BTC/USDT', '1d', ?, '87000', '89000')")
      .run(Date.parse('2026-01-01T00:00:00Z'));
    setManualPrice(demo.db, { asset: 'SOL', time: Date.parse('2025-12-31T20:00:00Z'), price: '125.50' });
    const charts = await demo.call('reports.charts', { year: 2025 });
    const value = (date: string, asset: string) => charts.holdings.find((h) => h.date === date && h.asset === asset)?.value;
    expect(value('2025-12-31', 'BTC')).toBe('19561.18'); // 0.22228613 × 88,000 = 19,561.179...
    expect(value('2025-12-31', 'SOL')).toBe('2339.81'); // 18.64389233 × 125.50 = 2,339.808...
    expect(value('2025-12-31', 'ETH')).toBeNull();
    // The candle and the price are December's end only.
    expect(value('2025-11-30', 'BTC')).toBeNull();
    expect(value('2025-11-30', 'SOL')).toBeNull();
  });
});

describe('reports.compare', () => {
  it('computes the year under each method, FIFO (the saved default) matching the summary', async () => {
    const compared = await demo.call('reports.compare', { year: 2025 });
    expect(compared.map((s) => s.method)).toEqual(['fifo', 'lifo', 'hifo', 'lofo']);
    expect(compared[0]).toEqual(await demo.call('reports.summary', { year: 2025 }));
    // Every method disposes of the same units for the same proceeds (up to the cents of
    // rounding each lot line); basis and term differ.
    for (const summary of compared) {
      expect(new Decimal(sum([summary.shortTerm.proceeds, summary.longTerm.proceeds])).minus('15929.34').abs().lte('0.02'), summary.method).toBe(true);
    }
    expect(new Set(compared.map((s) => s.longTerm.costBasis)).size).toBe(4);
  });

  it('varies only the year’s own method: each row is the summary once that method is saved for the year', async () => {
    // HIFO saved for 2023 (an earlier year, not the default) and LIFO for 2025; 2021, 2022
    // and 2024 have none saved, so FIFO.
    await demo.call('tax.setChoice', { year: 2023, method: 'hifo', basis: 'auto' });
    await demo.call('tax.setChoice', { year: 2025, method: 'lifo', basis: 'auto' });
    const runs = () => demo.db.prepare('SELECT COUNT(*) FROM tax_runs').pluck().get();
    const storedBefore = runs();
    const compared = await demo.call('reports.compare', { year: 2025 });
    expect(runs()).toBe(storedBefore);
    expect(compared.map((s) => s.method)).toEqual(['fifo', 'lifo', 'hifo', 'lofo']);
    expect(compared[1]).toEqual(await demo.call('reports.summary', { year: 2025 }));
    // An explicit method on the summary also applies to the earlier years with none saved
    // (LIFO in 2021, 2022 and 2024 too): not what the comparison shows.
    expect(await demo.call('reports.summary', { year: 2025, method: 'lifo' })).not.toEqual(compared[1]);
    for (const row of compared) {
      await demo.call('tax.setChoice', { year: 2025, method: row.method, basis: 'auto' });
      expect(await demo.call('reports.summary', { year: 2025 }), row.method).toEqual(row);
    }
  });
});

describe('Specific ID', () => {
  it('offers the lots open in the disposal’s wallet just before it, and uses the lots picked', async () => {
    const sale = demo.id('kr-2025-003'); // 1 ETH sold on Kraken on 22 August 2025 for 4,768.05 net
    const lots = await demo.call('lots.available', { transactionId: sale });
    expect(lots.map((l) => [l.lotId, l.acquiredDate, l.account, l.available])).toEqual([
      [String(demo.id('kr-2022-004')), '2022-06-20', 'Kraken', '1.36363636'],
      // The ETH of the SOL trade, net of its 0.00080437 ETH fee.
      [String(demo.id('kr-2022-005')), '2022-09-15', 'Kraken', '0.30776626'],
      [String(demo.id('kr-2025-002')), '2025-04-09', 'Kraken', '1.94805194'],
    ]);
    expect(lots[0]!.costPerUnit).toBe('1102.86000294'); // 1,503.90 / 1.36363636
    expect(lots[2]!.costPerUnit).toBe('1543.85000638'); // 3,007.50 / 1.94805194

    const newest = String(demo.id('kr-2025-002'));
    const { changeId } = await demo.call('lots.pick', { transactionId: sale, lots: [{ lotId: newest, quantity: '1' }] });
    const row = (await demo.call('reports.disposals', { year: 2025, offset: 0, limit: 100 })).rows.find((r) => r.transactionId === sale)!;
    // Bought 2025-04-09, sold 2025-08-22: short-term, basis 3,007.50 / 1.94805194.
    expect(row).toMatchObject({ proceeds: '4768.05', costBasis: '1543.85', gain: '3224.20', picked: true });
    expect(row.lots).toEqual([expect.objectContaining({ lotId: newest, quantity: '1', costBasis: '1543.85', term: 'short' })]);
    expect((await demo.call('changes.list', { limit: 1 }))[0]).toMatchObject({ id: changeId, kind: 'pick', summary: `Picked 1 lot for transaction ${sale} (trade in Kraken on 2025-08-22): 1 from lot ${newest}` });

    await demo.call('changes.undo', { changeId });
    const undone = (await demo.call('reports.disposals', { year: 2025, offset: 0, limit: 100 })).rows.find((r) => r.transactionId === sale)!;
    expect(undone).toMatchObject({ costBasis: '1102.86', gain: '3665.19', picked: false });
  });

  it('refuses picks that do not add up to the disposal or take more than a lot holds', async () => {
    const sale = demo.id('kr-2025-003');
    const old = String(demo.id('kr-2022-004'));
    const newest = String(demo.id('kr-2025-002'));
    expect((await demo.refuse('lots.pick', { transactionId: sale, lots: [{ lotId: old, quantity: '0.5' }] })).message).toBe(
      `The picked lots add up to 0.5 ETH, but transaction ${sale} takes 1 ETH; pick exactly that much.`,
    );
    expect((await demo.refuse('lots.pick', { transactionId: sale, lots: [{ lotId: String(demo.id('kr-2022-005')), quantity: '1' }] })).message).toBe(
      `Lot ${demo.id('kr-2022-005')} holds only 0.30776626 ETH, less than the 1 picked.`,
    );
    // Coinbase's lots are not in Kraken's wallet in 2025.
    expect((await demo.refuse('lots.pick', { transactionId: sale, lots: [{ lotId: String(demo.id('cb-2021-003')), quantity: '1' }] })).message).toMatch(/is not open in this disposal's pool/);
    expect((await demo.refuse('lots.pick', { transactionId: sale, lots: [{ lotId: newest, quantity: '0.5' }, { lotId: newest, quantity: '0.5' }] })).message).toMatch(/picked twice/);
    expect((await demo.refuse('lots.available', { transactionId: demo.id('cb-2021-002') })).message).toMatch(/takes no crypto out of its account/);
    expect((await demo.refuse('lots.pick', { transactionId: sale, lots: [] })).message).toMatch(/has no picked lots to forget/);
    expect(demo.db.prepare('SELECT COUNT(*) FROM changes').pluck().get()).toBe(0);
  });

  it('picks the lots of a transfer’s network fee, the only part disposed of; the rest moves by the method', async () => {
    // 1.5 ETH sent from Kraken to the wallet on 2 September 2025 (6,525 USD), 1.4985 ETH
    // arrived: the network fee is 0.0015 ETH, proceeds 6,525 × 0.0015 / 1.5 = 6.525 → 6.53.
    // By then FIFO's August sale has taken 1 ETH of the June 2022 lot.
    const transfer = demo.id('kr-2025-004');
    const june2022 = String(demo.id('kr-2022-004'));
    const sept2022 = String(demo.id('kr-2022-005'));
    const april2025 = String(demo.id('kr-2025-002'));
    const feeRow = async () => (await demo.call('reports.disposals', { year: 2025, offset: 0, limit: 100 })).rows.find((r) => r.transactionId === transfer)!;
    const moved = () =>
      computeTaxReport(demo.db, { year: 2025 })
        .result.moves.filter((m) => m.transactionId === transfer)
        .map((m) => [m.lotId, m.quantity.toFixed(), m.toAccountId]);
    const wallet = demo.db.prepare("SELECT id FROM accounts WHERE name = 'Ledger wallet'").pluck().get() as number;
    expect((await demo.call('lots.available', { transactionId: transfer })).map((l) => [l.lotId, l.available])).toEqual([
      [june2022, '0.36363636'],
      [sept2022, '0.30776626'],
      [april2025, '1.94805194'],
    ]);
    // FIFO moves the first 1.4985 ETH and pays the fee with the last units taken, from the
    // April 2025 lot: basis 3,007.50 × 0.0015 / 1.94805194 = 2.3158 → 2.32, short-term.
    const before = await feeRow();
    expect(before).toMatchObject({ asset: 'ETH', quantity: '0.0015', proceeds: '6.53', costBasis: '2.32', gain: '4.21', picked: false });
    expect(before.lots.map((l) => [l.lotId, l.quantity, l.term])).toEqual([[april2025, '0.0015', 'short']]);
    expect(moved()).toEqual([
      [june2022, '0.36363636', wallet],
      [sept2022, '0.30776626', wallet],
      [april2025, '0.82709738', wallet],
    ]);

    expect((await demo.refuse('lots.pick', { transactionId: transfer, lots: [{ lotId: april2025, quantity: '1.5' }] })).message).toBe(
      `The picked lots add up to 1.5 ETH, but transaction ${transfer} disposes of only its network fee, 0.0015 ETH (the rest moves to your other account with its basis); pick exactly that much.`,
    );
    const { changeId } = await demo.call('lots.pick', { transactionId: transfer, lots: [{ lotId: june2022, quantity: '0.0015' }] });
    expect((await demo.call('changes.list', { limit: 1 }))[0]).toMatchObject({ id: changeId, kind: 'pick', summary: expect.stringContaining(`0.0015 from lot ${june2022}`) });

    // The fee now comes from the June 2022 lot (1,503.90 for 1.36363636 ETH):
    // 1,503.90 × 0.0015 / 1.36363636 = 1.6543 → 1.65, long-term. Gain 6.53 − 1.65 = 4.88,
    // up 0.67 (the 2.32 − 1.65 of basis), and it moves from short- to long-term.
    const after = await feeRow();
    expect(after).toMatchObject({ quantity: '0.0015', proceeds: '6.53', costBasis: '1.65', gain: '4.88', picked: true });
    expect(after.lots.map((l) => [l.lotId, l.quantity, l.term])).toEqual([[june2022, '0.0015', 'long']]);
    expect(new Decimal(after.gain).minus(before.gain).toFixed(2)).toBe('0.67');
    const summary = await demo.call('reports.summary', { year: 2025 });
    expect(summary.shortTerm).toEqual({ proceeds: '0.00', costBasis: '0.00', gain: '0.00' });
    expect(summary.longTerm).toEqual({ proceeds: '15929.34', costBasis: '3516.13', gain: '12413.21' }); // 3,514.48 + 1.65; 12,408.33 + 4.88
    // The 1.4985 ETH that arrived still move by FIFO, from what the pick left: the June
    // 2022 lot gives 0.0015 less, the April 2025 lot 0.0015 more. Year-end holdings per
    // wallet are the README's.
    expect(moved()).toEqual([
      [june2022, '0.36213636', wallet],
      [sept2022, '0.30776626', wallet],
      [april2025, '0.82859738', wallet],
    ]);
    const held = computeTaxReport(demo.db, { year: 2025 }).result.holdings.filter((h) => h.asset === 'ETH').map((h) => [h.accountId, h.quantity.toFixed()]);
    expect(held).toContainEqual([wallet, '2.61064482']);
    expect(held).toContainEqual([demo.db.prepare("SELECT id FROM accounts WHERE name = 'Kraken'").pluck().get(), '1.11945456']);

    await demo.call('changes.undo', { changeId });
    expect(await feeRow()).toEqual(before);
  });

  it('picks the 0.00002 BTC network fee the disposals list for the wallet’s transfer to Coinbase, not the 0.1 BTC sent', async () => {
    // 0.1 BTC sent from the wallet on 21 January 2025 (10,400 USD), 0.09998 BTC arrived on
    // Coinbase: the fee is 0.00002 BTC, proceeds 2.08. FIFO takes it from Kraken's June
    // 2022 lot (19,049.40 a BTC): basis 0.38, gain 1.70.
    const transfer = demo.id('lw-2025-001');
    const june2022 = String(demo.id('kr-2022-003'));
    const lots = await demo.call('lots.available', { transactionId: transfer });
    expect(lots.map((l) => [l.acquiredDate, l.account, l.available, l.costPerUnit])).toEqual([
      ['2022-06-18', 'Ledger wallet', '0.12935682', '19049.40082547'],
      ['2022-12-28', 'Ledger wallet', '0.07032468', '16948.83127964'], // Coinbase's December 2022 buy at 16,700 plus 1.49%
    ]);
    expect((await demo.refuse('lots.pick', { transactionId: transfer, lots: [{ lotId: june2022, quantity: '0.1' }] })).message).toBe(
      `The picked lots add up to 0.1 BTC, but transaction ${transfer} disposes of only its network fee, 0.00002 BTC (the rest moves to your other account with its basis); pick exactly that much.`,
    );
    const december2022 = lots[1]!.lotId;
    await demo.call('lots.pick', { transactionId: transfer, lots: [{ lotId: december2022, quantity: '0.00002' }] });
    const rows = (await demo.call('reports.disposals', { year: 2025, offset: 0, limit: 100 })).rows;
    // 0.00002 × 16,948.83 = 0.339 → 0.34, still long-term: gain 2.08 − 0.34 = 1.74, up 0.04.
    const fee = rows.find((r) => r.transactionId === transfer)!;
    expect(fee).toMatchObject({ quantity: '0.00002', proceeds: '2.08', costBasis: '0.34', gain: '1.74', picked: true });
    expect(fee.lots.map((l) => [l.lotId, l.quantity, l.term])).toEqual([[december2022, '0.00002', 'long']]);
    // The 0.09998 BTC moved are still the June 2022 lot's, which the next day's sale uses.
    expect(rows.find((r) => r.transactionId === demo.id('cb-2025-003'))).toMatchObject({ costBasis: '1714.45', gain: '7589.39' });
    expect(rows.find((r) => r.transactionId === demo.id('cb-2025-003'))!.lots.map((l) => l.lotId)).toEqual([june2022]);
  });

  it('counts a fee paid in the same asset as part of what a donation takes', async () => {
    // The December 2023 donation of 0.5 ETH paid 0.0009 ETH of gas: 0.5009 ETH leave the wallet.
    const donation = demo.id('lw-2023-003');
    const lots = await demo.call('lots.available', { transactionId: donation });
    expect((await demo.refuse('lots.pick', { transactionId: donation, lots: [{ lotId: lots[0]!.lotId, quantity: '0.5' }] })).message).toBe(
      `The picked lots add up to 0.5 ETH, but transaction ${donation} takes 0.5009 ETH; pick exactly that much.`,
    );
  });
});

describe('exports.write', () => {
  it('writes each format into the folder, each disposal file adding up to the summary', async () => {
    const { files } = await demo.call('exports.write', { year: 2025, formats: ['form8949', 'schedule-d', 'turbotax', 'taxact', 'audit', 'koinly', 'income'], folder: dir.path });
    const totals = { proceeds: '15929.34', costBasis: '3516.80', gain: '12412.54' };
    expect(files).toEqual([
      { format: 'form8949', path: join(dir.path, 'form8949-2025.csv'), rows: 6, ...totals },
      { format: 'schedule-d', path: join(dir.path, 'schedule-d-2025.csv'), rows: 3, ...totals },
      { format: 'turbotax', path: join(dir.path, 'turbotax-gains-2025.csv'), rows: 6, ...totals },
      { format: 'taxact', path: join(dir.path, 'taxact-1099b-2025.csv'), rows: 6, ...totals },
      { format: 'audit', path: join(dir.path, 'audit-trail-2025.csv'), rows: 6, ...totals },
      { format: 'koinly', path: join(dir.path, 'koinly-coinbase.csv'), rows: 78, proceeds: null, costBasis: null, gain: null },
      { format: 'koinly', path: join(dir.path, 'koinly-ledger-wallet.csv'), rows: 10, proceeds: null, costBasis: null, gain: null },
      { format: 'koinly', path: join(dir.path, 'koinly-kraken.csv'), rows: 15, proceeds: null, costBasis: null, gain: null },
      // Twelve staking rewards and the total line.
      { format: 'income', path: join(dir.path, 'income-2025.csv'), rows: 13, proceeds: null, costBasis: null, gain: null },
    ]);
    const summary = await demo.call('reports.summary', { year: 2025 });
    expect(sum([summary.shortTerm.proceeds, summary.longTerm.proceeds])).toBe(totals.proceeds);
    expect(sum([summary.shortTerm.costBasis, summary.longTerm.costBasis])).toBe(totals.costBasis);
    expect(readFileSync(join(dir.path, 'turbotax-gains-2025.csv'), 'utf8').split('\n')[0]).toBe('Currency Name,Purchase Date,Cost Basis,Date Sold,Proceeds');
  });

  it('writes only into a folder that exists, named by its full path', async () => {
    expect((await demo.refuse('exports.write', { year: 2025, formats: ['form8949'], folder: 'exports' })).message).toBe('The folder must be given as a full path, not "exports".');
    expect((await demo.refuse('exports.write', { year: 2025, formats: ['form8949'], folder: join(dir.path, 'missing') })).message).toBe(
      `${join(dir.path, 'missing')} is not a folder that exists; choose another.`,
    );
  });

  it('lists every format with the software that takes it', async () => {
    const formats = await demo.call('exports.formats', {});
    expect(formats.map((f) => f.id)).toEqual(['form8949', 'schedule-d', 'turbotax', 'turbotax-universal', 'taxact', 'income', 'holdings', 'audit', 'koinly', 'cointracker', 'coinledger']);
    for (const format of formats) expect(format.software.length, format.id).toBeGreaterThan(5);
  });
});
