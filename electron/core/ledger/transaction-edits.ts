// The user's own changes to transactions: editing what a transaction is (its type, label
// and description; never its amounts, which are the source's record), and adding one by
// hand (a purchase a file is missing, a deposit from a wallet never imported), into an
// account the ledger has or a new wallet account made for it. Each is one SQLite
// transaction with its audit row; the values as imported are kept the first time a
// transaction is edited, so they can always be recovered.
import { randomUUID } from 'node:crypto';
import type { ManualTransaction } from '../../../shared/api.ts';
import { isFiat, normalizeAsset } from '../../../shared/assets.ts';
import { parseDecimal, toDecimalText } from '../../../shared/money.ts';
import { legShapeProblem } from '../../../shared/tax/tax-events.ts';
import { readLegs } from '../../../shared/tax/transaction-legs.ts';
import { isTransactionType, type Transaction, type TransactionType } from '../../../shared/transaction.ts';
import type { Database } from '../db/open-ledger.ts';
import { createAccount, findAccount, removeAccountIfUnused } from './accounts.ts';
import { startBatch } from './batches.ts';
import { recordChange } from './changes.ts';
import { REPORT_CURRENCY } from './transaction-page.ts';
import { toTransaction, type TransactionRow } from './transactions.ts';

export class ChangeError extends Error {
  override name = 'ChangeError';
}

export interface EditableFields {
  type: TransactionType;
  label: string | null;
  description: string | null;
}

export interface EditData {
  transactionId: number;
  before: EditableFields;
  after: EditableFields;
  /** This edit was the first, and kept the values as imported. */
  keptOriginal: boolean;
}

export interface ManualData {
  transactionId: number;
  batchId: number;
  /** The account's manual batch was opened for this transaction. */
  createdBatch: boolean;
  /** The wallet account made for this transaction, when its name was new (absent in changes saved before accounts could be made here). */
  createdAccount?: number;
}

const isFiatAsset = (asset: string): boolean => asset === REPORT_CURRENCY || isFiat(asset);

export function readTransaction(db: Database, id: number): Transaction | null {
  const row = db.prepare('SELECT * FROM transactions WHERE id = ?').get(id) as TransactionRow | undefined;
  return row ? toTransaction(row) : null;
}

export function requireTransaction(db: Database, id: number): Transaction {
  const transaction = readTransaction(db, id);
  if (!transaction) throw new ChangeError(`There is no transaction ${id}; it may have been removed by undoing its import.`);
  return transaction;
}

/** "2025-06-03" in UTC: summaries name the day; the tax date follows the user's zone. */
function dayText(timestamp: number): string {
  return new Date(timestamp).toISOString().slice(0, 10);
}

function accountName(db: Database, accountId: number): string {
  return (db.prepare('SELECT name FROM accounts WHERE id = ?').pluck().get(accountId) as string | undefined) ?? `account ${accountId}`;
}

/** Why the tax engine could not read the transaction with these legs and type, or null. */
function shapeProblem(transaction: Transaction): string | null {
  const legs = readLegs(transaction, isFiatAsset);
  return typeof legs === 'string' ? legs : legShapeProblem(transaction, legs);
}

export function describeTransaction(db: Database, transaction: Transaction): string {
  return `transaction ${transaction.id} (${transaction.type} in ${accountName(db, transaction.accountId)} on ${dayText(transaction.timestamp)})`;
}

export function editTransaction(
  db: Database,
  request: { id: number; type?: string; label?: string | null; description?: string | null },
): { changeId: number } {
  return db.transaction(() => {
    const transaction = requireTransaction(db, request.id);
    const before: EditableFields = { type: transaction.type, label: transaction.label, description: transaction.description };
    if (request.type !== undefined && !isTransactionType(request.type)) throw new ChangeError(`"${request.type}" is not a transaction type Lotwise knows.`);
    const after: EditableFields = {
      type: (request.type as TransactionType | undefined) ?? before.type,
      label: request.label === undefined ? before.label : request.label,
      description: request.description === undefined ? before.description : request.description,
    };
    const changed = (Object.keys(after) as (keyof EditableFields)[]).filter((field) => after[field] !== before[field]);
    if (changed.length === 0) throw new ChangeError(`Transaction ${transaction.id} already has these values; nothing was changed.`);
    if (after.type !== before.type) {
      const problem = shapeProblem({ ...transaction, type: after.type });
      if (problem !== null) throw new ChangeError(`Transaction ${transaction.id} cannot be a ${after.type}: ${problem}.`);
    }

    const kept = db
      .prepare('INSERT OR IGNORE INTO transaction_originals (transaction_id, type, label, description, kept_at) VALUES (?, ?, ?, ?, ?)')
      .run(transaction.id, before.type, before.label, before.description, Date.now()).changes > 0;
    db.prepare('UPDATE transactions SET type = ?, label = ?, description = ? WHERE id = ?').run(after.type, after.label, after.description, transaction.id);
    const what = changed.map((field) => (field === 'type' ? `type ${before.type} → ${after.type}` : `${field}`)).join(', ');
    const data: EditData = { transactionId: transaction.id, before, after, keptOriginal: kept };
    const changeId = recordChange(db, 'edit', `Edited ${describeTransaction(db, transaction)}: ${what}`, data, {
      writes: [`fields:${transaction.id}`],
      uses: [`tx:${transaction.id}`],
    });
    return { changeId };
  })();
}

export function undoEdit(db: Database, data: EditData): void {
  const transaction = requireTransaction(db, data.transactionId);
  const now: EditableFields = { type: transaction.type, label: transaction.label, description: transaction.description };
  if (now.type !== data.after.type || now.label !== data.after.label || now.description !== data.after.description) {
    throw new ChangeError(`Transaction ${data.transactionId} was changed since (outside this change), so this edit cannot be undone exactly.`);
  }
  db.prepare('UPDATE transactions SET type = ?, label = ?, description = ? WHERE id = ?').run(
    data.before.type,
    data.before.label,
    data.before.description,
    data.transactionId,
  );
  if (data.keptOriginal) db.prepare('DELETE FROM transaction_originals WHERE transaction_id = ?').run(data.transactionId);
}

/** The values a transaction had when imported, if it has been edited since. */
export function originalValues(db: Database, id: number): EditableFields | null {
  const row = db.prepare('SELECT type, label, description FROM transaction_originals WHERE transaction_id = ?').get(id) as EditableFields | undefined;
  return row ?? null;
}

function leg(name: string, value: { amount: string; asset: string } | undefined): { asset: string; amount: string } | null {
  if (value === undefined) return null;
  const asset = normalizeAsset(value.asset);
  const amount = parseDecimal(value.amount);
  if (asset === '') throw new ChangeError(`The ${name} leg needs an asset.`);
  if (amount === null || !amount.gt(0)) throw new ChangeError(`The ${name} amount must be a number above zero, not "${value.amount}".`);
  return { asset, amount: toDecimalText(amount) };
}

/** The account's open manual batch, or a new one. */
function manualBatch(db: Database, accountId: number): { batchId: number; created: boolean } {
  const open = db
    .prepare("SELECT id FROM import_batches WHERE account_id = ? AND source = 'manual' AND undone_at IS NULL ORDER BY id DESC LIMIT 1")
    .pluck()
    .get(accountId) as number | undefined;
  if (open !== undefined) return { batchId: open, created: false };
  return { batchId: startBatch(db, { accountId, source: 'manual', format: null, fileName: null, fileSha256: null }), created: true };
}

export function addManualTransaction(db: Database, manual: ManualTransaction): { changeId: number; transactionId: number } {
  return db.transaction(() => {
    // A name the ledger does not have yet is a wallet the user keeps outside any exchange
    // (exchanges come with a key or their export). It is made in this same transaction, so
    // a transaction refused below leaves no account behind.
    const existing = findAccount(db, manual.account.trim());
    const account = existing ?? createAccount(db, { name: manual.account, kind: 'wallet' });
    if (!isTransactionType(manual.type)) throw new ChangeError(`"${manual.type}" is not a transaction type Lotwise knows.`);
    const sent = leg('sent', manual.sent);
    const received = leg('received', manual.received);
    const fee = leg('fee', manual.fee);
    let value: string | null = null;
    if (manual.value !== undefined) {
      const parsed = parseDecimal(manual.value);
      if (parsed === null || parsed.isNegative()) throw new ChangeError(`The value must be a number of zero or more, not "${manual.value}".`);
      value = toDecimalText(parsed);
    }
    const now = Date.now();
    const draft: Transaction = {
      id: 0,
      accountId: account.id,
      batchId: null,
      source: 'manual',
      externalId: `manual:${randomUUID()}`,
      timestamp: manual.timestamp,
      type: manual.type,
      sentAsset: sent?.asset ?? null,
      sentAmount: sent?.amount ?? null,
      receivedAsset: received?.asset ?? null,
      receivedAmount: received?.amount ?? null,
      feeAsset: fee?.asset ?? null,
      feeAmount: fee?.amount ?? null,
      fiatValue: value,
      fiatCurrency: value === null ? null : REPORT_CURRENCY,
      label: null,
      description: manual.description ?? null,
      txHash: null,
      raw: { enteredBy: 'user', enteredAt: now },
    };
    const problem = shapeProblem(draft);
    if (problem !== null) throw new ChangeError(`This ${manual.type} cannot be added: ${problem}.`);

    const { batchId, created } = manualBatch(db, account.id);
    const transactionId = Number(
      db
        .prepare(
          `INSERT INTO transactions (account_id, batch_id, source, external_id, timestamp, type, sent_asset, sent_amount,
             received_asset, received_amount, fee_asset, fee_amount, fiat_value, fiat_currency, label, description, tx_hash, raw)
           VALUES (?, ?, 'manual', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, NULL, ?)`,
        )
        .run(account.id, batchId, draft.externalId, draft.timestamp, draft.type, draft.sentAsset, draft.sentAmount, draft.receivedAsset,
          draft.receivedAmount, draft.feeAsset, draft.feeAmount, draft.fiatValue, draft.fiatCurrency, draft.description, JSON.stringify(draft.raw))
        .lastInsertRowid,
    );
    db.prepare('UPDATE import_batches SET added = added + 1, finished_at = ? WHERE id = ?').run(now, batchId);
    const legs = [sent && `sent ${sent.amount} ${sent.asset}`, received && `received ${received.amount} ${received.asset}`].filter(Boolean).join(', ');
    const data: ManualData = { transactionId, batchId, createdBatch: created, ...(existing ? {} : { createdAccount: account.id }) };
    const where = existing ? account.name : `${account.name} (a new wallet account)`;
    // Later manual transactions in the account use it: the change that made it is undone last.
    const accountTarget = `account:${account.id}`;
    const changeId = recordChange(db, 'manual', `Added ${manual.type} ${transactionId} in ${where} on ${dayText(manual.timestamp)}: ${legs}`, data, {
      writes: existing ? [`tx:${transactionId}`] : [`tx:${transactionId}`, accountTarget],
      uses: [accountTarget],
    });
    return { changeId, transactionId };
  })();
}

export function undoManual(db: Database, data: ManualData): void {
  requireTransaction(db, data.transactionId);
  db.prepare('DELETE FROM transactions WHERE id = ?').run(data.transactionId);
  db.prepare('UPDATE import_batches SET added = added - 1 WHERE id = ?').run(data.batchId);
  // A manual batch exists only for what was entered by hand: once empty, it goes too.
  db.prepare("DELETE FROM import_batches WHERE id = ? AND source = 'manual' AND added = 0").run(data.batchId);
  // So does the account made for it, unless history has since been imported into it.
  if (data.createdAccount !== undefined) removeAccountIfUnused(db, data.createdAccount);
}
