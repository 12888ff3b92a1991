// Dismissing a problem the user knows is fine, with the reason recorded in the audit trail
// (review.dismiss); a dismissal is a change like any other and can be undone.
import { useState, type FormEvent } from 'react';
import type { ReviewItemView } from '../../../../shared/api.ts';
import { call } from '../../api.ts';
import { Button } from '../../ui/button.tsx';
import { TextField } from '../../ui/fields.tsx';
import type { RunFix } from './review-item.tsx';

export function DismissFix({ item, title, busy, run }: { item: ReviewItemView; title: string; busy: boolean; run: RunFix }) {
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const given = reason.trim();
    if (given === '') {
      setProblem('Say why this is not a problem, so the audit trail shows it.');
      event.currentTarget.querySelector('input')?.focus();
      return;
    }
    setProblem(null);
    void run(async () => {
      const { changeId } = await call('review.dismiss', { key: item.key, reason: given });
      return { changeId, message: `Dismissed ${title}: ${given}.` };
    });
  }

  return (
    <form className="review-fix review-fix-inline" onSubmit={submit} noValidate>
      <fieldset disabled={busy} className="review-plain-fieldset">
        <TextField label="Reason for dismissing" value={reason} onChange={setReason} error={problem} autoComplete="off" className="review-reason" />
        <Button type="submit">
          Dismiss
        </Button>
      </fieldset>
    </form>
  );
}
