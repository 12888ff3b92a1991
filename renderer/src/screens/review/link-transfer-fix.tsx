// Linking an unmatched transfer to its other side: the item's candidates (best first) as a
// choice of one, then transactions.link with whichever side sends as the withdrawal.
import { useId, useState, type FormEvent } from 'react';
import type { ReviewItemView, TransactionRowView } from '../../../../shared/api.ts';
import { call } from '../../api.ts';
import { formatDateTime, formatQuantity, typeLabel } from '../../format.ts';
import { Button } from '../../ui/button.tsx';
import { RadioGroup } from '../../ui/fields.tsx';
import type { RunFix } from './review-item.tsx';

function candidateText(candidate: TransactionRowView, timeZone: string): string {
  const leg =
    candidate.receivedAmount !== null
      ? `received ${formatQuantity(candidate.receivedAmount, candidate.receivedAsset)}`
      : candidate.sentAmount !== null
        ? `sent ${formatQuantity(candidate.sentAmount, candidate.sentAsset)}`
        : typeLabel(candidate.type);
  return `${candidate.account}: ${leg} on ${formatDateTime(candidate.timestamp, timeZone)}`;
}

/** The candidate is the withdrawal when it only sends; otherwise the item is. */
function linkRequest(itemTransactionId: number, candidate: TransactionRowView) {
  const candidateSends = candidate.sentAmount !== null && candidate.receivedAmount === null;
  return candidateSends ? { withdrawalId: candidate.id, depositId: itemTransactionId } : { withdrawalId: itemTransactionId, depositId: candidate.id };
}

export function LinkTransferFix({ item, title, timeZone, busy, run }: { item: ReviewItemView; title: string; timeZone: string; busy: boolean; run: RunFix }) {
  const name = useId();
  const [chosen, setChosen] = useState<string | null>(item.candidates[0] ? String(item.candidates[0].id) : null);
  const transactionId = item.transactionId;

  if (transactionId === null || item.candidates.length === 0) {
    return (
      <p className="review-fix-note">
        No transaction in another account looks like its other side. Import the account it went to (its lots then carry over), or dismiss it
        saying what it was.
      </p>
    );
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const candidate = item.candidates.find((c) => String(c.id) === chosen);
    if (!candidate || transactionId === null) return;
    void run(async () => {
      const { changeId } = await call('transactions.link', linkRequest(transactionId, candidate));
      return { changeId, message: `Linked ${title} with ${candidateText(candidate, timeZone)}.` };
    });
  }

  return (
    <form className="review-fix" onSubmit={submit}>
      <fieldset disabled={busy} className="review-plain-fieldset">
        <RadioGroup
          legend="Other side of this transfer"
          name={name}
          value={chosen}
          onChange={setChosen}
          options={item.candidates.map((candidate) => ({ value: String(candidate.id), label: candidateText(candidate, timeZone) }))}
        />
        <Button type="submit" variant="primary">
          Link
        </Button>
      </fieldset>
    </form>
  );
}
