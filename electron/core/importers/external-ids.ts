// Deterministic ids for rows that have none of their own, so re-importing a file, or a
// later export that overlaps it, adds nothing.
import { hash } from 'node:crypto';
import type { TransactionDraft } from '../../../shared/transaction.ts';

/**
 * The id is a hash of what the row says plus its occurrence number among identical rows
 * in the file, so two genuinely identical rows (two equal rewards in one minute) both
 * import, and import only once. It starts with the time (base 36) so the ids of a
 * time-ordered file arrive in order and the unique index grows at its end instead of at
 * random pages, which keeps million-row imports fast.
 */
export class ExternalIds {
  private readonly seen = new Map<string, number>();

  next(draft: TransactionDraft): string {
    if (draft.externalId !== null) return draft.externalId;
    const digest = hash(
      'sha256',
      [
        draft.timestamp,
        draft.type,
        draft.sentAsset,
        draft.sentAmount,
        draft.receivedAsset,
        draft.receivedAmount,
        draft.feeAsset,
        draft.feeAmount,
        draft.fiatValue,
        draft.fiatCurrency,
        draft.txHash,
      ].join('|'),
      'base64url',
    ).slice(0, 22);
    const key = `${draft.timestamp.toString(36)}:${digest}`;
    const occurrence = this.seen.get(key) ?? 0;
    this.seen.set(key, occurrence + 1);
    return occurrence === 0 ? `row:${key}` : `row:${key}#${occurrence}`;
  }
}
