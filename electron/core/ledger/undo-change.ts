// Undoing a change from the audit trail: exactly what the change did, reverted in one
// SQLite transaction, and the change stamped as undone. Refused when it was undone
// already, or while a later change still in effect depends on it (undo that one first).
import type { ChangeView } from '../../../shared/api.ts';
import type { Database } from '../db/open-ledger.ts';
import { undoDismiss, type DismissData } from '../review/dismissals.ts';
import { getChange, laterDependent, markUndone, toChangeView, type ChangeKind } from './changes.ts';
import { undoPick, type PickData } from './lot-picks.ts';
import { undoPriceFix, type PriceData } from './manual-price-changes.ts';
import { undoTaxChoice, type ChoiceData } from './tax-choice-changes.ts';
import { ChangeError, undoEdit, undoManual, type EditData, type ManualData } from './transaction-edits.ts';
import { undoLink, undoUnlink, type LinkData, type UnlinkData } from './transfer-link-changes.ts';

const REVERT: { [K in ChangeKind]: (db: Database, data: never) => void } = {
  edit: (db, data: EditData) => undoEdit(db, data),
  link: (db, data: LinkData) => undoLink(db, data),
  unlink: (db, data: UnlinkData) => undoUnlink(db, data),
  manual: (db, data: ManualData) => undoManual(db, data),
  price: (db, data: PriceData) => undoPriceFix(db, data),
  dismiss: (db, data: DismissData) => undoDismiss(db, data),
  pick: (db, data: PickData) => undoPick(db, data),
  choice: (db, data: ChoiceData) => undoTaxChoice(db, data),
};

export function undoChange(db: Database, changeId: number): ChangeView {
  return db.transaction(() => {
    const change = getChange(db, changeId);
    if (!change) throw new ChangeError(`There is no change ${changeId}.`);
    if (change.undoneAt !== null) {
      throw new ChangeError(`Change ${changeId} ("${change.summary}") was already undone on ${new Date(change.undoneAt).toISOString().slice(0, 16).replace('T', ' ')} UTC.`);
    }
    const dependent = laterDependent(db, change);
    if (dependent) {
      throw new ChangeError(`Change ${changeId} cannot be undone while the later change ${dependent.id} ("${dependent.summary}") depends on it; undo that one first.`);
    }
    (REVERT[change.kind] as (db: Database, data: unknown) => void)(db, change.data);
    markUndone(db, changeId);
    return toChangeView(getChange(db, changeId)!);
  })();
}
