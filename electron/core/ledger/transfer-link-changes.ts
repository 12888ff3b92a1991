// Linking a withdrawal and a deposit as one transfer between the user's own accounts, and
// removing such a link, as audited changes. A link is checked here as the tax engine
// would check it (same crypto asset, two accounts, the deposit no larger than the
// withdrawal), so a link the engine would ignore is refused with the reason instead.
import { isFiat } from '../../../shared/assets.ts';
import { parseDecimal } from '../../../shared/money.ts';
import type { Database } from '../db/open-ledger.ts';
import { ChoiceError, removeTransferLink, saveTransferLink } from '../reports/tax-choices.ts';
import { recordChange } from './changes.ts';
import { ChangeError, describeTransaction, requireTransaction } from './transaction-edits.ts';
import { REPORT_CURRENCY } from './transaction-page.ts';

export interface LinkData {
  withdrawalId: number;
  depositId: number;
}

export interface UnlinkData extends LinkData {
  linkedAt: number;
}

function targets(link: LinkData) {
  return {
    writes: [`link:${link.withdrawalId}`, `link:${link.depositId}`],
    uses: [`tx:${link.withdrawalId}`, `tx:${link.depositId}`],
  };
}

export function linkTransfer(db: Database, link: LinkData): { changeId: number } {
  return db.transaction(() => {
    const withdrawal = requireTransaction(db, link.withdrawalId);
    const deposit = requireTransaction(db, link.depositId);
    if (withdrawal.type !== 'withdrawal') throw new ChangeError(`Transaction ${withdrawal.id} is a ${withdrawal.type}, not a withdrawal.`);
    if (deposit.type !== 'deposit') throw new ChangeError(`Transaction ${deposit.id} is a ${deposit.type}, not a deposit.`);
    const asset = withdrawal.sentAsset;
    if (asset === null || asset === REPORT_CURRENCY || isFiat(asset)) throw new ChangeError(`Withdrawal ${withdrawal.id} does not send a crypto asset.`);
    if (deposit.receivedAsset !== asset) {
      throw new ChangeError(`Withdrawal ${withdrawal.id} sends ${asset} but deposit ${deposit.id} receives ${deposit.receivedAsset ?? 'nothing'}.`);
    }
    if (withdrawal.accountId === deposit.accountId) throw new ChangeError('Both transactions are in the same account; a transfer goes between two accounts.');
    const sent = parseDecimal(withdrawal.sentAmount ?? '');
    const received = parseDecimal(deposit.receivedAmount ?? '');
    if (sent === null || received === null || received.gt(sent)) {
      throw new ChangeError(
        `Deposit ${deposit.id} (${deposit.receivedAmount} ${asset}) is larger than withdrawal ${withdrawal.id} (${withdrawal.sentAmount} ${asset}); a transfer cannot arrive with more than was sent.`,
      );
    }
    try {
      saveTransferLink(db, link);
    } catch (error) {
      if (error instanceof ChoiceError) throw new ChangeError(error.message);
      throw error;
    }
    const changeId = recordChange(
      db,
      'link',
      `Linked withdrawal ${withdrawal.sentAmount} ${asset} (${describeTransaction(db, withdrawal)}) to deposit ${describeTransaction(db, deposit)}`,
      { withdrawalId: link.withdrawalId, depositId: link.depositId } satisfies LinkData,
      targets(link),
    );
    return { changeId };
  })();
}

export function undoLink(db: Database, data: LinkData): void {
  const removed = db.prepare('DELETE FROM transfer_links WHERE withdrawal_id = ? AND deposit_id = ?').run(data.withdrawalId, data.depositId).changes;
  if (removed === 0) throw new ChangeError(`Withdrawal ${data.withdrawalId} is no longer linked to deposit ${data.depositId}; there is nothing to undo.`);
}

export function unlinkTransfer(db: Database, withdrawalId: number): { changeId: number } {
  return db.transaction(() => {
    const link = db
      .prepare('SELECT withdrawal_id AS withdrawalId, deposit_id AS depositId, linked_at AS linkedAt FROM transfer_links WHERE withdrawal_id = ?')
      .get(withdrawalId) as UnlinkData | undefined;
    if (!link) {
      throw new ChangeError(`Withdrawal ${withdrawalId} is not linked to a deposit. (Transfers matched by their transaction hash are not links and cannot be unlinked.)`);
    }
    removeTransferLink(db, withdrawalId);
    const changeId = recordChange(db, 'unlink', `Unlinked withdrawal ${link.withdrawalId} from deposit ${link.depositId}`, link, targets(link));
    return { changeId };
  })();
}

export function undoUnlink(db: Database, data: UnlinkData): void {
  requireTransaction(db, data.withdrawalId);
  requireTransaction(db, data.depositId);
  const taken = db
    .prepare('SELECT 1 FROM transfer_links WHERE withdrawal_id = ? OR deposit_id = ?')
    .get(data.withdrawalId, data.depositId);
  if (taken) throw new ChangeError(`Withdrawal ${data.withdrawalId} or deposit ${data.depositId} has been linked again since; unlink that first.`);
  db.prepare('INSERT INTO transfer_links (withdrawal_id, deposit_id, linked_at) VALUES (?, ?, ?)').run(data.withdrawalId, data.depositId, data.linkedAt);
}
