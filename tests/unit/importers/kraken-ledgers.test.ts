// Kraken ledgers import: every header version into a real ledger, broken files, the
// refid grouping whatever the file's order, and the balance invariant over random ledgers.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../electron/core/db/open-ledger.ts';
import { krakenAsset } from '../../../electron/core/importers/formats/kraken-ledgers.ts';
import { importFile, type ImportResult } from '../../../electron/core/importers/import-file.ts';
import type { TransactionRow } from '../../../electron/core/ledger/transactions.ts';
import { computeTaxResult, resolveTaxOptions } from '../../../electron/core/reports/tax-report.ts';
import { Decimal } from '../../../shared/money.ts';
import { tempDir, tempLedger, type TempDir } from '../../support/temp-ledger.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures/importers/kraken');
const fixture = (name: string): string => join(FIXTURES, name);

interface Stored {
  at: string;
  id: string;
  type: string;
  sent: string | null;
  received: string | null;
  fee: string | null;
  value: string | null;
  label: string | null;
}

function rowsOf(db: Database, account: string): TransactionRow[] {
  return db
    .prepare('SELECT t.* FROM transactions t JOIN accounts a ON a.id = t.account_id WHERE a.name = ? ORDER BY t.timestamp, t.external_id')
    .all(account) as TransactionRow[];
}

/** The stored transactions in a form written by hand from the fixture; content-derived ids read "row:*". */
function stored(db: Database, account: string): Stored[] {
  const leg = (amount: string | null, asset: string | null): string | null => (amount === null ? null : `${amount} ${asset}`);
  return rowsOf(db, account).map((row) => ({
    at: new Date(row.timestamp).toISOString(),
    id: row.external_id.startsWith('row:') ? 'row:*' : row.external_id,
    type: row.type,
    sent: leg(row.sent_amount, row.sent_asset),
    received: leg(row.received_amount, row.received_asset),
    fee: leg(row.fee_amount, row.fee_asset),
    value: leg(row.fiat_value, row.fiat_currency),
    label: row.label,
  }));
}

const tx = (
  at: string,
  id: string,
  type: string,
  legs: { sent?: string; received?: string; fee?: string; value?: string },
  label: string,
): Stored => ({
  at,
  id,
  type,
  sent: legs.sent ?? null,
  received: legs.received ?? null,
  fee: legs.fee ?? null,
  value: legs.value ?? null,
  label,
});

function problemsOf(result: ImportResult): { line: number; column: string | null; value: string | null; message: string }[] {
  if (result.ok) throw new Error('expected the import to fail');
  return result.problems.map(({ line, column, value, message }) => ({ line, column, value, message }));
}

function countAll(db: Database): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM transactions').get() as { n: number }).n;
}

let dir: TempDir;
let db: Database;

beforeEach(async () => {
  dir = tempDir();
  db = (await tempLedger(dir)).db;
});

afterEach(() => {
  db.close();
  dir.remove();
});

describe('Kraken asset codes', () => {
  it('maps Kraken codes and staking/earn wallet codes to the coin', () => {
    const cases: [string, string][] = [
      ['XXBT', 'BTC'],
      ['XBT.M', 'BTC'],
      ['XETH', 'ETH'],
      ['ETH2', 'ETH'],
      ['ETH2.S', 'ETH'],
      ['DOT.S', 'DOT'],
      ['DOT28.S', 'DOT'],
      ['KSM07.S', 'KSM'],
      ['SOL03.S', 'SOL'],
      ['FLOWH.S', 'FLOW'],
      ['USDC.M', 'USDC'],
      ['USDT.F', 'USDT'],
      ['AVAX.B', 'AVAX'],
      ['DOT.P', 'DOT'],
      ['USD.HOLD', 'USD'],
      ['EUR.HOLD', 'EUR'],
      ['FLOW.H', 'FLOW'],
      ['FLOWH', 'FLOW'],
      // Tokenized assets are assets of their own, not a wallet of another coin.
      ['AAPLX.T', 'AAPLX.T'],
      ['ZUSD', 'USD'],
      ['XXDG', 'DOGE'],
      ['C98', 'C98'],
      ['ETHW', 'ETHW'],
    ];
    expect(cases.map(([code]) => [code, krakenAsset(code)])).toEqual(cases);
  });
});

describe('Kraken ledgers: classic header (txid … balance), every cell quoted, oldest first', () => {
  it('groups trades by refid and maps every entry type', async () => {
    const result = await importFile(db, { path: fixture('ledgers-classic.csv'), accountName: 'Kraken', format: 'auto' });
    expect(result).toMatchObject({ ok: true, format: 'kraken', rows: 23, added: 18, skipped: 0 });
    expect(stored(db, 'Kraken')).toEqual([
      tx('2019-02-11T09:24:53.000Z', 'kraken:L4UESK-KG3EQ-UFO4T5', 'deposit', { received: '2500 USD' }, 'deposit'),
      tx('2019-02-11T10:02:17.000Z', 'kraken:TCWFQR-DL6MV-ZU5GWE', 'trade', { sent: '1800 USD', received: '0.5 BTC', fee: '4.68 USD' }, 'trade'),
      tx('2019-02-12T16:52:38.000Z', 'kraken:LDSTHP-UO35K-KXKKJM', 'deposit', { received: '0.0000000054 ETH' }, 'adjustment'),
      tx('2019-03-01T08:00:00.000Z', 'kraken:LKQDCH-2JMBS-W4NF5Q', 'deposit', { received: '24 KFEE' }, 'deposit'),
      tx('2019-06-20T16:45:03.000Z', 'kraken:TNE4MA-E3KAL-YBS7LF', 'trade', { sent: '0.1 BTC', received: '3.9525 ETH', fee: '0.00016 BTC' }, 'trade'),
      tx('2019-09-14T11:20:09.000Z', 'kraken:LX3KDA-UQ6TD-OFSV2C', 'ignored', { sent: '1 ETH', fee: '0.005 ETH' }, 'withdrawal'),
      tx('2019-09-14T12:02:44.000Z', 'kraken:LR7LCN-VN3QJ-ZE4SOY', 'ignored', { received: '1.005 ETH' }, 'withdrawal'),
      tx('2019-12-11T15:47:31.000Z', 'kraken:LCKQWN-5YF2X-PDBXDH', 'airdrop', { received: '45.301724 XLM' }, 'transfer'),
      tx('2020-03-12T14:11:38.000Z', 'kraken:TQ6R2T-ROI3Q-VLV6PB', 'trade', { sent: '1 ETH', received: '112.4 USD', fee: '0.05 USD' }, 'trade'),
      tx('2020-03-12T14:11:38.000Z', 'kraken:TQ6R2T-ROI3Q-VLV6PB:fee:KFEE', 'fee', { fee: '24 KFEE' }, 'trade fee'),
      tx('2020-05-02T08:30:00.000Z', 'kraken:LTTPMW-KSQXE-4QOUMS', 'withdrawal', { sent: '0.2 BTC', fee: '0.0005 BTC' }, 'withdrawal'),
      tx('2020-08-03T13:55:12.000Z', 'row:*', 'ignored', { received: '500 USD' }, 'deposit'),
      tx('2020-08-03T14:31:40.000Z', 'kraken:LNQ4VA-2PEFK-TLMGQW', 'deposit', { received: '500 USD' }, 'deposit'),
      tx('2020-11-24T19:03:51.000Z', 'kraken:TJ4X2C-OFQ6D-RZ2UKM', 'trade', { sent: '50 USD', received: '10 DOT', fee: '0.13 USD' }, 'trade'),
      tx('2020-11-25T08:12:09.000Z', 'kraken:LOBPWR-3JXFA-2Y3KZ6', 'ignored', { sent: '10 DOT' }, 'transfer/spottostaking'),
      tx('2020-11-25T08:14:51.000Z', 'kraken:LRGE5O-KDU2V-JWNPHK', 'ignored', { received: '10 DOT' }, 'transfer/stakingfromspot'),
      tx('2020-12-04T01:32:19.000Z', 'kraken:LZBRWV-7HZ2U-4ARG3M', 'staking', { received: '0.2471 DOT' }, 'staking'),
      tx('2021-06-07T11:48:02.000Z', 'kraken:TR6I3A-CXCXG-QGJO2C', 'trade', { sent: '0.05 BTC', received: '1804.5 USD', fee: '4.69 USD' }, 'trade'),
    ]);
  });

  it('says why entries are ignored and keeps every source row of a trade', async () => {
    await importFile(db, { path: fixture('ledgers-classic.csv'), accountName: 'Kraken', format: 'kraken' });
    const byId = new Map(rowsOf(db, 'Kraken').map((row) => [row.external_id, row]));
    const unbooked = rowsOf(db, 'Kraken').find((row) => row.external_id.startsWith('row:'))!;
    expect(unbooked.description).toMatch(/^listed before Kraken booked it/);
    expect(byId.get('kraken:LX3KDA-UQ6TD-OFSV2C')!.description).toMatch(/^cancelled by another entry with the same refid/);
    expect(byId.get('kraken:LOBPWR-3JXFA-2Y3KZ6')!.description).toMatch(/^moved between the spot and staking wallets/);
    expect(byId.get('kraken:LCKQWN-5YF2X-PDBXDH')!.description).toMatch(/airdrop, a fork or an OTC settlement/);
    const raw = byId.get('kraken:TQ6R2T-ROI3Q-VLV6PB')!.raw;
    for (const txid of ['LBTQR5-7JQFS-4GV4QX', 'LGN6JW-N6V7Q-4JNZEH', 'LYJ6XG-3QKBX-NO2A6W']) expect(raw).toContain(txid);
  });

  it('reads the same transactions from the file newest first', async () => {
    const [header, ...lines] = readFileSync(fixture('ledgers-classic.csv'), 'utf8').trimEnd().split('\n');
    const reversed = dir.file('reversed.csv', [header, ...lines.reverse()].join('\n') + '\n');
    await importFile(db, { path: fixture('ledgers-classic.csv'), accountName: 'Oldest first', format: 'kraken' });
    await importFile(db, { path: reversed, accountName: 'Newest first', format: 'kraken' });
    expect(rowsOf(db, 'Newest first').map((r) => r.external_id)).toEqual(rowsOf(db, 'Oldest first').map((r) => r.external_id));
    expect(stored(db, 'Newest first')).toEqual(stored(db, 'Oldest first'));
  });

  it('adds nothing when the file is imported again', async () => {
    await importFile(db, { path: fixture('ledgers-classic.csv'), accountName: 'Kraken', format: 'auto' });
    const again = await importFile(db, { path: fixture('ledgers-classic.csv'), accountName: 'Kraken', format: 'auto' });
    expect(again).toMatchObject({ ok: true, added: 0, skipped: 18 });
    expect(countAll(db)).toBe(18);
  });
});

describe('Kraken ledgers: with the wallet column, bare numbers, newest first', () => {
  it('reads instant buys, earn, futures transfers, margin and staking', async () => {
    const result = await importFile(db, { path: fixture('ledgers-wallet.csv'), accountName: 'Kraken', format: 'auto' });
    expect(result).toMatchObject({ ok: true, format: 'kraken', rows: 28, added: 26, skipped: 0 });
    expect(stored(db, 'Kraken')).toEqual([
      tx('2022-01-18T10:15:42.386Z', 'kraken:LKU3TP-AOLJW-2MDPYQ', 'deposit', { received: '1000 USD' }, 'deposit'),
      tx('2022-05-09T17:41:05.214Z', 'kraken:LWE5FN-KQ2DB-F5UQ3T', 'deposit', { received: '103.5 USD' }, 'deposit'),
      tx('2022-05-09T17:41:06.077Z', 'kraken:TQ7HLDC-KUBRE-SXBDG4', 'trade', { sent: '100 USD', received: '0.041632 ETH', fee: '3.5 USD' }, 'spend/receive'),
      tx('2022-06-02T12:00:14.552Z', 'kraken:LY2NXC-A3MRP-WB3QFE', 'reward', { received: '10 USD' }, 'invite bonus'),
      tx('2022-07-21T09:03:27.661Z', 'kraken:LF6ZQT-WB2GA-KL7YRE', 'withdrawal', { sent: '200 USD' }, 'transfer/spottofutures'),
      tx('2022-08-30T20:17:55.092Z', 'kraken:LN5RD3-QXCV2-HY7KGM', 'deposit', { received: '150 USD' }, 'transfer/spotfromfutures'),
      tx('2022-09-15T16:30:12.884Z', 'kraken:LB4OQJ-TF3NW-MLZ6XE', 'deposit', { received: '2.994132 ETHW' }, 'transfer/spotfromfutures'),
      tx('2022-10-03T07:44:18.331Z', 'kraken:L6XKQ3-OZB2V-FRW4TN', 'ignored', { sent: '1 ETH' }, 'transfer/spottostaking'),
      tx('2022-10-03T07:46:02.908Z', 'kraken:LHZ7EW-R3K6C-QU2PNX', 'ignored', { received: '1 ETH' }, 'transfer/stakingfromspot'),
      tx('2022-11-04T02:11:36.552Z', 'kraken:LJ2QMC-8HVLB-PXK5UA', 'staking', { received: '0.000912 ETH' }, 'staking'),
      tx('2022-12-01T04:00:09.114Z', 'kraken:LWV3UT-JQ6ZM-PHX2CD', 'staking', { received: '0.00000321 BTC' }, 'staking'),
      tx('2023-02-08T14:20:31.209Z', 'kraken:LM3QJW-RE7X2-KFN6TB', 'expense', { sent: '0.02 USD' }, 'margin'),
      tx('2023-02-08T18:20:31.441Z', 'kraken:LP9VXR-KC4TD-HW3ZNU', 'expense', { sent: '0.02 USD' }, 'rollover'),
      tx('2023-02-09T09:05:47.003Z', 'kraken:LQZ4TB-FX6WE-NM2RKJ', 'realized-gain', { received: '12.47 USD', fee: '0.02 USD' }, 'margin'),
      tx('2023-03-14T21:48:02.778Z', 'kraken:LRDX8M-2UVHB-Q5JYTC', 'realized-gain', { sent: '4.18 USD', fee: '0.02 USD' }, 'margin'),
      tx('2023-03-20T10:00:00.552Z', 'kraken:TSV3RJD-KQ6PN-WX4BYM', 'trade', { sent: '15.6 USD', received: '2.6 DOT' }, 'settled'),
      tx('2023-11-21T09:30:02.118Z', 'kraken:LMG5XW-YT2QD-RKH6ZB', 'ignored', { sent: '1.000912 ETH' }, 'earn/migration'),
      tx('2023-11-21T09:30:02.118Z', 'kraken:LMH8ZC-VR4EK-NQ3JWA', 'ignored', { received: '1.000912 ETH' }, 'earn/migration'),
      tx('2023-12-08T01:27:44.330Z', 'kraken:LT6NQH-YKP3C-2WBXGZ', 'staking', { received: '0.0000431 ETH' }, 'earn/reward'),
      tx('2024-02-14T15:02:51.743Z', 'kraken:LDA2KX-W7RBN-GZ4QME', 'ignored', { sent: '0.5 ETH' }, 'earn/deallocation'),
      tx('2024-02-14T15:02:51.743Z', 'kraken:LDB6PV-QX3MT-HK8JWC', 'ignored', { received: '0.5 ETH' }, 'earn/deallocation'),
      tx('2024-03-01T11:19:06.226Z', 'kraken:LAL4RQ-VZ7HN-B2XTCE', 'ignored', { sent: '0.25 ETH' }, 'earn/allocation'),
      tx('2024-03-01T11:19:06.226Z', 'kraken:LAM9TD-KW3XF-Q6PZRG', 'ignored', { received: '0.25 ETH' }, 'earn/allocation'),
      tx('2024-05-19T03:12:45.005Z', 'kraken:LAU7RX-2KMD4-QXH5VN', 'ignored', { sent: '0.00000116 ETH' }, 'earn/autoallocation'),
      tx('2024-05-19T03:12:45.005Z', 'kraken:LAV3TY-9PBNZ-WKD2XE', 'ignored', { received: '0.00000116 ETH' }, 'earn/autoallocation'),
      tx('2024-06-11T18:44:29.901Z', 'kraken:LK2MWN-UH7TQ-BZ3XRE', 'withdrawal', { sent: '0.2 ETH', fee: '0.0025 ETH' }, 'withdrawal'),
    ]);
  });

  it('adds nothing when the file is imported again', async () => {
    await importFile(db, { path: fixture('ledgers-wallet.csv'), accountName: 'Kraken', format: 'auto' });
    const again = await importFile(db, { path: fixture('ledgers-wallet.csv'), accountName: 'Kraken', format: 'auto' });
    expect(again).toMatchObject({ ok: true, added: 0, skipped: 26 });
  });
});

describe('Kraken ledgers: with subclass and wallet (2025 exports)', () => {
  it('reads spot trades, earn rewards net of commission and wallet moves', async () => {
    const result = await importFile(db, { path: fixture('ledgers-subclass.csv'), accountName: 'Kraken', format: 'auto' });
    expect(result).toMatchObject({ ok: true, format: 'kraken', rows: 14, added: 12, skipped: 0 });
    expect(stored(db, 'Kraken')).toEqual([
      tx('2025-01-06T15:22:08.441Z', 'kraken:LDP3QX-7HTNB-MZ4KWA', 'deposit', { received: '500 USD' }, 'deposit'),
      tx('2025-01-07T09:41:55.731Z', 'kraken:TKRW4QX-ZD7MB-N3PFUA', 'trade', { sent: '400 USD', received: '2 SOL', fee: '1 USD' }, 'trade'),
      tx('2025-01-07T10:02:13.092Z', 'kraken:LAQ2ZK-VB6TN-RW3XME', 'ignored', { sent: '1.5 SOL' }, 'earn/allocation'),
      tx('2025-01-07T10:02:13.092Z', 'kraken:LAR8HX-TC4MZ-QN6WKD', 'ignored', { received: '1.5 SOL' }, 'earn/allocation'),
      tx('2025-01-14T00:31:47.660Z', 'kraken:LRW3KT-PX9MQ-ZB4HNE', 'staking', { received: '0.0063 SOL', fee: '0.000945 SOL' }, 'earn/reward'),
      tx('2025-02-03T06:00:00.221Z', 'kraken:LAA1ZX-QW3VB-KM7TRD', 'ignored', { sent: '0.00000068 ADA' }, 'earn/autoallocation'),
      tx('2025-02-03T06:00:00.221Z', 'kraken:LAA2HJ-NE5CX-PT8WQG', 'ignored', { received: '0.00000068 ADA' }, 'earn/autoallocation'),
      tx('2025-02-03T06:00:00.221Z', 'kraken:LAA3KD-RM6ZT-XB2NFW', 'ignored', { sent: '0.00000116 ETH' }, 'earn/autoallocation'),
      tx('2025-02-03T06:00:00.221Z', 'kraken:LAA4PV-YH7QC-DZ3KMJ', 'ignored', { received: '0.00000116 ETH' }, 'earn/autoallocation'),
      tx('2025-03-18T22:14:09.558Z', 'kraken:LWD7NX-QK4ZT-HB2RMC', 'withdrawal', { sent: '0.4 SOL', fee: '0.01 SOL' }, 'withdrawal'),
      tx('2025-04-22T13:05:51.339Z', 'kraken:TCV2MXQ-HR7KD-NW4ZPB', 'trade', { sent: '90 USD', received: '90 USDC', fee: '0.9 USD' }, 'spend/receive'),
      tx('2025-05-01T00:00:03.114Z', 'kraken:LE5RWK-NZ2QD-TM8HXB', 'staking', { received: '0.1835 USDC' }, 'earn/reward'),
    ]);
  });
});

describe('Kraken ledgers: with amountusd and feecurrency (newest exports)', () => {
  it('takes the fair market value from amountusd and the fee asset from feecurrency', async () => {
    const result = await importFile(db, { path: fixture('ledgers-usd.csv'), accountName: 'Kraken', format: 'auto' });
    expect(result).toMatchObject({ ok: true, format: 'kraken', rows: 7, added: 5, skipped: 0 });
    expect(stored(db, 'Kraken')).toEqual([
      tx('2025-10-02T14:05:33.881Z', 'kraken:LDF2QW-XN6KB-TR3HZM', 'deposit', { received: '2000 USD', value: '2000 USD' }, 'deposit'),
      tx(
        '2025-10-02T14:20:11.047Z',
        'kraken:TBNX5QK-RW3ZD-MH7TJA',
        'trade',
        { sent: '1500 USD', received: '0.0125 BTC', fee: '6 USD', value: '1500 USD' },
        'trade',
      ),
      tx(
        '2025-11-05T00:14:22.337Z',
        'kraken:LER2WN-KX6ZT-QJ4HMB',
        'staking',
        { received: '0.0021 ETH', fee: '0.000315 ETH', value: '7.4613 USD' },
        'earn/reward',
      ),
      tx(
        '2025-11-20T09:47:58.662Z',
        'kraken:LWT3ZM-HQ8XK-RD2NBV',
        'withdrawal',
        { sent: '0.01 BTC', fee: '0.000015 BTC', value: '912.34 USD' },
        'withdrawal',
      ),
      tx(
        '2025-12-09T16:31:04.220Z',
        'kraken:TRC6WZK-MQ3XN-HB8JTD',
        'trade',
        { sent: '250 USD', received: '1.82481751 SOL', fee: '3.75 USD', value: '250 USD' },
        'spend/receive',
      ),
    ]);
  });
});

describe('Kraken ledgers: held, parachain, yield-bearing and auto-earn balances', () => {
  it('records each as the coin itself', async () => {
    const result = await importFile(db, { path: fixture('ledgers-balance-suffixes.csv'), accountName: 'Kraken', format: 'auto' });
    expect(result).toMatchObject({ ok: true, added: 8 });
    expect(stored(db, 'Kraken').map((t) => [t.type, t.received])).toEqual([
      ['deposit', '250 USD'],
      ['staking', '1.25 FLOW'],
      ['staking', '0.4 DOT'],
      ['staking', '0.51 USDT'],
      ['staking', '0.00001234 BTC'],
      ['staking', '0.03 KSM'],
      ['staking', '0.0012 ETH'],
      ['staking', '0.25 USDC'],
    ]);
  });
});

describe('Kraken ledgers: the sign of a fee, read from the balances', () => {
  // One history written twice: with every charged fee positive, as classic exports do,
  // and with every charged fee negative, as some newer ones do. The balance column is the
  // same in both: 10,000 − 5,000 − 13 = 4,987 says the 13 USD were charged.
  const POSITIVE = 'ledgers-fees-written-positive.csv';
  const NEGATIVE = 'ledgers-fees-written-negative.csv';

  it('reads fees written negative as the same charges as fees written positive', async () => {
    await importFile(db, { path: fixture(POSITIVE), accountName: 'Positive', format: 'auto' });
    expect(await importFile(db, { path: fixture(NEGATIVE), accountName: 'Negative', format: 'auto' })).toMatchObject({ ok: true, added: 4 });
    expect(stored(db, 'Negative')).toEqual([
      tx('2023-01-05T09:00:00.000Z', 'kraken:LA1AAA-AAAAA-AAAAA1', 'deposit', { received: '10000 USD' }, 'deposit'),
      tx('2023-01-10T10:00:00.000Z', 'kraken:TAAAAA-AAAAA-AAAAA1', 'trade', { sent: '5000 USD', received: '0.25 BTC', fee: '13 USD' }, 'trade'),
      tx('2023-06-15T12:00:00.000Z', 'kraken:TAAAAA-AAAAA-AAAAA2', 'trade', { sent: '0.1 BTC', received: '2500 USD', fee: '6.5 USD' }, 'trade'),
      // The first ETH entry has no ETH balance before it: it is read the way the file's
      // checked fees are written, a charge.
      tx('2023-07-01T08:00:00.000Z', 'kraken:TAAAAA-AAAAA-AAAAA3', 'trade', { sent: '1900 USD', received: '1 ETH', fee: '0.0026 ETH' }, 'trade'),
    ]);
    expect(stored(db, 'Negative')).toEqual(stored(db, 'Positive'));
  });

  it('gives the gains of the fees charged', async () => {
    await importFile(db, { path: fixture(NEGATIVE), accountName: 'Kraken', format: 'auto' });
    const { totals } = computeTaxResult(db, resolveTaxOptions(db, { year: 2023, timeZone: 'UTC' }));
    // BTC: 0.1 of 0.25 bought for 5,013 (5,000 + 13) = 2,005.20, sold for 2,500 − 6.50 =
    // 2,493.50. ETH: the 0.0026 ETH fee, worth 1,900 × 0.0026 = 4.94, is disposed of from
    // a lot that cost 1,904.94 for 1 ETH: basis 4.952844.
    expect(totals.shortTerm.proceeds.toFixed()).toBe('2498.44');
    expect(totals.shortTerm.costBasis.toFixed()).toBe('2010.152844');
    expect(totals.shortTerm.gain.toFixed()).toBe('488.287156');
  });

  it('refuses a file whose fee signs contradict its balances, naming the lines', async () => {
    const result = await importFile(db, { path: fixture('ledgers-fee-signs-contradict-broken.csv'), accountName: 'Kraken', format: 'auto' });
    expect(problemsOf(result)).toEqual([
      {
        line: 8,
        column: 'fee',
        value: '5.0000',
        message:
          'the balance shows Kraken charged this fee, which would make a charged fee positive in this file, but the balance on line 3 ' +
          'shows a charged fee written negative: the signs of the fees contradict the balances. Export the ledger from Kraken again instead of editing it',
      },
    ]);
    expect(countAll(db)).toBe(0);
  });

  it('refuses a negative fee that no balance in the file settles', async () => {
    const result = await importFile(db, { path: fixture('ledgers-negative-fee-unsettled-broken.csv'), accountName: 'Kraken', format: 'auto' });
    expect(problemsOf(result)).toEqual([
      {
        line: 2,
        column: 'fee',
        value: '-13.0000',
        message:
          'the fee is negative, and Lotwise cannot tell whether Kraken charged it or gave it back: no earlier entry of ZUSD in this file ' +
          'shows the balance before it, and no other fee in the file settles how it writes fees. Export the ledger from an earlier date, ' +
          'so that the entries before this one are in the file',
      },
    ]);
    expect(countAll(db)).toBe(0);
  });
});

describe('Kraken ledgers: delisting conversions, Earn airdrops, coins taken out of staking', () => {
  it('joins each delisted asset with what Kraken gave for it into a trade, and reads the rest', async () => {
    const result = await importFile(db, { path: fixture('ledgers-delistings-earn-airdrop-unstaking.csv'), accountName: 'Kraken', format: 'auto' });
    expect(result).toMatchObject({ ok: true, rows: 6, added: 4 });
    const delisting = 'transfer/delistingconversion';
    expect(stored(db, 'Kraken')).toEqual([
      // Two entries of one second with different refids: one from the spot wallet, one into Earn.
      tx('2023-05-02T08:00:00.000Z', 'kraken:LAR114-AAAAA-BBBBB4', 'trade', { sent: '30 NANO', received: '0.0004 BTC' }, delisting),
      tx('2023-05-03T08:00:00.000Z', 'kraken:LAR116-AAAAA-BBBBB6', 'airdrop', { received: '12.5 FLR' }, 'earn/airdrop'),
      tx('2023-05-04T08:00:00.000Z', 'kraken:LAR117-AAAAA-BBBBB7', 'ignored', { sent: '0.0123 ETH' }, 'staking'),
      // The USD came two days after the BSV left.
      tx('2023-06-01T09:00:00.000Z', 'kraken:LAR118-AAAAA-BBBBB8', 'trade', { sent: '2.5 BSV', received: '101.2 USD' }, delisting),
    ]);
    const byId = new Map(rowsOf(db, 'Kraken').map((row) => [row.external_id, row]));
    expect(byId.get('kraken:LAR118-AAAAA-BBBBB8')!.description).toBe(
      'Kraken converted the delisted BSV into USD; its two ledger entries have different refids (lines 6 and 7) and were joined by time',
    );
    expect(byId.get('kraken:LAR117-AAAAA-BBBBB7')!.description).toMatch(/^taken out of a staking balance at Kraken/);
  });

  it('reports a delisting entry whose other half is not in the file', async () => {
    const [header, ...lines] = readFileSync(fixture('ledgers-delistings-earn-airdrop-unstaking.csv'), 'utf8').trimEnd().split('\n');
    const path = dir.file('half.csv', [header, ...lines.filter((line) => !line.includes('LAR119'))].join('\n') + '\n');
    const result = await importFile(db, { path, accountName: 'Kraken', format: 'kraken' });
    expect(problemsOf(result)).toEqual([
      {
        line: 6,
        column: 'subtype',
        value: 'delistingconversion',
        message:
          'no entry in this file within 31 days gives what Kraken converted this delisted BSV into; export a range that holds both entries of the conversion',
      },
    ]);
    expect(countAll(db)).toBe(0);
  });
});

describe('Kraken ledgers: broken files', () => {
  it('refuses a USD value written with an exponent no file means, as every amount column does', async () => {
    const [header, ...lines] = readFileSync(fixture('ledgers-usd.csv'), 'utf8').trimEnd().split('\n');
    const path = dir.file('huge-usd.csv', [header, lines[0]!.replace(',250.0000,0.0000,250.0000,', ',1e99999999,0.0000,250.0000,'), ...lines.slice(1)].join('\n') + '\n');
    const result = await importFile(db, { path, accountName: 'Kraken', format: 'kraken' });
    expect(problemsOf(result)).toEqual([
      expect.objectContaining({ line: 2, column: 'amountusd', value: '1e99999999', message: expect.stringMatching(/^the exponent of 1e99999999 is out of range/) }),
    ]);
    expect(countAll(db)).toBe(0);
  });

  it('reports a txid used twice, naming both lines, and writes nothing', async () => {
    const result = await importFile(db, { path: fixture('ledgers-repeated-txid-broken.csv'), accountName: 'Kraken', format: 'auto' });
    expect(problemsOf(result)).toEqual([
      {
        line: 5,
        column: 'txid',
        value: 'L4UESK-KG3EQ-UFO4T5',
        message:
          'this txid is already on line 2, with different values; each Kraken ledger entry has its own txid, so the two rows cannot both be right: compare them with a fresh export from Kraken',
      },
      {
        line: 6,
        column: 'txid',
        value: 'LA5HFR-6DQ5M-OSBA7P',
        message:
          'this row repeats line 4 (the same ledger entry twice: were two exports joined into one file?); remove one of them, or import the exports one at a time (entries already imported are skipped)',
      },
    ]);
    expect(countAll(db)).toBe(0);
  });

  it('reports every bad cell with its line, column and value, and writes nothing', async () => {
    const result = await importFile(db, { path: fixture('broken-cells.csv'), accountName: 'Kraken', format: 'auto' });
    expect(problemsOf(result)).toEqual([
      { line: 3, column: 'amount', value: '-1,800.0000', message: 'not a number' },
      { line: 4, column: 'time', value: '2021-02-30 10:02:17', message: 'not a date and time; expected YYYY-MM-DD HH:MM:SS in UTC' },
      {
        line: 5,
        column: 'type',
        value: 'nfttrade',
        message:
          'not a Kraken ledger type Lotwise knows (known: trade, spend, receive, settled, deposit, withdrawal, staking, earn, transfer, adjustment, invite bonus, margin, rollover)',
      },
      {
        line: 6,
        column: 'subtype',
        value: 'spottoearn',
        message:
          'not a transfer subtype Lotwise knows (known: spottostaking, stakingfromspot, stakingtospot, spotfromstaking, spottofutures, spotfromfutures, delistingconversion, or none)',
      },
    ]);
    expect(countAll(db)).toBe(0);
  });

  it('reports refid groups it cannot read as one transaction, and writes nothing', async () => {
    const result = await importFile(db, { path: fixture('broken-groups.csv'), accountName: 'Kraken', format: 'auto' });
    expect(problemsOf(result)).toEqual([
      {
        line: 2,
        column: 'refid',
        value: 'TPL3XQK-WN6RD-MZ2BHA',
        message:
          "only the received side of receive TPL3XQK-WN6RD-MZ2BHA is in this file; the export's date range may cut through it: export a range that includes every row with this refid",
      },
      {
        line: 3,
        column: 'refid',
        value: 'TDS8WQZ-KN3XD-HM5RBA',
        message:
          'spend/receive TDS8WQZ-KN3XD-HM5RBA exchanges several assets at once (NEAR + XTZ → USD, a dust conversion?); a Lotwise trade has one sent and one received asset: remove these rows and enter the parts with the Lotwise template',
      },
    ]);
    expect(countAll(db)).toBe(0);
  });

  it('does not take a file without the fee column for a Kraken ledger', async () => {
    const result = await importFile(db, { path: fixture('missing-column.csv'), accountName: 'Kraken', format: 'kraken' });
    expect(problemsOf(result)).toEqual([
      {
        line: 1,
        column: null,
        value: null,
        message:
          'this line is not a complete Kraken ledgers header: it has no "fee" column. Add it to the header, or choose the file\'s own format.',
      },
    ]);
    const auto = await importFile(db, { path: fixture('missing-column.csv'), accountName: 'Kraken', format: 'auto' });
    expect(problemsOf(auto)[0]!.message).toBe(
      'this line looks like the Kraken ledgers header, but it has no "fee" column. Add it to the header, or export the file again.',
    );
    expect(countAll(db)).toBe(0);
  });

  it('reports a file cut off inside its last row, and writes nothing', async () => {
    const result = await importFile(db, { path: fixture('cut-off.csv'), accountName: 'Kraken', format: 'auto' });
    expect(problemsOf(result)).toEqual([
      { line: 15, column: 'aclass', value: 'curr', message: 'the quote (") that opens this cell is never closed: a missing ", or the file is cut off' },
    ]);
    expect(countAll(db)).toBe(0);
  });
});

// Random ledgers: whatever Kraken writes and in whatever order, the balance changes the
// file records (amount − fee per asset, leaving out moves between the user's own Kraken
// wallets and entries that cancel out) equal what the imported transactions record
// (received − sent − fee per asset, leaving out ignored ones).
describe('Kraken ledgers: balance invariant', () => {
  interface LedgerRow {
    refid: string;
    type: string;
    subtype: string;
    asset: string;
    amount: Decimal;
    fee: Decimal;
    /** False for moves between the user's own wallets and cancelled entries. */
    counts: boolean;
    booked: boolean;
  }

  const amount = fc.integer({ min: 1, max: 5_000_000_000 }).map((n) => new Decimal(n).div(1e8));
  const fee = fc.oneof(fc.constant(new Decimal(0)), fc.integer({ min: 1, max: 2_000_000 }).map((n) => new Decimal(n).div(1e8)));
  const coin = fc.constantFrom('XXBT', 'XETH', 'ZUSD', 'DOT', 'ADA', 'SOL');
  const stakedCoin = fc.constantFrom('DOT.S', 'ETH2.S', 'XBT.M', 'ADA.S');
  const pair = fc.tuple(coin, coin).filter(([a, b]) => a !== b);

  type Event = (refid: string) => LedgerRow[];
  const row = (refid: string, type: string, subtype: string, asset: string, amt: Decimal, f: Decimal, counts = true): LedgerRow => ({
    refid,
    type,
    subtype,
    asset,
    amount: amt,
    fee: f,
    counts,
    booked: true,
  });
  const event: fc.Arbitrary<Event> = fc.oneof(
    fc.tuple(coin, amount, fee).map(([a, n, f]): Event => (r) => [row(r, 'deposit', '', a, n, f)]),
    fc.tuple(coin, amount, fee).map(([a, n, f]): Event => (r) => [row(r, 'withdrawal', '', a, n.negated(), f)]),
    fc
      .tuple(pair, amount, amount, fee, fee, fc.boolean(), fc.option(fee.filter((f) => !f.isZero())))
      .map(([[sent, received], s, q, sentFee, receivedFee, instant, kfee]): Event => (r) => [
        row(r, instant ? 'spend' : 'trade', '', sent, s.negated(), sentFee),
        row(r, instant ? 'receive' : 'trade', '', received, q, receivedFee),
        ...(kfee ? [row(r, 'trade', '', 'KFEE', new Decimal(0), kfee)] : []),
      ]),
    fc.tuple(stakedCoin, amount).map(([a, n]): Event => (r) => [row(r, 'staking', '', a, n, new Decimal(0))]),
    fc.tuple(coin, amount, fee).map(([a, n, f]): Event => (r) => [row(r, 'earn', 'reward', a, n, f)]),
    fc.tuple(coin, amount, fc.constantFrom('allocation', 'deallocation', 'autoallocation', 'migration')).map(
      ([a, n, sub]): Event =>
        (r) => [row(r, 'earn', sub, a, n.negated(), new Decimal(0), false), row(r, 'earn', sub, a, n, new Decimal(0), false)],
    ),
    fc.tuple(stakedCoin, amount).map(
      ([a, n]): Event =>
        (r) => [
          row(r, 'transfer', 'spottostaking', a.split('.')[0]!, n.negated(), new Decimal(0), false),
          row(`${r}B`, 'transfer', 'stakingfromspot', a, n, new Decimal(0), false),
        ],
    ),
    fc.tuple(coin, amount, fee).map(
      ([a, n, f]): Event =>
        (r) => [row(r, 'withdrawal', '', a, n.negated(), f, false), row(r, 'withdrawal', '', a, n, f.negated(), false)],
    ),
    fc.tuple(coin, amount).map(
      ([a, n]): Event =>
        (r) => [{ ...row(r, 'deposit', '', a, n, new Decimal(0), false), booked: false }, row(r, 'deposit', '', a, n, new Decimal(0))],
    ),
    fc.tuple(fc.integer({ min: -1, max: 1 }), amount, fee).map(([sign, n, f]): Event => (r) => [
      row(r, 'margin', '', 'ZUSD', n.times(sign), sign === 0 && f.isZero() ? new Decimal('0.01') : f),
    ]),
    fee.filter((f) => !f.isZero()).map((f): Event => (r) => [row(r, 'rollover', '', 'ZUSD', new Decimal(0), f)]),
    amount.map((n): Event => (r) => [row(r, 'invite bonus', '', 'ZUSD', n, new Decimal(0))]),
    fc.tuple(coin, amount).map(([a, n]): Event => (r) => [row(r, 'transfer', 'spotfromfutures', a, n, new Decimal(0))]),
  );

  // Each booked row carries the balance Kraken would write after it (amount less fee, a
  // negative fee being a refund), so that the fees' signs can be read from the balances.
  // Half the files write every fee with the other sign (a charge negative, a refund
  // positive), as some Kraken exports do; those start with a deposit of every asset code,
  // so that every fee has a balance before it to be read against.
  const OPENING_CODES = ['XXBT', 'XETH', 'ZUSD', 'DOT', 'ADA', 'SOL', 'KFEE', 'DOT.S', 'ETH2.S', 'XBT.M', 'ADA.S'];
  const ledger = fc.tuple(fc.array(event, { minLength: 1, maxLength: 20 }), fc.boolean()).chain(([events, chargesNegative]) => {
    const opening: Event = (r) => OPENING_CODES.map((code, k) => row(`${r}${k}`, 'deposit', '', code, new Decimal(1), new Decimal(0)));
    const balances = new Map<string, Decimal>();
    const rows = [...(chargesNegative ? [opening] : []), ...events].flatMap((make, i) =>
      make(`REF${i}`).map((r) => {
        if (!r.booked) return { ...r, time: i, balance: null };
        const balance = (balances.get(r.asset) ?? new Decimal(0)).plus(r.amount).minus(r.fee);
        balances.set(r.asset, balance);
        return { ...r, time: i, balance };
      }),
    );
    return fc
      .shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length })
      .map((shuffled) => ({ rows: shuffled, chargesNegative }));
  });

  function toCsv(rows: (LedgerRow & { time: number; balance: Decimal | null })[], chargesNegative: boolean): string {
    const lines = rows.map((r, i) => {
      const time = new Date(Date.UTC(2021, 0, 1) + r.time * 60_000).toISOString().replace('T', ' ').slice(0, 19);
      const txid = r.booked ? `L${String(i).padStart(5, '0')}-PROP` : '';
      const cells = [txid, r.refid, time, r.type, r.subtype, 'currency', r.asset].map((c) => `"${c}"`);
      const fee = chargesNegative ? r.fee.negated() : r.fee;
      return [...cells, r.amount.toFixed(10), fee.toFixed(10), r.balance === null ? '' : r.balance.toFixed(10)].join(',');
    });
    return ['"txid","refid","time","type","subtype","aclass","asset","amount","fee","balance"', ...lines].join('\n') + '\n';
  }

  function addTo(totals: Map<string, Decimal>, asset: string | null, value: Decimal): void {
    if (asset === null) return;
    totals.set(asset, (totals.get(asset) ?? new Decimal(0)).plus(value));
  }

  function nonZero(totals: Map<string, Decimal>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [asset, total] of [...totals].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (!total.isZero()) out[asset] = total.toFixed();
    }
    return out;
  }

  it('keeps the per-asset balance change of the file', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(ledger, async ({ rows, chargesNegative }) => {
        run += 1;
        const path = dir.file(`ledger-${run}.csv`, toCsv(rows, chargesNegative));
        const account = `Kraken ${run}`;
        const result = await importFile(db, { path, accountName: account, format: 'kraken' });
        expect(result.ok).toBe(true);

        const fromFile = new Map<string, Decimal>();
        for (const r of rows.filter((r) => r.counts)) {
          addTo(fromFile, krakenAsset(r.asset), r.amount.minus(r.fee));
        }
        const fromLedger = new Map<string, Decimal>();
        for (const t of rowsOf(db, account).filter((t) => t.type !== 'ignored')) {
          if (t.received_amount !== null) addTo(fromLedger, t.received_asset, new Decimal(t.received_amount));
          if (t.sent_amount !== null) addTo(fromLedger, t.sent_asset, new Decimal(t.sent_amount).negated());
          if (t.fee_amount !== null) addTo(fromLedger, t.fee_asset, new Decimal(t.fee_amount).negated());
        }
        expect(nonZero(fromLedger)).toEqual(nonZero(fromFile));
      }),
      { numRuns: 50 },
    );
  }, 120_000);
});
