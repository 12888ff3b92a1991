// One problem in the review queue and the fixes that fit it: link an unmatched transfer,
// enter a missing price, add a missing acquisition, or dismiss it with a reason. Each fix
// disables the item's controls while it runs, so a double click sends one request, and a
// fix that fails says why beside the item.
import { useCallback, useId, useRef, useState } from 'react';
import type { ReviewItemView } from '../../../../shared/api.ts';
import { messageOf } from '../../api.ts';
import { formatAmount, formatDateTime } from '../../format.ts';
import { AcquisitionFix } from './acquisition-fix.tsx';
import { DismissFix } from './dismiss-fix.tsx';
import { LinkTransferFix } from './link-transfer-fix.tsx';
import { PriceFix } from './price-fix.tsx';

/** What a fix tells the screen: the problem fixed, the change to offer Undo for and what to say about it. */
export type OnFixed = (fixed: ReviewItemView, changeId: number | null, message: string) => void;

/** Runs one fix for an item: busy while it runs, its failure kept for the item to show. */
export type RunFix = (work: () => Promise<{ changeId: number | null; message: string }>) => Promise<boolean>;

export function describeItem(item: ReviewItemView, timeZone: string): string {
  const what = item.amount !== null && item.asset !== null ? `${formatAmount(item.amount)} ${item.asset}` : (item.asset ?? 'Ledger');
  const where = item.account !== null ? ` in ${item.account}` : '';
  const when = item.timestamp !== null ? ` on ${formatDateTime(item.timestamp, timeZone)}` : '';
  return `${what}${where}${when}`;
}

export function ReviewItem({ item, timeZone, accounts, onFixed }: { item: ReviewItemView; timeZone: string; accounts: string[]; onFixed: OnFixed }) {
  const headingId = useId();
  const itemRef = useRef<HTMLLIElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const title = describeItem(item, timeZone);

  const run: RunFix = useCallback(
    async (work) => {
      setBusy(true);
      setError(null);
      try {
        const { changeId, message } = await work();
        onFixed(item, changeId, message);
        return true;
      } catch (failure) {
        setError(messageOf(failure));
        // The controls were disabled while the fix ran, which took focus from them.
        itemRef.current?.focus();
        return false;
      } finally {
        setBusy(false);
      }
    },
    [item, onFixed],
  );

  return (
    <li ref={itemRef} className="review-item" aria-labelledby={headingId} aria-busy={busy} tabIndex={-1} data-review-key={item.key}>
      <h4 id={headingId} className="review-item-title">
        {title}
      </h4>
      <p className="review-item-message">{item.message}</p>
      <div className="review-fixes">
        {item.kind === 'unmatched-transfer' && <LinkTransferFix item={item} title={title} timeZone={timeZone} busy={busy} run={run} />}
        {item.kind === 'missing-price' && <PriceFix item={item} timeZone={timeZone} busy={busy} run={run} />}
        {(item.kind === 'missing-cost-basis' || item.kind === 'negative-balance') && (
          <AcquisitionFix item={item} timeZone={timeZone} accounts={accounts} busy={busy} run={run} />
        )}
        <DismissFix item={item} title={title} busy={busy} run={run} />
      </div>
      <div role="alert">{error !== null && <p className="problem">That fix did not work: {error}</p>}</div>
    </li>
  );
}
