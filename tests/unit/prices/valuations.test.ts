// Which transactions need a price and which leg is priced; manual prices and pegs, which
// need no exchange; the cache's notion of what was already asked for.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFile } from '../../../electron/core/importers/import-file.ts';
import { valuationNeeds, valuedTransactions } from '../../../electron/core/prices/valuations.ts';
import { fillPrices } from '../../../electron/core/prices/fill-prices.ts';
import { setManualPrice, priceReport } from '../../../electron/core/prices/price-report.ts';
import { uncovered } from '../../../electron/core/prices/candle-cache.ts';
import { setPriceFix } from '../../../electron/core/ledger/manual-price-changes.ts';
import { undoChange } from '../../../electron/core/ledger/undo-change.ts';
import type { Database } from '../../../electron/core/db/open-ledger.ts';
import { tempDir, tempLedger, type TempDir } from '../../support/temp-ledger.ts';

const HEADER = 'Date,Type,Sent Asset,Sent Amount,Received Asset,Received Amount,Fee Asset,Fee Amount,Fiat Value,Fiat Currency,Description,Tx Hash,ID';
const LEDGER = [
  HEADER,
  '2024-01-02T10:00:00Z,trade,USD,1000,BTC,0.02,,,,,buy: valued by its USD leg,,a',
  '2024-01-03T10:00:00Z,trade,BTC,0.01,ETH,0.2,,,,,crypto-to-crypto without a value,,b',
  '2024-01-04T10:00:00Z,trade,ETH,0.1,SOL,2,,,210.50,USD,crypto-to-crypto with a value,,c',
  '2024-01-05T10:00:00Z,staking,,,ETH,0.003,,,,,reward without a value,,d',
  '2024-01-06T10:00:00Z,expense,SOL,1,,,,,,,paid with SOL,,e',
  '2024-01-07T10:00:00Z,trade,USDC,100,XYZ,50,,,,,bought XYZ with USDC,,f',
  '2024-01-08T10:00:00Z,swap,ETH,0.05,STETH,0.05,,,,,a swap needs no price,,g',
  '2024-01-09T10:00:00Z,gift-received,,,BTC,0.001,,,,,a gift carries the giver basis,,h',
  '2024-01-10T10:00:00Z,trade,EUR,500,BTC,0.012,,,,,bought with euros,,i',
].join('\n');

let dir: TempDir;
let db: Database;
beforeEach(async () => {
  dir = tempDir();
  ({ db } = await tempLedger(dir));
  expect((await importFile(db, { path: dir.file('ledger.csv', LEDGER), accountName: 'Wallet', format: 'lotwise' })).ok).toBe(true);
});
afterEach(() => {
  db.close();
  dir.remove();
});

describe('valuations', () => {
  it('asks a price only where no record gives a dollar value, for the leg DOMAIN.md prefers', () => {
    const needs = valuationNeeds(db, 'USD').map((n) => [n.type, n.asset, n.amount, n.given]);
    expect(needs).toEqual([
      ['trade', 'ETH', '0.2', { asset: 'BTC', amount: '0.01' }], // b: what was received, else what was given
      ['staking', 'ETH', '0.003', null], // d
      ['expense', 'SOL', '1', null], // e: what left
      ['trade', 'XYZ', '50', { asset: 'USDC', amount: '100' }], // f: the USDC side is priced only if XYZ cannot be
      ['trade', 'BTC', '0.012', null], // i: a euro leg is no dollar value, and is never priced
    ]);
  });

  it('uses manual prices first and stablecoin pegs without any exchange, listing what it cannot price', async () => {
    setManualPrice(db, { asset: 'ETH', time: Date.parse('2024-01-03T00:00:00Z'), price: '2250.40' });
    setManualPrice(db, { asset: 'ETH', time: Date.parse('2024-01-05T12:00:00Z'), price: '2300' });
    const outcome = await fillPrices(db, { offline: true, exchanges: [] });
    expect(outcome).toMatchObject({ needed: 5, valued: 3, byGiven: 1, requests: 0, bySource: { manual: 2, peg: 1 } });
    expect(outcome.missing.map((m) => m.asset)).toEqual(['SOL', 'BTC']);
    const values = db.prepare('SELECT transaction_id, asset, value, source, price, by_given FROM valuations ORDER BY transaction_id').all();
    // 0.2 ETH × 2250.40 = 450.08; 0.003 ETH × 2300 = 6.9; XYZ has no price: the 100 USDC given for it
    expect(values).toEqual([
      { transaction_id: 2, asset: 'ETH', value: '450.08', source: 'manual', price: '2250.4', by_given: 0 },
      { transaction_id: 4, asset: 'ETH', value: '6.9', source: 'manual', price: '2300', by_given: 0 },
      { transaction_id: 6, asset: 'USDC', value: '100', source: 'peg', price: '1', by_given: 1 },
    ]);
    // The tax engine reads the found value; a record's own value stays its own.
    const valued = [...valuedTransactions(db, 'USD')];
    expect(valued[1]).toMatchObject({ fiatValue: '450.08', fiatCurrency: 'USD' });
    expect(valued[2]).toMatchObject({ fiatValue: '210.5', fiatCurrency: 'USD' });
    expect(priceReport(db, 2024)).toMatchObject({ bySource: { record: 2, manual: 2, peg: 1 } }); // a (USD leg) and c (value column)
    expect(priceReport(db, 2024).missing.map((m) => m.transactionId)).toEqual([5, 9]);
  });

  it('values a stablecoin at its peg when no market says otherwise', async () => {
    db.exec("UPDATE transactions SET received_asset = 'USDT', received_amount = '75.5' WHERE external_id = 'id:d'");
    const outcome = await fillPrices(db, { offline: true, exchanges: [] });
    expect(outcome.bySource['peg']).toBe(2); // and f, by the USDC given for XYZ
    expect(db.prepare('SELECT value, source FROM valuations WHERE transaction_id = 4').get()).toEqual({ value: '75.5', source: 'peg' });
  });
});

describe('a trade whose received asset has no price', () => {
  const BUY = [HEADER, '2024-03-20T14:00:00Z,trade,USDT,3500,ETH,1,,,,,bought ETH on Binance,,eth'].join('\n');
  const valuation = () => db.prepare("SELECT v.asset, v.value, v.source, v.by_given FROM valuations v JOIN transactions t ON t.id = v.transaction_id WHERE t.external_id = 'id:eth'").get();

  beforeEach(async () => {
    expect((await importFile(db, { path: dir.file('binance.csv', BUY), accountName: 'Binance', format: 'lotwise' })).ok).toBe(true);
  });

  it('is valued by what was given for it, offline, and says so', async () => {
    const outcome = await fillPrices(db, { offline: true, exchanges: [] });
    const eth = db.prepare("SELECT id FROM transactions WHERE external_id = 'id:eth'").pluck().get();
    expect(outcome.missing.map((m) => m.transactionId)).not.toContain(eth);
    expect(valuation()).toEqual({ asset: 'USDT', value: '3500', source: 'peg', by_given: 1 });
    // The tax engine reads it: the ETH's basis is the 3,500 USDT given.
    expect([...valuedTransactions(db, 'USD')].find((t) => t.externalId === 'id:eth')).toMatchObject({ fiatValue: '3500', fiatCurrency: 'USD' });
  });

  it('is valued by what was received once that has a price', async () => {
    await fillPrices(db, { offline: true, exchanges: [] });
    setManualPrice(db, { asset: 'ETH', time: Date.parse('2024-03-20T00:00:00Z'), price: '3480' });
    const outcome = await fillPrices(db, { offline: true, exchanges: [] });
    expect(valuation()).toEqual({ asset: 'ETH', value: '3480', source: 'manual', by_given: 0 });
    expect(outcome.byGiven).toBe(1); // f's XYZ, still by its USDC
  });

  it('is valued again by what was given when the price the user entered for what was received is undone', async () => {
    await fillPrices(db, { offline: true, exchanges: [] });
    const { changeId } = setPriceFix(db, { asset: 'ETH', timestamp: Date.parse('2024-03-20T14:00:00Z'), price: '3480' });
    expect(valuation()).toEqual({ asset: 'ETH', value: '3480', source: 'manual', by_given: 0 });
    undoChange(db, changeId);
    expect(valuation()).toEqual({ asset: 'USDT', value: '3500', source: 'peg', by_given: 1 });
  });

  it('is a withdrawal: never valued by its fee', async () => {
    db.exec("UPDATE transactions SET type = 'withdrawal', received_asset = NULL, received_amount = NULL, sent_asset = 'XYZ', sent_amount = '3', fee_asset = 'USDT', fee_amount = '1' WHERE external_id = 'id:eth'");
    const outcome = await fillPrices(db, { offline: true, exchanges: [] });
    expect(outcome.missing.map((m) => [m.asset, m.given])).toContainEqual(['XYZ', null]);
    expect(valuation()).toBeUndefined();
  });
});

describe('candle cache coverage', () => {
  it('finds the parts of a range not yet asked for', () => {
    const series = { candles: new Map(), covered: [[10, 20], [30, 40]] as [number, number][] };
    expect(uncovered(series, 0, 50)).toEqual([[0, 9], [21, 29], [41, 50]]);
    expect(uncovered(series, 12, 18)).toEqual([]);
    expect(uncovered(series, 15, 35)).toEqual([[21, 29]]);
  });
});
