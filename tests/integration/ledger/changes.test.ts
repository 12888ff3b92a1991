// The audit trail of user changes over the demo ledger: each change is one SQLite
// transaction with its audit row (a refused change leaves no trace), undo reverts exactly,
// and an undo is refused when the change was undone already or a later change relies on it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { originalValues } from '../../../electron/core/ledger/transaction-edits.ts';
import { tempDir, type TempDir } from '../../support/temp-ledger.ts';
import { at, demoLedger, type DemoLedger } from '../core/demo-dispatch.ts';

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

const changeCount = () => demo.db.prepare('SELECT COUNT(*) FROM changes').pluck().get() as number;
const snapshot = () => ({
  transactions: demo.db.prepare('SELECT * FROM transactions ORDER BY id').all(),
  links: demo.db.prepare('SELECT * FROM transfer_links ORDER BY withdrawal_id').all(),
  originals: demo.db.prepare('SELECT * FROM transaction_originals ORDER BY transaction_id').all(),
  batches: demo.db.prepare('SELECT * FROM import_batches ORDER BY id').all(),
  picks: demo.db.prepare('SELECT * FROM lot_selections ORDER BY disposal_transaction_id, position').all(),
  prices: demo.db.prepare('SELECT * FROM manual_prices ORDER BY asset, time').all(),
  valuations: demo.db.prepare('SELECT * FROM valuations ORDER BY transaction_id').all(),
  settings: demo.db.prepare("SELECT * FROM settings WHERE key LIKE 'tax.%' ORDER BY key").all(),
});

describe('edits', () => {
  it('change what a transaction is, keep the imported values, and undo exactly', async () => {
    const id = demo.id('cb-2025-009');
    const before = snapshot();
    const first = (await demo.call('transactions.edit', { id, type: 'expense', description: 'Paid the builder' })).transaction;
    expect(first).toMatchObject({ type: 'expense', description: 'Paid the builder', label: 'withdrawal', sentAmount: '0.4', sentAsset: 'ETH' });
    const { changeId: secondId } = await demo.call('transactions.edit', { id, label: null });
    // The second edit does not overwrite what was imported.
    expect(originalValues(demo.db, id)).toEqual({ type: 'withdrawal', label: 'withdrawal', description: 'Sent 0.4 ETH to 0x8c1e...5f2a' });

    const [second, firstChange] = await demo.call('changes.list', { limit: 2 });
    // The edit answered with its own change: the one its notice's Undo takes back.
    expect(second!.id).toBe(secondId);
    expect(second).toMatchObject({ kind: 'edit', summary: `Edited transaction ${id} (expense in Coinbase on 2025-06-03): label`, undoneAt: null });
    expect(firstChange).toMatchObject({ kind: 'edit', summary: `Edited transaction ${id} (withdrawal in Coinbase on 2025-06-03): type withdrawal → expense, description` });

    // The first edit waits for the second, which changed the same fields after it.
    expect((await demo.refuse('changes.undo', { changeId: firstChange!.id })).message).toMatch(
      new RegExp(`^Change ${firstChange!.id} cannot be undone while the later change ${second!.id} .* depends on it; undo that one first\\.$`),
    );
    await demo.call('changes.undo', { changeId: second!.id });
    const undone = await demo.call('changes.undo', { changeId: firstChange!.id });
    expect(undone).toMatchObject({ id: firstChange!.id, kind: 'edit', undoneAt: expect.any(Number) });
    expect(snapshot()).toEqual(before);
    expect((await demo.refuse('changes.undo', { changeId: firstChange!.id })).message).toMatch(/was already undone on \d{4}-\d\d-\d\d/);
  });

  it('refuse a type the amounts cannot have, writing nothing', async () => {
    const changes = changeCount();
    const before = snapshot();
    const error = await demo.refuse('transactions.edit', { id: demo.id('cb-2021-001'), type: 'withdrawal' });
    expect(error).toEqual({ code: 'failed', message: `Transaction ${demo.id('cb-2021-001')} cannot be a withdrawal: a withdrawal needs a sent amount and no received amount.` });
    expect((await demo.refuse('transactions.edit', { id: demo.id('cb-2021-001'), type: 'deposit' })).message).toMatch(/already has these values/);
    expect((await demo.refuse('transactions.edit', { id: 9999, label: 'x' })).message).toMatch(/There is no transaction 9999/);
    expect(changeCount()).toBe(changes);
    expect(snapshot()).toEqual(before);
  });
});

describe('manual transactions', () => {
  it('go into one manual batch per account, and undo removes them and the batch they opened', async () => {
    const before = snapshot();
    const buy = (await demo.call('transactions.add', {
      account: 'Ledger wallet',
      timestamp: at('2025-04-01T12:00:00Z'),
      type: 'trade',
      sent: { amount: '500.00', asset: 'usd' },
      received: { amount: '0.0060', asset: 'btc' },
      fee: { amount: '2.5', asset: 'USD' },
      value: '500',
      description: 'Bought at a Bitcoin ATM',
    })).transaction;
    expect(buy).toMatchObject({
      account: 'Ledger wallet',
      type: 'trade',
      sentAmount: '500',
      sentAsset: 'USD',
      receivedAmount: '0.006',
      receivedAsset: 'BTC',
      feeAmount: '2.5',
      value: '500',
      source: 'manual',
      problems: [],
    });
    const { transaction: gift, changeId: giftChangeId } = await demo.call('transactions.add', {
      account: 'Ledger wallet',
      timestamp: at('2025-04-02T12:00:00Z'),
      type: 'gift-received',
      received: { amount: '0.001', asset: 'BTC' },
      value: '80',
    });
    const batches = (await demo.call('imports.batches', {})).filter((b) => b.source === 'manual');
    expect(batches).toEqual([expect.objectContaining({ account: 'Ledger wallet', source: 'manual', format: null, fileName: null, added: 2, undoneAt: null })]);
    expect(demo.db.prepare('SELECT batch_id FROM transactions WHERE id IN (?, ?)').pluck().all(buy.id, gift.id)).toEqual([batches[0]!.id, batches[0]!.id]);

    const [giftChange, buyChange] = await demo.call('changes.list', { limit: 2 });
    expect(giftChange!.id).toBe(giftChangeId);
    expect(buyChange).toMatchObject({ kind: 'manual', summary: `Added trade ${buy.id} in Ledger wallet on 2025-04-01: sent 500 USD, received 0.006 BTC` });
    await demo.call('changes.undo', { changeId: buyChange!.id });
    expect((await demo.call('imports.batches', {})).filter((b) => b.source === 'manual')).toEqual([expect.objectContaining({ added: 1 })]);
    await demo.call('changes.undo', { changeId: giftChange!.id });
    expect(snapshot()).toEqual(before);
  });

  it('are not an import: their batch cannot be undone as one, and each change stays undoable', async () => {
    const before = snapshot();
    const first = (await demo.call('transactions.add', { account: 'Coinbase', timestamp: at('2025-04-01T12:00:00Z'), type: 'deposit', received: { amount: '1', asset: 'ETH' } })).transaction;
    await demo.call('transactions.add', { account: 'Coinbase', timestamp: at('2025-04-02T12:00:00Z'), type: 'deposit', received: { amount: '2', asset: 'ETH' } });
    const [manual] = (await demo.call('imports.batches', {})).filter((b) => b.source === 'manual');
    const entered = snapshot();
    expect(await demo.refuse('imports.undo', { batchId: manual!.id })).toEqual({
      code: 'failed',
      message: `Batch ${manual!.id} is not an import: it holds the 2 transactions entered by hand in Coinbase. Undo each one on its own from the history of changes (Transactions → History of changes).`,
    });
    expect(snapshot()).toEqual(entered);
    // The audit trail still undoes them, one change at a time.
    const changes = await demo.call('changes.list', { limit: 2 });
    expect(changes.map((c) => c.undoneAt)).toEqual([null, null]);
    for (const change of changes) await demo.call('changes.undo', { changeId: change.id });
    expect(snapshot()).toEqual(before);
    expect(demo.db.prepare('SELECT COUNT(*) FROM transactions WHERE id = ?').pluck().get(first.id)).toBe(0);
  });

  it('go into a new wallet account when the name is new, made with the first and removed by its undo', async () => {
    const before = { ...snapshot(), accounts: demo.db.prepare('SELECT * FROM accounts ORDER BY id').all() };
    const deposit = (await demo.call('transactions.add', { account: 'Trezor', timestamp: at('2025-05-01T12:00:00Z'), type: 'deposit', received: { amount: '0.5', asset: 'BTC' } })).transaction;
    expect(deposit).toMatchObject({ account: 'Trezor', source: 'manual' });
    expect((await demo.call('accounts.list', {})).find((a) => a.name === 'Trezor')).toMatchObject({ kind: 'wallet', exchange: null, hasKey: false, transactions: 1 });
    // The name is matched as the ledger matches names (case aside): no second account.
    const withdrawal = (await demo.call('transactions.add', { account: 'trezor', timestamp: at('2025-05-02T12:00:00Z'), type: 'withdrawal', sent: { amount: '0.1', asset: 'BTC' } })).transaction;
    expect(withdrawal.account).toBe('Trezor');
    const [second, first] = await demo.call('changes.list', { limit: 2 });
    expect(first).toMatchObject({ kind: 'manual', summary: `Added deposit ${deposit.id} in Trezor (a new wallet account) on 2025-05-01: received 0.5 BTC` });
    expect(second!.summary).toBe(`Added withdrawal ${withdrawal.id} in Trezor on 2025-05-02: sent 0.1 BTC`);

    // The account goes with the change that made it, so that change waits for the later one in it.
    expect((await demo.refuse('changes.undo', { changeId: first!.id })).message).toMatch(new RegExp(`later change ${second!.id} .* undo that one first\\.$`));
    await demo.call('changes.undo', { changeId: second!.id });
    expect((await demo.call('accounts.list', {})).map((a) => a.name)).toContain('Trezor');
    await demo.call('changes.undo', { changeId: first!.id });
    expect({ ...snapshot(), accounts: demo.db.prepare('SELECT * FROM accounts ORDER BY id').all() }).toEqual(before);
  });

  it('keep the account they made when history has been imported into it since', async () => {
    await demo.call('transactions.add', { account: 'Trezor', timestamp: at('2025-05-01T12:00:00Z'), type: 'deposit', received: { amount: '0.5', asset: 'BTC' } });
    const [made] = await demo.call('changes.list', { limit: 1 });
    const file = dir.file('trezor.csv', 'Date,Type,Sent Asset,Sent Amount,Received Asset,Received Amount,Fiat Value,ID\n2025-05-03T10:00:00Z,deposit,,,BTC,0.25,,t-1\n');
    expect(await demo.call('imports.file', { path: file, account: 'Trezor' })).toMatchObject({ ok: true, added: 1 });
    await demo.call('changes.undo', { changeId: made!.id });
    expect((await demo.call('accounts.list', {})).find((a) => a.name === 'Trezor')).toMatchObject({ kind: 'wallet', transactions: 1 });
  });

  it('refuse what the tax engine could not read, leaving no account behind', async () => {
    const changes = changeCount();
    const accounts = demo.db.prepare('SELECT * FROM accounts ORDER BY id').all();
    expect((await demo.refuse('transactions.add', { account: 'Kraken', timestamp: at('2025-01-01T00:00:00Z'), type: 'deposit', sent: { amount: '1', asset: 'ETH' } })).message).toBe(
      'This deposit cannot be added: a deposit needs a received amount and no sent amount.',
    );
    // The new account is made before the legs are checked, and goes with the refused change.
    expect((await demo.refuse('transactions.add', { account: 'Gemini', timestamp: at('2025-01-01T00:00:00Z'), type: 'withdrawal', received: { amount: '1', asset: 'ETH' } })).message).toBe(
      'This withdrawal cannot be added: a withdrawal needs a sent amount and no received amount.',
    );
    expect(changeCount()).toBe(changes);
    expect(demo.db.prepare('SELECT * FROM accounts ORDER BY id').all()).toEqual(accounts);
  });

  it('cannot be undone while a link relies on them', async () => {
    const deposit = (await demo.call('transactions.add', { account: 'Kraken', timestamp: at('2025-06-03T19:00:00Z'), type: 'deposit', received: { amount: '0.3996', asset: 'ETH' } })).transaction;
    const [added] = await demo.call('changes.list', { limit: 1 });
    const { changeId: linkId } = await demo.call('transactions.link', { withdrawalId: demo.id('cb-2025-009'), depositId: deposit.id });
    expect((await demo.refuse('changes.undo', { changeId: added!.id })).message).toMatch(new RegExp(`later change ${linkId} \\("Linked withdrawal 0.4 ETH`));
    await demo.call('changes.undo', { changeId: linkId });
    await demo.call('changes.undo', { changeId: added!.id });
    expect(demo.db.prepare('SELECT COUNT(*) FROM transactions WHERE id = ?').pluck().get(deposit.id)).toBe(0);
  });
});

describe('links', () => {
  it('are checked as the tax engine checks them', async () => {
    const withdrawal = demo.id('cb-2025-009');
    const changes = changeCount();
    expect((await demo.refuse('transactions.link', { withdrawalId: withdrawal, depositId: demo.id('cb-2021-001') })).message).toBe(
      `Withdrawal ${withdrawal} sends ETH but deposit ${demo.id('cb-2021-001')} receives USD.`,
    );
    expect((await demo.refuse('transactions.link', { withdrawalId: demo.id('cb-2021-002'), depositId: demo.id('lw-2021-001') })).message).toBe(
      `Transaction ${demo.id('cb-2021-002')} is a trade, not a withdrawal.`,
    );
    // 0.4 ETH sent cannot arrive as the 1.4985 ETH of the wallet's September deposit.
    expect((await demo.refuse('transactions.link', { withdrawalId: withdrawal, depositId: demo.id('lw-2025-002') })).message).toMatch(/is larger than withdrawal/);
    expect(changeCount()).toBe(changes);
  });

  it('unlink only what the user linked, and undo the unlink exactly', async () => {
    // The demo's transfers pair by their transaction hash: not links, nothing to unlink.
    expect((await demo.refuse('transactions.unlink', { withdrawalId: demo.id('cb-2021-007') })).message).toMatch(/is not linked to a deposit.*hash/);
    const deposit = (await demo.call('transactions.add', { account: 'Kraken', timestamp: at('2025-06-03T19:00:00Z'), type: 'deposit', received: { amount: '0.4', asset: 'ETH' } })).transaction;
    await demo.call('transactions.link', { withdrawalId: demo.id('cb-2025-009'), depositId: deposit.id });
    const linked = snapshot();
    const { changeId } = await demo.call('transactions.unlink', { withdrawalId: demo.id('cb-2025-009') });
    expect(demo.db.prepare('SELECT COUNT(*) FROM transfer_links').pluck().get()).toBe(0);
    await demo.call('changes.undo', { changeId });
    expect(snapshot()).toEqual(linked);
  });
});

describe('tax choices', () => {
  it('save the method per year and the basis for all, and undo to what was saved before', async () => {
    expect(await demo.call('tax.years', {})).toEqual([2021, 2022, 2023, 2024, 2025].map((year) => ({ year, method: 'fifo', basis: 'auto' })));
    const before = snapshot();
    const saved = await demo.call('tax.setChoice', { year: 2025, method: 'hifo', basis: 'per-wallet' });
    expect(saved).toEqual({ year: 2025, method: 'hifo', basis: 'per-wallet', changeId: expect.any(Number) });
    const [choice] = await demo.call('changes.list', { limit: 1 });
    expect(choice).toMatchObject({ id: saved.changeId, kind: 'choice', summary: '2025: HIFO; per-wallet basis for every year' });
    expect((await demo.call('tax.years', {})).map((y) => `${y.year} ${y.method} ${y.basis}`)).toEqual([
      '2021 fifo per-wallet',
      '2022 fifo per-wallet',
      '2023 fifo per-wallet',
      '2024 fifo per-wallet',
      '2025 hifo per-wallet',
    ]);
    // The summary follows the saved choice when the request names none.
    expect(await demo.call('reports.summary', { year: 2025 })).toMatchObject({ method: 'hifo', basis: 'per-wallet' });
    expect((await demo.refuse('tax.setChoice', { year: 2025, method: 'hifo', basis: 'per-wallet' })).message).toMatch(/already uses HIFO/);
    await demo.call('changes.undo', { changeId: saved.changeId });
    expect(snapshot()).toEqual(before);
  });
});
