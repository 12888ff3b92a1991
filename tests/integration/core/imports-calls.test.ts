// The Accounts screen's import calls over a real ledger: the import history newest first.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir, type TempDir } from '../../support/temp-ledger.ts';
import { demoLedger, type DemoLedger } from './demo-dispatch.ts';

const HEADER = 'Date,Type,Sent Asset,Sent Amount,Received Asset,Received Amount,Fiat Value,ID';

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

describe('imports.batches', () => {
  it('lists the newest batch first', async () => {
    const file = dir.file('trezor.csv', `${HEADER}\n2025-05-03T10:00:00Z,deposit,,,BTC,0.25,,t-1\n`);
    const imported = await demo.call('imports.file', { path: file, account: 'Trezor' });
    if (!imported.ok) throw new Error('the import should succeed');
    const batches = await demo.call('imports.batches', {});
    expect(batches[0]).toMatchObject({ id: imported.batchId, account: 'Trezor', fileName: 'trezor.csv' });
    // The demo's three files were loaded in the manifest's order: Coinbase, Ledger wallet, Kraken.
    expect(batches.map((b) => b.account)).toEqual(['Trezor', 'Kraken', 'Ledger wallet', 'Coinbase']);
  });
});
