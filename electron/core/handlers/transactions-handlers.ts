// The transactions.* and changes.* calls: the transaction list (paged, filtered, sorted),
// the user's changes to it (edit, link, unlink, add by hand), and the audit trail of those
// changes with undo. After every change the stored review problems are recomputed (see
// refreshAfterChange: waited for on ledgers small enough to do it in a second or so, in
// the background on larger ones), so the list's problem column and filter reflect it.
import type { CoreCallName, TransactionRowView } from '../../../shared/api.ts';
import type { Database } from '../db/open-ledger.ts';
import { listChanges } from '../ledger/changes.ts';
import { addManualTransaction, editTransaction } from '../ledger/transaction-edits.ts';
import { transactionFacets, transactionPage, transactionRow } from '../ledger/transaction-page.ts';
import { linkTransfer, unlinkTransfer } from '../ledger/transfer-link-changes.ts';
import { undoChange } from '../ledger/undo-change.ts';
import { refreshAfterChange } from '../review/review-refresh.ts';
import type { DomainHandlers } from './context.ts';

type TransactionsCall = Extract<CoreCallName, `transactions.${string}` | `changes.${string}`>;

const DEFAULT_CHANGES = 100;

function rowOf(db: Database, id: number): TransactionRowView {
  const row = transactionRow(db, id);
  if (!row) throw new Error(`Transaction ${id} is no longer in the ledger.`);
  return row;
}

export const transactionsHandlers: DomainHandlers<TransactionsCall> = {
  async 'transactions.page'(request, { db }) {
    return transactionPage(db, request);
  },

  async 'transactions.facets'(_request, { db }) {
    return transactionFacets(db);
  },

  async 'transactions.edit'(request, { db }) {
    const { changeId } = editTransaction(db, request);
    await refreshAfterChange(db);
    return { transaction: rowOf(db, request.id), changeId };
  },

  async 'transactions.link'(request, { db }) {
    const outcome = linkTransfer(db, request);
    await refreshAfterChange(db);
    return outcome;
  },

  async 'transactions.unlink'({ withdrawalId }, { db }) {
    const outcome = unlinkTransfer(db, withdrawalId);
    await refreshAfterChange(db);
    return outcome;
  },

  async 'transactions.add'(request, { db }) {
    const { transactionId, changeId } = addManualTransaction(db, request);
    await refreshAfterChange(db);
    return { transaction: rowOf(db, transactionId), changeId };
  },

  async 'changes.list'({ limit }, { db }) {
    return listChanges(db, limit ?? DEFAULT_CHANGES);
  },

  async 'changes.undo'({ changeId }, { db }) {
    const change = undoChange(db, changeId);
    await refreshAfterChange(db);
    return change;
  },
};
