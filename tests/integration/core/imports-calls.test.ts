// The Accounts screen's import calls over a real ledger: the import history newest first,
// and a file that cannot be read at all (gone since its preview, a folder) refused as the
// file's own fault, with what to do, never as a problem on some line.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
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

const stored = () => ({
  accounts: demo.db.prepare('SELECT * FROM accounts ORDER BY id').all(),
  batches: demo.db.prepare('SELECT * FROM import_batches ORDER BY id').all(),
  transactions: demo.db.prepare('SELECT COUNT(*) FROM transactions').pluck().get(),
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

describe('imports.undo', () => {
  it('keeps what a later import of the same history holds, and says so before and after', async () => {
    const rows = ['2025-05-03T10:00:00Z,deposit,,,BTC,0.25,,t-1', '2025-05-04T10:00:00Z,deposit,,,ETH,2,,t-2', '2025-06-01T10:00:00Z,deposit,,,BTC,0.1,,t-3'];
    const may = await demo.call('imports.file', { path: dir.file('trezor-may.csv', [HEADER, ...rows.slice(0, 2)].join('\n')), account: 'Trezor' });
    const june = await demo.call('imports.file', { path: dir.file('trezor-june.csv', [HEADER, ...rows].join('\n')), account: 'Trezor' });
    if (!may.ok || !june.ok) throw new Error('the imports should succeed');
    const listed = async (batchId: number | null) => (await demo.call('imports.batches', {})).find((b) => b.id === batchId);
    expect(await listed(may.batchId)).toMatchObject({ added: 2, skipped: 0, keptOnUndo: 2 });
    expect(await listed(june.batchId)).toMatchObject({ added: 1, skipped: 2, keptOnUndo: 0 });

    expect(await demo.call('imports.undo', { batchId: may.batchId! })).toEqual({ removed: 0, kept: 2 });
    const trezor = () => demo.db.prepare("SELECT t.external_id FROM transactions t JOIN accounts a ON a.id = t.account_id WHERE a.name = 'Trezor' ORDER BY 1").pluck().all();
    expect(trezor()).toEqual(['id:t-1', 'id:t-2', 'id:t-3']);
    expect(await listed(june.batchId)).toMatchObject({ added: 3, skipped: 0, keptOnUndo: 0, undoneAt: null });
    expect(await demo.call('imports.undo', { batchId: june.batchId! })).toEqual({ removed: 3, kept: 0 });
    expect(trezor()).toEqual([]);
  });
});

describe('a file that cannot be read', () => {
  it('deleted between its preview and its import is refused naming the file and what to do, writing nothing', async () => {
    const file = dir.file('coinbase-2025.csv', `${HEADER}\n2025-05-03T10:00:00Z,deposit,,,BTC,0.25,,t-1\n`);
    expect(await demo.call('imports.preview', { path: file })).toMatchObject({ format: 'lotwise', rows: 1, problemCount: 0 });
    rmSync(file);
    const before = stored();
    const message = `coinbase-2025.csv is not at ${file}: it may have been moved, renamed or deleted. Choose the file again from where it is now.`;
    expect(await demo.refuse('imports.file', { path: file, account: 'New exchange' })).toEqual({ code: 'failed', message });
    expect(await demo.refuse('imports.preview', { path: file })).toEqual({ code: 'failed', message });
    expect(stored()).toEqual(before);
  });

  it('that is a folder is refused as one', async () => {
    expect(await demo.refuse('imports.preview', { path: dir.path })).toEqual({ code: 'failed', message: `${dir.path} is a folder. Choose the CSV file itself.` });
  });
});
