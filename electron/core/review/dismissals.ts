// Dismissing a review problem: the user says it is fine as it is (the withdrawal really
// left their holdings, the balance is right), with a reason kept beside it. A dismissal
// refers to the problem's stable key, so it keeps applying when the ledger is recomputed,
// and it is an audited change that can be undone.
import type { Database } from '../db/open-ledger.ts';
import { recordChange } from '../ledger/changes.ts';
import { ChangeError } from '../ledger/transaction-edits.ts';

export interface DismissData {
  key: string;
  reason: string;
  dismissedAt: number;
}

export function dismissProblem(db: Database, key: string, reason: string): { changeId: number } {
  return db.transaction(() => {
    const problem = db.prepare('SELECT kind, transaction_id AS transactionId FROM review_problems WHERE key = ?').get(key) as
      | { kind: string; transactionId: number | null }
      | undefined;
    if (!problem) throw new ChangeError(`There is no review problem "${key}" (it may be fixed already); reload the review.`);
    if (db.prepare('SELECT 1 FROM review_dismissals WHERE key = ?').get(key)) throw new ChangeError(`The problem "${key}" is already dismissed.`);
    const data: DismissData = { key, reason: reason.trim(), dismissedAt: Date.now() };
    db.prepare('INSERT INTO review_dismissals (key, reason, dismissed_at) VALUES (?, ?, ?)').run(data.key, data.reason, data.dismissedAt);
    const about = problem.transactionId === null ? '' : ` of transaction ${problem.transactionId}`;
    const changeId = recordChange(db, 'dismiss', `Dismissed the ${problem.kind} problem${about}: ${data.reason}`, data, {
      writes: [`dismiss:${key}`],
      uses: problem.transactionId === null ? [] : [`tx:${problem.transactionId}`],
    });
    return { changeId };
  })();
}

export function undoDismiss(db: Database, data: DismissData): void {
  const removed = db.prepare('DELETE FROM review_dismissals WHERE key = ?').run(data.key).changes;
  if (removed === 0) throw new ChangeError(`The problem "${data.key}" is no longer dismissed; there is nothing to undo.`);
}
